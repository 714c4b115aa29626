/**
 * The daily hours as typed in a form (offer editor, convention's host part): six days, Monday to
 * Saturday, and what the domain's hours rules read from them.
 */
import type { DayHours } from '../../../src/domain/hours.ts';

export const DAY_LABELS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'] as const;

/** One day of the hours table, as typed. */
export interface DayForm {
  enabled: boolean;
  from: string;
  to: string;
  /** minutes, as typed */
  breakMinutes: string;
}

/** The days of presence (Monday = 1), an empty break counting as none. */
export function hoursOfDays(days: readonly DayForm[]): DayHours[] {
  const out: DayHours[] = [];
  days.forEach((d, i) => {
    if (!d.enabled) return;
    const raw = d.breakMinutes.trim();
    out.push({ day: i + 1, from: d.from, to: d.to, breakMinutes: raw === '' ? 0 : Number(raw) });
  });
  return out;
}
