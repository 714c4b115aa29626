/**
 * Maps of offers (Leaflet): the search's offers as clustered markers, and one offer's place.
 * Markers are L.divIcon (no image to resolve through the bundler). The tile server may be out
 * of reach (no internet in CI): the markers stay, and a notice says the background is missing.
 * Text of the offers goes into the popups as text nodes, never as HTML.
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import L from 'leaflet';
import 'leaflet.markercluster';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { useMapTiles, type MapTiles } from './tiles.ts';
import './map.css';

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  title: string;
  hostName: string;
  placesLeft: number;
}

const offerIcon = L.divIcon({
  className: 'sts-marker',
  html: '<span class="sts-marker__pin"></span>',
  iconSize: [24, 24],
  iconAnchor: [12, 24],
  popupAnchor: [0, -22],
});

const originIcon = L.divIcon({
  className: 'sts-marker sts-marker--origin',
  html: '<span class="sts-marker__origin"></span>',
  iconSize: [20, 20],
  iconAnchor: [10, 10],
});

function clusterIcon(cluster: L.MarkerCluster): L.DivIcon {
  const n = cluster.getChildCount();
  const size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
  // a number only: no text of an offer in this HTML
  return L.divIcon({
    className: `sts-cluster sts-cluster--${size}`,
    html: `<span><span class="fr-sr-only">Groupe de </span>${String(n)}<span class="fr-sr-only"> offres, activer pour zoomer</span></span>`,
    iconSize: [40, 40],
  });
}

function placesText(n: number): string {
  return n === 0 ? 'Complet' : n === 1 ? '1 place restante' : `${n} places restantes`;
}

/** The popup of an offer, built as DOM (the title and host are text, never HTML). */
function popupContent(point: MapPoint, href: string): HTMLElement {
  const root = document.createElement('div');
  root.className = 'sts-popup';
  const title = document.createElement('p');
  title.className = 'sts-popup__title';
  const link = document.createElement('a');
  link.href = href;
  link.textContent = point.title;
  link.dataset.offerLink = 'true';
  title.append(link);
  const host = document.createElement('p');
  host.className = 'sts-popup__host';
  host.textContent = point.hostName;
  const places = document.createElement('p');
  places.className = 'sts-popup__places';
  places.textContent = placesText(point.placesLeft);
  root.append(title, host, places);
  return root;
}

export function addTiles(map: L.Map, tiles: MapTiles | undefined, onError: () => void) {
  if (!tiles) return;
  L.tileLayer(tiles.tileUrl, { attribution: tiles.attribution, maxZoom: 19 })
    .on('tileerror', onError)
    .addTo(map);
}

export function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** No zoom and fade animations for those who asked their system for less motion. */
export function motion(): L.MapOptions {
  return reducedMotion() ? { zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false } : {};
}

/** Leaflet's French texts (zoom buttons, attribution prefix). */
export function frenchControls(map: L.Map) {
  map.attributionControl.setPrefix(false);
  map.zoomControl.remove();
  L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
}

export function TileNotice({ failed, what }: { failed: boolean; what: string }) {
  return (
    <p className="fr-text--sm fr-mb-1w sts-map__notice" role="status">
      {failed ? `Le fond de carte n’a pas pu être chargé ; ${what}.` : ''}
    </p>
  );
}

interface OffersMapProps {
  points: MapPoint[];
  origin: { lat: number; lon: number } | null;
  radiusKm: number;
  /** the address of an offer's page (with what the search page needs to come back) */
  offerHref: (id: string) => string;
  /** the history state given to the offer page (the search to come back to) */
  linkState?: unknown;
  /** the accessible name of the map */
  label: string;
}

/** The search's offers on a map: clustered markers, the starting point and the radius. */
export function OffersMap({ points, origin, radiusKm, offerHref, linkState, label }: OffersMapProps) {
  const element = useRef<HTMLDivElement>(null);
  const tiles = useMapTiles();
  const navigate = useNavigate();
  const [tileFailed, setTileFailed] = useState(false);
  const ready = !tiles.isPending;

  useEffect(() => {
    if (!ready || !element.current) return;
    const map = L.map(element.current, { scrollWheelZoom: false, ...motion() });
    frenchControls(map);
    addTiles(map, tiles.data, () => setTileFailed(true));

    const cluster = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      chunkedLoading: true,
      animate: !reducedMotion(),
    });
    for (const p of points) {
      L.marker([p.lat, p.lon], { icon: offerIcon, title: `${p.title} (${p.hostName})` })
        .bindPopup(() => popupContent(p, offerHref(p.id)))
        .addTo(cluster);
    }
    cluster.addTo(map);

    if (origin) {
      const circle = L.circle([origin.lat, origin.lon], {
        radius: radiusKm * 1000,
        color: '#000091',
        weight: 2,
        dashArray: '6 6',
        fill: false,
        interactive: false,
      }).addTo(map);
      L.marker([origin.lat, origin.lon], {
        icon: originIcon,
        title: 'Point de départ de la recherche',
        keyboard: false,
        interactive: false,
        // above the groups of offers
        zIndexOffset: 1000,
      }).addTo(map);
      // the circle's bounds need a map with a view: set one, then fit
      map.setView([origin.lat, origin.lon], 10);
      map.fitBounds(circle.getBounds(), { padding: [10, 10] });
    } else if (points.length > 0) {
      map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])), {
        padding: [20, 20],
        maxZoom: 14,
      });
    } else {
      // Bretagne
      map.setView([48.2, -2.9], 8);
    }
    return () => {
      map.remove();
    };
  }, [ready, tiles.data, points, origin, radiusKm, offerHref]);

  // links of the popups: navigate inside the application instead of reloading the page
  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[data-offer-link]');
      if (!(link instanceof HTMLAnchorElement) || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      void navigate(link.getAttribute('href') ?? '/', { state: linkState });
    };
    el.addEventListener('click', onClick);
    return () => el.removeEventListener('click', onClick);
  }, [navigate, linkState]);

  return (
    <div className="sts-map">
      <TileNotice failed={tileFailed || tiles.isError} what="les offres restent placées sur la carte" />
      <div ref={element} className="sts-map__canvas" role="region" aria-label={label} />
    </div>
  );
}

/** One offer's place: a small map with its marker. */
export function OfferPlaceMap({ lat, lon, label }: { lat: number; lon: number; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const tiles = useMapTiles();
  const [tileFailed, setTileFailed] = useState(false);
  const ready = !tiles.isPending;

  useEffect(() => {
    if (!ready || !element.current) return;
    const map = L.map(element.current, { scrollWheelZoom: false, ...motion() }).setView([lat, lon], 14);
    frenchControls(map);
    addTiles(map, tiles.data, () => setTileFailed(true));
    L.marker([lat, lon], { icon: offerIcon, title: label, keyboard: false, interactive: false }).addTo(map);
    return () => {
      map.remove();
    };
  }, [ready, tiles.data, lat, lon, label]);

  return (
    <div className="sts-map sts-map--small">
      <TileNotice failed={tileFailed || tiles.isError} what="le lieu du stage reste marqué" />
      <div ref={element} className="sts-map__canvas" role="region" aria-label={label} />
    </div>
  );
}
