/**
 * "Signaler cette offre": a disclosure button on the public offer page that opens a short form
 * (reason, optional comment). Open to everyone, signed in or not (POST /api/offers/:id/flags).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons.js';
import { ApiError, postJson } from '../lib/api.ts';
import { FLAG_COMMENT_MAX, FLAG_REASON_LABELS, type FlagReason } from './flags.ts';

const REASONS = Object.keys(FLAG_REASON_LABELS) as FlagReason[];

export function FlagOfferForm({ offerId, offerTitle }: { offerId: string; offerTitle?: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<FlagReason | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; comment?: string }>({});
  const panelId = useId();
  const headingId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const firstRadioName = useId();

  const send = useMutation({
    mutationFn: () =>
      postJson<{ id: string }>(`/api/offers/${encodeURIComponent(offerId)}/flags`, {
        reason,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    onSuccess: () => {
      setReason(null);
      setComment('');
    },
  });

  const opened = useRef(false);
  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
    else if (opened.current) toggleRef.current?.focus();
    opened.current = open;
  }, [open]);
  useEffect(() => {
    if (send.isSuccess) doneRef.current?.focus();
  }, [send.isSuccess]);
  useEffect(() => {
    if (send.isError) errorRef.current?.focus();
  }, [send.isError]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!reason) next.reason = 'Choisissez le motif du signalement.';
    if (comment.length > FLAG_COMMENT_MAX)
      next.comment = `Le commentaire est trop long : ${FLAG_COMMENT_MAX.toLocaleString('fr-FR')} caractères au plus.`;
    setErrors(next);
    if (next.reason) {
      panelRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
      return;
    }
    if (next.comment) {
      panelRef.current?.querySelector<HTMLTextAreaElement>('textarea')?.focus();
      return;
    }
    send.mutate();
  };

  const serverErrors = send.error instanceof ApiError && send.error.status === 400 ? send.error.errors : [];
  const reasonError = errors.reason ?? serverErrors.find((e) => e.field === 'reason')?.message;
  const commentError = errors.comment ?? serverErrors.find((e) => e.field === 'comment')?.message;

  return (
    <section className="sts-flag-offer fr-mt-6w" aria-labelledby={headingId}>
      <h2 id={headingId} className="fr-sr-only">
        Signaler cette offre
      </h2>
      <Button
        priority="tertiary"
        size="small"
        iconId="fr-icon-flag-line"
        ref={toggleRef}
        onClick={() => setOpen((o) => !o)}
        nativeButtonProps={{ 'aria-expanded': open, 'aria-controls': panelId }}
      >
        Signaler cette offre
      </Button>
      <div id={panelId} ref={panelRef} hidden={!open} className="fr-mt-2w">
        {send.isSuccess ? (
          <div ref={doneRef} tabIndex={-1}>
            <Alert
              severity="success"
              title="Merci, votre signalement est transmis"
              description={`L’équipe de modération va examiner l’offre${offerTitle ? ` « ${offerTitle} »` : ''}. Vous n’avez rien d’autre à faire.`}
            />
            <Button className="fr-mt-2w" priority="secondary" size="small" onClick={() => setOpen(false)}>
              Fermer
            </Button>
          </div>
        ) : (
          <form
            onSubmit={submit}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setOpen(false);
            }}
            noValidate
            aria-label="Signaler cette offre"
          >
            <p className="fr-text--sm">
              Cette offre vous semble suspecte, inappropriée ou fausse ? Dites-le à l’équipe de modération.
              Votre signalement reste anonyme pour l’organisme.
            </p>
            {send.isError && serverErrors.length === 0 && (
              <div ref={errorRef} tabIndex={-1} className="fr-mb-2w">
                <Alert severity="error" small description={send.error.message} />
              </div>
            )}
            <RadioButtons
              legend="Motif du signalement"
              name={firstRadioName}
              state={reasonError ? 'error' : 'default'}
              stateRelatedMessage={reasonError}
              options={REASONS.map((r) => ({
                label: FLAG_REASON_LABELS[r],
                nativeInputProps: {
                  value: r,
                  checked: reason === r,
                  onChange: () => {
                    setReason(r);
                    setErrors((e) => ({ ...e, reason: undefined }));
                  },
                },
              }))}
            />
            <Input
              label="Commentaire (facultatif)"
              hintText={`Ce qui vous a alerté, en ${FLAG_COMMENT_MAX.toLocaleString('fr-FR')} caractères au plus. N’y mettez pas de données personnelles.`}
              textArea
              state={commentError ? 'error' : 'default'}
              stateRelatedMessage={commentError}
              nativeTextAreaProps={{
                value: comment,
                rows: 3,
                onChange: (e) => {
                  setComment(e.target.value);
                  if (errors.comment && e.target.value.length <= FLAG_COMMENT_MAX)
                    setErrors((x) => ({ ...x, comment: undefined }));
                },
              }}
            />
            <p className="fr-text--xs fr-mt-n2w" aria-live="polite">
              {comment.length > FLAG_COMMENT_MAX * 0.9
                ? `${comment.length.toLocaleString('fr-FR')} caractères sur ${FLAG_COMMENT_MAX.toLocaleString('fr-FR')}`
                : ''}
            </p>
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
              <li>
                <Button type="submit" disabled={send.isPending}>
                  Envoyer le signalement
                </Button>
              </li>
              <li>
                <Button priority="tertiary" type="button" onClick={() => setOpen(false)}>
                  Annuler
                </Button>
              </li>
            </ul>
            {send.isPending && (
              <p role="status" className="fr-text--sm">
                Envoi…
              </p>
            )}
          </form>
        )}
      </div>
    </section>
  );
}
