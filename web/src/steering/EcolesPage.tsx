/**
 * /pilotage/ecoles: an IEN's circonscription — the offers of its écoles by status, their places,
 * the oldest offer waiting for validation, and each école's figures.
 */
import { Link } from 'react-router';
import { BarChart } from '../components/BarChart.tsx';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { IEN_PATHS } from '../ien/IenPages.tsx';
import { useCirconscription, type CirconscriptionFigures } from './api.ts';
import { LoadError, SteeringBreadcrumb, SteeringFrame, type SteeringContext } from './SteeringFrame.tsx';

export function EcolesPage() {
  return <SteeringFrame>{(ctx) => <EcolesBody ctx={ctx} />}</SteeringFrame>;
}

const OFFER_STATUS_LABELS: Record<string, string> = {
  draft: 'Brouillons',
  submitted: 'En attente de validation',
  published: 'Publiées',
  full: 'Complètes',
  returned: 'Renvoyées à l’école',
  unpublished: 'Retirées',
};

function EcolesBody({ ctx }: { ctx: SteeringContext }) {
  const query = useCirconscription(ctx.scope.startsWith('circonscription:') ? ctx.scope : undefined);
  const data = query.data;
  const title = data ? `Offres des écoles : ${data.scope.name}` : 'Offres des écoles';
  useDocumentTitle(title);
  const notCirconscription = !ctx.scope.startsWith('circonscription:');

  return (
    <div className="fr-container fr-py-4w sts-steering">
      <SteeringBreadcrumb crumbs={[]} current={title} />
      <h1>{title}</h1>
      {notCirconscription && (
        <p>Cette page montre une circonscription du premier degré : ouvrez-la depuis le pilotage d’un IEN.</p>
      )}
      {query.isError && <LoadError title="Les chiffres n’ont pas pu être chargés" error={query.error} />}
      {query.isPending && !notCirconscription && (
        <p role="status" className="sts-steering-loading">
          Chargement des chiffres…
        </p>
      )}
      {data && <Figures data={data} />}
    </div>
  );
}

function Figures({ data }: { data: CirconscriptionFigures }) {
  const statuses = Object.entries(data.offers).map(([key, count]) => ({
    key,
    label: OFFER_STATUS_LABELS[key] ?? key,
    count,
  }));
  const p = data.places;
  return (
    <>
      <p>
        {data.oldestWaitingSince ? (
          <>
            La plus ancienne offre en attente de votre validation a été soumise le{' '}
            {formatDateTime(data.oldestWaitingSince)}.{' '}
            <Link to={IEN_PATHS.queue}>Voir les offres à valider</Link>
          </>
        ) : (
          'Aucune offre n’attend votre validation.'
        )}
      </p>
      <dl className="sts-figures fr-mb-4w">
        {[
          { id: 's1', label: 'Places en semaine 1', value: p.week1 },
          { id: 's2', label: 'Places en semaine 2', value: p.week2 },
          { id: 'p1', label: 'Places pourvues en semaine 1', value: p.taken1 },
          { id: 'p2', label: 'Places pourvues en semaine 2', value: p.taken2 },
        ].map((f) => (
          <div key={f.id} className="sts-figure">
            <dt className="sts-figure__label">{f.label}</dt>
            <dd className="sts-figure__value">{formatInteger(f.value)}</dd>
          </div>
        ))}
      </dl>
      <BarChart
        caption="Offres des écoles par état"
        captionAs="h2"
        rows={statuses}
        getLabel={(r) => r.label}
        getValue={(r) => r.count}
        formatValue={formatInteger}
        labelHeader="État"
        valueHeader="Offres"
      />
      <h2 className="fr-h4 fr-mt-4w">Par école</h2>
      {data.ecoles.length === 0 ? (
        <p>Aucune école de la circonscription n’a encore d’offre.</p>
      ) : (
        <div className="fr-table fr-table--no-scroll">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>Offres et places par école</caption>
                  <thead>
                    <tr>
                      <th scope="col">École</th>
                      <th scope="col">Commune</th>
                      <th scope="col" className="fr-cell--right">
                        Offres
                      </th>
                      <th scope="col" className="fr-cell--right">
                        En attente de validation
                      </th>
                      <th scope="col" className="fr-cell--right">
                        Places (deux semaines)
                      </th>
                      <th scope="col" className="fr-cell--right">
                        Places pourvues
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...data.ecoles]
                      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
                      .map((e) => (
                        <tr key={e.uai}>
                          <th scope="row">{e.name}</th>
                          <td>{e.commune ?? '—'}</td>
                          <td className="fr-cell--right">{formatInteger(e.offers)}</td>
                          <td className="fr-cell--right">{formatInteger(e.submitted)}</td>
                          <td className="fr-cell--right">{formatInteger(e.places)}</td>
                          <td className="fr-cell--right">{formatInteger(e.taken)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
