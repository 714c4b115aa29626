/**
 * Summaries by e-mail (issue 7 §5): who receives which summary, when, and what it says beyond
 * the dashboard's own figures (the change since last week, the lowest children). Pure.
 *
 * - weekly: every Monday morning, to the DSDEN and rectorat accounts, about their département or
 *   académie; sent while a campaign runs, from the opening of the offers to a week after the
 *   second stage week (the last summary gives the final figures);
 * - daily: every morning, to the school heads, about their lycée, during the last month before
 *   the stages: from 30 days before the first week to the end of the second week.
 * Each one can be stopped from its unsubscribe link (no sign-in) or from the account page.
 */
import { addDays } from './campaign.ts';
import type { Role } from './permissions.ts';

export const SUMMARY_KINDS = ['weekly', 'daily'] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

/** The roles whose accounts receive each summary. */
export const SUMMARY_ROLES: Record<SummaryKind, readonly Role[]> = {
  weekly: ['dsden', 'rectorat'],
  daily: ['school_head'],
};

export const SUMMARY_LABELS: Record<SummaryKind, { title: string; description: string }> = {
  weekly: {
    title: 'Synthèse hebdomadaire du pilotage',
    description:
      'Chaque lundi matin pendant la campagne : la part des élèves placés de votre département ou de votre académie, son évolution sur la semaine, les élèves sans stage, les signatures manquantes et les territoires les moins avancés.',
  },
  daily: {
    title: 'Synthèse quotidienne du lycée',
    description:
      'Chaque matin pendant le dernier mois avant les stages : les chiffres de votre lycée et le nombre d’élèves encore à placer.',
  },
};

/** The summaries the holder of these roles receives. */
export function summaryKindsOf(roles: readonly Role[]): SummaryKind[] {
  return SUMMARY_KINDS.filter((k) => SUMMARY_ROLES[k].some((r) => roles.includes(r)));
}

export interface CampaignDates {
  hostsOpenOn: string;
  week1Start: string;
  week2End: string;
}

/** Days before the first week from which heads receive the daily summary. */
export const DAILY_SUMMARY_DAYS_BEFORE = 30;
/** Days after the second week during which the weekly summary still goes (the final figures). */
export const WEEKLY_SUMMARY_DAYS_AFTER = 7;

/** The first and last days (inclusive, YYYY-MM-DD) a summary goes out for a campaign. */
export function summaryWindow(kind: SummaryKind, c: CampaignDates): { from: string; to: string } {
  return kind === 'daily'
    ? { from: addDays(c.week1Start, -DAILY_SUMMARY_DAYS_BEFORE), to: c.week2End }
    : { from: c.hostsOpenOn, to: addDays(c.week2End, WEEKLY_SUMMARY_DAYS_AFTER) };
}

export function inSummaryWindow(kind: SummaryKind, day: string, c: CampaignDates): boolean {
  const w = summaryWindow(kind, c);
  return w.from <= day && day <= w.to;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
/** The day (YYYY-MM-DD) in Paris: a summary is sent once per Paris day. */
export function parisDay(d: Date): string {
  return PARIS_DAY.format(d);
}

export interface TrendPoint {
  day: string;
  placed: number;
  share: number | null;
}

/**
 * The change over the last seven days: the latest day of the trend against the last day at
 * least seven days before it; null when the trend does not go back that far.
 */
export function weekChange(
  days: readonly TrendPoint[],
): { since: string; placed: number; share: number | null } | null {
  const last = days.at(-1);
  if (!last) return null;
  const limit = addDays(last.day, -7);
  const before = [...days].reverse().find((d) => d.day <= limit);
  if (!before) return null;
  return {
    since: before.day,
    placed: last.placed - before.placed,
    share: last.share === null || before.share === null ? null : last.share - before.share,
  };
}

/** The children with the lowest share first (no students: last), at most `n`. */
export function lowestShare<R extends { share: number | null; unplaced: number; students: number }>(
  rows: readonly R[],
  n = 5,
): R[] {
  return rows
    .filter((r) => r.students > 0)
    .sort((a, b) => (a.share ?? 0) - (b.share ?? 0) || b.unplaced - a.unplaced)
    .slice(0, n);
}
