import { currentCampaign } from '../campaigns/store.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import type { Db } from '../db/client.ts';
import { publicSteering } from './public.ts';
import type { PublicStats } from './schemas.ts';
import { academyName, offersBySector, publicCounts } from './store.ts';

export interface SteeringDeps {
  db: Db;
  clock: () => Date;
}

/** Aggregated public figures of the running campaign: no personal data. */
export async function getPublicStats(deps: SteeringDeps): Promise<PublicStats> {
  const now = deps.clock();
  const campaign = await currentCampaign(deps.db, schoolYearOn(now.toISOString().slice(0, 10)));
  if (!campaign) {
    return {
      campaign: null,
      counts: {
        lycees: 0,
        students: 0,
        offers: 0,
        placesWeek1: 0,
        placesWeek2: 0,
        hosts: 0,
        publicHostsShare: 0,
      },
      offersBySector: [],
      generatedAt: now.toISOString(),
      steering: null,
    };
  }
  const [counts, sectors, academy, steering] = await Promise.all([
    publicCounts(deps.db, campaign.id, campaign.schoolYear),
    offersBySector(deps.db, campaign.id),
    academyName(deps.db, campaign.academyCode),
    publicSteering(deps.db, campaign.schoolYear, campaign.academyCode),
  ]);
  const { publicHosts, ...rest } = counts;
  return {
    campaign: {
      schoolYear: campaign.schoolYear,
      academy: { code: campaign.academyCode, name: academy ?? campaign.academyCode },
      weeks: [
        { number: 1, start: campaign.week1Start, end: campaign.week1End },
        { number: 2, start: campaign.week2Start, end: campaign.week2End },
      ],
      hostsOpenOn: campaign.hostsOpenOn,
      studentsOpenOn: campaign.studentsOpenOn,
    },
    counts: { ...rest, publicHostsShare: counts.hosts === 0 ? 0 : publicHosts / counts.hosts },
    offersBySector: sectors,
    generatedAt: now.toISOString(),
    steering,
  };
}
