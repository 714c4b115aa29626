import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { buildTestServer, FIXED_NOW } from './helpers/app.ts';
import { loadSmallAcademy } from './fixtures.ts';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestServer>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(database);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});
beforeEach(async () => {
  await database.truncate();
});

describe('health', () => {
  it('answers 200 when the database answers', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('answers 503 problem+json when the database is unreachable', async () => {
    const other = await createTestDatabase();
    const server = await buildTestServer(other);
    await other.close();
    const res = await server.inject('/api/health');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, title: 'Service indisponible' });
    await server.close();
    await other.destroy();
  });
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3 document describing every route in French', async () => {
    const res = await app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, { summary?: string }>>,
    ).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, summary: op.summary })),
    );
    expect(operations.map((o) => o.path)).toEqual(
      expect.arrayContaining(['/api/health', '/api/public/stats']),
    );
    for (const op of operations) expect(op.summary, `${op.method} ${op.path}`).toMatch(/[a-zé]/);
  });

  it('serves the documentation UI', async () => {
    const res = await app.inject('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('errors', () => {
  it('answers unknown API paths with a JSON 404 in French', async () => {
    const res = await app.inject('/api/nimporte-quoi');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 404,
      title: 'Adresse inconnue',
      instance: '/api/nimporte-quoi',
    });
  });

  it('refuses unknown query parameters with a 400 in French', async () => {
    const res = await app.inject('/api/public/stats?annee=2024');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.title).toBe('Requête invalide');
    expect(body.detail).toMatch(/annee/);
    expect(body.errors[0].field).toBe('annee');
  });

  it('refuses an oversized body with a problem+json, never a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/health',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'a'.repeat(2_000_000) }),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('sets secure headers', async () => {
    const res = await app.inject('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    // the default map tiles (OpenStreetMap) may be shown as images, nothing else from there
    expect(res.headers['content-security-policy']).toMatch(
      /img-src 'self' data: https:\/\/tile\.openstreetmap\.org;/,
    );
  });

  it('gives the configured map tiles, and allows them as images only', async () => {
    const other = await buildTestServer(database, FIXED_NOW, {
      config: { map: { tileUrl: 'https://{s}.tiles.example.fr/{z}/{x}/{y}.png', attribution: '© IGN' } },
    });
    try {
      const res = await other.inject('/api/public/map');
      expect(res.json()).toEqual({
        tileUrl: 'https://{s}.tiles.example.fr/{z}/{x}/{y}.png',
        attribution: '© IGN',
      });
      expect(res.headers['content-security-policy']).toMatch(
        /img-src 'self' data: https:\/\/\*\.tiles\.example\.fr;/,
      );
      expect(res.headers['content-security-policy']).toMatch(/connect-src 'self'(;|$)/);
    } finally {
      await other.close();
    }
  });
});

describe('public stats', () => {
  it('gives the campaign and counts consistent with the database', async () => {
    await loadSmallAcademy(database.db);
    const res = await app.inject('/api/public/stats');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.campaign).toMatchObject({
      schoolYear: '2026-2027',
      academy: { code: '14', name: 'Rennes' },
      weeks: [
        { number: 1, start: '2027-06-14', end: '2027-06-18' },
        { number: 2, start: '2027-06-21', end: '2027-06-25' },
      ],
    });
    // published and full offers count; drafts do not
    expect(body.counts).toEqual({
      lycees: 2,
      students: 4,
      offers: 3,
      placesWeek1: 3,
      placesWeek2: 7,
      hosts: 2,
      publicHostsShare: 0.5,
    });
    expect(body.offersBySector).toEqual([
      { code: 'sante', name: 'Santé', offers: 2, places: 5 },
      { code: 'informatique-et-reseaux', name: 'Informatique et réseaux', offers: 1, places: 5 },
    ]);
  });

  it('answers with empty figures when no campaign exists', async () => {
    const res = await app.inject('/api/public/stats');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ campaign: null, counts: { offers: 0 }, offersBySector: [] });
  });
});
