import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Link } from 'react-router';
import { BarChart } from '../components/BarChart.tsx';
import { formatDate, formatDateRange, formatDateTime, formatInteger, formatPercent } from '../lib/format.ts';
import { usePublicStats, type PublicStats } from '../lib/publicStats.ts';
import { PlacementFigures } from '../steering/PublicFigures.tsx';
import { SITE } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const AUDIENCES = [
  {
    title: 'Élèves',
    text: 'Cherchez une offre près de chez vous ou de votre lycée, candidatez en quelques lignes, suivez les réponses et signez votre convention en ligne.',
  },
  {
    title: 'Familles',
    text: 'Suivez les démarches de votre enfant, approuvez et signez sa convention de stage sans vous déplacer.',
  },
  {
    title: 'Organismes d’accueil',
    text: 'Entreprises, associations, administrations et collectivités : publiez vos offres, choisissez vos stagiaires, complétez et signez les conventions.',
  },
  {
    title: 'Établissements',
    text: 'Lycées publics et privés sous contrat : suivez vos élèves, validez et signez les conventions, repérez ceux qui n’ont pas encore de stage.',
  },
] as const;

export function HomePage() {
  useDocumentTitle('Accueil');
  return (
    <>
      <div className="sts-hero">
        <div className="fr-container fr-py-6w">
          <h1>Stages d’observation de seconde</h1>
          <p className="fr-text--lead fr-mb-0">
            Chaque élève de seconde générale et technologique fait un stage d’observation de deux semaines, en
            juin, dans une entreprise, une association, une administration ou une collectivité. Ce service
            réunit les offres, les candidatures et les conventions de stage de l’{SITE.academy}.
          </p>
          <p className="fr-mt-3w fr-mb-0">
            <Link className="fr-btn fr-btn--lg fr-icon-search-line fr-btn--icon-left" to="/offres">
              Trouver un stage
            </Link>
          </p>
        </div>
      </div>

      <div className="fr-container fr-py-6w">
        <section aria-labelledby="pour-qui">
          <h2 id="pour-qui">Pour qui ?</h2>
          <ul className="fr-grid-row fr-grid-row--gutters sts-audiences">
            {AUDIENCES.map((audience) => (
              <li key={audience.title} className="fr-col-12 fr-col-md-6 fr-col-lg-3">
                <div className="sts-audience">
                  <h3 className="fr-h6">{audience.title}</h3>
                  <p className="fr-text--sm fr-mb-0">{audience.text}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>

        <CampaignSection />
      </div>
    </>
  );
}

/** The running campaign and its public figures, from the API. */
function CampaignSection() {
  const query = usePublicStats();

  if (query.isPending) {
    return (
      <section aria-labelledby="campagne" className="fr-mt-6w">
        <h2 id="campagne">La campagne en cours</h2>
        <p role="status" className="sts-loading">
          Chargement des chiffres de la campagne…
        </p>
      </section>
    );
  }

  if (query.isError) {
    return (
      <section aria-labelledby="campagne" className="fr-mt-6w">
        <h2 id="campagne">La campagne en cours</h2>
        <Alert
          severity="error"
          role="alert"
          title="Les chiffres de la campagne n’ont pas pu être chargés"
          description={`${query.error.message} Réessayez dans quelques instants.`}
        />
        <Button
          className="fr-mt-2w"
          priority="secondary"
          iconId="fr-icon-refresh-line"
          onClick={() => void query.refetch()}
          aria-busy={query.isFetching}
        >
          {query.isFetching ? 'Nouvel essai en cours…' : 'Réessayer'}
        </Button>
      </section>
    );
  }

  const stats = query.data;
  if (stats.campaign === null) {
    return (
      <section aria-labelledby="campagne" className="fr-mt-6w">
        <h2 id="campagne">La campagne en cours</h2>
        <p>Aucune campagne de stages n’est ouverte pour le moment. Revenez à la rentrée scolaire.</p>
      </section>
    );
  }

  return (
    <>
      <Campaign campaign={stats.campaign} />
      <Figures stats={stats} />
      {stats.steering && <PlacementFigures steering={stats.steering} />}
    </>
  );
}

function Campaign({ campaign }: { campaign: NonNullable<PublicStats['campaign']> }) {
  return (
    <section aria-labelledby="campagne" className="fr-mt-6w">
      <h2 id="campagne">
        La campagne {campaign.schoolYear} dans l’académie de{' '}
        {campaign.academy.name.replace(/^académie de /i, '')}
      </h2>
      <p>Les stages ont lieu pendant les deux semaines officielles :</p>
      <ul className="fr-grid-row fr-grid-row--gutters sts-weeks">
        {campaign.weeks.map((week) => (
          <li key={week.number} className="fr-col-12 fr-col-md-6">
            <div className="sts-week" data-testid={`week-${week.number}`}>
              <p className="sts-week__title">Semaine {week.number}</p>
              <p className="fr-mb-0">{formatDateRange(week.start, week.end)}</p>
            </div>
          </li>
        ))}
      </ul>
      <p className="fr-mt-2w">
        Un élève fait ses deux semaines dans le même organisme, ou une semaine dans deux organismes différents
        avec l’accord de son chef d’établissement.
      </p>
      <ul>
        <li>
          Les organismes d’accueil peuvent publier leurs offres à partir du{' '}
          <strong>{formatDate(campaign.hostsOpenOn)}</strong>.
        </li>
        <li>
          Les élèves peuvent candidater à partir du <strong>{formatDate(campaign.studentsOpenOn)}</strong>.
        </li>
      </ul>
    </section>
  );
}

interface Figure {
  id: string;
  label: string;
  value: string;
}

function Figures({ stats }: { stats: PublicStats }) {
  const { counts } = stats;
  const figures: Figure[] = [
    {
      id: 'lycees',
      label: 'lycées avec des élèves de seconde générale et technologique',
      value: formatInteger(counts.lycees),
    },
    {
      id: 'students',
      label: 'élèves de seconde générale et technologique',
      value: formatInteger(counts.students),
    },
    { id: 'offers', label: 'offres de stage publiées', value: formatInteger(counts.offers) },
    { id: 'places-week1', label: 'places en semaine 1', value: formatInteger(counts.placesWeek1) },
    { id: 'places-week2', label: 'places en semaine 2', value: formatInteger(counts.placesWeek2) },
    { id: 'hosts', label: 'organismes d’accueil', value: formatInteger(counts.hosts) },
    {
      id: 'public-hosts-share',
      label: 'des organismes d’accueil sont publics',
      value: formatPercent(counts.publicHostsShare),
    },
  ];
  const maxBars = 10;

  return (
    <section aria-labelledby="chiffres" className="fr-mt-6w">
      <h2 id="chiffres">Les chiffres de la campagne</h2>
      <dl className="sts-figures">
        {figures.map((figure) => (
          <div key={figure.id} className="sts-figure">
            <dt className="sts-figure__label">{figure.label}</dt>
            <dd className="sts-figure__value" data-testid={`stat-${figure.id}`}>
              {figure.value}
            </dd>
          </div>
        ))}
      </dl>

      <BarChart
        className="fr-mt-6w"
        caption="Offres publiées par secteur d’activité"
        captionAs="h3"
        description={
          stats.offersBySector.length > maxBars + 1
            ? `Les ${maxBars} secteurs qui comptent le plus d’offres ; les autres sont regroupés. Le tableau donne tous les secteurs.`
            : undefined
        }
        rows={stats.offersBySector}
        getLabel={(row) => row.name}
        getValue={(row) => row.offers}
        formatValue={formatInteger}
        labelHeader="Secteur"
        valueHeader="Offres"
        extraColumns={[
          { header: 'Places (deux semaines)', render: (row) => formatInteger(row.places), numeric: true },
        ]}
        maxBars={maxBars}
        othersLabel={(count) => `Autres secteurs (${count})`}
        emptyMessage="Aucune offre n’est publiée pour le moment."
      />
      <p className="fr-text--sm sts-mention">Chiffres calculés le {formatDateTime(stats.generatedAt)}.</p>
    </section>
  );
}
