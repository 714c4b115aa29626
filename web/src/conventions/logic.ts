/**
 * The convention pages' pure logic: the hours table as typed, the parts sent to the API, where each
 * missing field or problem lives in the page (so the error summary links to the right input), the
 * badges of the steps, and the bulk signature's loop (batch after batch until done = total).
 */
import type { DayHours } from '../../../src/domain/hours.ts';
import type { ConventionHostPart, SignatoryRole } from '../../../src/domain/convention.ts';
import type { ConventionProblem, MissingField, Step } from './api.ts';
import { DAY_LABELS, hoursOfDays, type DayForm } from '../lib/hoursForm.ts';

export { DAY_LABELS, hoursOfDays, type DayForm };

/** The host's part in the form: the hours as six typed days (Monday … Saturday). */
export type HostDraft = Omit<ConventionHostPart, 'hours'> & { days: DayForm[] };

/** The six days of a saved hours table (absent days unchecked, 09:00–17:00 by default). */
export function daysOf(hours: readonly DayHours[]): DayForm[] {
  return DAY_LABELS.map((_, i) => {
    const h = hours.find((x) => x.day === i + 1);
    return h
      ? { enabled: true, from: h.from, to: h.to, breakMinutes: String(h.breakMinutes) }
      : { enabled: false, from: '09:00', to: '17:00', breakMinutes: '60' };
  });
}

export function hostDraftOf(part: ConventionHostPart): HostDraft {
  const { hours, ...rest } = part;
  return { ...rest, days: daysOf(hours) };
}

export function hostPartOf(draft: HostDraft): ConventionHostPart {
  const { days, ...rest } = draft;
  return { ...rest, hours: hoursOfDays(days) };
}

/** "tutor.email" → "hp-tutor-email"; "guardians[1].email" and "guardians.1.email" → "sp-guardians-1-email". */
export function fieldDomId(prefix: string, path: string): string {
  const normalised = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((x) => x !== '')
    .join('-');
  return `${prefix}-${normalised}`;
}

/** The input of the hours table for a day (its arrival time), or the table itself. */
export function hoursDomId(prefix: string, day?: number): string {
  return day === undefined ? `${prefix}-hours` : `${prefix}-hours-${day}-from`;
}

const HOURS_RULES = new Set([
  'day',
  'duplicate_day',
  'time_format',
  'order',
  'break_length',
  'earliest_start',
  'latest_end',
  'max_per_day',
  'break_required',
  'max_per_week',
  'min_days',
  'min_rest',
  'rest_days',
]);

/** A problem about the hours table (a day's rule or the week's), shown under the table. */
export function isHoursProblem(p: ConventionProblem): boolean {
  const rule = p.rule.replace(/^hours[._:]/, '');
  return (
    p.day !== undefined || HOURS_RULES.has(rule) || p.field === 'hours' || (p.field ?? '').startsWith('hours')
  );
}

/** The page element a problem points at. */
export function problemDomId(prefix: string, p: ConventionProblem): string {
  if (isHoursProblem(p)) return hoursDomId(prefix, p.day);
  if (p.field) return fieldDomId(prefix, p.field);
  return `${prefix}-form`;
}

/** Sentence case and final period: "lundi : 7 h 01 …" → "Lundi : 7 h 01 ….". */
export function sentence(message: string): string {
  const t = message.trim();
  const s = `${t.charAt(0).toUpperCase()}${t.slice(1)}`;
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

export interface SummaryEntry {
  /** id of the element the link moves to */
  id: string;
  message: string;
}

/** The error summary of a part: the missing fields first (« Champ manquant : … »), then the problems. */
export function summaryEntries(
  prefix: string,
  missing: readonly MissingField[],
  problems: readonly ConventionProblem[],
): SummaryEntry[] {
  const entries: SummaryEntry[] = [
    ...missing.map((m) => ({
      id: m.field === 'hours' ? hoursDomId(prefix) : fieldDomId(prefix, m.field),
      message: `À compléter : ${m.label}`,
    })),
    ...problems.map((p) => ({ id: problemDomId(prefix, p), message: sentence(p.message) })),
  ];
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${e.id}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The hours problems grouped for the table: by day, and the week's. */
export function hoursProblemsByDay(problems: readonly ConventionProblem[]): {
  byDay: Map<number, string[]>;
  week: string[];
} {
  const byDay = new Map<number, string[]>();
  const week: string[] = [];
  for (const p of problems) {
    if (!isHoursProblem(p)) continue;
    if (p.day === undefined) week.push(sentence(p.message));
    else byDay.set(p.day, [...(byDay.get(p.day) ?? []), sentence(p.message)]);
  }
  return { byDay, week };
}

export function stepSeverity(step: Step): 'success' | 'info' | 'error' | 'warning' | 'new' {
  switch (step) {
    case 'host_to_complete':
    case 'school_to_complete':
      return 'warning';
    case 'to_validate':
      return 'new';
    case 'signatures':
      return 'info';
    case 'signed':
    case 'done':
      return 'success';
    case 'cancelled':
      return 'error';
  }
}

const ROLE_SHORT: Record<SignatoryRole, string> = {
  school: 'chef d’établissement',
  host: 'organisme',
  student: 'élève',
  guardian_1: 'représentant légal 1',
  guardian_2: 'représentant légal 2',
};

/** « Manque : élève, représentant légal 1 » for a list line. */
export function missingSignaturesText(roles: readonly SignatoryRole[]): string {
  const order = Object.keys(ROLE_SHORT) as SignatoryRole[];
  const sorted = [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return roles.length === 0 ? '' : `Signatures manquantes : ${sorted.map((r) => ROLE_SHORT[r]).join(', ')}`;
}

/** A one-time code as typed: digits only, six of them. */
export function codeError(code: string): string | null {
  const c = code.replace(/\s/g, '');
  if (c === '') return 'Saisissez le code à 6 chiffres reçu par courriel.';
  if (!/^\d{6}$/.test(c)) return 'Le code comporte exactement 6 chiffres (exemple : 042917).';
  return null;
}

export function cleanCode(code: string): string {
  return code.replace(/\s/g, '');
}

/**
 * The head's bulk signature: calls `next` (one batch of ≤ 25 signed by the server) until done = total,
 * reporting each step. Stops with an error when a call makes no progress, so that a stuck server
 * never loops forever.
 */
export async function runBatches(
  next: () => Promise<{ done: number; total: number }>,
  onProgress: (done: number, total: number) => void,
  maxCalls = 1000,
): Promise<{ done: number; total: number }> {
  let last = -1;
  for (let i = 0; i < maxCalls; i++) {
    const r = await next();
    onProgress(r.done, r.total);
    if (r.done >= r.total) return r;
    if (r.done <= last) throw new Error(`La signature groupée s’est arrêtée à ${r.done} sur ${r.total}.`);
    last = r.done;
  }
  throw new Error('La signature groupée n’a pas abouti.');
}

/** Characters left of a bounded text: « 1 380 caractères restants ». */
export function charactersLeft(value: string, max: number): string {
  const left = max - value.length;
  if (left >= 0) return `${left} caractère${left > 1 ? 's' : ''} restant${left > 1 ? 's' : ''} sur ${max}`;
  return `${-left} caractère${-left > 1 ? 's' : ''} de trop (${max} au plus)`;
}

const HOST_FIELDS = ['representative', 'tutor', 'placeAddress', 'activities', 'hours', 'lunch', 'insurance'];
const SCHOOL_FIELDS = [
  'representative',
  'caDeliberationDate',
  'referentTeacher',
  'className',
  'pai',
  'guardians',
  'guardiansChecked',
  'preparation',
];

/**
 * Which part a problem belongs to, and its path inside that part: "hostPart.tutor.email" →
 * host / "tutor.email"; an hours rule → host; "guardians.0.email" → school; a date → general.
 */
export function problemPlace(p: ConventionProblem): { part: 'host' | 'school' | 'general'; field?: string } {
  if (isHoursProblem(p)) return { part: 'host', field: 'hours' };
  const f = p.field ?? '';
  const m = /^(hostPart|host|schoolPart|school)\.(.+)$/.exec(f);
  if (m) return { part: m[1]!.startsWith('host') ? 'host' : 'school', field: m[2]! };
  const head = f.split(/[.[]/)[0] ?? '';
  if (head !== 'representative' && HOST_FIELDS.includes(head)) return { part: 'host', field: f };
  if (head !== 'representative' && SCHOOL_FIELDS.includes(head)) return { part: 'school', field: f };
  return { part: 'general', ...(f ? { field: f } : {}) };
}

/** The problems of one part, their field made relative to the part (for the page's ids). */
export function problemsOf(
  part: 'host' | 'school',
  problems: readonly ConventionProblem[],
): ConventionProblem[] {
  const out: ConventionProblem[] = [];
  for (const p of problems) {
    const place = problemPlace(p);
    if (place.part !== part) continue;
    const { field: _old, ...rest } = p;
    out.push(place.field && !isHoursProblem(p) ? { ...rest, field: place.field } : p);
  }
  return out;
}

/** Field errors of a refused write (problem+json `errors`), keyed by the page's ids. */
export function serverFieldErrors(
  prefix: string,
  errors: readonly { field: string; message: string }[],
): SummaryEntry[] {
  return errors.map((e) => {
    const field = e.field.replace(/^(hostPart|schoolPart)\./, '');
    const id = field.startsWith('hours') ? hoursDomId(prefix) : fieldDomId(prefix, field);
    return { id, message: sentence(e.message) };
  });
}

/**
 * The calendar days of a stage (Monday–Saturday between its dates), each marked planned when the
 * hours table has that weekday: the host's attendance form.
 */
export function stageDays(
  startIso: string,
  endIso: string,
  hours: readonly DayHours[],
): { iso: string; planned: boolean }[] {
  const out: { iso: string; planned: boolean }[] = [];
  const start = new Date(`${startIso}T00:00:00Z`);
  const end = new Date(`${endIso}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return out;
  for (let d = start; d <= end && out.length < 31; d = new Date(d.getTime() + 86_400_000)) {
    const weekday = d.getUTCDay(); // 0 = Sunday
    if (weekday === 0) continue;
    out.push({ iso: d.toISOString().slice(0, 10), planned: hours.some((h) => h.day === weekday) });
  }
  return out;
}
