/** French formatting of numbers and dates for the whole web app. */
import { FRENCH_MONTHS } from '../../../src/domain/text.ts';

const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/** 30612 → "30 612" (narrow no-break space as thousands separator). */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** 0.477 → "48 %". */
export function formatPercent(share: number): string {
  return percentFormat.format(share);
}

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

/** Parses an ISO calendar date (AAAA-MM-JJ), free of any time zone. */
function parseIsoDate(iso: string): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`date invalide : ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday };
}

function dayAndMonth(d: CalendarDate): string {
  return `${d.day === 1 ? '1er' : String(d.day)} ${FRENCH_MONTHS[d.month - 1]}`;
}

/** "2027-06-14" → "lundi 14 juin 2027"; without the year if `withYear` is false. */
export function formatDate(iso: string, { withWeekday = true, withYear = true } = {}): string {
  const d = parseIsoDate(iso);
  const parts = [withWeekday ? WEEKDAYS[d.weekday] : null, dayAndMonth(d), withYear ? String(d.year) : null];
  return parts.filter((p) => p !== null).join(' ');
}

/**
 * A range of dates in French: "du lundi 14 juin au vendredi 18 juin 2027"; the year of the
 * start is written only when it differs from the year of the end.
 */
export function formatDateRange(startIso: string, endIso: string): string {
  const start = parseIsoDate(startIso);
  const end = parseIsoDate(endIso);
  return `du ${formatDate(startIso, { withYear: start.year !== end.year })} au ${formatDate(endIso)}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** ISO 8601 instant → "28 novembre 2026 à 18:02" (heure de Paris). */
export function formatDateTime(isoInstant: string): string {
  const date = new Date(isoInstant);
  return Number.isNaN(date.getTime()) ? isoInstant : dateTimeFormat.format(date);
}
