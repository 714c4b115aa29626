/** The API calls of "Mes offres" and of the offer editor. */
import { useQuery } from '@tanstack/react-query';
import type { CampaignLimits } from '../../../src/domain/campaign.ts';
import type { OfferState } from '../../../src/domain/offer.ts';
import type { OfferView } from '../../../src/offers/service.ts';
import { getJson } from '../lib/api.ts';
import { ACCOUNT_KEY } from '../lib/session.ts';

export type { OfferView };

export const MY_OFFERS_PATHS = {
  list: '/mes-offres',
  create: '/mes-offres/nouvelle',
  edit: (id: string) => `/mes-offres/${id}/modifier`,
} as const;

export type Channel = 'host' | 'lycee' | 'ecole' | 'service' | 'partner';

export interface WeekPlaces {
  week: number;
  places: number;
  taken: number;
  left: number;
}

/** One row of the dashboard (GET /api/offers/mine). */
export interface MyOfferItem {
  id: string;
  title: string;
  status: OfferState;
  source: string;
  statusReason: string | null;
  communeName: string | null;
  weeks: WeekPlaces[];
  submittedAt: string | null;
  publishedAt: string | null;
  serviceName?: string;
}

export interface CampaignWeek {
  week: number;
  start: string;
  end: string;
}

/** GET /api/offers/mine */
export interface MyOffers {
  channel: Channel | null;
  owner: string | null;
  items: MyOfferItem[];
  services: { uai: string; name: string }[];
  campaign: { schoolYear: string; weeks: CampaignWeek[]; limits: CampaignLimits };
  sectors: { code: string; name: string }[];
}

export const MY_OFFERS_KEY = [...ACCOUNT_KEY, 'my-offers'] as const;

export function useMyOffers(enabled = true) {
  return useQuery({
    queryKey: MY_OFFERS_KEY,
    queryFn: ({ signal }) => getJson<MyOffers>('/api/offers/mine', signal),
    enabled,
  });
}

export function useOwnOffer(id: string | undefined) {
  return useQuery({
    queryKey: [...MY_OFFERS_KEY, 'offer', id],
    queryFn: ({ signal }) => getJson<OfferView>(`/api/offers/${encodeURIComponent(id!)}`, signal),
    enabled: id !== undefined,
    retry: false,
  });
}

/** Title of the dashboard by channel. */
export const DASHBOARD_TITLES: Record<Channel, string> = {
  host: 'Les offres de mon organisme',
  partner: 'Les offres de mon organisme',
  lycee: 'Les offres de mon lycée',
  ecole: 'Les offres de mon école',
  service: 'Les offres de nos services',
};
