/** Reads and bulk writes of the offers' CSV import. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  campaigns,
  departements,
  hosts,
  offerReservations,
  offerWeeks,
  offers,
  schools,
  sectors,
} from '../db/schema/index.ts';
import { insertBatched } from '../seed/insert.ts';

export async function allSectors(db: Db): Promise<{ code: string; name: string }[]> {
  return db.select({ code: sectors.code, name: sectors.name }).from(sectors);
}

export async function allLyceeUais(db: Db): Promise<Set<string>> {
  const rows = await db.select({ uai: schools.uai }).from(schools).where(eq(schools.kind, 'lycee'));
  return new Set(rows.map((r) => r.uai));
}

export async function departementAcademies(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .select({ code: departements.code, academyCode: departements.academyCode })
    .from(departements);
  return new Map(rows.map((r) => [r.code, r.academyCode]));
}

export async function campaignsOfYear(db: Db, schoolYear: string) {
  return db.select().from(campaigns).where(eq(campaigns.schoolYear, schoolYear));
}

/** A host by id, or by SIRET (the command line accepts both). */
export async function findHostByIdOrSiret(db: Db, key: string) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  const [h] = await db
    .select({ id: hosts.id, name: hosts.name })
    .from(hosts)
    .where(uuid ? eq(hosts.id, key) : eq(hosts.siret, key.replace(/\s+/g, '')));
  return h;
}

export type NewOffer = typeof offers.$inferInsert & { id: string };

/** Rows per statement of the bulk insert. */
export const IMPORT_CHUNK = 1_000;

/**
 * Inserts offers with their weeks and reservations in one transaction, a multi-row statement per
 * chunk and table (json_populate_recordset, see src/seed/insert.ts): all or nothing.
 */
export async function insertImportedOffers(
  db: Db,
  rows: readonly {
    offer: NewOffer;
    weeks: readonly { week: number; places: number }[];
    reservedTo: readonly string[];
  }[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
      const chunk = rows.slice(i, i + IMPORT_CHUNK);
      await insertBatched(
        t,
        offers,
        chunk.map((r) => r.offer),
        IMPORT_CHUNK,
      );
      await insertBatched(
        t,
        offerWeeks,
        chunk.flatMap((r) => r.weeks.map((w) => ({ offerId: r.offer.id, week: w.week, places: w.places }))),
        IMPORT_CHUNK * 2,
      );
      const reservations = chunk.flatMap((r) =>
        r.reservedTo.map((schoolUai) => ({ offerId: r.offer.id, schoolUai })),
      );
      if (reservations.length > 0) await insertBatched(t, offerReservations, reservations, 5_000);
    }
  });
}
