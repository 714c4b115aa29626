/**
 * Geocoding (issue 4, item 4): the offline geocoder built from the communes table, tricky names,
 * and the Base Adresse Nationale adapter against a local fake server answering in BAN's format.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { communes } from '../src/db/schema/index.ts';
import { createAddressGeocoder } from '../src/infra/geocoding/ban.ts';
import { forgetCommuneGeocoder, getCommuneGeocoder } from '../src/infra/geocoding/communes.ts';
import { loadReferenceData } from '../src/seed/reference.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const rows = loadReferenceData().communes;
  for (let i = 0; i < rows.length; i += 1000)
    await database.db.insert(communes).values(rows.slice(i, i + 1000));
});
afterAll(async () => {
  await database.destroy();
});

describe('offline geocoder from the communes table', () => {
  it('is built once per database', async () => {
    const g = await getCommuneGeocoder(database.db);
    expect(g.size).toBeGreaterThan(1000);
    expect(await getCommuneGeocoder(database.db)).toBe(g);
    forgetCommuneGeocoder(database.db);
    expect(await getCommuneGeocoder(database.db)).not.toBe(g);
  });

  it.each([
    ['35400', 'St Malo', 'Saint-Malo'],
    ['35400', 'SAINT-MALO', 'Saint-Malo'],
    ['22000', 'SAINT-BRIEUC CEDEX 1', 'Saint-Brieuc'],
    ['35044', 'RENNES CEDEX', 'Rennes'],
    ['35743', 'PACE Cédex', 'Pacé'],
    ['29500', 'ERGUE GABERIC', 'Ergué-Gabéric'],
    ['35500', "ST M'HERVE", "Saint-M'Hervé"],
    ['35460', 'Antrain', 'Val-Couesnon'],
    ['22300', 'Lanion', 'Lannion'],
  ])('(%s, %s) → %s', async (postalCode, name, communeName) => {
    const r = (await getCommuneGeocoder(database.db)).locate(postalCode, name);
    expect(r).toMatchObject({ placed: true, communeName });
  });
});

interface Fake {
  server: Server;
  url: string;
  requests: URL[];
  /** what the next requests get */
  mode: 'ok' | 'low' | 'empty' | 'error' | 'slow' | 'garbage';
}
const fake: Fake = { server: createServer(), url: '', requests: [], mode: 'ok' };

beforeAll(async () => {
  fake.server.on('request', (req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    fake.requests.push(url);
    const feature = (score: number) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [-1.674881, 48.107312] },
      properties: {
        label: '12 Rue de la Gare 35000 Rennes',
        score,
        housenumber: '12',
        id: '35238_3500_00012',
        name: '12 Rue de la Gare',
        postcode: '35000',
        citycode: '35238',
        x: 352000.1,
        y: 6788000.2,
        city: 'Rennes',
        context: '35, Ille-et-Vilaine, Bretagne',
        type: 'housenumber',
        importance: 0.7,
        street: 'Rue de la Gare',
      },
    });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const collection = (features: unknown[]) => ({
      type: 'FeatureCollection',
      version: 'draft',
      features,
      attribution: 'BAN',
      licence: 'ETALAB-2.0',
      query: url.searchParams.get('q'),
      limit: 1,
    });
    if (fake.mode === 'ok') send(200, collection([feature(0.97)]));
    else if (fake.mode === 'low') send(200, collection([feature(0.21)]));
    else if (fake.mode === 'empty') send(200, collection([]));
    else if (fake.mode === 'error') send(503, { code: 503, message: 'indisponible' });
    else if (fake.mode === 'garbage') send(200, '<html>pas du JSON</html>');
    else setTimeout(() => send(200, collection([feature(0.97)])), 5_000);
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/search/`;
});
afterAll(async () => {
  fake.server.closeAllConnections();
  await new Promise((resolve) => fake.server.close(resolve));
});
beforeEach(() => {
  fake.requests = [];
  fake.mode = 'ok';
});

describe('Base Adresse Nationale adapter', () => {
  const geocoder = () =>
    createAddressGeocoder({
      url: fake.url,
      offline: () => getCommuneGeocoder(database.db),
      // generous for a loaded CI machine; the slow fake answers far later (5 s)
      timeoutMs: 1_000,
    });

  it('places an address with BAN’s answer ([lon, lat], score, label)', async () => {
    const r = await geocoder().geocodeAddress('12 rue de la Gare', '35000', 'Rennes');
    expect(r).toEqual({
      lat: 48.107312,
      lon: -1.674881,
      score: 0.97,
      label: '12 Rue de la Gare 35000 Rennes',
      method: 'ban',
      insee: '35238',
      postalCode: '35000',
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.pathname).toBe('/search/');
    expect(fake.requests[0]!.searchParams.get('q')).toBe('12 rue de la Gare 35000 Rennes');
    expect(fake.requests[0]!.searchParams.get('postcode')).toBe('35000');
    expect(fake.requests[0]!.searchParams.get('limit')).toBe('1');
  });

  it.each(['low', 'empty', 'error', 'garbage', 'slow'] as const)(
    'falls back to the commune centre when BAN answers %s',
    async (mode) => {
      fake.mode = mode;
      const started = Date.now();
      const r = await geocoder().geocodeAddress('12 rue de la Gare', '35400', 'St Malo');
      expect(r).toMatchObject({
        method: 'postal_code_name',
        insee: '35288',
        label: '35400 Saint-Malo',
        score: 0.9,
      });
      // the slow answer (5 s) was not awaited: the fallback came after the timeout
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(fake.requests).toHaveLength(1);
    },
  );

  it('falls back when the server cannot be reached', async () => {
    const r = await createAddressGeocoder({
      url: 'http://127.0.0.1:9/search/',
      offline: () => getCommuneGeocoder(database.db),
      timeoutMs: 200,
    }).geocodeAddress('1 place de la Mairie', '29500', 'ERGUE GABERIC');
    expect(r).toMatchObject({ method: 'postal_code_name', insee: '29051' });
  });

  it('uses the offline geocoder alone without GEOCODER_URL, and answers null for a place it cannot find', async () => {
    const offline = createAddressGeocoder({ offline: () => getCommuneGeocoder(database.db) });
    expect(await offline.geocodeAddress('3 rue X', '35044', 'RENNES CEDEX')).toMatchObject({
      method: 'name',
      insee: '35238',
    });
    expect(await offline.geocodeAddress('3 rue X', '35999', 'Nulle-Part-sur-Mer')).toBeNull();
    expect(fake.requests).toHaveLength(0);
  });
});
