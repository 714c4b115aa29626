import type { Db } from '../../db/client.ts';
import { allCommunes } from '../../search/store.ts';
import { buildOfflineGeocoder, type OfflineGeocoder } from './offline.ts';

const cache = new WeakMap<Db, Promise<OfflineGeocoder>>();

/**
 * The offline geocoder (postal code and commune name) built from the communes TABLE of a database,
 * built once per database and kept. Call forgetCommuneGeocoder after the communes change.
 */
export function getCommuneGeocoder(db: Db): Promise<OfflineGeocoder> {
  let geocoder = cache.get(db);
  if (!geocoder) {
    geocoder = allCommunes(db).then((rows) => buildOfflineGeocoder(rows));
    // a failed load is not kept: the next call tries again
    geocoder.catch(() => cache.delete(db));
    cache.set(db, geocoder);
  }
  return geocoder;
}

export function forgetCommuneGeocoder(db: Db): void {
  cache.delete(db);
}
