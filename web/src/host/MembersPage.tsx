import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { emailError, fieldErrorsOf, focusFirstError, type FieldErrors } from '../auth/forms.ts';
import { ApiError, getJson } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { ACCOUNT_KEY, refreshSession, useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { writeJson, type PlacedSession } from '../school/http.ts';

export const MEMBERS_PATH = '/organisme/membres';

interface Member {
  membershipId: string;
  firstName: string;
  lastName: string;
  email: string;
  since: string;
  self: boolean;
}
interface Invitation {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  sentAt: string;
  expiresAt: string;
}
interface MembersList {
  host: { id: string; name: string };
  members: Member[];
  invitations: Invitation[];
}

/** "Membres": the people who act for a host organisation; invite a colleague, remove one. */
export function MembersPage() {
  useDocumentTitle('Membres de l’organisme');
  const session = useSession();
  const s = session.data?.authenticated ? (session.data as PlacedSession) : null;
  return (
    <div className="fr-container fr-py-4w">
      <Breadcrumb currentPageLabel="Membres" homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>Membres de l’organisme</h1>
      {session.isPending && <p role="status">Chargement…</p>}
      {session.data && !session.data.authenticated && <Navigate to={PATHS.signIn} replace />}
      {s && (s.role !== 'host_member' || !s.hostId) && (
        <Alert
          severity="info"
          title="Page réservée aux organismes d’accueil"
          description="Votre rôle ne donne pas accès aux membres d’un organisme."
        />
      )}
      {s && s.role === 'host_member' && s.hostId && <Members hostId={s.hostId} csrf={s.csrfToken} />}
    </div>
  );
}

const FIELDS = ['email', 'firstName', 'lastName'] as const;
const fieldId = (f: string) => `membre-${f}`;

function Members({ hostId, csrf }: { hostId: string; csrf: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const key = [...ACCOUNT_KEY, 'host-members', hostId];
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getJson<MembersList>(`/api/hosts/${hostId}/members`, signal),
  });
  const [form, setForm] = useState({ email: '', firstName: '', lastName: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sent, setSent] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // the confirmation replaces the button that asked for it: the focus goes to it
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const invite = useMutation({
    mutationFn: () =>
      writeJson<{ ok: true; expiresAt: string }>('POST', `/api/hosts/${hostId}/members/invitations`, csrf, {
        email: form.email.trim(),
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
      }),
    onSuccess: () => {
      setSent(`${form.firstName.trim()} ${form.lastName.trim()} (${form.email.trim()})`);
      setForm({ email: '', firstName: '', lastName: '' });
      void queryClient.invalidateQueries({ queryKey: key });
      requestAnimationFrame(() => noticeRef.current?.focus());
    },
    onError: (error) => {
      const next = fieldErrorsOf(error);
      if (error instanceof ApiError && error.status === 409) next.email = error.message;
      setErrors(next);
      focusFirstError(FIELDS.filter((f) => next[f]).map(fieldId));
    },
  });

  const remove = useMutation({
    mutationFn: (m: Member) =>
      writeJson<{ ok: true }>('DELETE', `/api/hosts/${hostId}/members/${m.membershipId}`, csrf),
    onSuccess: async (_r, m) => {
      setConfirming(null);
      if (m.self) {
        // one's own membership is gone, and the session with it
        await refreshSession(queryClient);
        void navigate(PATHS.home);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(null);
    const next: FieldErrors = {};
    const mail = emailError(form.email);
    if (mail) next.email = mail;
    if (!form.firstName.trim()) next.firstName = 'Indiquez le prénom.';
    if (!form.lastName.trim()) next.lastName = 'Indiquez le nom.';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstError(FIELDS.filter((f) => next[f]).map(fieldId));
      return;
    }
    invite.mutate();
  };

  const set = (f: (typeof FIELDS)[number]) => (e: ChangeEvent<HTMLInputElement>) => {
    setForm((x) => ({ ...x, [f]: e.target.value }));
    setErrors(({ [f]: _gone, ...rest }) => rest);
  };
  const state = (f: string) => (errors[f] ? ('error' as const) : ('default' as const));
  const otherError = invite.isError && !Object.values(errors).some(Boolean) ? invite.error.message : null;
  const onlyOne = (list.data?.members.length ?? 0) <= 1;

  return (
    <>
      <p>
        Les membres agissent pour {list.data ? `« ${list.data.host.name} »` : 'votre organisme'} : ils
        publient les offres et répondent aux candidatures. Invitez vos collègues ; un organisme garde au moins
        un membre.
      </p>

      <h2>Membres</h2>
      {list.isPending && <p role="status">Chargement…</p>}
      {list.isError && <Alert severity="error" title="Liste indisponible" description={list.error.message} />}
      {remove.isError && (
        <Alert
          severity="error"
          role="alert"
          className="fr-mb-2w"
          title="Retrait impossible"
          description={remove.error.message}
        />
      )}
      {list.data && (
        <div className="fr-table">
          <table>
            <caption className="fr-sr-only">Membres de l’organisme</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Adresse électronique</th>
                <th scope="col">Membre depuis le</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {list.data.members.map((m) => {
                const name = `${m.firstName} ${m.lastName}`;
                return (
                  <tr key={m.membershipId}>
                    <th scope="row">
                      {name}
                      {m.self && ' (vous)'}
                    </th>
                    <td>{m.email}</td>
                    <td>{formatDateTime(m.since)}</td>
                    <td>
                      {onlyOne ? (
                        <span className="fr-text--sm">Seul membre : ne peut être retiré</span>
                      ) : confirming === m.membershipId ? (
                        <span className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                          <Button
                            size="small"
                            onClick={() => remove.mutate(m)}
                            disabled={remove.isPending}
                            ref={confirmRef}
                          >
                            {m.self ? 'Confirmer : quitter l’organisme' : `Confirmer le retrait de ${name}`}
                          </Button>
                          <Button size="small" priority="secondary" onClick={() => setConfirming(null)}>
                            Annuler
                          </Button>
                        </span>
                      ) : (
                        <Button
                          size="small"
                          priority="secondary"
                          onClick={() => {
                            remove.reset();
                            setConfirming(m.membershipId);
                          }}
                        >
                          {m.self ? 'Quitter l’organisme' : 'Retirer'}
                          {!m.self && <span className="fr-sr-only"> {name}</span>}
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {list.data && list.data.invitations.length > 0 && (
        <>
          <h2>Invitations en attente</h2>
          <div className="fr-table">
            <table>
              <caption className="fr-sr-only">Invitations en attente</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Adresse électronique</th>
                  <th scope="col">Envoyée le</th>
                  <th scope="col">Valable jusqu’au</th>
                </tr>
              </thead>
              <tbody>
                {list.data.invitations.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.firstName} {i.lastName}
                    </th>
                    <td>{i.email}</td>
                    <td>{formatDateTime(i.sentAt)}</td>
                    <td>{formatDateTime(i.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>Inviter un collègue</h2>
      <div ref={noticeRef} tabIndex={-1}>
        {sent && (
          <Alert
            severity="success"
            role="status"
            className="fr-mb-3w"
            title="Invitation envoyée"
            description={`${sent} a reçu un courriel avec un lien valable 7 jours pour rejoindre l’organisme.`}
          />
        )}
      </div>
      <form onSubmit={submit} noValidate aria-label="Inviter un collègue" className="fr-mb-4w">
        {otherError && (
          <Alert severity="error" role="alert" small className="fr-mb-2w" description={otherError} />
        )}
        <Input
          label="Adresse électronique"
          hintText="Le lien d’invitation y sera envoyé. Exemple : nom@domaine.fr"
          state={state('email')}
          stateRelatedMessage={errors.email}
          nativeInputProps={{
            id: fieldId('email'),
            type: 'email',
            autoComplete: 'off',
            value: form.email,
            maxLength: 254,
            onChange: set('email'),
          }}
        />
        <Input
          label="Prénom"
          state={state('firstName')}
          stateRelatedMessage={errors.firstName}
          nativeInputProps={{
            id: fieldId('firstName'),
            autoComplete: 'off',
            value: form.firstName,
            maxLength: 100,
            onChange: set('firstName'),
          }}
        />
        <Input
          label="Nom"
          state={state('lastName')}
          stateRelatedMessage={errors.lastName}
          nativeInputProps={{
            id: fieldId('lastName'),
            autoComplete: 'off',
            value: form.lastName,
            maxLength: 100,
            onChange: set('lastName'),
          }}
        />
        <Button type="submit" disabled={invite.isPending} iconId="fr-icon-mail-line">
          {invite.isPending ? 'Envoi…' : 'Envoyer l’invitation'}
        </Button>
      </form>
    </>
  );
}
