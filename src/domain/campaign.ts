/**
 * Campaign calendar: the two official weeks of observation of a school year (DOMAIN.md §1).
 * Two Monday–Friday weeks ending on the last Friday of June of the school year's second
 * calendar year. Dates are ISO calendar dates (YYYY-MM-DD), free of any time zone.
 */

export type IsoDate = string;

export interface Week {
  /** 1 or 2 */
  readonly number: 1 | 2;
  /** Monday */
  readonly start: IsoDate;
  /** Friday */
  readonly end: IsoDate;
}

export interface CampaignLimits {
  /** ceiling of presence per day, in minutes (7 h in the 2025 model, 8 h in 2024) */
  readonly maxMinutesPerDay: number;
  /** ceiling of presence per week, in minutes (35 h) */
  readonly maxMinutesPerWeek: number;
  /** minimum number of days of presence per week */
  readonly minDaysPerWeek: number;
  /** a break is due once the day reaches this many minutes (4 h 30) */
  readonly breakAfterMinutes: number;
  /** length of that break, in minutes */
  readonly breakMinutes: number;
  /** earliest presence, "HH:MM" */
  readonly earliestStart: string;
  /** latest presence, "HH:MM" */
  readonly latestEnd: string;
  /** minimum consecutive rest between two days, in hours (14 h; 12 h in 2024) */
  readonly minRestHours: number;
  /** consecutive rest days per week */
  readonly consecutiveRestDays: number;
}

export interface CampaignSettings {
  readonly limits: CampaignLimits;
  /** days without an answer before an application expires */
  readonly applicationExpiryDays: number;
  /** days a student has to confirm an accepted application */
  readonly confirmationDelayDays: number;
}

export interface CampaignCalendar {
  /** "2025-2026" */
  readonly schoolYear: string;
  readonly weeks: readonly [Week, Week];
  /** hosts may publish from this date */
  readonly hostsOpenOn: IsoDate;
  /** students may apply from this date */
  readonly studentsOpenOn: IsoDate;
}

export const DEFAULT_LIMITS: CampaignLimits = Object.freeze({
  maxMinutesPerDay: 7 * 60,
  maxMinutesPerWeek: 35 * 60,
  minDaysPerWeek: 4,
  breakAfterMinutes: 4 * 60 + 30,
  breakMinutes: 30,
  earliestStart: '06:00',
  latestEnd: '20:00',
  minRestHours: 14,
  consecutiveRestDays: 2,
});

/** The 2024 model allowed 8 h a day and asked for 12 h of rest. */
export const LIMITS_2024: CampaignLimits = Object.freeze({
  ...DEFAULT_LIMITS,
  maxMinutesPerDay: 8 * 60,
  minRestHours: 12,
});

export const DEFAULT_SETTINGS: CampaignSettings = Object.freeze({
  limits: DEFAULT_LIMITS,
  applicationExpiryDays: 15,
  confirmationDelayDays: 7,
});

const DAY_MS = 86_400_000;

function toIso(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

function utcMs(iso: IsoDate): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`date invalide : ${iso}`);
  return ms;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return toIso(utcMs(iso) + days * DAY_MS);
}

/** Day of week of an ISO date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(iso: IsoDate): number {
  return new Date(utcMs(iso)).getUTCDay();
}

/** Last Friday of June of a calendar year. */
export function lastFridayOfJune(year: number): IsoDate {
  const june30 = Date.UTC(year, 5, 30);
  const back = (new Date(june30).getUTCDay() - 5 + 7) % 7;
  return toIso(june30 - back * DAY_MS);
}

/** "2025-2026" → 2026 (the year in which the June weeks fall). */
export function stageYear(schoolYear: string): number {
  const m = /^(\d{4})-(\d{4})$/.exec(schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) {
    throw new Error(`année scolaire invalide : ${schoolYear} (attendu AAAA-AAAA, par exemple 2025-2026)`);
  }
  return Number(m[2]);
}

/** The two official weeks of a school year. */
export function officialWeeks(schoolYear: string): [Week, Week] {
  const lastFriday = lastFridayOfJune(stageYear(schoolYear));
  const week2Start = addDays(lastFriday, -4);
  const week1Start = addDays(week2Start, -7);
  return [
    { number: 1, start: week1Start, end: addDays(week1Start, 4) },
    { number: 2, start: week2Start, end: lastFriday },
  ];
}

/** The school year running on a date: a school year starts on 1 September. */
export function schoolYearOn(iso: IsoDate): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const first = month >= 9 ? year : year - 1;
  return `${first}-${first + 1}`;
}

/**
 * Default calendar of a school year: hosts publish from 1 December, students apply from
 * 15 January (both configurable per campaign).
 */
export function defaultCalendar(schoolYear: string): CampaignCalendar {
  const year = stageYear(schoolYear);
  return {
    schoolYear,
    weeks: officialWeeks(schoolYear),
    hostsOpenOn: `${year - 1}-12-01`,
    studentsOpenOn: `${year}-01-15`,
  };
}

/** Which official week (1 or 2) contains a date, if any (Saturdays belong to their week). */
export function weekOf(weeks: readonly [Week, Week], iso: IsoDate): 1 | 2 | null {
  for (const w of weeks) {
    if (iso >= w.start && iso <= addDays(w.start, 5)) return w.number;
  }
  return null;
}
