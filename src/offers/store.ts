import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  academicServices,
  campaigns,
  circonscriptions,
  departements,
  hosts,
  memberships,
  offerFlags,
  offerReservations,
  offerWeeks,
  offers,
  schools,
  sectors,
  students,
  users,
} from '../db/schema/index.ts';

export type OfferRow = typeof offers.$inferSelect;
export type OfferInsert = typeof offers.$inferInsert;
export type WeekRow = { week: number; places: number; taken: number };

/** An offer with what locating and showing it needs: weeks, reservations, host, académie. */
export interface OfferRecord {
  offer: OfferRow;
  weeks: WeekRow[];
  reservedTo: string[];
  host: { id: string; name: string; isPublic: boolean; publicEmployerGroup: string | null };
  academyCode: string;
  /** the école's circonscription (école channel) */
  circonscriptionId: string | null;
  /** département of the place, of the school or of the service */
  departementCode: string | null;
}

export async function findOffer(db: Db, id: string): Promise<OfferRecord | undefined> {
  const [row] = await db
    .select({
      offer: offers,
      host: {
        id: hosts.id,
        name: hosts.name,
        isPublic: hosts.isPublic,
        publicEmployerGroup: hosts.publicEmployerGroup,
      },
      academyCode: campaigns.academyCode,
      circonscriptionId: schools.circonscriptionId,
      schoolDepartement: schools.departementCode,
      serviceDepartement: academicServices.departementCode,
    })
    .from(offers)
    .innerJoin(hosts, eq(hosts.id, offers.hostId))
    .innerJoin(campaigns, eq(campaigns.id, offers.campaignId))
    .leftJoin(schools, eq(schools.uai, offers.schoolUai))
    .leftJoin(academicServices, eq(academicServices.uai, offers.serviceUai))
    .where(eq(offers.id, id));
  if (!row) return undefined;
  const [weeks, reserved] = await Promise.all([
    db
      .select({ week: offerWeeks.week, places: offerWeeks.places, taken: offerWeeks.taken })
      .from(offerWeeks)
      .where(eq(offerWeeks.offerId, id))
      .orderBy(asc(offerWeeks.week)),
    db
      .select({ uai: offerReservations.schoolUai })
      .from(offerReservations)
      .where(eq(offerReservations.offerId, id)),
  ]);
  const placeDepartement = row.offer.communeInsee ? departementOfInseeCode(row.offer.communeInsee) : null;
  return {
    offer: row.offer,
    weeks,
    reservedTo: reserved.map((r) => r.uai).sort(),
    host: row.host,
    academyCode: row.academyCode,
    circonscriptionId: row.circonscriptionId ?? null,
    departementCode: row.schoolDepartement ?? row.serviceDepartement ?? placeDepartement,
  };
}

function departementOfInseeCode(insee: string): string {
  if (insee.startsWith('97')) return insee.slice(0, 3);
  return insee.slice(0, 2);
}

/** Inserts or updates an offer, its weeks and its reservations in one transaction. */
export async function saveOffer(
  db: Db,
  input: {
    id?: string;
    values: Partial<OfferInsert>;
    weeks?: { week: number; places: number }[];
    reservedTo?: string[];
    newHost?: typeof hosts.$inferInsert;
  },
): Promise<string> {
  return db.transaction(async (tx) => {
    let id = input.id;
    const values = { ...input.values };
    if (input.newHost) {
      const [h] = await tx.insert(hosts).values(input.newHost).returning({ id: hosts.id });
      values.hostId = h!.id;
    }
    if (id === undefined) {
      const [o] = await tx
        .insert(offers)
        .values(values as OfferInsert)
        .returning({ id: offers.id });
      id = o!.id;
    } else if (Object.keys(values).length > 0) {
      await tx.update(offers).set(values).where(eq(offers.id, id));
    }
    if (input.weeks) {
      const keep = input.weeks.map((w) => w.week);
      await tx
        .delete(offerWeeks)
        .where(
          and(
            eq(offerWeeks.offerId, id),
            keep.length > 0 ? sql`${offerWeeks.week} not in ${keep}` : sql`true`,
          ),
        );
      for (const w of input.weeks) {
        await tx
          .insert(offerWeeks)
          .values({ offerId: id, week: w.week, places: w.places })
          .onConflictDoUpdate({
            target: [offerWeeks.offerId, offerWeeks.week],
            set: { places: w.places },
          });
      }
    }
    if (input.reservedTo) {
      await tx.delete(offerReservations).where(eq(offerReservations.offerId, id));
      if (input.reservedTo.length > 0)
        await tx
          .insert(offerReservations)
          .values(input.reservedTo.map((schoolUai) => ({ offerId: id, schoolUai })));
    }
    return id;
  });
}

/**
 * Moves an offer from one status to another, only if it is still in `from` (two concurrent
 * events cannot both apply). Returns false when the status changed meanwhile.
 */
export async function setStatus(
  db: Db,
  id: string,
  from: OfferRow['status'],
  values: Partial<OfferInsert> & { status: OfferRow['status'] },
): Promise<boolean> {
  const done = await db
    .update(offers)
    .set(values)
    .where(and(eq(offers.id, id), eq(offers.status, from)))
    .returning({ id: offers.id });
  return done.length === 1;
}

export async function sectorExists(db: Db, code: string): Promise<boolean> {
  const [s] = await db.select({ code: sectors.code }).from(sectors).where(eq(sectors.code, code));
  return s !== undefined;
}

export async function knownSchools(db: Db, uais: string[]): Promise<string[]> {
  if (uais.length === 0) return [];
  const found = await db
    .select({ uai: schools.uai })
    .from(schools)
    .where(and(inArray(schools.uai, uais), eq(schools.kind, 'lycee')));
  return found.map((s) => s.uai);
}

export async function findSchool(db: Db, uai: string) {
  const [s] = await db.select().from(schools).where(eq(schools.uai, uai));
  return s;
}

export async function findService(db: Db, uai: string) {
  const [s] = await db.select().from(academicServices).where(eq(academicServices.uai, uai));
  return s;
}

export async function academyOfDepartement(db: Db, code: string): Promise<string | undefined> {
  const [d] = await db
    .select({ academyCode: departements.academyCode })
    .from(departements)
    .where(eq(departements.code, code));
  return d?.academyCode;
}

/** The host row that already stands for a school or an academic service (created with its first offer). */
export async function hostOfChannel(
  db: Db,
  where: { schoolUai: string } | { serviceUai: string },
): Promise<string | undefined> {
  const [o] = await db
    .select({ hostId: offers.hostId })
    .from(offers)
    .where(
      'schoolUai' in where ? eq(offers.schoolUai, where.schoolUai) : eq(offers.serviceUai, where.serviceUai),
    )
    .limit(1);
  return o?.hostId;
}

/** The lycées of the students a principal is (a student account). */
export async function schoolsOfStudents(db: Db, studentIds: readonly string[]): Promise<string[]> {
  if (studentIds.length === 0) return [];
  const rows = await db
    .select({ uai: students.schoolUai })
    .from(students)
    .where(inArray(students.id, [...studentIds]));
  return rows.map((r) => r.uai);
}

/** List rows of offers with their weeks, for dashboards. */
async function withWeeks(db: Db, list: OfferRow[]) {
  if (list.length === 0) return [];
  const weeks = await db
    .select()
    .from(offerWeeks)
    .where(
      inArray(
        offerWeeks.offerId,
        list.map((o) => o.id),
      ),
    )
    .orderBy(asc(offerWeeks.week));
  return list.map((o) => ({ offer: o, weeks: weeks.filter((w) => w.offerId === o.id) }));
}

export async function offersOfHost(db: Db, hostId: string) {
  const list = await db
    .select()
    .from(offers)
    .where(eq(offers.hostId, hostId))
    .orderBy(asc(offers.createdAt), asc(offers.id));
  return withWeeks(db, list);
}

export async function offersOfSchool(db: Db, uai: string) {
  const list = await db
    .select()
    .from(offers)
    .where(eq(offers.schoolUai, uai))
    .orderBy(asc(offers.createdAt), asc(offers.id));
  return withWeeks(db, list);
}

/** Submitted offers of the écoles of a circonscription, oldest submission first. */
export async function submittedInCirconscription(db: Db, circonscriptionId: string) {
  const list = await db
    .select({ offer: offers, schoolName: schools.name })
    .from(offers)
    .innerJoin(schools, eq(schools.uai, offers.schoolUai))
    .where(and(eq(offers.status, 'submitted'), eq(schools.circonscriptionId, circonscriptionId)))
    .orderBy(asc(offers.submittedAt), asc(offers.id));
  const w = await withWeeks(
    db,
    list.map((l) => l.offer),
  );
  return w.map((x, i) => ({ ...x, schoolName: list[i]!.schoolName }));
}

export async function circonscriptionExists(db: Db, id: string): Promise<boolean> {
  const [c] = await db
    .select({ id: circonscriptions.id })
    .from(circonscriptions)
    .where(eq(circonscriptions.id, id));
  return c !== undefined;
}

export async function insertFlag(db: Db, row: typeof offerFlags.$inferInsert) {
  const [f] = await db.insert(offerFlags).values(row).returning();
  return f!;
}

/**
 * Open flags, oldest first, of the offers of an académie (or all académies); with `resolved`, the
 * resolved ones instead, most recently resolved first.
 */
export async function openFlags(db: Db, academyCode: string | null, resolved = false) {
  return db
    .select({
      flag: offerFlags,
      offerTitle: offers.title,
      offerStatus: offers.status,
      hostName: hosts.name,
      academyCode: campaigns.academyCode,
    })
    .from(offerFlags)
    .innerJoin(offers, eq(offers.id, offerFlags.offerId))
    .innerJoin(hosts, eq(hosts.id, offers.hostId))
    .innerJoin(campaigns, eq(campaigns.id, offers.campaignId))
    .where(
      and(
        resolved ? isNotNull(offerFlags.resolvedAt) : isNull(offerFlags.resolvedAt),
        academyCode === null ? sql`true` : eq(campaigns.academyCode, academyCode),
      ),
    )
    .orderBy(
      ...(resolved
        ? [desc(offerFlags.resolvedAt), desc(offerFlags.createdAt), asc(offerFlags.id)]
        : [asc(offerFlags.createdAt), asc(offerFlags.id)]),
    )
    .limit(500);
}

export async function findFlag(db: Db, id: string) {
  const [f] = await db.select().from(offerFlags).where(eq(offerFlags.id, id));
  return f;
}

/** Resolves an open flag (and the other open flags of the same offer when it is unpublished). */
export async function resolveFlags(
  db: Db,
  where: { id: string } | { offerId: string },
  values: { resolvedAt: Date; resolvedBy: string; resolution: string },
): Promise<number> {
  const done = await db
    .update(offerFlags)
    .set(values)
    .where(
      and(
        'id' in where ? eq(offerFlags.id, where.id) : eq(offerFlags.offerId, where.offerId),
        isNull(offerFlags.resolvedAt),
      ),
    )
    .returning({ id: offerFlags.id });
  return done.length;
}

/** E-mail addresses of a host's members, to tell them about their offer. */
export async function hostMemberEmails(db: Db, hostId: string) {
  return db
    .selectDistinct({ email: users.email, firstName: users.firstName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.hostId, hostId), eq(memberships.role, 'host_member')));
}

export async function findHostProfile(db: Db, id: string) {
  const [h] = await db.select().from(hosts).where(eq(hosts.id, id));
  return h;
}

export async function updateHostProfile(db: Db, id: string, values: Partial<typeof hosts.$inferInsert>) {
  const [h] = await db.update(hosts).set(values).where(eq(hosts.id, id)).returning();
  return h;
}

export async function siretTaken(db: Db, siret: string, exceptHostId: string): Promise<boolean> {
  const [r] = await db
    .select({ n: count() })
    .from(hosts)
    .where(and(eq(hosts.siret, siret), sql`${hosts.id} <> ${exceptHostId}`));
  return Number(r?.n ?? 0) > 0;
}

// ---------------------------------------------------------------- "my offers" (GET /api/offers/mine)

/** Offers of a school's own channel (the lycée's for its head, the école's for its director). */
export async function offersOfSchoolChannel(db: Db, uai: string, source: 'lycee' | 'ecole') {
  const list = await db
    .select()
    .from(offers)
    .where(and(eq(offers.schoolUai, uai), eq(offers.source, source)))
    .orderBy(asc(offers.createdAt), asc(offers.id));
  return withWeeks(db, list);
}

/** The academic services of a département (DSDEN) or of an académie (rectorat), by name. */
export async function servicesInScope(db: Db, where: { departementCode: string } | { academyCode: string }) {
  return db
    .select({ uai: academicServices.uai, name: academicServices.name })
    .from(academicServices)
    .innerJoin(departements, eq(departements.code, academicServices.departementCode))
    .where(
      'departementCode' in where
        ? eq(academicServices.departementCode, where.departementCode)
        : eq(departements.academyCode, where.academyCode),
    )
    .orderBy(asc(academicServices.name), asc(academicServices.uai));
}

/**
 * Offers of the academic-services channel that a DSDEN (services of its département) or a
 * rectorat (service offers of its académie's campaigns) owns, with the service's name.
 */
export async function offersOfServices(db: Db, where: { departementCode: string } | { academyCode: string }) {
  const list = await db
    .select({ offer: offers, serviceName: academicServices.name })
    .from(offers)
    .innerJoin(academicServices, eq(academicServices.uai, offers.serviceUai))
    .innerJoin(campaigns, eq(campaigns.id, offers.campaignId))
    .where(
      and(
        eq(offers.source, 'service'),
        'departementCode' in where
          ? eq(academicServices.departementCode, where.departementCode)
          : eq(campaigns.academyCode, where.academyCode),
      ),
    )
    .orderBy(asc(offers.createdAt), asc(offers.id));
  const w = await withWeeks(
    db,
    list.map((l) => l.offer),
  );
  return w.map((x, i) => ({ ...x, serviceName: list[i]!.serviceName }));
}

/** All sectors, by name (the editor's select). */
export async function listSectors(db: Db) {
  return db.select({ code: sectors.code, name: sectors.name }).from(sectors).orderBy(asc(sectors.name));
}
