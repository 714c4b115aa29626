/**
 * /pilotage: the dashboard of a scope (académie, département, bassin, lycée, class), with the
 * drill-down to the next level, the public/private filter kept in the address, and every table
 * exportable as CSV and Excel. The figures are read again every minute while the page is open.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { SegmentedControl } from '@codegouvfr/react-dsfr/SegmentedControl.js';
import { BarChart } from '../components/BarChart.tsx';
import { focusPageHeading } from '../lib/focus.ts';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import {
  STEERING_PATHS,
  steeringHref,
  useDashboard,
  type ChildRow,
  type Dashboard,
  type SchoolType,
} from './api.ts';
import {
  formatRatio,
  formatShare,
  SEGMENT_LABELS,
  segmentsText,
  sortChildren,
  statusSegments,
  type ChildSortKey,
  type SortDirection,
} from './logic.ts';
import {
  ExportLinks,
  LoadError,
  SteeringBreadcrumb,
  SteeringFrame,
  type SteeringContext,
} from './SteeringFrame.tsx';
import { TrendChart } from './TrendChart.tsx';

export function DashboardPage() {
  return <SteeringFrame>{(ctx) => <DashboardBody ctx={ctx} />}</SteeringFrame>;
}

const CHILD_KIND_LABELS: Record<string, string> = {
  academie: 'Académie',
  departement: 'Département',
  bassin: 'Bassin',
  lycee: 'Lycée',
  classe: 'Classe',
};

const SCHOOL_TYPE_LABELS: Record<SchoolType, string> = {
  all: 'Tous les lycées',
  public: 'Lycées publics',
  private: 'Lycées privés sous contrat',
};

function DashboardBody({ ctx }: { ctx: SteeringContext }) {
  const { scope, schoolType } = ctx;
  // an IEN's circonscription has its own page (the écoles' offers): no dashboard to ask for
  const circonscription = scope.startsWith('circonscription:');
  const query = useDashboard(circonscription ? undefined : scope, schoolType);
  const data = query.data;
  useDocumentTitle(data ? `Pilotage : ${data.scope.name}` : 'Pilotage');
  // a link of the drill-down or the breadcrumb changes the address's scope, not the path: once the
  // new scope's figures are shown, the focus goes to its title (as after a page change)
  const shownRef = data?.scope.ref;
  const previousRef = useRef(shownRef);
  useEffect(() => {
    if (shownRef === undefined) return;
    if (previousRef.current !== undefined && previousRef.current !== shownRef) focusPageHeading();
    previousRef.current = shownRef;
  }, [shownRef]);

  if (circonscription) return <Navigate to={steeringHref(STEERING_PATHS.ecoles, scope)} replace />;

  return (
    <div className="fr-container fr-py-4w sts-steering">
      {data ? (
        <SteeringBreadcrumb
          crumbs={data.breadcrumb.filter((c) => c.ref !== data.scope.ref)}
          current={data.scope.name}
          schoolType={schoolType}
        />
      ) : (
        <SteeringBreadcrumb crumbs={[]} current="Pilotage" />
      )}
      <h1>{data ? data.scope.name : 'Pilotage'}</h1>
      {query.isError && <LoadError title="Le tableau de bord n’a pas pu être chargé" error={query.error} />}
      {query.isPending && (
        <p role="status" className="sts-steering-loading">
          Chargement des chiffres…
        </p>
      )}
      {data && (
        <DashboardView data={data} ctx={ctx} refreshing={query.isFetching && query.isPlaceholderData} />
      )}
    </div>
  );
}

function SchoolTypeFilter({ value }: { value: SchoolType }) {
  const [params, setParams] = useSearchParams();
  const choose = (next: SchoolType) => {
    const p = new URLSearchParams(params);
    if (next === 'all') p.delete('type');
    else p.set('type', next);
    setParams(p);
  };
  return (
    <SegmentedControl
      small
      legend="Lycées comptés"
      segments={[
        {
          label: 'Tous',
          nativeInputProps: { checked: value === 'all', onChange: () => choose('all'), value: 'all' },
        },
        {
          label: 'Publics',
          nativeInputProps: {
            checked: value === 'public',
            onChange: () => choose('public'),
            value: 'public',
          },
        },
        {
          label: 'Privés sous contrat',
          nativeInputProps: {
            checked: value === 'private',
            onChange: () => choose('private'),
            value: 'private',
          },
        },
      ]}
    />
  );
}

function Section({
  id,
  title,
  children,
  exports,
}: {
  id: string;
  title: string;
  children: ReactNode;
  exports?: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="fr-mt-6w sts-steering__section">
      <h2 id={id} className="fr-h4">
        {title}
      </h2>
      {children}
      {exports}
    </section>
  );
}

function Figures({ items }: { items: { id: string; label: string; value: string }[] }) {
  return (
    <dl className="sts-figures">
      {items.map((f) => (
        <div key={f.id} className="sts-figure">
          <dt className="sts-figure__label">{f.label}</dt>
          <dd className="sts-figure__value" data-testid={`pilotage-${f.id}`}>
            {f.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function DashboardView({
  data,
  ctx,
  refreshing,
}: {
  data: Dashboard;
  ctx: SteeringContext;
  refreshing: boolean;
}) {
  const { schoolType } = ctx;
  const scope = data.scope.ref;
  const kind = data.scope.kind;
  const h = data.headline;
  const exportsOf = (table: Parameters<typeof ExportLinks>[0]['table'], what: string) => (
    <ExportLinks scope={scope} schoolType={schoolType} table={table} what={what} />
  );
  const filtered = kind !== 'lycee' && kind !== 'classe';

  return (
    <>
      <p className="fr-mb-1w">
        {data.computedAt
          ? `Chiffres à jour du ${formatDateTime(data.computedAt)}.`
          : 'Les chiffres n’ont pas encore été calculés.'}{' '}
        <span className="sts-mention">Les chiffres sont recalculés chaque minute.</span>
        {schoolType !== 'all' && (
          <> {SCHOOL_TYPE_LABELS[schoolType]} seulement (les offres ne sont pas filtrées).</>
        )}
      </p>
      {refreshing && (
        <p role="status" className="fr-text--sm sts-mention">
          Mise à jour des chiffres…
        </p>
      )}
      {filtered && <SchoolTypeFilter value={schoolType} />}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left fr-mt-2w">
        <li>
          <Link
            className="fr-btn fr-btn--secondary fr-icon-map-pin-2-line"
            to={steeringHref(STEERING_PATHS.map, scope, schoolType)}
          >
            Carte des places par élève
          </Link>
        </li>
        <li>
          <Link
            className="fr-btn fr-btn--secondary fr-icon-user-line"
            to={steeringHref(STEERING_PATHS.unplaced, scope, schoolType)}
          >
            Élèves sans stage
          </Link>
        </li>
      </ul>

      <section aria-labelledby="pilotage-titre-part" className="sts-headline fr-mt-4w">
        <h2 id="pilotage-titre-part" className="fr-h4">
          Élèves de 2de GT placés
        </h2>
        <p className="sts-headline__value" data-testid="pilotage-part">
          {formatShare(h.share)}
        </p>
        <p className="sts-headline__text">
          {formatInteger(h.placed)} élève{h.placed > 1 ? 's' : ''} sur {formatInteger(h.students)} ont toutes
          les conventions de leurs deux semaines signées.
        </p>
        <Figures
          items={[
            { id: 'eleves', label: 'Élèves de 2de GT', value: formatInteger(h.students) },
            { id: 'places', label: 'Placés (conventions signées)', value: formatInteger(h.placed) },
            { id: 'signe', label: 'Au moins une convention signée', value: formatInteger(h.signedAny) },
            { id: 'couverts', label: 'Couverts (stages confirmés)', value: formatInteger(h.covered) },
            { id: 'dispenses', label: 'Dispensés', value: formatInteger(h.exempted) },
            { id: 'non-places', label: 'À placer ou en cours', value: formatInteger(h.unplaced) },
          ]}
        />
      </section>

      <Section
        id="pilotage-titre-situations"
        title="Élèves par situation"
        exports={exportsOf('statuses', 'les élèves par situation')}
      >
        <BarChart
          caption="Élèves par situation de placement"
          rows={data.statuses}
          getLabel={(r) => r.label}
          getValue={(r) => r.count}
          formatValue={formatInteger}
          labelHeader="Situation"
          valueHeader="Élèves"
          extraColumns={[{ header: 'Part', render: (r) => formatShare(r.share), numeric: true }]}
          emptyMessage="Aucun élève dans ce périmètre."
        />
      </Section>

      {data.children && (
        <Section
          id="pilotage-titre-detail"
          title={`Détail par ${(CHILD_KIND_LABELS[data.children.kind] ?? 'périmètre').toLowerCase()}`}
          exports={exportsOf(
            'children',
            `le détail par ${(CHILD_KIND_LABELS[data.children.kind] ?? 'périmètre').toLowerCase()}`,
          )}
        >
          <ChildrenTable
            key={data.scope.ref}
            kind={data.children.kind}
            rows={data.children.rows}
            schoolType={schoolType}
          />
        </Section>
      )}

      <Section
        id="pilotage-titre-evolution"
        title="Évolution"
        exports={exportsOf('trend', 'l’évolution jour par jour')}
      >
        <TrendChart trend={data.trend} week1Start={data.campaign?.week1Start ?? null} />
      </Section>

      <Section id="pilotage-titre-conventions" title="Conventions">
        <BarChart
          caption="Conventions par étape"
          captionAs="h3"
          description={`Conventions en cours ou signées ; ${formatInteger(data.conventions.cancelled)} annulée${data.conventions.cancelled > 1 ? 's' : ''} à part.`}
          rows={data.conventions.steps}
          getLabel={(r) => r.label}
          getValue={(r) => r.count}
          formatValue={formatInteger}
          labelHeader="Étape"
          valueHeader="Conventions"
        />
        {exportsOf('conventions', 'les conventions par étape')}
        <BarChart
          className="fr-mt-4w"
          caption="Signatures manquantes"
          captionAs="h3"
          description="Conventions validées auxquelles manque encore la signature de cette partie."
          rows={data.conventions.missingSignatures}
          getLabel={(r) => r.label}
          getValue={(r) => r.count}
          formatValue={formatInteger}
          labelHeader="Partie"
          valueHeader="Conventions"
        />
        {exportsOf('signatures', 'les signatures manquantes')}
      </Section>

      <Section id="pilotage-titre-stages" title="Les stages des élèves">
        <BarChart
          caption="Un organisme ou deux"
          captionAs="h3"
          description="Élèves dont les deux semaines sont couvertes par des stages confirmés."
          rows={[
            { label: 'Un seul organisme pour les deux semaines', count: data.hosts.one },
            { label: 'Deux organismes', count: data.hosts.two },
          ]}
          getLabel={(r) => r.label}
          getValue={(r) => r.count}
          formatValue={formatInteger}
          labelHeader="Organismes"
          valueHeader="Élèves"
        />
        <DistanceChart title="Distance du domicile au lieu du stage" distance={data.distances.home} />
        <DistanceChart title="Distance du lycée au lieu du stage" distance={data.distances.school} />
        {exportsOf('distances', 'les distances')}
        <BarChart
          className="fr-mt-4w"
          caption="Délai de la candidature à la signature"
          captionAs="h3"
          description={
            data.delays.meanDays === null
              ? 'Aucune convention signée pour le moment.'
              : `${formatInteger(data.delays.n)} conventions signées ; délai moyen : ${formatMean(data.delays.meanDays)} jours.`
          }
          rows={data.delays.buckets}
          getLabel={(r) => r.label}
          getValue={(r) => r.count}
          formatValue={formatInteger}
          labelHeader="Délai"
          valueHeader="Conventions"
        />
        {exportsOf('delays', 'les délais de signature')}
      </Section>

      <Offers data={data} exportsOf={exportsOf} />
    </>
  );
}

function formatMean(value: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value);
}

function DistanceChart({ title, distance }: { title: string; distance: Dashboard['distances']['home'] }) {
  return (
    <BarChart
      className="fr-mt-4w"
      caption={title}
      captionAs="h3"
      description={
        distance.meanKm === null
          ? 'Aucun stage confirmé dont la distance est connue.'
          : `${formatInteger(distance.n)} stages confirmés ; distance moyenne : ${formatMean(distance.meanKm)} km (à vol d’oiseau).`
      }
      rows={distance.buckets}
      getLabel={(r) => r.label}
      getValue={(r) => r.count}
      formatValue={formatInteger}
      labelHeader="Distance"
      valueHeader="Stages"
    />
  );
}

function Offers({
  data,
  exportsOf,
}: {
  data: Dashboard;
  exportsOf: (table: 'sectors' | 'hostKinds', what: string) => ReactNode;
}) {
  const o = data.offers;
  const places = o.placesWeek1 + o.placesWeek2;
  return (
    <Section id="pilotage-titre-offres" title="Offres et places">
      {data.scope.kind === 'classe' ? (
        <p>Les offres se comptent par lycée et au-dessus : voir le tableau de bord du lycée.</p>
      ) : (
        <>
          <p className="fr-text--sm sts-mention">
            Offres publiées sur la plateforme, rattachées au lycée le plus proche de leur commune. Le filtre
            public/privé ne s’applique pas aux offres.
          </p>
          <Figures
            items={[
              { id: 'offres', label: 'Offres publiées', value: formatInteger(o.offers) },
              { id: 'places-s1', label: 'Places en semaine 1', value: formatInteger(o.placesWeek1) },
              { id: 'places-s2', label: 'Places en semaine 2', value: formatInteger(o.placesWeek2) },
              {
                id: 'non-pourvues',
                label: 'Places non pourvues (deux semaines)',
                value: formatInteger(o.unfilledWeek1 + o.unfilledWeek2),
              },
              { id: 'places-par-eleve', label: 'Places par élève', value: formatRatio(o.placesPerStudent) },
              {
                id: 'part-en',
                label: 'Part des places offertes par l’Éducation nationale',
                value: formatShare(o.educationNationaleShare),
              },
            ]}
          />
          <p className="fr-text--sm fr-mt-2w">
            {formatInteger(places)} places sur les deux semaines, dont{' '}
            {formatInteger(o.takenWeek1 + o.takenWeek2)} pourvues.
          </p>
          <BarChart
            className="fr-mt-4w"
            caption="Offres par secteur d’activité"
            captionAs="h3"
            description={
              o.bySector.length > 11
                ? 'Les 10 secteurs qui comptent le plus d’offres ; les autres sont regroupés. Le tableau donne tous les secteurs.'
                : undefined
            }
            rows={o.bySector}
            getLabel={(r) => r.name}
            getValue={(r) => r.offers}
            formatValue={formatInteger}
            labelHeader="Secteur"
            valueHeader="Offres"
            extraColumns={[
              { header: 'Places (deux semaines)', render: (r) => formatInteger(r.places), numeric: true },
              { header: 'Places pourvues', render: (r) => formatInteger(r.taken), numeric: true },
            ]}
            maxBars={10}
            othersLabel={(n) => `Autres secteurs (${n})`}
            emptyMessage="Aucune offre publiée dans ce périmètre."
          />
          {exportsOf('sectors', 'les offres par secteur')}
          <BarChart
            className="fr-mt-4w"
            caption="Places par type d’organisme"
            captionAs="h3"
            rows={o.byHostKind}
            getLabel={(r) => r.label}
            getValue={(r) => r.places}
            formatValue={formatInteger}
            labelHeader="Type d’organisme"
            valueHeader="Places (deux semaines)"
            extraColumns={[
              { header: 'Offres', render: (r) => formatInteger(r.offers), numeric: true },
              { header: 'Places pourvues', render: (r) => formatInteger(r.taken), numeric: true },
            ]}
            emptyMessage="Aucune offre publiée dans ce périmètre."
          />
          {exportsOf('hostKinds', 'les places par type d’organisme')}
        </>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------
// Drill-down table

const COLUMNS: { key: ChildSortKey; header: string; value: (r: ChildRow) => string }[] = [
  { key: 'students', header: 'Élèves', value: (r) => formatInteger(r.students) },
  { key: 'placed', header: 'Placés', value: (r) => formatInteger(r.placed) },
  { key: 'share', header: 'Part placée', value: (r) => formatShare(r.share) },
  { key: 'toPlace', header: 'À placer', value: (r) => formatInteger(r.toPlace) },
  { key: 'inProgress', header: 'En cours', value: (r) => formatInteger(r.inProgress) },
  { key: 'covered', header: 'Couverts', value: (r) => formatInteger(r.covered) },
  { key: 'exempted', header: 'Dispensés', value: (r) => formatInteger(r.exempted) },
  { key: 'repli', header: 'Repli', value: (r) => formatInteger(r.repli) },
  { key: 'placesPerStudent', header: 'Places par élève', value: (r) => formatRatio(r.placesPerStudent) },
];

function ChildrenTable({
  kind,
  rows,
  schoolType,
}: {
  kind: string;
  rows: ChildRow[];
  schoolType: SchoolType;
}) {
  const [sort, setSort] = useState<{ key: ChildSortKey; direction: SortDirection }>({
    key: 'name',
    direction: 'ascending',
  });
  if (rows.length === 0) return <p>Aucun élément à détailler dans ce périmètre.</p>;
  const sorted = sortChildren(rows, sort.key, sort.direction);
  const label = CHILD_KIND_LABELS[kind] ?? 'Périmètre';
  const showRatio = kind !== 'classe';
  const columns = showRatio ? COLUMNS : COLUMNS.filter((c) => c.key !== 'placesPerStudent');
  const sortButton = (key: ChildSortKey, header: string) => {
    const active = sort.key === key;
    const next: SortDirection =
      active && sort.direction === 'descending'
        ? 'ascending'
        : active
          ? 'descending'
          : key === 'name'
            ? 'ascending'
            : 'descending';
    return (
      <button type="button" className="sts-sort" onClick={() => setSort({ key, direction: next })}>
        {header}
        <span className="fr-sr-only">
          {active
            ? `, trié ${sort.direction === 'ascending' ? 'par ordre croissant' : 'par ordre décroissant'}`
            : ', trier'}
        </span>
        <span aria-hidden="true" className="sts-sort__arrow">
          {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    );
  };
  const ariaSort = (key: ChildSortKey) => (sort.key === key ? sort.direction : undefined);

  return (
    <div className="fr-table fr-table--no-scroll sts-children">
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table>
              <caption>
                Détail par {label.toLowerCase()} ; les colonnes se trient en activant leur titre
              </caption>
              <thead>
                <tr>
                  <th scope="col" aria-sort={ariaSort('name')}>
                    {sortButton('name', label)}
                  </th>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className="fr-cell--right" aria-sort={ariaSort(c.key)}>
                      {sortButton(c.key, c.header)}
                    </th>
                  ))}
                  <th scope="col">Répartition</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.scope.ref}>
                    <th scope="row">
                      <Link to={steeringHref(STEERING_PATHS.dashboard, r.scope.ref, schoolType)}>
                        {r.scope.name}
                      </Link>
                    </th>
                    {columns.map((c) => (
                      <td key={c.key} className="fr-cell--right">
                        {c.value(r)}
                      </td>
                    ))}
                    <td>
                      <StackedBar row={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      <p className="fr-text--sm sts-mention fr-mt-1w">
        Répartition :{' '}
        {(['placed', 'covered', 'inProgress', 'toPlace', 'repli', 'exempted'] as const).map((k, i) => (
          <span key={k} className="sts-legend-item">
            {i > 0 && ', '}
            <span className={`sts-swatch sts-seg--${k}`} aria-hidden="true" /> {SEGMENT_LABELS[k]}
          </span>
        ))}
        .
      </p>
    </div>
  );
}

/** One row's students by status as a stacked bar; the text says the same for everyone. */
function StackedBar({ row }: { row: ChildRow }) {
  const segments = statusSegments(row);
  return (
    <span className="sts-stacked">
      <span className="sts-stacked__bar" aria-hidden="true">
        {segments.map((s) => (
          <span
            key={s.key}
            className={`sts-stacked__seg sts-seg--${s.key}`}
            style={{ width: `${s.share * 100}%` }}
          />
        ))}
      </span>
      <span className="fr-sr-only">{segmentsText(segments)}</span>
    </span>
  );
}
