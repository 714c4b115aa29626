/**
 * Daily hours of presence (Monday–Saturday) checked against a campaign's limits (DOMAIN.md §3,
 * and the convention's hours later). Pure: a table of days in, a list of violations out, each
 * with a French message naming the day.
 */
import type { CampaignLimits } from './campaign.ts';

export interface DayHours {
  /** 1 = Monday … 6 = Saturday */
  day: number;
  /** "HH:MM" */
  from: string;
  /** "HH:MM" */
  to: string;
  /** unpaid break inside the day (lunch), in minutes; not counted as presence */
  breakMinutes: number;
}

export type HoursRule =
  | 'day'
  | 'duplicate_day'
  | 'time_format'
  | 'order'
  | 'break_length'
  | 'earliest_start'
  | 'latest_end'
  | 'max_per_day'
  | 'break_required'
  | 'max_per_week'
  | 'min_days'
  | 'min_rest'
  | 'rest_days';

export interface HoursViolation {
  /** the day concerned, when the rule is about one day */
  day?: number;
  rule: HoursRule;
  message: string;
}

export const DAY_NAMES: Record<number, string> = {
  1: 'lundi',
  2: 'mardi',
  3: 'mercredi',
  4: 'jeudi',
  5: 'vendredi',
  6: 'samedi',
  7: 'dimanche',
};

/** "HH:MM" → minutes since midnight, or null when malformed (24:00 is accepted as an end). */
export function parseTime(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

/** 450 → "7 h 30", 420 → "7 h", 45 → "45 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** "06:00" → "6 h", "19:30" → "19 h 30". */
function formatClock(minutes: number): string {
  return formatDuration(minutes);
}

/** Minutes of presence of a well-formed day: span minus the break. */
export function presenceMinutes(d: DayHours): number {
  const from = parseTime(d.from) ?? 0;
  const to = parseTime(d.to) ?? 0;
  return to - from - d.breakMinutes;
}

/**
 * Every rule the table breaks, in day order then weekly rules. An empty list means the hours
 * respect the limits.
 */
export function checkHours(hours: readonly DayHours[], limits: CampaignLimits): HoursViolation[] {
  const violations: HoursViolation[] = [];
  const seen = new Set<number>();
  const valid: { day: number; from: number; to: number; presence: number }[] = [];
  const earliest = parseTime(limits.earliestStart) ?? 0;
  const latest = parseTime(limits.latestEnd) ?? 24 * 60;

  for (const d of hours) {
    if (!Number.isInteger(d.day) || d.day < 1 || d.day > 6) {
      violations.push({
        rule: 'day',
        message: `jour ${String(d.day)} invalide : les horaires vont du lundi (1) au samedi (6)`,
      });
      continue;
    }
    const name = DAY_NAMES[d.day]!;
    if (seen.has(d.day)) {
      violations.push({ day: d.day, rule: 'duplicate_day', message: `${name} : jour indiqué deux fois` });
      continue;
    }
    seen.add(d.day);
    const from = parseTime(d.from);
    const to = parseTime(d.to);
    if (from === null || to === null) {
      violations.push({
        day: d.day,
        rule: 'time_format',
        message: `${name} : heure invalide (format attendu HH:MM, par exemple 09:00)`,
      });
      continue;
    }
    if (to <= from) {
      violations.push({
        day: d.day,
        rule: 'order',
        message: `${name} : l’heure de fin (${d.to}) doit suivre l’heure de début (${d.from})`,
      });
      continue;
    }
    if (!Number.isInteger(d.breakMinutes) || d.breakMinutes < 0 || d.breakMinutes >= to - from) {
      violations.push({
        day: d.day,
        rule: 'break_length',
        message: `${name} : la pause doit être un nombre de minutes positif, plus court que la journée`,
      });
      continue;
    }
    const presence = to - from - d.breakMinutes;
    valid.push({ day: d.day, from, to, presence });
    if (from < earliest)
      violations.push({
        day: d.day,
        rule: 'earliest_start',
        message: `${name} : début à ${formatClock(from)}, avant ${formatClock(earliest)}`,
      });
    if (to > latest)
      violations.push({
        day: d.day,
        rule: 'latest_end',
        message: `${name} : fin à ${formatClock(to)}, après ${formatClock(latest)}`,
      });
    if (presence > limits.maxMinutesPerDay)
      violations.push({
        day: d.day,
        rule: 'max_per_day',
        message: `${name} : ${formatDuration(presence)} de présence, au-delà de ${formatDuration(limits.maxMinutesPerDay)} par jour`,
      });
    if (presence > limits.breakAfterMinutes && d.breakMinutes < limits.breakMinutes)
      violations.push({
        day: d.day,
        rule: 'break_required',
        message: `${name} : au-delà de ${formatDuration(limits.breakAfterMinutes)} de présence, une pause d’au moins ${formatDuration(limits.breakMinutes)} est due`,
      });
  }

  valid.sort((a, b) => a.day - b.day);
  for (let i = 1; i < valid.length; i++) {
    const before = valid[i - 1]!;
    const after = valid[i]!;
    if (after.day !== before.day + 1) continue;
    const rest = 24 * 60 - before.to + after.from;
    if (rest < limits.minRestHours * 60)
      violations.push({
        day: after.day,
        rule: 'min_rest',
        message: `${DAY_NAMES[after.day]!} : ${formatDuration(rest)} de repos seulement depuis ${DAY_NAMES[before.day]!}, il en faut ${formatDuration(limits.minRestHours * 60)}`,
      });
  }

  const week = valid.reduce((s, d) => s + d.presence, 0);
  if (week > limits.maxMinutesPerWeek)
    violations.push({
      rule: 'max_per_week',
      message: `${formatDuration(week)} de présence dans la semaine, au-delà de ${formatDuration(limits.maxMinutesPerWeek)}`,
    });
  if (valid.length < limits.minDaysPerWeek)
    violations.push({
      rule: 'min_days',
      message: `${valid.length} jour${valid.length > 1 ? 's' : ''} de présence : il en faut au moins ${limits.minDaysPerWeek} par semaine`,
    });

  // longest run of consecutive days off, Sunday included, the week seen as a cycle
  const present = new Set(valid.map((d) => d.day));
  let longest = 0;
  if (present.size === 0) longest = 7;
  else
    for (let start = 1; start <= 7; start++) {
      let run = 0;
      while (run < 7 && !present.has(((start - 1 + run) % 7) + 1)) run++;
      longest = Math.max(longest, run);
    }
  if (longest < limits.consecutiveRestDays)
    violations.push({
      rule: 'rest_days',
      message: `il faut ${limits.consecutiveRestDays} jours de repos consécutifs dans la semaine (dimanche compris)`,
    });
  return violations;
}
