/**
 * Straight-line distances on the Earth (spherical model, good to a few metres at the scale of a
 * département) and the bounding box used to pre-filter a radius search on btree(lat, lon).
 */

export const EARTH_RADIUS_KM = 6371.0088;

export interface Point {
  readonly lat: number;
  readonly lon: number;
}

export interface BoundingBox {
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLon: number;
  readonly maxLon: number;
}

const RAD = Math.PI / 180;

/** Great-circle distance between two points, in kilometres (haversine formula). */
export function haversineKm(a: Point, b: Point): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * The smallest latitude/longitude box containing every point within radiusKm of the centre
 * (a superset of the disc: filter with the box, then keep haversineKm ≤ radius).
 */
export function boundingBox(center: Point, radiusKm: number): BoundingBox {
  if (!(radiusKm >= 0)) throw new Error(`rayon invalide : ${radiusKm}`);
  const dLat = radiusKm / EARTH_RADIUS_KM / RAD;
  const minLat = Math.max(-90, center.lat - dLat);
  const maxLat = Math.min(90, center.lat + dLat);
  // near a pole the box covers every longitude
  if (maxLat >= 90 || minLat <= -90) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  const ratio = Math.sin(radiusKm / EARTH_RADIUS_KM) / Math.cos(center.lat * RAD);
  if (ratio >= 1) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  const dLon = Math.asin(ratio) / RAD;
  return { minLat, maxLat, minLon: center.lon - dLon, maxLon: center.lon + dLon };
}

export function inBoundingBox(box: BoundingBox, p: Point): boolean {
  return p.lat >= box.minLat && p.lat <= box.maxLat && p.lon >= box.minLon && p.lon <= box.maxLon;
}

/** The point at distanceKm from the start in the direction of bearing (degrees, 0 = north, 90 = east). */
export function destination(start: Point, distanceKm: number, bearingDeg: number): Point {
  const d = distanceKm / EARTH_RADIUS_KM;
  const t = bearingDeg * RAD;
  const lat1 = start.lat * RAD;
  const lon1 = start.lon * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(t));
  const lon2 =
    lon1 +
    Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / RAD, lon: ((lon2 / RAD + 540) % 360) - 180 };
}

/** Rounds coordinates to 6 decimals (about 10 cm), so generated data prints the same everywhere. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
