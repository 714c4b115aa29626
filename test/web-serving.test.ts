import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server.ts';

const dist = mkdtempSync(join(tmpdir(), 'ss-web-'));
let app: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Stages de seconde</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  app = await buildServer({
    config: { bodyLimit: 1_048_576, publicUrl: 'http://localhost:3000', demo: true },
    database: { ping: async () => undefined } as never,
    clock: () => new Date(),
    webDist: dist,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('web app serving', () => {
  it('serves the built app at /', async () => {
    const res = await app.inject('/');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toMatch(/Stages de seconde/);
  });

  it('serves its assets', async () => {
    const res = await app.inject('/assets/app.js');
    expect(res.statusCode).toBe(200);
  });

  it('falls back to index.html for client routes', async () => {
    const res = await app.inject('/mentions-legales');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/Stages de seconde/);
  });

  it('answers a missing file with 404, and unknown API paths with JSON', async () => {
    expect((await app.inject('/assets/absent.js')).statusCode).toBe(404);
    const api = await app.inject('/api/absent');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('web app caching', () => {
  it('caches hashed assets for a year and revalidates index.html', async () => {
    expect((await app.inject('/assets/app.js')).headers['cache-control']).toMatch(/immutable/);
    expect((await app.inject('/')).headers['cache-control']).toBe('no-cache');
  });

  it('serves a file added after start (a rebuild while running)', async () => {
    writeFileSync(join(dist, 'assets', 'new.js'), 'console.log(2)');
    expect((await app.inject('/assets/new.js')).statusCode).toBe(200);
  });
});
