import { BarChart } from '../components/BarChart.tsx';
import { HIDDEN_LABELS, type HiddenReason } from '../../../src/domain/public-figures.ts';
import type { PublicSteering } from '../../../src/steering/schemas.ts';
import { formatDateTime, formatInteger, formatPercent } from '../lib/format.ts';

const percentOneDecimal = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

function count(value: number | null, hidden: HiddenReason | null): string {
  return value === null ? HIDDEN_LABELS[hidden ?? 'secondary'] : formatInteger(value);
}

function share(value: number | null): string {
  return value === null ? 'masquée' : formatPercent(value);
}

/**
 * The public page's placement figures (issue 7 §6): the académie's headline and statuses, the
 * share of placed students by département, and a table by lycée where small counts are hidden
 * (src/domain/public-figures.ts: the rule, explained under the table).
 */
export function PlacementFigures({ steering }: { steering: PublicSteering }) {
  const { headline } = steering;
  const departements = steering.departements.filter((d) => d.share !== null);
  const hiddenDepartements = steering.departements.length - departements.length;
  return (
    <section aria-labelledby="placement" className="fr-mt-6w">
      <h2 id="placement">Où en sont les élèves</h2>
      <dl className="sts-figures">
        <div className="sts-figure">
          <dt className="sts-figure__label">des élèves de seconde ont un stage aux conventions signées</dt>
          <dd className="sts-figure__value" data-testid="stat-placed-share">
            {headline.share === null ? '–' : percentOneDecimal.format(headline.share)}
          </dd>
        </div>
        <div className="sts-figure">
          <dt className="sts-figure__label">élèves placés</dt>
          <dd className="sts-figure__value" data-testid="stat-placed">
            {formatInteger(headline.placed)}
          </dd>
        </div>
        <div className="sts-figure">
          <dt className="sts-figure__label">élèves à placer ou en cours</dt>
          <dd className="sts-figure__value" data-testid="stat-unplaced">
            {formatInteger(headline.unplaced)}
          </dd>
        </div>
      </dl>

      <BarChart
        className="fr-mt-6w"
        caption="Élèves de seconde par situation"
        captionAs="h3"
        rows={steering.statuses}
        getLabel={(row) => row.label}
        getValue={(row) => row.count}
        labelHeader="Situation"
        valueHeader="Élèves"
        extraColumns={[
          {
            header: 'Part',
            render: (row) => (row.share === null ? '–' : formatPercent(row.share)),
            numeric: true,
          },
        ]}
        emptyMessage="Aucun élève n’est encore compté."
      />

      <BarChart
        className="fr-mt-6w"
        caption="Part des élèves placés par département"
        captionAs="h3"
        description={
          hiddenDepartements > 0
            ? `${hiddenDepartements} département(s) masqué(s) par le secret statistique.`
            : undefined
        }
        rows={departements}
        getLabel={(row) => `${row.name} (${row.code})`}
        getValue={(row) => row.share ?? 0}
        formatValue={(v) => formatPercent(v)}
        labelHeader="Département"
        valueHeader="Part des élèves placés"
        extraColumns={[
          { header: 'Élèves', render: (row) => count(row.students, row.studentsHidden), numeric: true },
          { header: 'Placés', render: (row) => count(row.placed, row.placedHidden), numeric: true },
        ]}
        emptyMessage="Aucun département à montrer pour le moment."
      />

      <h3 className="fr-mt-6w" id="par-lycee">
        Par lycée
      </h3>
      <p>
        Pour qu’aucun élève ne puisse être reconnu, aucun effectif inférieur à {steering.minCount} n’est donné
        par lycée : un lycée de moins de {steering.minCount} élèves de seconde, ou dont moins de{' '}
        {steering.minCount} élèves sont placés (ou moins de {steering.minCount} ne le sont pas encore), voit
        ce chiffre et sa part masqués. Quand un seul chiffre d’un département serait masqué, un second l’est
        aussi (« secret statistique »), sinon le total du département le redonnerait. Les totaux de l’académie
        et des départements restent exacts.
      </p>
      {steering.lycees.length === 0 ? (
        <p>Aucun chiffre par lycée pour le moment.</p>
      ) : (
        <details className="sts-bar-chart__details">
          <summary className="sts-bar-chart__summary">
            Voir le tableau des {formatInteger(steering.lycees.length)} lycées
          </summary>
          <div className="fr-table fr-table--no-scroll">
            <div className="fr-table__wrapper">
              <div className="fr-table__container">
                <div className="fr-table__content">
                  <table>
                    <caption>Élèves placés par lycée</caption>
                    <thead>
                      <tr>
                        <th scope="col">Lycée</th>
                        <th scope="col">Commune</th>
                        <th scope="col">Département</th>
                        <th scope="col" className="fr-cell--right">
                          Élèves de seconde
                        </th>
                        <th scope="col" className="fr-cell--right">
                          Élèves placés
                        </th>
                        <th scope="col" className="fr-cell--right">
                          Part des élèves placés
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {steering.lycees.map((l) => (
                        <tr key={l.uai} data-testid={`lycee-${l.uai}`}>
                          <th scope="row">{l.name}</th>
                          <td>{l.commune ?? ''}</td>
                          <td>{l.departementCode}</td>
                          <td className="fr-cell--right">{count(l.students, l.studentsHidden)}</td>
                          <td className="fr-cell--right">{count(l.placed, l.placedHidden)}</td>
                          <td className="fr-cell--right">{share(l.share)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        </details>
      )}
      <p className="fr-text--sm sts-mention">
        {steering.computedAt === null
          ? 'Les indicateurs de placement n’ont pas encore été calculés.'
          : `Indicateurs de placement calculés le ${formatDateTime(steering.computedAt)} (mis à jour chaque minute).`}
      </p>
    </section>
  );
}
