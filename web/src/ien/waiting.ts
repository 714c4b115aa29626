/** How long an offer has waited for the IEN, in plain French ("depuis 3 jours"). Pure. */
import { RETURN_REASON_MIN } from '../../../src/domain/offer.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The time since `sinceIso` at `now`: "depuis moins d’une heure", "depuis 5 heures",
 * "depuis 1 jour", "depuis 3 jours" (whole days, rounded down). A date in the future (clock
 * skew between the server and the browser) counts as just now.
 */
export function waitingSince(sinceIso: string, now: Date): string {
  const since = new Date(sinceIso).getTime();
  if (Number.isNaN(since)) return '';
  const elapsed = Math.max(0, now.getTime() - since);
  if (elapsed < HOUR) return 'depuis moins d’une heure';
  if (elapsed < DAY) {
    const hours = Math.floor(elapsed / HOUR);
    return `depuis ${hours} heure${hours > 1 ? 's' : ''}`;
  }
  const days = Math.floor(elapsed / DAY);
  return `depuis ${days} jour${days > 1 ? 's' : ''}`;
}

/** True when the offer has waited a week or more: the queue points it out. */
export function isLongWait(sinceIso: string, now: Date): boolean {
  const since = new Date(sinceIso).getTime();
  return !Number.isNaN(since) && now.getTime() - since >= 7 * DAY;
}

/** The IEN's reason to return an offer to the école: the server's bounds (domain/offer.ts, route). */
export { RETURN_REASON_MIN };
export const RETURN_REASON_MAX = 1000;

/** The French message for a return reason that cannot be sent, or null when it can. */
export function returnReasonIssue(reason: string): string | null {
  const text = reason.trim();
  if (text === '') return 'Indiquez le motif du renvoi : il sera communiqué au directeur de l’école.';
  if (text.length < RETURN_REASON_MIN)
    return `Le motif est trop court : ${RETURN_REASON_MIN} caractères au moins, pour que l’école sache quoi corriger.`;
  if (text.length > RETURN_REASON_MAX)
    return `Le motif est trop long : ${RETURN_REASON_MAX} caractères au plus.`;
  return null;
}
