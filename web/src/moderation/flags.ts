/** Flags of offers (DOMAIN.md §3): French labels of the reasons, grouping for moderation. Pure. */
import type { FLAG_REASONS } from '../../../src/db/schema/offers.ts';

export type FlagReason = (typeof FLAG_REASONS)[number];

/** Every reason of the API, in the order the form offers them, with its French label. */
export const FLAG_REASON_LABELS: Record<FlagReason, string> = {
  suspicious: 'Offre suspecte (demande d’argent, d’informations personnelles…)',
  inappropriate: 'Contenu inapproprié ou choquant',
  wrong_address: 'Adresse erronée',
  misleading: 'Offre trompeuse (ce n’est pas un stage d’observation)',
  other: 'Autre motif',
};

/** Short labels for the moderation lists. */
export const FLAG_REASON_SHORT: Record<FlagReason, string> = {
  suspicious: 'Suspecte',
  inappropriate: 'Inappropriée',
  wrong_address: 'Adresse erronée',
  misleading: 'Trompeuse',
  other: 'Autre',
};

export const FLAG_COMMENT_MAX = 1000;

/** GET /api/moderation/flags: one flag. */
export interface Flag {
  id: string;
  reason: FlagReason;
  comment: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
  offer: { id: string; title: string; status: string; hostName: string };
}

/** The flags of one offer, oldest first. */
export interface FlaggedOffer {
  offer: Flag['offer'];
  flags: Flag[];
  /** how many flags give each reason, most frequent first */
  reasons: { reason: FlagReason; count: number }[];
}

/**
 * Groups flags by offer, keeping the order of the list (the offer of the oldest open flag first);
 * inside a group, flags keep the list's order.
 */
export function groupByOffer(flags: readonly Flag[]): FlaggedOffer[] {
  const groups = new Map<string, Flag[]>();
  for (const f of flags) {
    const g = groups.get(f.offer.id);
    if (g) g.push(f);
    else groups.set(f.offer.id, [f]);
  }
  return [...groups.values()].map((list) => {
    const counts = new Map<FlagReason, number>();
    for (const f of list) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
    const order = Object.keys(FLAG_REASON_LABELS) as FlagReason[];
    const reasons = [...counts.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || order.indexOf(a.reason) - order.indexOf(b.reason));
    return { offer: list[0]!.offer, flags: list, reasons };
  });
}

/** The decision of a resolved flag in French, from its `resolution` ("unpublish: message"). */
export function decisionOf(resolution: string | null): { label: string; message: string | null } {
  if (!resolution) return { label: 'Traité', message: null };
  const m = /^(dismiss|unpublish)(?::\s?([\s\S]*))?$/.exec(resolution);
  if (!m) return { label: 'Traité', message: resolution };
  const message = m[2]?.trim() || null;
  return { label: m[1] === 'unpublish' ? 'Offre dépubliée' : 'Classé sans suite', message };
}
