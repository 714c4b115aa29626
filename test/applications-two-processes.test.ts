/**
 * Capacity with two server processes on one PostgreSQL database (issue 5, item 4): two
 * `src/cli.ts start` processes share the database; 200 confirmations of one offer with 3 places
 * in week 1 are fired at both at once. Exactly 3 succeed, 197 get the French 409, taken = 3.
 * Runs when TEST_DATABASE_URL points at a PostgreSQL server (CI); skipped on the embedded PGlite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.ts';
import { applications, offerWeeks, offers, studentWeeks } from '../src/db/schema/index.ts';
import { loadRace, raceSessions } from './application-fixtures.ts';
import { loadSmallAcademy } from './fixtures.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const CLI = ['--import', 'tsx', 'src/cli.ts', 'start', '--skip-web-build'];

let dbName = '';
let dbUrl = '';
let database: Database;
const children: ChildProcess[] = [];

async function admin(query: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

function startServer(): Promise<string> {
  const env = { ...process.env, DATABASE_URL: dbUrl, PORT: '0', DEMO: 'false', LOG_LEVEL: 'warn' };
  const child = spawn('node', CLI, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serveur pas démarré : ${out}`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /est prêt \([^)]*\) : (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serveur arrêté (${code}) : ${out}`)));
  });
}

describe.skipIf(!serverUrl)('two server processes on one PostgreSQL', () => {
  beforeAll(async () => {
    dbName = `ss_t_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${dbName}`);
    const u = new URL(serverUrl!);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    database = await openDatabase({ url: dbUrl, poolSize: 4 });
    await database.migrate();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await database?.close();
    if (dbName) await admin(`drop database if exists ${dbName} with (force)`);
  });

  it('200 confirmations fired at both: exactly 3 succeed, 197 get the French refusal', async () => {
    const now = new Date();
    const academy = await loadSmallAcademy(database.db);
    const { offerId, apps } = await loadRace(database.db, academy, now);
    const sessions = await raceSessions(database.db, apps, () => now);
    const urls = await Promise.all([startServer(), startServer()]);
    expect(urls[0]).not.toBe(urls[1]);
    const started = performance.now();
    const responses = await Promise.all(
      sessions.map(async (s, i) => {
        const res = await fetch(`${urls[i % 2]}/api/applications/${s.id}/confirm`, {
          method: 'POST',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        });
        return { status: res.status, body: (await res.json()) as { detail?: string; status?: string } };
      }),
    );
    const ms = Math.round(performance.now() - started);
    console.log(`200 confirmations sur deux processus PostgreSQL : ${ms} ms`);
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 409);
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(197);
    for (const r of refused)
      expect(r.body.detail).toBe(
        'Plus aucune place pour la semaine 1 dans cette offre : d’autres élèves ont confirmé avant vous.',
      );
    const [w] = await database.db.select().from(offerWeeks).where(eq(offerWeeks.offerId, offerId));
    expect(w!.taken).toBe(3);
    const [n] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(applications)
      .where(sql`${applications.offerId} = ${offerId} and ${applications.status} = 'confirmed'`);
    expect(n!.n).toBe(3);
    expect(await database.db.select().from(studentWeeks)).toHaveLength(3);
    const [o] = await database.db.select().from(offers).where(eq(offers.id, offerId));
    expect(o!.status).toBe('full');
  }, 180_000);
});
