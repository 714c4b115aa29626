/**
 * Address geocoding: the Base Adresse Nationale's search API (https://api-adresse.data.gouv.fr/search/,
 * or the URL of GEOCODER_URL) when configured, else, or when it fails, is slow or unsure, the
 * offline geocoder (centre of the commune found by postal code and name).
 */
import { z } from 'zod';
import type { OfflineGeocoder } from './offline.ts';

export interface AddressLocation {
  lat: number;
  lon: number;
  /** BAN's score (0–1); offline: 0.9 postal code and name agree, 0.6 postal code alone, 0.5 name alone */
  score: number;
  label: string;
  /** "ban", or the offline method */
  method: 'ban' | 'postal_code_name' | 'postal_code' | 'name';
  insee: string | null;
  postalCode: string | null;
}

export interface AddressGeocoder {
  geocodeAddress(
    address: string | null,
    postalCode: string | null,
    commune: string | null,
  ): Promise<AddressLocation | null>;
}

export interface BanOptions {
  /** the search endpoint, e.g. https://api-adresse.data.gouv.fr/search/ */
  url?: string | undefined;
  /** the fallback, and the only geocoder without url */
  offline: () => Promise<OfflineGeocoder>;
  timeoutMs?: number;
  /** BAN answers under this score are not trusted (the offline geocoder decides) */
  minScore?: number;
  fetch?: typeof fetch;
}

/** The part of BAN's GeoJSON answer we read. */
const banAnswer = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      geometry: z.object({ coordinates: z.tuple([z.number(), z.number()]).rest(z.number()) }),
      properties: z.object({
        score: z.number(),
        label: z.string(),
        postcode: z.string().optional(),
        citycode: z.string().optional(),
      }),
    }),
  ),
});

const OFFLINE_SCORE = { postal_code_name: 0.9, postal_code: 0.6, name: 0.5 } as const;

export function createAddressGeocoder(options: BanOptions): AddressGeocoder {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const minScore = options.minScore ?? 0.5;
  const doFetch = options.fetch ?? fetch;

  async function ban(address: string, postalCode: string | null, commune: string | null) {
    if (!options.url) return null;
    const url = new URL(options.url);
    url.searchParams.set('q', [address, postalCode, commune].filter(Boolean).join(' ').slice(0, 200));
    url.searchParams.set('limit', '1');
    if (postalCode && /^\d{5}$/.test(postalCode)) url.searchParams.set('postcode', postalCode);
    try {
      const res = await doFetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!res.ok) return null;
      const parsed = banAnswer.safeParse(await res.json());
      const best = parsed.success ? parsed.data.features[0] : undefined;
      if (!best || best.properties.score < minScore) return null;
      const [lon, lat] = best.geometry.coordinates;
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
      return {
        lat,
        lon,
        score: best.properties.score,
        label: best.properties.label,
        method: 'ban' as const,
        insee: best.properties.citycode ?? null,
        postalCode: best.properties.postcode ?? null,
      };
    } catch {
      // timeout, refused connection, invalid JSON: the offline geocoder answers
      return null;
    }
  }

  return {
    async geocodeAddress(address, postalCode, commune) {
      const street = address?.trim() ?? '';
      if (street !== '') {
        const found = await ban(street, postalCode?.trim() || null, commune?.trim() || null);
        if (found) return found;
      }
      const offline = (await options.offline()).locate(postalCode, commune);
      if (!offline.placed) return null;
      return {
        lat: offline.lat,
        lon: offline.lon,
        score: OFFLINE_SCORE[offline.method],
        label: `${offline.postalCode} ${offline.communeName}`,
        method: offline.method,
        insee: offline.insee,
        postalCode: offline.postalCode,
      };
    },
  };
}
