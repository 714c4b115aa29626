import { lazy, Suspense, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion.js';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut.js';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination.js';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons.js';
import { SegmentedControl } from '@codegouvfr/react-dsfr/SegmentedControl.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { ApiError } from '../lib/api.ts';
import { formatDateRange } from '../lib/format.ts';
import { usePublicStats } from '../lib/publicStats.ts';
import { useSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import {
  useOfferSearch,
  useOffersMap,
  useSectors,
  type OfferSearchItem,
  type OfferSearchResult,
  type Sector,
} from './api.ts';
import { CommuneCombobox, communeLabel } from './CommuneCombobox.tsx';
import { OfferBadges } from './OfferBadges.tsx';
import { weekPlacesText } from './offerText.ts';
import { OFFER_PATHS, offerPath, type BackState } from './paths.ts';
import {
  MAX_RADIUS_KM,
  PAGE_SIZE,
  RADIUS_OPTIONS,
  canSearch,
  countLabel,
  formatDistance,
  parseSearchParams,
  toSearchParams,
  withFilters,
  type HostKind,
  type SearchState,
  type Week,
} from './searchParams.ts';
import './offers.css';

const OffersMap = lazy(() => import('../map/OffersMap.tsx').then((m) => ({ default: m.OffersMap })));

const TITLE = 'Trouver un stage';

/** Public search of offers (/offres): every criterion lives in the page's address. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const state = useMemo(() => parseSearchParams(params), [params]);
  // the title says where the search starts and which page it is (RGAA 8.6)
  useDocumentTitle(
    [TITLE, state.communeLabel, state.page > 1 ? `page ${state.page}` : null].filter(Boolean).join(', '),
  );
  const session = useSession();
  const isStudent = session.data?.authenticated === true && session.data.role === 'student';
  const sectors = useSectors();
  const searchable = canSearch(state, isStudent);
  const search = useOfferSearch(state, searchable && !session.isPending);

  const go = (next: SearchState) => setParams(toSearchParams(next));

  return (
    <div className="fr-container fr-pb-8w">
      <Breadcrumb currentPageLabel={TITLE} homeLinkProps={{ to: PATHS.home }} segments={[]} />
      <h1>{TITLE}</h1>
      <p className="fr-text--lead">
        Cherchez une offre de stage d’observation autour d’une commune, de chez vous ou de votre lycée.
      </p>
      {searchable && (
        <p className="fr-mb-2w">
          <a className="fr-link" href="#resultats">
            Aller aux résultats
          </a>
        </p>
      )}
      <SearchForm
        // a new address (back button, link) starts the form again from it; so does the session,
        // which decides whether a student's own start is offered
        key={`${location.search}|${isStudent ? 'eleve' : ''}`}
        state={state}
        isStudent={isStudent}
        sectors={sectors.data?.items ?? []}
        sectorsError={sectors.isError ? sectors.error.message : null}
        onSearch={go}
      />
      <Results state={state} searchable={searchable} isStudent={isStudent} search={search} go={go} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The form

interface SearchFormProps {
  state: SearchState;
  isStudent: boolean;
  sectors: Sector[];
  sectorsError: string | null;
  onSearch: (next: SearchState) => void;
}

function SearchForm({ state, isStudent, sectors, sectorsError, onSearch }: SearchFormProps) {
  const [draft, setDraft] = useState<SearchState>(state);
  const [communeText, setCommuneText] = useState(state.communeLabel ?? '');
  const [originKind, setOriginKind] = useState<'mine' | 'commune'>(
    isStudent && !state.commune && !state.near ? 'mine' : 'commune',
  );
  const [error, setError] = useState<string | null>(null);
  const weeks = useCampaignWeeks();
  const set = (change: Partial<SearchState>) => setDraft((d) => ({ ...d, ...change }));
  const useMine = isStudent && originKind === 'mine';

  function submit(event: FormEvent) {
    event.preventDefault();
    let next = withFilters(draft, { page: 1 });
    if (useMine) next = { ...next, commune: null, communeLabel: null, near: null };
    else if (communeText.trim() !== '' && !next.commune && !next.near) {
      setError('Choisissez une commune dans la liste proposée (tapez son nom ou son code postal).');
      return;
    } else if (communeText.trim() === '' && next.commune) {
      next = { ...next, commune: null, communeLabel: null };
    }
    if (!canSearch(next, useMine)) {
      setError('Indiquez une commune de départ, ou des mots-clés à chercher dans toute l’académie.');
      return;
    }
    setError(null);
    onSearch(next);
  }

  const sectorCount = draft.sectors.length;
  return (
    <form onSubmit={submit} noValidate aria-label="Rechercher des offres" className="sts-search-form">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          {isStudent && (
            <RadioButtons
              legend="Point de départ"
              orientation="horizontal"
              options={[
                {
                  label: 'Autour de chez moi (ou de mon lycée)',
                  nativeInputProps: {
                    checked: originKind === 'mine',
                    onChange: () => setOriginKind('mine'),
                  },
                },
                {
                  label: 'Autour d’une commune',
                  nativeInputProps: {
                    checked: originKind === 'commune',
                    onChange: () => setOriginKind('commune'),
                  },
                },
              ]}
            />
          )}
          {!useMine && (
            <CommuneCombobox
              label="Commune de départ"
              hint="Nom ou code postal, par exemple Rennes ou 35000"
              selectedLabel={state.communeLabel}
              error={error}
              onTextChange={(t) => {
                setCommuneText(t);
                setError(null);
              }}
              onSelect={(c) =>
                set(
                  c
                    ? { commune: c.insee, communeLabel: communeLabel(c), near: null }
                    : { commune: null, communeLabel: null, near: null },
                )
              }
            />
          )}
          {useMine && error && (
            <p className="fr-error-text" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="fr-col-12 fr-col-sm-6 fr-col-md-2">
          <Select
            label="Distance"
            hint="À vol d’oiseau"
            nativeSelectProps={{
              value: String(draft.radiusKm),
              onChange: (e) => set({ radiusKm: Number(e.target.value) }),
            }}
          >
            {RADIUS_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {r} km
              </option>
            ))}
            {!(RADIUS_OPTIONS as readonly number[]).includes(draft.radiusKm) && (
              <option value={draft.radiusKm}>{draft.radiusKm} km</option>
            )}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-sm-6 fr-col-md-4">
          <Input
            label="Mots-clés"
            hintText="Métier, activité, organisme…"
            nativeInputProps={{
              type: 'search',
              value: draft.q,
              maxLength: 200,
              onChange: (e) => set({ q: e.target.value }),
            }}
          />
        </div>
      </div>

      <Accordion
        label={sectorCount > 0 ? `Secteurs d’activité (${sectorCount} choisis)` : 'Secteurs d’activité'}
        titleAs="h2"
        className="fr-mb-2w"
        // open when the address already chooses sectors: they stay in sight
        defaultExpanded={state.sectors.length > 0}
      >
        {sectorsError ? (
          <p className="fr-error-text">La liste des secteurs n’a pas pu être chargée : {sectorsError}</p>
        ) : (
          <Checkbox
            legend="Secteurs d’activité"
            hintText="Aucun secteur coché : tous les secteurs"
            small
            classes={{ content: 'sts-sectors' }}
            options={sectors.map((s) => ({
              label: s.name,
              nativeInputProps: {
                value: s.code,
                checked: draft.sectors.includes(s.code),
                onChange: (e) =>
                  set({
                    sectors: e.target.checked
                      ? [...draft.sectors, s.code]
                      : draft.sectors.filter((c) => c !== s.code),
                  }),
              },
            }))}
          />
        )}
      </Accordion>

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <RadioButtons
            legend="Semaines"
            small
            options={(
              [
                [null, 'Une semaine ou l’autre', undefined],
                ['1', 'Semaine 1', weeks[0]],
                ['2', 'Semaine 2', weeks[1]],
                ['both', 'Les deux semaines', undefined],
              ] as [Week | null, string, string | undefined][]
            ).map(([value, label, hint]) => ({
              label,
              ...(hint ? { hintText: hint } : {}),
              nativeInputProps: {
                checked: draft.week === value,
                onChange: () => set({ week: value }),
              },
            }))}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <RadioButtons
            legend="Organisme d’accueil"
            small
            options={(
              [
                [null, 'Public ou privé'],
                ['public', 'Public (administration, collectivité, établissement public…)'],
                ['private', 'Privé (entreprise, association…)'],
              ] as [HostKind | null, string][]
            ).map(([value, label]) => ({
              label,
              nativeInputProps: { checked: draft.host === value, onChange: () => set({ host: value }) },
            }))}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Checkbox
            legend="Autres critères"
            small
            options={[
              {
                label: 'Seulement les offres avec des places restantes',
                nativeInputProps: {
                  checked: draft.placesLeft,
                  onChange: (e) => set({ placesLeft: e.target.checked }),
                },
              },
              {
                label: 'Accessible aux élèves en situation de handicap',
                nativeInputProps: {
                  checked: draft.accessible,
                  onChange: (e) => set({ accessible: e.target.checked }),
                },
              },
            ]}
          />
          <Select
            label="Trier par"
            hint="Par défaut : pertinence s’il y a des mots-clés, sinon distance"
            nativeSelectProps={{
              value: draft.sort ?? '',
              onChange: (e) =>
                set({ sort: e.target.value === '' ? null : (e.target.value as 'distance' | 'relevance') }),
            }}
          >
            <option value="">Par défaut</option>
            <option value="distance">Distance</option>
            <option value="relevance">Pertinence</option>
          </Select>
        </div>
      </div>

      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        <li>
          <Button type="submit">Rechercher</Button>
        </li>
        <li>
          <Link className="fr-btn fr-btn--tertiary" to={OFFER_PATHS.search}>
            Effacer tous les critères
          </Link>
        </li>
      </ul>
    </form>
  );
}

/** "du lundi 15 juin au vendredi 19 juin 2026" for each week of the campaign, when known. */
function useCampaignWeeks(): (string | undefined)[] {
  const stats = usePublicStats();
  const weeks = stats.data?.campaign?.weeks ?? [];
  return [1, 2].map((n) => {
    const w = weeks.find((x) => x.number === n);
    return w ? formatDateRange(w.start, w.end) : undefined;
  });
}

// ---------------------------------------------------------------------------------------------
// Results

interface ResultsProps {
  state: SearchState;
  searchable: boolean;
  isStudent: boolean;
  search: ReturnType<typeof useOfferSearch>;
  go: (next: SearchState) => void;
}

function originText(state: SearchState, result: OfferSearchResult | undefined): string {
  switch (result?.origin?.source) {
    case 'commune':
      return `autour de ${state.communeLabel ?? 'la commune choisie'}`;
    case 'near':
      return 'autour du point choisi';
    case 'home':
      return 'autour de votre domicile';
    case 'school':
      return 'autour de votre lycée';
    default:
      return 'dans toute l’académie';
  }
}

function ownStartMissing(state: SearchState, isStudent: boolean, error: Error): boolean {
  return (
    isStudent &&
    error instanceof ApiError &&
    error.status === 400 &&
    !state.commune &&
    !state.near &&
    state.q.trim() === ''
  );
}

function Results({ state, searchable, isStudent, search, go }: ResultsProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const previousPage = useRef(state.page);
  const location = useLocation();
  const back: BackState = { search: location.search };

  // a new page of results: start reading from the results' heading
  useEffect(() => {
    if (previousPage.current !== state.page) headingRef.current?.focus();
    previousPage.current = state.page;
  }, [state.page]);

  if (!searchable) {
    return (
      <CallOut title="Par où commencer ?" titleAs="h2" className="fr-mt-4w">
        Choisissez une commune de départ (la vôtre ou celle de votre lycée) et une distance, ou tapez des
        mots-clés.{' '}
        {!isStudent &&
          'Élève, connectez-vous pour chercher directement autour de chez vous ou de votre lycée.'}
      </CallOut>
    );
  }

  const result = search.data;
  const status =
    search.isPending || search.isPlaceholderData
      ? 'Recherche en cours…'
      : search.isError
        ? 'La recherche a échoué.'
        : result
          ? `${countLabel(result.total, 'offre trouvée', 'offres trouvées')} ${
              result.origin
                ? `dans un rayon de ${state.radiusKm} km ${originText(state, result)}`
                : originText(state, result)
            }${result.total > PAGE_SIZE ? `, page ${state.page} sur ${Math.ceil(result.total / PAGE_SIZE)}` : ''}.`
          : '';

  return (
    <section aria-labelledby="resultats" className="fr-mt-4w">
      <h2 id="resultats" ref={headingRef} tabIndex={-1}>
        Résultats
      </h2>
      <p
        role="status"
        aria-live="polite"
        aria-atomic="true"
        className="sts-results-count"
        data-testid="result-count"
      >
        {status}
      </p>

      {search.isError ? (
        <>
          <Alert
            severity="error"
            title="La recherche n’a pas abouti"
            description={
              // a student whose home and lycée are not placed on the map: the API has no start
              ownStartMissing(state, isStudent, search.error)
                ? 'Votre domicile et votre lycée ne sont pas situés sur la carte : choisissez une commune de départ (« Autour d’une commune »), ou cherchez des mots-clés.'
                : search.error.message
            }
          />
          <Button
            className="fr-mt-2w"
            priority="secondary"
            iconId="fr-icon-refresh-line"
            onClick={() => void search.refetch()}
          >
            Réessayer
          </Button>
        </>
      ) : result ? (
        <>
          <SegmentedControl
            legend="Affichage des résultats"
            inlineLegend
            small
            className="fr-mb-3w"
            segments={[
              {
                label: 'Liste',
                iconId: 'fr-icon-list-unordered',
                nativeInputProps: {
                  checked: state.view === 'liste',
                  onChange: () => go({ ...state, view: 'liste' }),
                },
              },
              {
                label: 'Carte',
                iconId: 'fr-icon-map-pin-2-line',
                nativeInputProps: {
                  checked: state.view === 'carte',
                  onChange: () => go({ ...state, view: 'carte' }),
                },
              },
            ]}
          />
          {state.view === 'carte' ? (
            <MapView state={state} result={result} back={back} go={go} />
          ) : (
            <ListView state={state} result={result} back={back} go={go} fetching={search.isFetching} />
          )}
        </>
      ) : null}
    </section>
  );
}

function ListView({
  state,
  result,
  back,
  go,
  fetching,
}: {
  state: SearchState;
  result: OfferSearchResult;
  back: BackState;
  go: (next: SearchState) => void;
  fetching: boolean;
}) {
  const pages = Math.ceil(result.total / result.pageSize);
  const near = result.nearMatches ?? [];
  return (
    <div aria-busy={fetching}>
      {result.items.length > 0 ? (
        <OfferList items={result.items} back={back} testId="results" />
      ) : (
        <EmptyResults state={state} result={result} go={go} />
      )}
      {pages > 1 && (
        <Pagination
          className="fr-mt-3w"
          count={Math.min(pages, 1000)}
          defaultPage={state.page}
          getPageLinkProps={(n) => ({
            to: `${OFFER_PATHS.search}?${toSearchParams({ ...state, page: n }).toString()}`,
          })}
        />
      )}
      {near.length > 0 && (
        <section aria-labelledby="approchants" className="fr-mt-6w">
          <h2 id="approchants">Résultats approchants</h2>
          <p>
            Ces offres ne contiennent pas exactement « {state.q.trim()} », mais s’en approchent (orthographe
            voisine).
          </p>
          <OfferList items={near} back={back} testId="near-matches" />
        </section>
      )}
    </div>
  );
}

function EmptyResults({
  state,
  result,
  go,
}: {
  state: SearchState;
  result: OfferSearchResult;
  go: (next: SearchState) => void;
}) {
  const filtered =
    state.sectors.length > 0 || state.week || state.placesLeft || state.accessible || state.host !== null;
  return (
    <CallOut
      title="Aucune offre ne correspond à votre recherche"
      titleAs="h3"
      colorVariant="beige-gris-galet"
    >
      Quelques pistes :
      <ul>
        {result.origin && state.radiusKm < MAX_RADIUS_KM && (
          <li>
            élargissez la distance :{' '}
            <Button
              priority="tertiary no outline"
              size="small"
              onClick={() => go(withFilters(state, { radiusKm: MAX_RADIUS_KM }))}
            >
              chercher à {MAX_RADIUS_KM} km
            </Button>
          </li>
        )}
        {filtered && (
          <li>
            retirez des critères :{' '}
            <Button
              priority="tertiary no outline"
              size="small"
              onClick={() =>
                go(
                  withFilters(state, {
                    sectors: [],
                    week: null,
                    placesLeft: false,
                    accessible: false,
                    host: null,
                  }),
                )
              }
            >
              garder seulement le lieu et les mots-clés
            </Button>
          </li>
        )}
        {state.q.trim() !== '' && (
          <li>vérifiez l’orthographe des mots-clés, ou essayez un mot plus général ;</li>
        )}
        <li>de nouvelles offres sont publiées tout au long de l’année : revenez plus tard.</li>
      </ul>
    </CallOut>
  );
}

function OfferList({ items, back, testId }: { items: OfferSearchItem[]; back: BackState; testId: string }) {
  return (
    <ul className="sts-offer-list" data-testid={testId}>
      {items.map((item) => (
        <li key={item.id}>
          <OfferCard item={item} back={back} />
        </li>
      ))}
    </ul>
  );
}

function OfferCard({ item, back }: { item: OfferSearchItem; back: BackState }) {
  const place = [item.communeName, item.postalCode ? `(${item.postalCode})` : null].filter(Boolean).join(' ');
  return (
    <article className="sts-offer-card" data-testid="offer-card">
      <h3 className="fr-h6 fr-mb-1w">
        <Link to={offerPath(item.id)} state={back}>
          {item.title}
        </Link>
      </h3>
      <p className="fr-mb-1w">
        <strong>{item.hostName}</strong>
        <span className="sts-offer-card__sector"> · {item.sector.name}</span>
      </p>
      <p className="fr-mb-1w fr-text--sm">
        <span className="fr-icon-map-pin-2-line fr-icon--sm" aria-hidden="true" />{' '}
        {place || 'Lieu non précisé'}
        {item.distanceKm !== null && <span data-testid="distance">, {formatDistance(item.distanceKm)}</span>}
      </p>
      <ul className="sts-offer-card__weeks fr-text--sm">
        <li>Semaine 1 : {weekPlacesText(item.weeks.week1)}</li>
        <li>Semaine 2 : {weekPlacesText(item.weeks.week2)}</li>
      </ul>
      <OfferBadges offer={item} />
    </article>
  );
}

// ---------------------------------------------------------------------------------------------
// Map

function MapView({
  state,
  result,
  back,
  go,
}: {
  state: SearchState;
  result: OfferSearchResult;
  back: BackState;
  go: (next: SearchState) => void;
}) {
  const map = useOffersMap(state, true);
  const offerHref = useMemo(() => (id: string) => offerPath(id), []);
  const origin = useMemo(
    () => (result.origin ? { lat: result.origin.lat, lon: result.origin.lon } : null),
    [result.origin],
  );
  const toList = (
    <Button priority="tertiary no outline" size="small" onClick={() => go({ ...state, view: 'liste' })}>
      voir la liste
    </Button>
  );
  if (map.isPending) return <p role="status">Chargement de la carte…</p>;
  if (map.isError)
    return (
      <Alert
        severity="error"
        title="La carte n’a pas pu être chargée"
        description={
          <>
            {map.error.message} Les offres restent consultables dans la liste : {toList}
          </>
        }
      />
    );
  const shown = map.data.points.length;
  return (
    <>
      <p data-testid="map-summary">
        {countLabel(shown, 'offre', 'offres')} sur la carte
        {map.data.truncated
          ? ` (les plus proches, sur ${countLabel(map.data.total, 'offre', 'offres')})`
          : ''}
        . Les mêmes offres sont dans la liste, plus facile à parcourir au clavier ou avec un lecteur d’écran :{' '}
        {toList}
      </p>
      <Suspense fallback={<p role="status">Chargement de la carte…</p>}>
        <OffersMap
          points={map.data.points}
          origin={origin}
          radiusKm={state.radiusKm}
          offerHref={offerHref}
          linkState={back}
          label={`Carte des offres ${originText(state, result)}`}
        />
      </Suspense>
    </>
  );
}
