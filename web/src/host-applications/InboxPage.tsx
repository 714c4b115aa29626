import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { Tag } from '@codegouvfr/react-dsfr/Tag.js';
import { ApiError } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { MY_OFFERS_PATHS, useMyOffers } from '../my-offers/api.ts';
import {
  applicationPath,
  HOST_APPLICATIONS_KEY,
  sendJson,
  useHostApplications,
  useHostSettings,
  type BulkResult,
  type HostSettings,
} from './api.ts';
import { HostFrame } from './HostFrame.tsx';
import {
  confirmByText,
  countGroups,
  currentState,
  expiresSoon,
  expiryText,
  filterInbox,
  GROUP_LABELS,
  GROUPS,
  isGroup,
  isNew,
  offersOf,
  stateLabel,
  stateSeverity,
  studentName,
  weeksText,
  type CampaignWeek,
  type GroupKey,
  type HostApplication,
} from './inbox.ts';
import './host-applications.css';

/** « Candidatures reçues »: the host's inbox, its filters, bulk answers and the digest setting. */
export function InboxPage() {
  useDocumentTitle('Candidatures reçues');
  return (
    <HostFrame title="Candidatures reçues">
      {({ hostId, csrf }) => (
        <>
          <Inbox hostId={hostId} csrf={csrf} />
          <DigestSetting hostId={hostId} csrf={csrf} />
        </>
      )}
    </HostFrame>
  );
}

const EMPTY: Record<GroupKey, string> = {
  'a-traiter': 'Aucune candidature n’attend votre réponse.',
  acceptees: 'Aucune candidature acceptée n’attend la confirmation d’un élève.',
  confirmees: 'Aucun stage confirmé pour le moment.',
  closes: 'Aucune candidature close.',
  toutes: 'Aucune candidature reçue pour le moment.',
};

const MESSAGE_ID = 'message-selection';

function Inbox({ hostId, csrf }: { hostId: string; csrf: string }) {
  const queryClient = useQueryClient();
  const list = useHostApplications(hostId);
  const offers = useMyOffers();
  const campaign: CampaignWeek[] = offers.data?.campaign.weeks ?? [];
  const [params, setParams] = useSearchParams();
  const etat = params.get('etat');
  const group: GroupKey = isGroup(etat) ? etat : 'a-traiter';
  const offerId = params.get('offre');
  const semaine = params.get('semaine');
  const week = semaine === '1' ? 1 : semaine === '2' ? 2 : null;

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');
  const [messageError, setMessageError] = useState<string | null>(null);
  const [selectionError, setSelectionError] = useState<string | null>(null);
  const [summary, setSummary] = useState<{
    decision: 'accept' | 'refuse';
    done: number;
    failed: { name: string; offer: string; message: string }[];
  } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const selectionErrorRef = useRef<HTMLDivElement>(null);

  // "now" moves with each load of the list, not at each keystroke
  const loadedAt = list.dataUpdatedAt;
  const now = useMemo(() => new Date(), [loadedAt]);
  const items = list.data?.items ?? [];
  const filter = { group, offerId, week } as const;
  const shown = filterInbox(items, filter, now);
  const counts = countGroups(items, filter, now);
  const offerChoices = offersOf(items);
  const waiting = shown.filter((a) => currentState(a, now) === 'pending');
  const chosen = waiting.filter((a) => selected.has(a.id));

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };

  const bulk = useMutation({
    mutationFn: (input: { decision: 'accept' | 'refuse'; ids: string[] }) =>
      sendJson<BulkResult>('POST', `/api/hosts/${hostId}/applications/decisions`, csrf, {
        ids: input.ids,
        decision: input.decision,
        ...(message.trim() ? { message: message.trim() } : {}),
      }),
    onSuccess: async (result, input) => {
      const byId = new Map(items.map((a) => [a.id, a]));
      setSummary({
        decision: input.decision,
        done: result.items.filter((r) => r.ok).length,
        failed: result.items
          .filter((r) => !r.ok)
          .map((r) => {
            const a = byId.get(r.id);
            return {
              name: a ? studentName(a) : 'Candidature inconnue',
              offer: a?.offer.title ?? '',
              message: r.message ?? 'Non traitée.',
            };
          }),
      });
      setSelected(new Set());
      setMessage('');
      await queryClient.invalidateQueries({ queryKey: HOST_APPLICATIONS_KEY });
      requestAnimationFrame(() => summaryRef.current?.focus());
    },
    onError: (error) => {
      const field = error instanceof ApiError ? error.errors.find((e) => e.field === 'message') : undefined;
      if (field) {
        setMessageError(field.message);
        requestAnimationFrame(() => document.getElementById(MESSAGE_ID)?.focus());
      } else requestAnimationFrame(() => selectionErrorRef.current?.focus());
    },
  });

  const decideSelection = (decision: 'accept' | 'refuse') => {
    setSummary(null);
    bulk.reset();
    setMessageError(null);
    setSelectionError(null);
    if (chosen.length === 0) {
      setSelectionError('Cochez au moins une candidature à traiter.');
      requestAnimationFrame(() => selectionErrorRef.current?.focus());
      return;
    }
    if (decision === 'refuse' && message.trim() === '') {
      setMessageError('Indiquez un message aux élèves pour expliquer le refus.');
      requestAnimationFrame(() => document.getElementById(MESSAGE_ID)?.focus());
      return;
    }
    bulk.mutate({ decision, ids: chosen.map((a) => a.id) });
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  if (list.isPending) return <p role="status">Chargement des candidatures…</p>;
  if (list.isError)
    return (
      <Alert
        severity="error"
        role="alert"
        title="Les candidatures n’ont pas pu être chargées"
        description={list.error.message}
      />
    );

  const allChosen = waiting.length > 0 && chosen.length === waiting.length;
  return (
    <>
      <p>
        Les candidatures des élèves à vos offres, les plus anciennes d’abord. Sans réponse, une candidature
        expire au bout de 15 jours : répondez avant, même par un refus.
      </p>

      <div ref={summaryRef} tabIndex={-1} aria-live="polite" className="sts-inbox__summary">
        {summary && (
          <Alert
            severity={summary.failed.length === 0 ? 'success' : 'warning'}
            className="fr-mb-3w"
            title={`${summary.done} candidature${summary.done > 1 ? 's' : ''} ${
              summary.decision === 'accept' ? 'acceptée' : 'refusée'
            }${summary.done > 1 ? 's' : ''}${
              summary.failed.length > 0
                ? `, ${summary.failed.length} non traitée${summary.failed.length > 1 ? 's' : ''}`
                : ''
            }`}
            description={
              <>
                {summary.decision === 'accept' && summary.done > 0 && (
                  <span className="sts-block">
                    Chaque élève accepté est prévenu par courriel et a 7 jours pour confirmer.
                  </span>
                )}
                {summary.decision === 'refuse' && summary.done > 0 && (
                  <span className="sts-block">Chaque élève est prévenu par courriel avec votre message.</span>
                )}
                {summary.failed.length > 0 && (
                  <ul className="fr-mt-1w">
                    {summary.failed.map((f, i) => (
                      <li key={i}>
                        {f.name}
                        {f.offer && ` (${f.offer})`} : {f.message}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            }
          />
        )}
      </div>

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Offre"
            nativeSelectProps={{
              value: offerId ?? '',
              onChange: (e) => setParam('offre', e.target.value),
            }}
          >
            <option value="">Toutes les offres</option>
            {offerChoices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
            {offerId && !offerChoices.some((o) => o.id === offerId) && (
              <option value={offerId}>
                {offers.data?.items.find((o) => o.id === offerId)?.title ?? 'L’offre choisie'} (aucune
                candidature)
              </option>
            )}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Semaine"
            nativeSelectProps={{ value: semaine ?? '', onChange: (e) => setParam('semaine', e.target.value) }}
          >
            <option value="">Les deux semaines</option>
            <option value="1">{weeksText([1], campaign)}</option>
            <option value="2">{weeksText([2], campaign)}</option>
          </Select>
        </div>
      </div>

      <nav aria-label="États des candidatures">
        <ul className="fr-tags-group">
          {GROUPS.map((g) => (
            <li key={g}>
              <Tag
                pressed={g === group}
                nativeButtonProps={{
                  onClick: () => {
                    setSummary(null);
                    setParam('etat', g);
                  },
                }}
              >
                {GROUP_LABELS[g]} ({counts[g]})
              </Tag>
            </li>
          ))}
        </ul>
      </nav>

      <h2 className="fr-h4 fr-mt-2w">{GROUP_LABELS[group]}</h2>
      <p role="status" className="fr-text--sm">
        {shown.length === 0
          ? EMPTY[group]
          : `${shown.length} candidature${shown.length > 1 ? 's' : ''} affichée${shown.length > 1 ? 's' : ''}.`}
      </p>

      {waiting.length > 1 && (
        <div className="fr-checkbox-group fr-mb-2w">
          <input
            type="checkbox"
            id="tout-selectionner"
            checked={allChosen}
            onChange={(e) => setSelected(e.target.checked ? new Set(waiting.map((a) => a.id)) : new Set())}
          />
          <label className="fr-label" htmlFor="tout-selectionner">
            Sélectionner les {waiting.length} candidatures à traiter affichées
          </label>
        </div>
      )}

      {shown.length > 0 && (
        <ul className="sts-inbox" aria-label={`Candidatures : ${GROUP_LABELS[group].toLowerCase()}`}>
          {shown.map((a) => (
            <InboxItem
              key={a.id}
              a={a}
              now={now}
              campaign={campaign}
              search={params.toString()}
              selected={selected.has(a.id)}
              onToggle={(on) => toggle(a.id, on)}
            />
          ))}
        </ul>
      )}

      {waiting.length > 0 && (
        <section className="sts-inbox__bulk fr-mt-3w fr-p-3w" aria-labelledby="reponse-selection">
          <h2 id="reponse-selection" className="fr-h5">
            Répondre à la sélection ({chosen.length} candidature{chosen.length > 1 ? 's' : ''})
          </h2>
          <Input
            textArea
            label="Message aux élèves"
            hintText="Obligatoire pour un refus, facultatif pour une acceptation ; le même message part à chaque élève sélectionné."
            state={messageError ? 'error' : 'default'}
            stateRelatedMessage={messageError ?? undefined}
            nativeTextAreaProps={{
              id: MESSAGE_ID,
              value: message,
              maxLength: 1500,
              rows: 3,
              onChange: (e) => {
                setMessage(e.target.value);
                setMessageError(null);
              },
            }}
          />
          <div ref={selectionErrorRef} tabIndex={-1}>
            {selectionError && (
              <Alert severity="error" small role="alert" className="fr-mb-2w" description={selectionError} />
            )}
            {bulk.isError && !messageError && (
              <Alert
                severity="error"
                small
                role="alert"
                className="fr-mb-2w"
                description={`Rien n’a été fait. ${bulk.error.message}`}
              />
            )}
          </div>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button
                type="button"
                iconId="fr-icon-check-line"
                iconPosition="left"
                disabled={bulk.isPending}
                onClick={() => decideSelection('accept')}
              >
                Accepter la sélection
              </Button>
            </li>
            <li>
              <Button
                type="button"
                priority="secondary"
                iconId="fr-icon-close-line"
                iconPosition="left"
                disabled={bulk.isPending}
                onClick={() => decideSelection('refuse')}
              >
                Refuser la sélection
              </Button>
            </li>
          </ul>
          {bulk.isPending && <p role="status">Envoi des réponses…</p>}
        </section>
      )}

      <p className="fr-mt-3w">
        <Link to={MY_OFFERS_PATHS.list} className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
          Mes offres
        </Link>
      </p>
    </>
  );
}

function InboxItem({
  a,
  now,
  campaign,
  search,
  selected,
  onToggle,
}: {
  a: HostApplication;
  now: Date;
  campaign: CampaignWeek[];
  search: string;
  selected: boolean;
  onToggle: (on: boolean) => void;
}) {
  const state = currentState(a, now);
  const name = studentName(a);
  const checkboxId = `choisir-${a.id}`;
  const fresh = isNew(a, now);
  return (
    <li className={`sts-inbox__item${fresh ? ' sts-inbox__item--new' : ''}`} data-testid="inbox-item">
      {state === 'pending' && (
        <div className="fr-checkbox-group fr-checkbox-group--sm sts-inbox__check">
          <input
            type="checkbox"
            id={checkboxId}
            checked={selected}
            onChange={(e) => onToggle(e.target.checked)}
          />
          <label className="fr-label" htmlFor={checkboxId}>
            <span className="fr-sr-only">
              Sélectionner la candidature de {name} ({a.offer.title})
            </span>
          </label>
        </div>
      )}
      <div className="sts-inbox__body">
        <h3 className="fr-h6 fr-mb-1v">
          <Link to={applicationPath(a.id)} state={{ search }}>
            {name}
          </Link>
          {fresh && (
            <Badge as="span" small severity="new" className="fr-ml-1w">
              Nouvelle
            </Badge>
          )}
        </h3>
        <p className="fr-mb-1v">
          <strong>{a.offer.title}</strong> – {weeksText(a.weeks, campaign)}
        </p>
        <p className="fr-text--sm fr-mb-0">
          Reçue le {formatDateTime(a.appliedAt)} · {a.student.schoolName}
        </p>
      </div>
      <div className="sts-inbox__state">
        <Badge as="span" small noIcon {...(stateSeverity(state) ? { severity: stateSeverity(state) } : {})}>
          {stateLabel(state)}
        </Badge>
        {state === 'pending' && (
          <p
            className={`fr-text--sm fr-mb-0 fr-mt-1v${expiresSoon(a.expiresAt, now) ? ' sts-inbox__soon' : ''}`}
          >
            {expiryText(a.expiresAt, now)}
          </p>
        )}
        {state === 'accepted' && <p className="fr-text--sm fr-mb-0 fr-mt-1v">{confirmByText(a)}</p>}
      </div>
    </li>
  );
}

/** « Recevoir les nouvelles candidatures en un seul e-mail par jour » (GET/PUT /api/hosts/:id/settings). */
function DigestSetting({ hostId, csrf }: { hostId: string; csrf: string }) {
  const queryClient = useQueryClient();
  const settings = useHostSettings(hostId);
  const [saved, setSaved] = useState<string | null>(null);
  // the box follows the click at once; the server's answer confirms it (or puts it back)
  const [wanted, setWanted] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (dailyDigest: boolean) =>
      sendJson<HostSettings>('PUT', `/api/hosts/${hostId}/settings`, csrf, { dailyDigest }),
    onSuccess: (next) => {
      queryClient.setQueryData([...HOST_APPLICATIONS_KEY, 'settings', hostId], next);
      setWanted(null);
      setSaved(
        next.dailyDigest
          ? 'Réglage enregistré : les nouvelles candidatures vous arriveront en un seul courriel par jour, vers 7 h.'
          : 'Réglage enregistré : chaque nouvelle candidature vous sera annoncée par un courriel.',
      );
    },
    onError: () => setWanted(null),
  });
  // without the settings route (older server), the section stays hidden
  if (settings.isError && settings.error instanceof ApiError && settings.error.status === 404) return null;
  return (
    <section className="fr-mt-6w" aria-labelledby="notifications">
      <h2 id="notifications" className="fr-h4">
        Notifications par courriel
      </h2>
      {settings.isPending && <p role="status">Chargement du réglage…</p>}
      {settings.isError && (
        <Alert severity="error" small description={`Réglage indisponible. ${settings.error.message}`} />
      )}
      {settings.data && (
        <Checkbox
          legend="Fréquence des courriels"
          hintText="Par défaut, chaque nouvelle candidature est annoncée par un courriel. Au-delà de 5 courriels en 24 heures, les suivantes sont de toute façon regroupées."
          options={[
            {
              label: 'Recevoir les nouvelles candidatures en un seul e-mail par jour',
              nativeInputProps: {
                checked: wanted ?? settings.data.dailyDigest,
                disabled: save.isPending,
                onChange: (e) => {
                  setSaved(null);
                  setWanted(e.target.checked);
                  save.mutate(e.target.checked);
                },
              },
            },
          ]}
        />
      )}
      <div aria-live="polite">
        {saved && <p className="fr-message fr-message--valid">{saved}</p>}
        {save.isError && (
          <Alert
            severity="error"
            small
            role="alert"
            description={`Le réglage n’a pas été enregistré. ${save.error.message}`}
          />
        )}
      </div>
    </section>
  );
}
