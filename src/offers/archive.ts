/**
 * End of campaign: once the second official week of a campaign is over, its offers become
 * "archived" (the "archive" event of the platform in the state table of domain/offer.ts). Run by
 * the command line (`offers archive`) and by the server as a pg-boss job, at start and then daily.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { campaigns, offers } from '../db/schema/index.ts';
import { OFFER_STATES, transition, type OfferState } from '../domain/offer.ts';
import type { JobDefinition } from '../infra/jobs.ts';

/** The states the platform may archive from (every state but archived itself). */
export const ARCHIVABLE: readonly OfferState[] = OFFER_STATES.filter(
  (s) => transition(s, 'archive', 'system').ok,
);

export interface ArchiveReport {
  campaigns: { campaignId: string; academyCode: string; schoolYear: string; archived: number }[];
  archived: number;
}

/** Archives the offers of every campaign whose second week ended before today (clock's date, UTC). */
export async function archiveFinishedCampaigns(deps: { db: Db; clock: () => Date }): Promise<ArchiveReport> {
  const now = deps.clock();
  const today = now.toISOString().slice(0, 10);
  const finished = await deps.db
    .select({ id: campaigns.id, academyCode: campaigns.academyCode, schoolYear: campaigns.schoolYear })
    .from(campaigns)
    .where(lt(campaigns.week2End, today));
  const report: ArchiveReport = { campaigns: [], archived: 0 };
  for (const c of finished) {
    const done = await deps.db
      .update(offers)
      .set({ status: 'archived', updatedAt: now })
      .where(and(eq(offers.campaignId, c.id), inArray(offers.status, [...ARCHIVABLE])))
      .returning({ id: offers.id });
    if (done.length === 0) continue;
    report.campaigns.push({
      campaignId: c.id,
      academyCode: c.academyCode,
      schoolYear: c.schoolYear,
      archived: done.length,
    });
    report.archived += done.length;
    await recordAudit(deps, {
      action: 'offers.archived',
      actor: null,
      details: {
        campaignId: c.id,
        academyCode: c.academyCode,
        schoolYear: c.schoolYear,
        archived: done.length,
      },
    });
  }
  return report;
}

/** The archiving job (infra/jobs.ts): when the server starts, then every night at 0:30 (Paris). */
export function archiveJob(deps: { db: Db }): JobDefinition {
  return {
    name: 'offers-archive',
    cron: '30 0 * * *',
    tz: 'Europe/Paris',
    runAtStart: true,
    handler: async ({ now }) => archiveFinishedCampaigns({ db: deps.db, clock: () => now }),
  };
}
