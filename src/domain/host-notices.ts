/**
 * How and when hosts hear of applications (issue 5 §2, §9): one mail per application, or the
 * daily digest; the reminders before an unanswered application expires. Pure.
 */

const DAY_MS = 86_400_000;

/** Past this many applications told one by one within 24 hours, the next ones wait for the digest. */
export const IMMEDIATE_NOTICES_PER_DAY = 5;

/** The window in which immediate notices are counted. */
export const NOTICE_WINDOW_MS = DAY_MS;

/**
 * 'mail': tell the host now, one mail for this application; 'digest': leave it to the daily digest
 * (the host chose it, or already received IMMEDIATE_NOTICES_PER_DAY mails in the last 24 hours).
 */
export function noticeMode(host: {
  dailyDigest: boolean;
  immediateNoticesLastDay: number;
}): 'mail' | 'digest' {
  if (host.dailyDigest) return 'digest';
  return host.immediateNoticesLastDay >= IMMEDIATE_NOTICES_PER_DAY ? 'digest' : 'mail';
}

/** The reminders to the host, by days left before expiry: first at 5 days, second at 2 days. */
export const REMINDER_DAYS = [5, 2] as const;

/**
 * Which reminder a pending application is due now (1: the one at 5 days, 2: the one at 2 days),
 * or null: none due, or already sent. An application found within 2 days with no reminder yet
 * gets only the second one.
 */
export function reminderDue(now: Date, expiresAt: Date, remindersSent: number): 1 | 2 | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= REMINDER_DAYS[1] * DAY_MS) return remindersSent < 2 ? 2 : null;
  if (left <= REMINDER_DAYS[0] * DAY_MS) return remindersSent < 1 ? 1 : null;
  return null;
}

/** The point in time from which an application with `days` left is due a reminder. */
export function reminderHorizon(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}
