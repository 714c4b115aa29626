/**
 * Throughput of the demo seed (académie de Rennes): seeds a fresh PGlite in memory, a fresh
 * PGlite on disk (as `npm start` does) and a fresh PostgreSQL database (created on the server of
 * --database-url, dropped afterwards) and prints the time and rows per second of each.
 *
 *   npx tsx bench/seed-throughput.ts [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *       [--seed N] [--runs 3]
 *
 * Without --database-url (nor TEST_DATABASE_URL), only PGlite is measured.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.ts';
import { seedDemo, type SeedReport } from '../src/seed/demo.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    today: { type: 'string', default: '2026-01-20' },
  },
  strict: true,
});
const serverUrl = values['database-url'] ?? process.env.TEST_DATABASE_URL;
const seed = Number(values.seed);
const runs = Math.max(1, Number(values.runs));
const fr = new Intl.NumberFormat('fr-FR');
const seconds = (ms: number): string =>
  new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ms / 1000);

type Kind = 'pglite' | 'pglite-disk' | 'postgres';
const LABELS: Record<Kind, string> = {
  pglite: 'PGlite en mémoire',
  'pglite-disk': 'PGlite sur disque',
  postgres: 'PostgreSQL',
};

async function withAdmin<T>(url: string, f: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

async function once(kind: Kind): Promise<SeedReport> {
  let database: Database;
  let drop: string | undefined;
  let dir: string | undefined;
  if (kind === 'postgres') {
    drop = `ss_seed_${randomBytes(5).toString('hex')}`;
    await withAdmin(serverUrl!, (c) => c.query(`create database ${drop}`));
    const u = new URL(serverUrl!);
    u.pathname = `/${drop}`;
    database = await openDatabase({ url: u.toString() });
  } else if (kind === 'pglite-disk') {
    dir = mkdtempSync(join(tmpdir(), 'ss-seed-'));
    database = await openDatabase({ pgliteDir: dir });
  } else {
    database = await openDatabase({});
  }
  try {
    await database.migrate();
    return await seedDemo(database.db, { seed, today: values.today });
  } finally {
    await database.close();
    if (drop) await withAdmin(serverUrl!, (c) => c.query(`drop database if exists ${drop} with (force)`));
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const kinds: Kind[] = serverUrl ? ['pglite', 'pglite-disk', 'postgres'] : ['pglite', 'pglite-disk'];
console.log(`Graine de démonstration ${seed}, ${runs} exécution(s) par base, Node ${process.version}`);
for (const kind of kinds) {
  const reports: SeedReport[] = [];
  for (let i = 0; i < runs; i++) reports.push(await once(kind));
  const best = reports.reduce((a, b) => (a.durationMs <= b.durationMs ? a : b));
  const median = [...reports].sort((a, b) => a.durationMs - b.durationMs)[Math.floor(reports.length / 2)]!;
  console.log(
    `${LABELS[kind].padEnd(18)} : ${fr.format(best.rows)} lignes ; médiane ${seconds(median.durationMs)} s (${fr.format(
      median.rowsPerSecond,
    )} lignes/s), meilleure ${seconds(best.durationMs)} s (${fr.format(best.rowsPerSecond)} lignes/s)`,
  );
}
const last = await once('pglite');
const p = last.offersPlaced;
console.log(
  `Offres placées : ${fr.format(p.postal_code_name)} par code postal et nom, ${fr.format(p.postal_code)} par code postal, ${fr.format(
    p.name,
  )} par nom, ${fr.format(last.offersNotPlaced.length)} non placées (sur ${fr.format(last.counts.offers)})`,
);
