import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox.js';
import type { SummaryKind } from '../../../src/domain/summaries.ts';
import { sendJson } from '../host-applications/api.ts';
import { getJson } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { ACCOUNT_KEY } from '../lib/session.ts';

/** GET /api/summaries */
export interface SummaryView {
  kind: SummaryKind;
  title: string;
  description: string;
  subscribed: boolean;
  lastSentAt: string | null;
}

const KEY = [...ACCOUNT_KEY, 'summaries'] as const;

/**
 * « Synthèses par e-mail » on the account page: the summaries the account's roles receive
 * (weekly: DSDEN and rectorat; daily: heads), each one a box to tick or untick. Nothing is shown
 * to the roles that receive none.
 */
export function SummariesFieldset({ csrf }: { csrf: string }) {
  const queryClient = useQueryClient();
  const summaries = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => getJson<{ summaries: SummaryView[] }>('/api/summaries', signal),
    retry: 1,
  });
  const [saved, setSaved] = useState<string | null>(null);
  // a box follows the click at once; the server's answer confirms it (or puts it back)
  const [wanted, setWanted] = useState<Partial<Record<SummaryKind, boolean>>>({});
  const save = useMutation({
    mutationFn: ({ kind, subscribed }: { kind: SummaryKind; subscribed: boolean }) =>
      sendJson<SummaryView>('PUT', `/api/summaries/${kind}`, csrf, { subscribed }),
    onSuccess: (next) => {
      queryClient.setQueryData<{ summaries: SummaryView[] }>(KEY, (old) =>
        old ? { summaries: old.summaries.map((s) => (s.kind === next.kind ? next : s)) } : old,
      );
      setWanted({});
      setSaved(
        next.subscribed
          ? `Vous recevrez la « ${next.title} ».`
          : `Vous ne recevrez plus la « ${next.title} ».`,
      );
    },
    onError: () => setWanted({}),
  });

  if (summaries.isPending || (summaries.isSuccess && summaries.data.summaries.length === 0)) return null;
  return (
    <section aria-labelledby="syntheses" className="fr-mt-6w">
      <h2 id="syntheses">Synthèses par e-mail</h2>
      {summaries.isError ? (
        <Alert
          severity="error"
          small
          role="alert"
          description={`Vos synthèses n’ont pas pu être chargées. ${summaries.error.message}`}
        />
      ) : (
        <Checkbox
          legend="Synthèses par e-mail"
          hintText="Chaque synthèse contient aussi un lien pour vous désabonner sans vous connecter."
          options={summaries.data.summaries.map((s) => ({
            label: `Recevoir la ${s.title.charAt(0).toLowerCase()}${s.title.slice(1)}`,
            hintText: `${s.description}${s.lastSentAt ? ` Dernier envoi : ${formatDateTime(s.lastSentAt)}.` : ''}`,
            nativeInputProps: {
              name: `synthese-${s.kind}`,
              checked: wanted[s.kind] ?? s.subscribed,
              disabled: save.isPending,
              onChange: (e) => {
                setSaved(null);
                setWanted({ [s.kind]: e.target.checked });
                save.mutate({ kind: s.kind, subscribed: e.target.checked });
              },
            },
          }))}
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
