import { Link, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { SUMMARY_KINDS, SUMMARY_LABELS, type SummaryKind } from '../../../src/domain/summaries.ts';
import { focusById } from '../auth/forms.ts';
import { postJson } from '../lib/api.ts';
import { withFreshCsrf } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

export const UNSUBSCRIBE_PATH = '/desabonnement';

const TITLE = 'Se désabonner d’une synthèse';

/**
 * /desabonnement?jeton=…&synthese=weekly: the link at the bottom of every summary by e-mail.
 * Opening the page changes nothing (mail scanners open links): it says which summary stops, and
 * a button confirms (POST /api/summaries/unsubscribe). No sign-in needed.
 */
export function UnsubscribePage() {
  useDocumentTitle(TITLE);
  const [params] = useSearchParams();
  const token = params.get('jeton') ?? '';
  const kindParam = params.get('synthese');
  const kind = (SUMMARY_KINDS as readonly string[]).includes(kindParam ?? '')
    ? (kindParam as SummaryKind)
    : undefined;
  const queryClient = useQueryClient();
  const unsubscribe = useMutation({
    mutationFn: () =>
      withFreshCsrf(queryClient, () =>
        postJson<{ kind: SummaryKind; title: string; message: string }>('/api/summaries/unsubscribe', {
          token,
        }),
      ),
    onSettled: () => focusById('desabonnement-resultat'),
  });

  return (
    <div className="fr-container fr-pb-10w">
      <Breadcrumb currentPageLabel={TITLE} homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <h1>{TITLE}</h1>
          {token === '' ? (
            <Alert
              severity="error"
              title="Lien incomplet"
              description="Ce lien est incomplet : ouvrez-le depuis la synthèse reçue par e-mail, ou copiez son adresse entière. Vous pouvez aussi gérer vos synthèses depuis votre compte."
            />
          ) : unsubscribe.isSuccess ? (
            <div id="desabonnement-resultat" tabIndex={-1}>
              <Alert
                severity="success"
                title="Désabonnement enregistré"
                description={unsubscribe.data.message}
              />
            </div>
          ) : (
            <>
              {kind ? (
                <>
                  <p>
                    Vous allez arrêter de recevoir la <strong>« {SUMMARY_LABELS[kind].title} »</strong>.
                  </p>
                  <p>{SUMMARY_LABELS[kind].description}</p>
                </>
              ) : (
                <p>Vous allez arrêter de recevoir la synthèse par e-mail d’où vient ce lien.</p>
              )}
              <p>Les autres messages de la plateforme (signatures, candidatures, rappels) ne changent pas.</p>
              {unsubscribe.isError && (
                <div id="desabonnement-resultat" tabIndex={-1} className="fr-mb-3w">
                  <Alert
                    severity="error"
                    title="Désabonnement impossible"
                    description={unsubscribe.error.message}
                  />
                </div>
              )}
              <Button
                onClick={() => unsubscribe.mutate()}
                disabled={unsubscribe.isPending}
                aria-busy={unsubscribe.isPending}
              >
                {unsubscribe.isPending ? 'Désabonnement en cours…' : 'Confirmer le désabonnement'}
              </Button>
            </>
          )}
          <p className="fr-mt-4w">
            Vous pouvez à tout moment vous réabonner ou vous désabonner depuis{' '}
            <Link to={PATHS.account}>votre compte</Link> (rubrique « Synthèses par e-mail »).
          </p>
        </div>
      </div>
    </div>
  );
}
