import { describe, expect, it } from 'vitest';
import { boundingBox, destination, haversineKm, inBoundingBox, roundCoordinate } from './geo.ts';

const RENNES = { lat: 48.1113, lon: -1.68 };
const BREST = { lat: 48.3904, lon: -4.4861 };
const PARIS = { lat: 48.8566, lon: 2.3522 };

describe('haversine distance', () => {
  it('measures known distances between cities', () => {
    expect(haversineKm(RENNES, BREST)).toBeCloseTo(210, -1);
    expect(haversineKm(RENNES, PARIS)).toBeCloseTo(308, -1);
    expect(haversineKm(RENNES, RENNES)).toBe(0);
  });

  it('is symmetric', () => {
    expect(haversineKm(BREST, PARIS)).toBeCloseTo(haversineKm(PARIS, BREST), 9);
  });

  it('handles antipodes and the date line', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 3);
    expect(haversineKm({ lat: 0, lon: 179.9 }, { lat: 0, lon: -179.9 })).toBeCloseTo(22.24, 1);
  });
});

describe('bounding box', () => {
  it('contains every point at the radius, in every direction', () => {
    for (const center of [RENNES, BREST, { lat: 64, lon: -21 }]) {
      const box = boundingBox(center, 20);
      for (let bearing = 0; bearing < 360; bearing += 15) {
        const p = destination(center, 19.999, bearing);
        expect(inBoundingBox(box, p)).toBe(true);
        expect(haversineKm(center, p)).toBeCloseTo(19.999, 6);
      }
      // and not much more: a point 25 km north is outside
      expect(inBoundingBox(box, destination(center, 25, 0))).toBe(false);
    }
  });

  it('covers every longitude near a pole', () => {
    const box = boundingBox({ lat: 89.9, lon: 0 }, 50);
    expect(box.minLon).toBe(-180);
    expect(box.maxLon).toBe(180);
  });

  it('rejects a negative radius', () => {
    expect(() => boundingBox(RENNES, -1)).toThrow(/rayon invalide/);
  });
});

describe('destination', () => {
  it('moves north and east as expected', () => {
    const north = destination(RENNES, 1, 0);
    expect(north.lat).toBeGreaterThan(RENNES.lat);
    expect(north.lon).toBeCloseTo(RENNES.lon, 9);
    const east = destination(RENNES, 1, 90);
    expect(east.lon).toBeGreaterThan(RENNES.lon);
    expect(haversineKm(RENNES, east)).toBeCloseTo(1, 6);
  });

  it('rounds coordinates to six decimals', () => {
    expect(roundCoordinate(48.123456789)).toBe(48.123457);
    expect(roundCoordinate(-1.6800004)).toBe(-1.68);
  });
});
