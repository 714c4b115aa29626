import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { isSeeded, resetDatabase, seedDemo } from '../src/seed/demo.ts';
import { DATA_FILES, DEFAULT_DATA_DIR } from '../src/seed/reference.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

/**
 * A reduced copy of the data (the lycées of Côtes-d'Armor, a few écoles and offers) with broken
 * lines appended: they must be reported with their file and line, and skipped.
 */
function lines(file: string): string[] {
  return readFileSync(join(DEFAULT_DATA_DIR, file), 'utf8').trimEnd().split('\n');
}

function edit(line: string, changes: Record<number, string>): string {
  // the lines edited here have no quoted field
  const fields = line.split(',');
  for (const [i, v] of Object.entries(changes)) fields[Number(i)] = v;
  return fields.join(',');
}

let dir: string;
let database: TestDatabase;
const expectedRejected: { file: string; line: number; reason: string }[] = [];
let keptLycees = 0;
let keptOffers = 0;

function makeDataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'seed-data-'));
  for (const file of Object.values(DATA_FILES)) writeFileSync(join(d, file), `${lines(file).join('\n')}\n`);

  // lycées: those of the 22, then broken lines
  const [lyceeHeader, ...lycees] = lines(DATA_FILES.lycees);
  const kept = lycees.filter((l) => l.split(',').includes("Côtes-d'Armor") && !l.includes('"'));
  keptLycees = kept.length;
  const sample = kept[0]!;
  const broken = [
    [edit(sample, { 0: '' }), 'UAI manquant'],
    [edit(sample, { 0: '0229991A', 14: 'abc' }), `coordonnées invalides (abc ; ${sample.split(',')[15]})`],
    [edit(sample, { 0: '0229992B', 8: '44' }), 'département inconnu dans l’académie : « 44 »'],
    ['0229993C,Lycée tronqué,Public', '3 champ(s) au lieu de 23'],
  ] as const;
  writeFileSync(
    join(d, DATA_FILES.lycees),
    `${[lyceeHeader, ...kept, ...broken.map((b) => b[0])].join('\n')}\n`,
  );
  broken.forEach(([, reason], i) =>
    expectedRejected.push({ file: DATA_FILES.lycees, line: kept.length + 2 + i, reason }),
  );

  // classes: one with a size that is not a number
  const classes = lines(DATA_FILES.classes);
  const someClass = classes.find((l) => l.includes(sample.split(',')[0]!))!;
  writeFileSync(
    join(d, DATA_FILES.classes),
    `${[...classes, edit(someClass, { 2: 'NOUVELLE', 3: 'trente' })].join('\n')}\n`,
  );
  expectedRejected.push({
    file: DATA_FILES.classes,
    line: classes.length + 1,
    reason: 'effectif invalide : « trente »',
  });

  // écoles: the first 40 (no quoted field in them), one without circonscription
  const ecoles = lines(DATA_FILES.ecoles)
    .filter((l, i) => i === 0 || !l.includes('"'))
    .slice(0, 41);
  const ecole = ecoles[1]!;
  writeFileSync(
    join(d, DATA_FILES.ecoles),
    `${[...ecoles, edit(ecole, { 0: '0359990X', 11: '' })].join('\n')}\n`,
  );
  expectedRejected.push({
    file: DATA_FILES.ecoles,
    line: ecoles.length + 1,
    reason: 'circonscription manquante',
  });

  // offers: the first 150, one with an unknown sector, one cut short
  const offers = lines(DATA_FILES.offers).slice(0, 151);
  keptOffers = offers.slice(1).filter((l) => !l.endsWith(',troisieme_or_quatrieme')).length;
  const plain = offers.find((l, i) => i > 0 && !l.includes('"'))!;
  writeFileSync(
    join(d, DATA_FILES.offers),
    `${[...offers, edit(plain, { 0: '999001', 2: 'Astronautique' }), '999002,,Commerce et distribution'].join('\n')}\n`,
  );
  expectedRejected.push(
    { file: DATA_FILES.offers, line: offers.length + 1, reason: 'secteur inconnu : « Astronautique »' },
    { file: DATA_FILES.offers, line: offers.length + 2, reason: '3 champ(s) au lieu de 9' },
  );
  return d;
}

async function count(table: string): Promise<number> {
  const [row] = await rows<{ n: string | number }>(
    database.db,
    sql.raw(`select count(*) as n from "${table}"`),
  );
  return Number(row!.n);
}

beforeAll(async () => {
  dir = makeDataDir();
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('seeding from files with bad lines', () => {
  it('reports each bad line with its file and line number, skips it and imports the rest', async () => {
    const report = await seedDemo(database.db, { seed: 7, today: '2025-11-03', dataDir: dir });
    const sort = (r: { file: string; line: number }[]) =>
      [...r].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    expect(sort(report.rejected)).toEqual(sort(expectedRejected));
    expect(report.lycees).toBe(keptLycees);
    expect(await count('schools')).toBe(keptLycees + 40);
    const [broken] = await rows<{ n: string | number }>(
      database.db,
      sql`select count(*) as n from schools where uai in ('0229991A', '0229992B', '0229993C', '0359990X')`,
    );
    expect(Number(broken!.n)).toBe(0);
    const [nouvelle] = await rows<{ n: string | number }>(
      database.db,
      sql`select count(*) as n from classes where name = 'NOUVELLE'`,
    );
    expect(Number(nouvelle!.n)).toBe(0);
    expect(await count('offers')).toBe(keptOffers);
    expect(report.schoolYear).toBe('2025-2026');
    expect(await count('students')).toBe(report.counts.students);
  });

  it('leaves the database untouched when the seed fails half-way', async () => {
    await resetDatabase(database.db);
    await expect(
      seedDemo(database.db, {
        seed: 7,
        today: '2025-11-03',
        dataDir: dir,
        log: (m) => {
          if (m.startsWith('Élèves')) throw new Error('panne simulée');
        },
      }),
    ).rejects.toThrow('panne simulée');
    expect(await isSeeded(database.db)).toBe(false);
    for (const table of [
      'academies',
      'communes',
      'schools',
      'classes',
      'students',
      'guardians',
      'campaigns',
    ]) {
      expect(await count(table), table).toBe(0);
    }
  });

  it('stops before writing anything when a file cannot be read', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'seed-broken-'));
    try {
      for (const file of Object.values(DATA_FILES))
        writeFileSync(join(broken, file), readFileSync(join(dir, file)));
      writeFileSync(join(broken, DATA_FILES.offers), 'id,siret,secteur\n1,"2,3\n');
      await expect(seedDemo(database.db, { seed: 7, today: '2025-11-03', dataDir: broken })).rejects.toThrow(
        /offres-bretagne\.csv, ligne \d+ : fichier CSV illisible/,
      );
      expect(await count('academies')).toBe(0);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('checks its options', async () => {
    await expect(seedDemo(database.db, { seed: 1.5, today: '2025-11-03' })).rejects.toThrow(
      'graine invalide : 1.5',
    );
    await expect(seedDemo(database.db, { seed: 1, today: '03/11/2025' })).rejects.toThrow(/date invalide/);
  });
});
