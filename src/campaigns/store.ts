import { and, desc, eq } from 'drizzle-orm';
import { DEFAULT_SETTINGS, LIMITS_2024, defaultCalendar, type CampaignSettings } from '../domain/campaign.ts';
import type { Db } from '../db/client.ts';
import { campaigns } from '../db/schema/index.ts';

export type CampaignRow = typeof campaigns.$inferSelect;

/** Settings of the model in force for a school year (the 2024 model had 8 h a day, 12 h of rest). */
export function settingsFor(schoolYear: string): CampaignSettings {
  return schoolYear === '2023-2024' ? { ...DEFAULT_SETTINGS, limits: LIMITS_2024 } : DEFAULT_SETTINGS;
}

/**
 * Creates the campaign of a school year for an académie with the official calendar, if absent.
 * `create` fixes the id and creation time of a new campaign (the deterministic demo seed), and
 * `openBy` opens it to hosts and students no later than that day (the demo académie can be tried
 * by every role whatever the day it is seeded; the stage weeks stay the official ones).
 */
export async function ensureCampaign(
  db: Db,
  academyCode: string,
  schoolYear: string,
  create: { id?: string; createdAt?: Date; openBy?: string } = {},
): Promise<CampaignRow> {
  const existing = await findCampaign(db, academyCode, schoolYear);
  if (existing) return existing;
  const cal = defaultCalendar(schoolYear);
  const [w1, w2] = cal.weeks;
  const [row] = await db
    .insert(campaigns)
    .values({
      ...(create.id ? { id: create.id } : {}),
      ...(create.createdAt ? { createdAt: create.createdAt } : {}),
      academyCode,
      schoolYear,
      week1Start: w1.start,
      week1End: w1.end,
      week2Start: w2.start,
      week2End: w2.end,
      hostsOpenOn: earliest(cal.hostsOpenOn, create.openBy),
      studentsOpenOn: earliest(cal.studentsOpenOn, create.openBy),
      settings: settingsFor(schoolYear),
    })
    .onConflictDoNothing()
    .returning();
  return row ?? (await findCampaign(db, academyCode, schoolYear))!;
}

function earliest(official: string, openBy: string | undefined): string {
  return openBy !== undefined && openBy < official ? openBy : official;
}

export async function findCampaign(
  db: Db,
  academyCode: string,
  schoolYear: string,
): Promise<CampaignRow | undefined> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.academyCode, academyCode), eq(campaigns.schoolYear, schoolYear)));
  return row;
}

/** The campaign of the school year running on that date, or else the latest one. */
export async function currentCampaign(db: Db, schoolYear: string): Promise<CampaignRow | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.schoolYear, schoolYear)).limit(1);
  if (row) return row;
  const [latest] = await db.select().from(campaigns).orderBy(desc(campaigns.schoolYear)).limit(1);
  return latest;
}
