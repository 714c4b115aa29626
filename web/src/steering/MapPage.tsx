/**
 * /pilotage/carte: places per student around each lycée and in each commune, as proportional
 * circles over Leaflet (area ∝ students, colour and outline by places per student), to show where
 * students lack offers. The same figures are one click away as a table. If the tiles cannot load,
 * a notice says so and the circles stay (the map's tile configuration and notice of OffersMap).
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { SegmentedControl } from '@codegouvfr/react-dsfr/SegmentedControl.js';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { addTiles, frenchControls, motion, TileNotice } from '../map/OffersMap.tsx';
import { useMapTiles } from '../map/tiles.ts';
import '../map/map.css';
import { STEERING_PATHS, steeringHref, useSteeringMap, type SteeringMap } from './api.ts';
import {
  circleRadius,
  formatRatio,
  RATIO_CLASSES,
  RATIO_LABELS,
  ratioClass,
  type RatioClass,
} from './logic.ts';
import {
  ExportLinks,
  LoadError,
  SteeringBreadcrumb,
  SteeringFrame,
  type SteeringContext,
} from './SteeringFrame.tsx';

export function MapPage() {
  return <SteeringFrame>{(ctx) => <MapBody ctx={ctx} />}</SteeringFrame>;
}

type Layer = 'lycees' | 'communes';

interface Place {
  id: string;
  name: string;
  detail: string | null;
  lat: number;
  lon: number;
  students: number;
  places: number;
  placesPerStudent: number | null;
  /** the lycée's dashboard */
  href: string | null;
}

function placesOf(data: SteeringMap, layer: Layer): Place[] {
  return layer === 'lycees'
    ? data.lycees.map((l) => ({
        id: l.uai,
        name: l.name,
        detail: l.commune,
        lat: l.lat,
        lon: l.lon,
        students: l.students,
        places: l.places,
        placesPerStudent: l.placesPerStudent,
        href: steeringHref(STEERING_PATHS.dashboard, `lycee:${l.uai}`),
      }))
    : data.communes.map((c) => ({
        id: c.insee,
        name: c.name,
        detail: null,
        lat: c.lat,
        lon: c.lon,
        students: c.students,
        places: c.places,
        placesPerStudent: c.placesPerStudent,
        href: null,
      }));
}

const FILL: Record<RatioClass, string> = {
  none: '#929292',
  low: '#ce0500',
  mid: '#b34000',
  high: '#18753c',
};
// the outline says the class too (not only the colour): dashed, dotted, solid
const DASH: Record<RatioClass, string> = { none: '1 3', low: '5 3', mid: '2 2', high: '' };

/** The SVG of a circle of a class; numbers and fixed words only (no text of the data). */
function circleSvg(cls: RatioClass, radius: number): string {
  const size = Math.ceil(radius * 2 + 6);
  const c = size / 2;
  const dash = DASH[cls] ? ` stroke-dasharray="${DASH[cls]}"` : '';
  return `<svg width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true" focusable="false"><circle cx="${c}" cy="${c}" r="${radius.toFixed(1)}" fill="${FILL[cls]}" fill-opacity="0.55" stroke="#161616" stroke-width="2"${dash}/></svg>`;
}

function popupContent(p: Place): HTMLElement {
  const root = document.createElement('div');
  root.className = 'sts-popup';
  const title = document.createElement('p');
  title.className = 'sts-popup__title';
  if (p.href) {
    const link = document.createElement('a');
    link.href = p.href;
    link.textContent = p.name;
    title.append(link);
  } else title.textContent = p.name;
  root.append(title);
  for (const text of [
    p.detail,
    `${formatInteger(p.students)} élève${p.students > 1 ? 's' : ''}`,
    `${formatInteger(p.places)} place${p.places > 1 ? 's' : ''} (deux semaines)`,
    `Places par élève : ${formatRatio(p.placesPerStudent)}`,
  ]) {
    if (!text) continue;
    const line = document.createElement('p');
    line.textContent = text;
    root.append(line);
  }
  return root;
}

function markerTitle(p: Place): string {
  return `${p.name} : ${p.students} élèves, ${p.places} places, ${formatRatio(p.placesPerStudent)} place par élève`;
}

function PlacesMap({ places, label }: { places: Place[]; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const tiles = useMapTiles();
  const [tileFailed, setTileFailed] = useState(false);
  const ready = !tiles.isPending;

  useEffect(() => {
    if (!ready || !element.current) return;
    const map = L.map(element.current, { scrollWheelZoom: false, ...motion() });
    frenchControls(map);
    addTiles(map, tiles.data, () => setTileFailed(true));
    const max = Math.max(0, ...places.map((p) => p.students));
    // the biggest circles first, so that the small ones stay on top and clickable
    for (const p of [...places].sort((a, b) => b.students - a.students)) {
      const radius = circleRadius(p.students, max);
      const size = Math.ceil(radius * 2 + 6);
      L.marker([p.lat, p.lon], {
        icon: L.divIcon({
          className: 'sts-map-marker',
          html: circleSvg(ratioClass(p.placesPerStudent), radius),
          iconSize: [size, size],
          iconAnchor: [size / 2, size / 2],
        }),
        title: markerTitle(p),
        alt: markerTitle(p),
        riseOnHover: true,
      })
        .bindPopup(() => popupContent(p))
        .addTo(map);
    }
    if (places.length > 0)
      map.fitBounds(L.latLngBounds(places.map((p) => [p.lat, p.lon] as [number, number])), {
        padding: [30, 30],
        maxZoom: 12,
      });
    else map.setView([48.2, -2.9], 8);
    return () => {
      map.remove();
    };
  }, [ready, tiles.data, places]);

  return (
    <div className="sts-map">
      <TileNotice failed={tileFailed || tiles.isError} what="les cercles restent placés sur la carte" />
      <div ref={element} className="sts-map__canvas" role="region" aria-label={label} />
    </div>
  );
}

function Legend() {
  return (
    <ul className="sts-ratio-legend" aria-label="Légende de la carte">
      {RATIO_CLASSES.map((cls) => (
        <li key={cls}>
          <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">
            <circle
              cx="11"
              cy="11"
              r="8"
              fill={FILL[cls]}
              fillOpacity="0.55"
              stroke="#161616"
              strokeWidth="2"
              strokeDasharray={DASH[cls] || undefined}
            />
          </svg>
          {RATIO_LABELS[cls]}
        </li>
      ))}
      <li>La surface d’un cercle est proportionnelle au nombre d’élèves.</li>
    </ul>
  );
}

function MapBody({ ctx }: { ctx: SteeringContext }) {
  const query = useSteeringMap(ctx.scope);
  const [layer, setLayer] = useState<Layer>('lycees');
  const data = query.data;
  const title = data ? `Carte des places par élève : ${data.scope.name}` : 'Carte des places par élève';
  useDocumentTitle(title);
  const places = data ? placesOf(data, layer) : [];

  return (
    <div className="fr-container fr-py-4w sts-steering">
      <SteeringBreadcrumb crumbs={data ? [data.scope] : []} current="Carte des places par élève" />
      <h1>{title}</h1>
      {query.isError && <LoadError title="La carte n’a pas pu être chargée" error={query.error} />}
      {query.isPending && (
        <p role="status" className="sts-steering-loading">
          Chargement de la carte…
        </p>
      )}
      {data && (
        <>
          <p>
            Places offertes sur les deux semaines rapportées aux élèves : autour de chaque lycée (les offres
            des communes dont il est le lycée le plus proche) ou dans chaque commune (élèves qui y habitent).{' '}
            {data.computedAt && (
              <span className="sts-mention">Chiffres à jour du {formatDateTime(data.computedAt)}.</span>
            )}
          </p>
          <p>
            <Link to={steeringHref(STEERING_PATHS.dashboard, data.scope.ref, ctx.schoolType)}>
              Retour au tableau de bord : {data.scope.name}
            </Link>
          </p>
          <SegmentedControl
            small
            legend="Afficher"
            segments={[
              {
                label: `Lycées (${data.lycees.length})`,
                nativeInputProps: {
                  checked: layer === 'lycees',
                  onChange: () => setLayer('lycees'),
                  value: 'lycees',
                },
              },
              {
                label: `Communes (${data.communes.length})`,
                nativeInputProps: {
                  checked: layer === 'communes',
                  onChange: () => setLayer('communes'),
                  value: 'communes',
                },
              },
            ]}
          />
          <Legend />
          <PlacesMap
            places={places}
            label={`Carte des places par élève, ${layer === 'lycees' ? 'par lycée' : 'par commune'} : ${data.scope.name}`}
          />
          <details className="sts-bar-chart__details fr-mt-2w">
            <summary className="sts-bar-chart__summary">Voir les données en tableau</summary>
            <PlacesTable places={places} layer={layer} />
          </details>
          <ExportLinks
            scope={data.scope.ref}
            schoolType={ctx.schoolType}
            table="map"
            what="les lycées et communes de la carte"
          />
        </>
      )}
    </div>
  );
}

function PlacesTable({ places, layer }: { places: Place[]; layer: Layer }) {
  const sorted = [...places].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return (
    <div className="fr-table fr-table--no-scroll">
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table>
              <caption>Places par élève, {layer === 'lycees' ? 'par lycée' : 'par commune'}</caption>
              <thead>
                <tr>
                  <th scope="col">{layer === 'lycees' ? 'Lycée' : 'Commune'}</th>
                  {layer === 'lycees' && <th scope="col">Commune</th>}
                  <th scope="col" className="fr-cell--right">
                    Élèves
                  </th>
                  <th scope="col" className="fr-cell--right">
                    Places (deux semaines)
                  </th>
                  <th scope="col" className="fr-cell--right">
                    Places par élève
                  </th>
                  <th scope="col">Niveau</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.href ? <Link to={p.href}>{p.name}</Link> : p.name}</th>
                    {layer === 'lycees' && <td>{p.detail ?? '—'}</td>}
                    <td className="fr-cell--right">{formatInteger(p.students)}</td>
                    <td className="fr-cell--right">{formatInteger(p.places)}</td>
                    <td className="fr-cell--right">{formatRatio(p.placesPerStudent)}</td>
                    <td>{RATIO_LABELS[ratioClass(p.placesPerStudent)]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
