/**
 * Stages found outside the platform (DOMAIN.md §5, issue 5 §5): the student or the lycée declares
 * the host and its representative's e-mail; the representative receives a one-time link (14 days)
 * to confirm and complete the host's part; once confirmed, the stage follows the path of any
 * accepted application. Here: the declaration's checks, the host's answer's checks, when the weeks
 * may still be declared, and the invitation's state at read time. Pure.
 */
import { applicationsCloseOn, weeksOfMask, type ApplicationState } from './application.ts';
import type { IsoDate, Week } from './campaign.ts';
import type { Limit } from './rate-limit.ts';
import { FRENCH_MONTHS } from './text.ts';
import { normaliseSiret, SIRET_MESSAGES, siretIssue } from './siret.ts';

export const EXTERNAL_STAGE_STATUSES = ['invited', 'confirmed', 'declined', 'cancelled', 'expired'] as const;
export type ExternalStageStatus = (typeof EXTERNAL_STAGE_STATUSES)[number];

export const EXTERNAL_STAGE_STATUS_LABELS: Record<ExternalStageStatus, string> = {
  invited: 'invitation envoyée, en attente de l’organisme',
  confirmed: 'accueil confirmé par l’organisme',
  declined: 'accueil refusé par l’organisme',
  cancelled: 'déclaration annulée',
  expired: 'invitation expirée sans réponse',
};

/** The representative's link is valid this long. */
export const INVITATION_VALIDITY_DAYS = 14;
/** Declarations per student and per day (whoever declares). */
export const DECLARATIONS_PER_STUDENT: Limit = { max: 5, windowSeconds: 24 * 3600 };

export const TEXT_MAX = 200;
export const ACTIVITIES_MAX = 1500;
export const DECLINE_REASON_MAX = 1000;

export interface FieldError {
  field: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const POSTAL_CODE = /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/;

function required(
  out: FieldError[],
  field: string,
  label: string,
  value: string | null | undefined,
  max = TEXT_MAX,
) {
  const v = (value ?? '').trim();
  if (v === '') out.push({ field, message: `${label} : à renseigner.` });
  else if ([...v].length > max) out.push({ field, message: `${label} : ${max} caractères au plus.` });
}

function optional(
  out: FieldError[],
  field: string,
  label: string,
  value: string | null | undefined,
  max = TEXT_MAX,
) {
  if (value != null && [...value.trim()].length > max)
    out.push({
      field,
      message: `${label} : ${max.toLocaleString('fr-FR').replace(/\s/g, ' ')} caractères au plus.`,
    });
}

/** The host's identity and place, as the declaration and the representative's answer give them. */
export interface HostPart {
  hostName: string;
  siret?: string | null | undefined;
  isPublic?: boolean | undefined;
  address: string;
  postalCode: string;
  communeName: string;
}

/** The SIRET as stored (spaces removed), or null for a public body without one. */
export function cleanSiret(siret: string | null | undefined): string | null {
  const s = normaliseSiret(siret ?? '');
  return s === '' ? null : s;
}

function checkHostPart(out: FieldError[], h: HostPart) {
  required(out, 'hostName', 'Nom de l’organisme', h.hostName);
  const siret = cleanSiret(h.siret);
  if (siret === null) {
    if (!h.isPublic)
      out.push({
        field: 'siret',
        message: 'SIRET : à renseigner (14 chiffres), sauf pour un organisme public qui n’en a pas.',
      });
  } else {
    const issue = siretIssue(siret);
    if (issue) out.push({ field: 'siret', message: SIRET_MESSAGES[issue] });
  }
  required(out, 'address', 'Adresse', h.address);
  if (!POSTAL_CODE.test(h.postalCode.trim()))
    out.push({ field: 'postalCode', message: 'Code postal : 5 chiffres (exemple : 35000).' });
  required(out, 'communeName', 'Commune', h.communeName, 100);
}

export interface DeclarationInput extends HostPart {
  /** bit 1 = week 1, bit 2 = week 2 */
  weeks: number;
  contactName: string;
  contactEmail: string;
  activities?: string | null | undefined;
}

/** Field errors of a declaration (empty when it may be sent). */
export function checkDeclaration(d: DeclarationInput): FieldError[] {
  const out: FieldError[] = [];
  if (d.weeks !== 1 && d.weeks !== 2 && d.weeks !== 3)
    out.push({ field: 'weeks', message: 'Semaines : choisissez la semaine 1, la semaine 2 ou les deux.' });
  checkHostPart(out, d);
  required(out, 'contactName', 'Nom du représentant de l’organisme', d.contactName);
  if (!EMAIL.test(d.contactEmail.trim()) || d.contactEmail.length > 254)
    out.push({
      field: 'contactEmail',
      message: 'Adresse électronique du représentant invalide (exemple : nom@domaine.fr).',
    });
  optional(out, 'activities', 'Activités', d.activities, ACTIVITIES_MAX);
  return out;
}

export interface AcceptInput extends HostPart {
  sectorCode: string;
  contactFirstName: string;
  contactLastName: string;
  contactRole?: string | null | undefined;
  contactPhone?: string | null | undefined;
  activities: string;
  tutorName?: string | null | undefined;
  tutorEmail?: string | null | undefined;
}

/** Field errors of the representative's confirmation (empty when it may be saved). */
export function checkAcceptance(a: AcceptInput): FieldError[] {
  const out: FieldError[] = [];
  checkHostPart(out, a);
  if (a.sectorCode.trim() === '') out.push({ field: 'sectorCode', message: 'Secteur : à choisir.' });
  required(out, 'contactFirstName', 'Votre prénom', a.contactFirstName, 100);
  required(out, 'contactLastName', 'Votre nom', a.contactLastName, 100);
  optional(out, 'contactRole', 'Votre fonction', a.contactRole);
  if (
    a.contactPhone != null &&
    a.contactPhone.trim() !== '' &&
    !/^\+?[\d\s.()-]{6,20}$/.test(a.contactPhone.trim())
  )
    out.push({ field: 'contactPhone', message: 'Téléphone : numéro invalide (exemple : 02 99 00 00 00).' });
  required(out, 'activities', 'Activités proposées à l’élève', a.activities, ACTIVITIES_MAX);
  optional(out, 'tutorName', 'Nom du tuteur', a.tutorName);
  if (a.tutorEmail != null && a.tutorEmail.trim() !== '' && !EMAIL.test(a.tutorEmail.trim()))
    out.push({
      field: 'tutorEmail',
      message: 'Adresse électronique du tuteur invalide (exemple : nom@domaine.fr).',
    });
  return out;
}

/** "Jeanne Le Goff" → { firstName: "Jeanne", lastName: "Le Goff" }: prefills the representative's answer. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length <= 1) return { firstName: parts[0] ?? '', lastName: '' };
  return { firstName: parts[0]!, lastName: parts.slice(1).join(' ') };
}

// ---------------------------------------------------------------------------------------------
// When weeks may be declared

export type DeclareRefusal = 'not_open_yet' | 'closed' | 'already_covered' | 'already_declared';

export interface DeclarableFacts {
  weeks: readonly number[];
  calendar: { weeks: readonly Week[]; studentsOpenOn: IsoDate };
  /** today in Paris */
  today: IsoDate;
  /** weeks the student is placed on (student_weeks) */
  placedWeeks: readonly number[];
  /** the student's live applications */
  live: readonly { status: ApplicationState; weeks: readonly number[] }[];
  /** the student's other declarations still waiting for their host */
  invited: readonly { id: string; weeks: readonly number[] }[];
  /** the declaration being answered (when the host accepts), ignored in `invited` */
  selfId?: string | undefined;
}

function formatDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d === 1 ? '1er' : String(d)} ${FRENCH_MONTHS[(m ?? 1) - 1]} ${y}`;
}

/**
 * Why these weeks may not be declared (or accepted by the host), or null: the campaign's
 * calendar as for an application (from the students' opening day to the day before the week's
 * Monday); the week already placed, or held by an accepted application; another declaration
 * waiting for its host on the same week.
 */
export function checkDeclarable(f: DeclarableFacts): { error: DeclareRefusal; message: string } | null {
  if (f.today < f.calendar.studentsOpenOn)
    return {
      error: 'not_open_yet',
      message: `Les stages pourront être déclarés à partir du ${formatDate(f.calendar.studentsOpenOn)}.`,
    };
  for (const w of f.weeks) {
    const week = f.calendar.weeks.find((x) => x.number === w);
    if (week && f.today > applicationsCloseOn(week))
      return {
        error: 'closed',
        message: `La semaine ${w} commence le ${formatDate(week.start)} : il n’est plus possible d’y déclarer un stage depuis le ${formatDate(applicationsCloseOn(week))}.`,
      };
  }
  for (const w of f.weeks) {
    if (f.placedWeeks.includes(w))
      return { error: 'already_covered', message: `L’élève a déjà un stage confirmé pour la semaine ${w}.` };
    if (
      f.live.some(
        (a) =>
          (a.status === 'accepted' || a.status === 'confirmed' || a.status === 'split_pending') &&
          a.weeks.includes(w),
      )
    )
      return {
        error: 'already_covered',
        message: `L’élève a déjà un stage accepté pour la semaine ${w} : il doit d’abord le confirmer ou y renoncer.`,
      };
  }
  for (const w of f.weeks) {
    if (f.invited.some((e) => e.id !== f.selfId && e.weeks.includes(w)))
      return {
        error: 'already_declared',
        message: `Une invitation attend déjà la réponse d’un organisme pour la semaine ${w} : annulez-la avant d’en envoyer une autre.`,
      };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The invitation's state

/** The status as it stands now: an invitation past its expiry is expired, before any job runs. */
export function currentStatus(
  s: { status: ExternalStageStatus; tokenExpiresAt: Date },
  now: Date,
): ExternalStageStatus {
  return s.status === 'invited' && now.getTime() > s.tokenExpiresAt.getTime() ? 'expired' : s.status;
}

export type InvitationRefusal = 'expired' | 'answered';

/** Why the representative's link can no longer be used, with a French message, or null. */
export function invitationRefusal(
  status: ExternalStageStatus,
): { error: InvitationRefusal; message: string } | null {
  switch (status) {
    case 'invited':
      return null;
    case 'expired':
      return {
        error: 'expired',
        message: `Ce lien a expiré (il était valable ${INVITATION_VALIDITY_DAYS} jours). Demandez à l’élève ou à son lycée de vous envoyer une nouvelle invitation.`,
      };
    case 'confirmed':
      return { error: 'answered', message: 'Vous avez déjà confirmé cet accueil : ce lien ne sert plus.' };
    case 'declined':
      return { error: 'answered', message: 'Vous avez déjà refusé cet accueil : ce lien ne sert plus.' };
    case 'cancelled':
      return {
        error: 'answered',
        message: 'L’élève ou son lycée a annulé cette demande : ce lien ne sert plus.',
      };
  }
}

/** "du lundi 14 juin au vendredi 25 juin 2027" style ranges of the declared weeks, for the mail and pages. */
export function weeksWithDates(
  mask: number,
  weeks: readonly Week[],
): { week: number; start: IsoDate; end: IsoDate; label: string }[] {
  return weeksOfMask(mask).flatMap((n) => {
    const w = weeks.find((x) => x.number === n);
    return w
      ? [
          {
            week: n,
            start: w.start,
            end: w.end,
            label: `semaine ${n} : du ${formatDate(w.start)} au ${formatDate(w.end)}`,
          },
        ]
      : [];
  });
}
