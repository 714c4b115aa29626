/**
 * A small map to place an offer's pin (Leaflet): drag the marker, or click the map, to move it.
 * The keyboard alternative lives beside it in the form (latitude and longitude fields, "use the
 * commune's centre"). The tile server may be out of reach (no internet in CI): the pin still
 * moves on a grey background, and a notice says the background is missing.
 */
import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useMapTiles } from './tiles.ts';
import './pin-picker.css';

const pinIcon = L.divIcon({
  className: 'sts-pin',
  html: '<span class="sts-pin__head"></span>',
  iconSize: [28, 28],
  iconAnchor: [14, 28],
});

/** Bretagne, when no place is known yet. */
const DEFAULT_VIEW: [number, number] = [48.2, -2.9];

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

export interface PinPickerProps {
  lat: number | null;
  lon: number | null;
  /** the pin was dragged or the map clicked (coordinates rounded to about a metre) */
  onMove: (lat: number, lon: number) => void;
  /** accessible name of the map */
  label: string;
}

export function PinPicker({ lat, lon, onMove, label }: PinPickerProps) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const move = useRef(onMove);
  move.current = onMove;
  const tiles = useMapTiles();
  const [tileFailed, setTileFailed] = useState(false);
  const ready = !tiles.isPending;

  useEffect(() => {
    if (!ready || !element.current) return;
    const m = L.map(element.current, { scrollWheelZoom: false, keyboard: false });
    m.attributionControl.setPrefix(false);
    m.zoomControl.remove();
    L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(m);
    if (tiles.data)
      L.tileLayer(tiles.data.tileUrl, { attribution: tiles.data.attribution, maxZoom: 19 })
        .on('tileerror', () => setTileFailed(true))
        .addTo(m);
    m.setView(DEFAULT_VIEW, 7);
    m.on('click', (e: L.LeafletMouseEvent) => move.current(round(e.latlng.lat), round(e.latlng.lng)));
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
      marker.current = null;
    };
  }, [ready, tiles.data]);

  // the pin follows the coordinates of the form
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (lat === null || lon === null) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (!marker.current) {
      marker.current = L.marker([lat, lon], {
        icon: pinIcon,
        draggable: true,
        keyboard: false,
        title: 'Épingle du lieu du stage (à faire glisser)',
      })
        .on('dragend', (e) => {
          const at = (e.target as L.Marker).getLatLng();
          move.current(round(at.lat), round(at.lng));
        })
        .addTo(m);
      m.setView([lat, lon], 15);
    } else {
      marker.current.setLatLng([lat, lon]);
      if (!m.getBounds().contains([lat, lon])) m.panTo([lat, lon]);
    }
  }, [lat, lon, ready, tiles.data]);

  return (
    <div className="sts-pin-picker">
      <p className="fr-text--sm fr-mb-1w" role="status">
        {tileFailed || tiles.isError
          ? 'Le fond de carte n’a pas pu être chargé ; l’épingle se déplace toujours.'
          : ''}
      </p>
      <div ref={element} className="sts-pin-picker__canvas" role="region" aria-label={label} />
    </div>
  );
}
