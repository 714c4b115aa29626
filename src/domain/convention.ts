/**
 * The convention (DOMAIN.md §6): its states and the state machine (state × event × actor), the
 * steps shown in the lists, the parties who sign, the fields each party completes and what is
 * still missing, the checks that forbid validation (hours, official weeks, lengths, e-mails), the
 * signatories and the reference printed on every page. Pure: shared by the server and the web app.
 */
import { addDays, type CampaignLimits } from './campaign.ts';
import { checkHours, type DayHours } from './hours.ts';
import { FRENCH_MONTHS } from './text.ts';

/**
 * completion: host and school complete their parts (signatures not open);
 * validated: the school validated, every check passed, signatures in any order;
 * signed: every party signed, the sealed PDF exists;
 * done: the stage took place (the host confirmed the days, the attestation exists);
 * cancelled: with a reason, at any point before done.
 */
export const CONVENTION_STATES = ['completion', 'validated', 'signed', 'done', 'cancelled'] as const;
export type ConventionState = (typeof CONVENTION_STATES)[number];

/** Who signs: the school's head (or delegate), the host's representative, the student, 1–2 guardians. */
export const SIGNATORY_ROLES = ['school', 'host', 'student', 'guardian_1', 'guardian_2'] as const;
export type SignatoryRole = (typeof SIGNATORY_ROLES)[number];

export const TEMPLATE_STATUSES = ['draft', 'published', 'retired'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface PersonContact {
  name: string;
  /** qualité / fonction */
  role: string;
  email: string;
  phone: string;
}

export interface GuardianContact {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

/** What is known at creation, from the offer, the host, the school and the student. */
export interface ConventionParties {
  host: {
    name: string;
    siret: string | null;
    isPublic: boolean;
    /** head-office address, one line */
    address: string;
  };
  school: {
    uai: string;
    name: string;
    isPublic: boolean;
    address: string;
    email: string | null;
  };
  student: {
    firstName: string;
    lastName: string;
    birthDate: string;
    className: string;
  };
  offer: {
    title: string;
    sector: string | null;
  };
  campaign: {
    schoolYear: string;
    /** the official weeks of the campaign, "YYYY-MM-DD" Monday … Saturday */
    weeks: { number: 1 | 2; start: string; end: string }[];
  };
}

/** The host's part (representative, tutor, activities, hours, lunch, insurance). */
export interface ConventionHostPart {
  representative: PersonContact;
  tutor: PersonContact;
  /** where the stage takes place, when it differs from the head office */
  placeAddress: string;
  /** planned activities, ≤ 1,500 characters */
  activities: string;
  /** one table Monday–Saturday, the same for each week of the convention */
  hours: DayHours[];
  /** lunch arrangement (who pays, where) */
  lunch: string;
  insurance: { insurer: string; policyNumber: string };
}

/** The school's part (representative, referent teacher, class, PAI, guardians, CA deliberation). */
export interface ConventionSchoolPart {
  representative: PersonContact;
  /** date of the conseil d'administration's deliberation (public EPLE only), "YYYY-MM-DD" */
  caDeliberationDate: string;
  referentTeacher: { name: string; email: string; phone: string };
  className: string;
  pai: { has: boolean; kitBy: 'family' | 'school' | '' };
  guardians: GuardianContact[];
  /** the school checked the guardians' contacts (e-mails receive the signing codes) */
  guardiansChecked: boolean;
  /** preparation and debriefing arrangements */
  preparation: string;
}

// ---------------------------------------------------------------------------------------------
// The state machine (DOMAIN.md §6 workflow), as a data table: state × event → next state, actors.

export const CONVENTION_EVENTS = [
  'edit_host_part',
  'edit_school_part',
  'validate',
  'sign',
  'cancel',
  'amend',
  'attest',
] as const;
export type ConventionEvent = (typeof CONVENTION_EVENTS)[number];

/**
 * Who triggers an event: a member of the host, the school head, a school staff member, a staff
 * member holding the head's signature delegation (school_delegate), anyone signing through a
 * one-time code (signatory), the platform (timers, cascades).
 */
export const CONVENTION_ACTORS = [
  'host_member',
  'school_head',
  'school_staff',
  'school_delegate',
  'signatory',
  'platform',
] as const;
export type ConventionActor = (typeof CONVENTION_ACTORS)[number];

export const CONVENTION_STATE_LABELS: Record<ConventionState, string> = {
  completion: 'en cours de complétion',
  validated: 'validée, en cours de signature',
  signed: 'signée par toutes les parties',
  done: 'stage effectué',
  cancelled: 'annulée',
};

/** What each event does, as an infinitive taking « cette convention » as its object. */
export const CONVENTION_EVENT_LABELS: Record<ConventionEvent, string> = {
  edit_host_part: 'modifier la partie de l’organisme d’accueil de',
  edit_school_part: 'modifier la partie de l’établissement de',
  validate: 'valider',
  sign: 'signer',
  cancel: 'annuler',
  amend: 'établir un avenant à',
  attest: 'attester le stage de',
};

/** « elle est … », in the refusals */
const STATE_PHRASES: Record<ConventionState, string> = {
  completion: 'en cours de complétion',
  validated: 'validée et en cours de signature',
  signed: 'signée',
  done: 'close, le stage a eu lieu',
  cancelled: 'annulée',
};

/** « de valider », « d’établir un avenant à » */
function deVerb(label: string): string {
  return /^[aeéèiouy]/i.test(label) ? `d’${label}` : `de ${label}`;
}

export const SIGNATORY_ROLE_LABELS: Record<SignatoryRole, string> = {
  school: 'Chef d’établissement ou délégué',
  host: 'Représentant de l’organisme d’accueil',
  student: 'Élève',
  guardian_1: 'Représentant légal 1',
  guardian_2: 'Représentant légal 2',
};

export interface ConventionRule {
  from: ConventionState;
  event: ConventionEvent;
  actors: readonly ConventionActor[];
  to: ConventionState;
  /** for 'sign': the state once the last missing signature is given */
  toWhenLast?: ConventionState;
}

const SCHOOL_EDITORS = ['school_head', 'school_staff', 'school_delegate'] as const;
const SCHOOL_SIGNERS = ['school_head', 'school_delegate'] as const;

/** Every allowed move, and nothing else. done and cancelled are final. */
export const CONVENTION_TRANSITIONS: readonly ConventionRule[] = [
  { from: 'completion', event: 'edit_host_part', actors: ['host_member'], to: 'completion' },
  { from: 'completion', event: 'edit_school_part', actors: SCHOOL_EDITORS, to: 'completion' },
  { from: 'completion', event: 'validate', actors: SCHOOL_SIGNERS, to: 'validated' },
  { from: 'completion', event: 'cancel', actors: [...SCHOOL_SIGNERS, 'platform'], to: 'cancelled' },
  // a change after validation goes back to completion: the signatures already given are cancelled
  { from: 'validated', event: 'edit_host_part', actors: ['host_member'], to: 'completion' },
  { from: 'validated', event: 'edit_school_part', actors: SCHOOL_EDITORS, to: 'completion' },
  // signatures in any order; the last one makes the convention signed
  { from: 'validated', event: 'sign', actors: ['signatory'], to: 'validated', toWhenLast: 'signed' },
  { from: 'validated', event: 'cancel', actors: [...SCHOOL_SIGNERS, 'platform'], to: 'cancelled' },
  // an avenant is a new convention linked to this one, which stays signed and intact
  { from: 'signed', event: 'amend', actors: [...SCHOOL_SIGNERS, 'host_member'], to: 'signed' },
  // after the last day (checked by the service): the host confirms the days of presence
  { from: 'signed', event: 'attest', actors: ['host_member'], to: 'done' },
  { from: 'signed', event: 'cancel', actors: SCHOOL_SIGNERS, to: 'cancelled' },
];

export type ConventionTransition =
  | { ok: true; to: ConventionState }
  | { ok: false; error: 'invalid_state' | 'forbidden_role'; message: string };

/**
 * The next state of a convention in `from` when `actor` triggers `event`, or why not (French).
 * For 'sign', `options.last` says whether this signature is the last one missing.
 */
export function conventionTransition(
  from: ConventionState,
  event: ConventionEvent,
  actor: ConventionActor,
  options: { last?: boolean } = {},
): ConventionTransition {
  const rules = CONVENTION_TRANSITIONS.filter((r) => r.from === from && r.event === event);
  if (rules.length === 0)
    return {
      ok: false,
      error: 'invalid_state',
      message: `Impossible ${deVerb(CONVENTION_EVENT_LABELS[event])} cette convention : elle est ${STATE_PHRASES[from]}.`,
    };
  const rule = rules.find((r) => r.actors.includes(actor));
  if (!rule)
    return {
      ok: false,
      error: 'forbidden_role',
      message: `Votre rôle ne permet pas ${deVerb(CONVENTION_EVENT_LABELS[event])} cette convention.`,
    };
  return { ok: true, to: options.last && rule.toWhenLast ? rule.toWhenLast : rule.to };
}

/**
 * The host may attest the stage (event 'attest') from its last day on: `today` and `endDate` are
 * ISO dates, today in Paris.
 */
export function attestationOpen(endDate: string, today: string): boolean {
  return today >= endDate;
}

// ---------------------------------------------------------------------------------------------
// Steps: what the lists show (who has to act next).

export const CONVENTION_STEPS = [
  'host_to_complete',
  'school_to_complete',
  'to_validate',
  'signatures',
  'signed',
  'done',
  'cancelled',
] as const;
export type ConventionStep = (typeof CONVENTION_STEPS)[number];

export const CONVENTION_STEP_LABELS: Record<ConventionStep, string> = {
  host_to_complete: 'À compléter par l’organisme',
  school_to_complete: 'À compléter par l’établissement',
  to_validate: 'À valider',
  signatures: 'Signatures en cours',
  signed: 'Signée',
  done: 'Stage effectué',
  cancelled: 'Annulée',
};

export function conventionStep(c: {
  status: ConventionState;
  hostCompletedAt: Date | string | null;
  schoolCompletedAt: Date | string | null;
}): ConventionStep {
  switch (c.status) {
    case 'completion':
      if (!c.hostCompletedAt) return 'host_to_complete';
      if (!c.schoolCompletedAt) return 'school_to_complete';
      return 'to_validate';
    case 'validated':
      return 'signatures';
    case 'signed':
      return 'signed';
    case 'done':
      return 'done';
    case 'cancelled':
      return 'cancelled';
  }
}

// ---------------------------------------------------------------------------------------------
// Empty parts, missing fields.

const emptyContact = (): PersonContact => ({ name: '', role: '', email: '', phone: '' });

/** The default preparation and debriefing sentence (the school may change it). */
export const DEFAULT_PREPARATION =
  'Le stage est préparé en classe avec le professeur référent avant le départ ; au retour, l’élève restitue ce qu’il a observé (échange en classe ou court compte rendu).';

export function emptyHostPart(prefill: Partial<ConventionHostPart> = {}): ConventionHostPart {
  return {
    representative: emptyContact(),
    tutor: emptyContact(),
    placeAddress: '',
    activities: '',
    hours: [],
    lunch: '',
    insurance: { insurer: '', policyNumber: '' },
    ...prefill,
  };
}

export function emptySchoolPart(prefill: Partial<ConventionSchoolPart> = {}): ConventionSchoolPart {
  return {
    representative: emptyContact(),
    caDeliberationDate: '',
    referentTeacher: { name: '', email: '', phone: '' },
    className: '',
    pai: { has: false, kitBy: '' },
    guardians: [],
    guardiansChecked: false,
    preparation: DEFAULT_PREPARATION,
    ...prefill,
  };
}

export interface MissingField {
  /** path in the part, e.g. 'tutor.email', 'hours', 'guardians.0.email' */
  field: string;
  /** French label, e.g. « Tuteur : adresse e-mail » */
  label: string;
}

const blank = (s: string | null | undefined): boolean => (s ?? '').trim() === '';

/** What the host still has to fill in (empty list: its part is complete). */
export function missingHostFields(part: ConventionHostPart): MissingField[] {
  const out: MissingField[] = [];
  const need = (value: string, field: string, label: string) => {
    if (blank(value)) out.push({ field, label });
  };
  need(part.representative.name, 'representative.name', 'Représentant de l’organisme : nom');
  need(part.representative.role, 'representative.role', 'Représentant de l’organisme : fonction');
  need(part.representative.email, 'representative.email', 'Représentant de l’organisme : adresse e-mail');
  need(part.tutor.name, 'tutor.name', 'Tuteur : nom');
  need(part.tutor.role, 'tutor.role', 'Tuteur : fonction');
  need(part.tutor.email, 'tutor.email', 'Tuteur : adresse e-mail');
  need(part.activities, 'activities', 'Activités prévues');
  if (part.hours.length === 0) out.push({ field: 'hours', label: 'Horaires journaliers (lundi à samedi)' });
  need(part.lunch, 'lunch', 'Modalités de la pause déjeuner');
  need(part.insurance.insurer, 'insurance.insurer', 'Assurance responsabilité civile : assureur');
  return out;
}

/** What the school still has to fill in (empty list: its part is complete). */
export function missingSchoolFields(part: ConventionSchoolPart, parties: ConventionParties): MissingField[] {
  const out: MissingField[] = [];
  const need = (value: string, field: string, label: string) => {
    if (blank(value)) out.push({ field, label });
  };
  need(part.representative.name, 'representative.name', 'Chef d’établissement ou délégué : nom');
  need(part.representative.role, 'representative.role', 'Chef d’établissement ou délégué : fonction');
  need(part.representative.email, 'representative.email', 'Chef d’établissement ou délégué : adresse e-mail');
  need(part.representative.phone, 'representative.phone', 'Chef d’établissement ou délégué : téléphone');
  if (parties.school.isPublic)
    need(
      part.caDeliberationDate,
      'caDeliberationDate',
      'Date de la délibération du conseil d’administration autorisant la signature',
    );
  need(part.referentTeacher.name, 'referentTeacher.name', 'Professeur référent : nom');
  need(part.referentTeacher.email, 'referentTeacher.email', 'Professeur référent : adresse e-mail');
  need(part.referentTeacher.phone, 'referentTeacher.phone', 'Professeur référent : téléphone');
  need(part.className, 'className', 'Classe de l’élève');
  if (part.pai.has && part.pai.kitBy === '')
    out.push({ field: 'pai.kitBy', label: 'PAI : qui apporte la trousse d’urgence' });
  if (part.guardians.length === 0)
    out.push({ field: 'guardians', label: 'Représentant légal 1 : nom et adresse e-mail' });
  part.guardians.slice(0, 2).forEach((g, i) => {
    const who = `Représentant légal ${i + 1}`;
    need(g.firstName, `guardians.${i}.firstName`, `${who} : prénom`);
    need(g.lastName, `guardians.${i}.lastName`, `${who} : nom`);
    need(g.email, `guardians.${i}.email`, `${who} : adresse e-mail`);
  });
  if (!part.guardiansChecked)
    out.push({
      field: 'guardiansChecked',
      label: 'Coordonnées des représentants légaux vérifiées par l’établissement',
    });
  need(part.preparation, 'preparation', 'Modalités de préparation et de restitution');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Problems: what forbids validation besides missing fields (hours, dates, lengths, e-mails).

export interface ConventionProblem {
  /** the rule broken: an hours rule of hours.ts ('max_per_day', 'min_rest'…), 'dates_*', 'too_long', 'email'… */
  rule: string;
  /** 1 = Monday … 6 = Saturday, for a rule about one day */
  day?: number;
  /** path of the field concerned: 'hours', 'startDate', 'tutor.email', 'hostPart.activities'… */
  field?: string;
  message: string;
}

/** Longest text accepted in each free field (characters). */
export const CONVENTION_TEXT_LIMITS = {
  activities: 1500,
  lunch: 250,
  placeAddress: 500,
  preparation: 1500,
  name: 150,
  role: 150,
  email: 254,
  phone: 30,
  policy: 150,
} as const;

/** A deliberately simple e-mail syntax: something@domain.tld, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function validIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function formatIso(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d === 1 ? '1er' : String(d)} ${FRENCH_MONTHS[(m ?? 1) - 1]} ${y}`;
}

/**
 * Everything that forbids validating the convention, missing fields aside (listed by
 * missingHostFields / missingSchoolFields): the hours rules with the campaign's limits (the
 * message names the day and the rule), dates inside the campaign's official weeks, text lengths,
 * the syntax of every e-mail, a guardian without an e-mail or two guardians with the same one.
 */
export function conventionProblems(input: {
  parties: ConventionParties;
  hostPart: ConventionHostPart;
  schoolPart: ConventionSchoolPart;
  startDate: string;
  endDate: string;
  limits: CampaignLimits;
}): ConventionProblem[] {
  const { parties, hostPart, schoolPart, startDate, endDate, limits } = input;
  const out: ConventionProblem[] = [];

  // hours (an empty table is a missing field, not a problem)
  if (hostPart.hours.length > 0)
    for (const v of checkHours(hostPart.hours, limits))
      out.push({
        rule: v.rule,
        ...(v.day !== undefined ? { day: v.day } : {}),
        field: 'hours',
        message: `Horaires – ${v.message}.`,
      });

  // dates
  const weeks = parties.campaign.weeks;
  const inWeek = (iso: string) => weeks.find((w) => iso >= w.start && iso <= addDays(w.start, 5));
  const weeksText = weeks
    .map((w) => `semaine ${w.number} du ${formatIso(w.start)} au ${formatIso(addDays(w.start, 5))}`)
    .join(', ');
  const startOk = validIsoDate(startDate);
  const endOk = validIsoDate(endDate);
  if (!startOk)
    out.push({
      rule: 'dates_format',
      field: 'startDate',
      message: 'Date de début : date invalide (format attendu AAAA-MM-JJ).',
    });
  if (!endOk)
    out.push({
      rule: 'dates_format',
      field: 'endDate',
      message: 'Date de fin : date invalide (format attendu AAAA-MM-JJ).',
    });
  if (startOk && endOk) {
    if (endDate < startDate)
      out.push({
        rule: 'dates_order',
        field: 'endDate',
        message: `Dates : la fin (${formatIso(endDate)}) précède le début (${formatIso(startDate)}).`,
      });
    for (const [iso, field, what] of [
      [startDate, 'startDate', 'Le début'],
      [endDate, 'endDate', 'La fin'],
    ] as const) {
      if (!inWeek(iso))
        out.push({
          rule: 'dates_outside_weeks',
          field,
          message: `${what} du stage (${formatIso(iso)}) tombe en dehors des semaines officielles de la campagne${weeksText ? ` (${weeksText})` : ''}.`,
        });
    }
  }

  // lengths
  const L = CONVENTION_TEXT_LIMITS;
  const tooLong = (value: string, max: number, field: string, label: string) => {
    const n = [...value].length;
    if (n > max)
      out.push({
        rule: 'too_long',
        field,
        message: `${label} : ${max} caractères au plus (${n} saisis).`,
      });
  };
  const contact = (
    c: { name: string; role?: string; email: string; phone: string },
    path: string,
    who: string,
  ) => {
    tooLong(c.name, L.name, `${path}.name`, `${who} : nom`);
    if (c.role !== undefined) tooLong(c.role, L.role, `${path}.role`, `${who} : fonction`);
    tooLong(c.phone, L.phone, `${path}.phone`, `${who} : téléphone`);
  };
  tooLong(hostPart.activities, L.activities, 'hostPart.activities', 'Activités prévues');
  tooLong(hostPart.lunch, L.lunch, 'hostPart.lunch', 'Modalités de la pause déjeuner');
  tooLong(hostPart.placeAddress, L.placeAddress, 'hostPart.placeAddress', 'Lieu du stage');
  tooLong(hostPart.insurance.insurer, L.policy, 'hostPart.insurance.insurer', 'Assureur');
  tooLong(
    hostPart.insurance.policyNumber,
    L.policy,
    'hostPart.insurance.policyNumber',
    'Numéro de contrat d’assurance',
  );
  tooLong(
    schoolPart.preparation,
    L.preparation,
    'schoolPart.preparation',
    'Modalités de préparation et de restitution',
  );
  contact(hostPart.representative, 'hostPart.representative', 'Représentant de l’organisme');
  contact(hostPart.tutor, 'hostPart.tutor', 'Tuteur');
  contact(schoolPart.representative, 'schoolPart.representative', 'Chef d’établissement ou délégué');
  contact(schoolPart.referentTeacher, 'schoolPart.referentTeacher', 'Professeur référent');
  schoolPart.guardians.forEach((g, i) => {
    tooLong(
      g.firstName,
      L.name,
      `schoolPart.guardians.${i}.firstName`,
      `Représentant légal ${i + 1} : prénom`,
    );
    tooLong(g.lastName, L.name, `schoolPart.guardians.${i}.lastName`, `Représentant légal ${i + 1} : nom`);
    tooLong(g.phone, L.phone, `schoolPart.guardians.${i}.phone`, `Représentant légal ${i + 1} : téléphone`);
  });

  // e-mails (syntax of every e-mail given; empty ones are missing fields)
  const email = (value: string, field: string, who: string) => {
    const v = value.trim();
    if (v === '') return;
    if (v.length > L.email || !EMAIL_PATTERN.test(v))
      out.push({ rule: 'email', field, message: `${who} : adresse e-mail invalide (« ${v} »).` });
  };
  email(hostPart.representative.email, 'hostPart.representative.email', 'Représentant de l’organisme');
  email(hostPart.tutor.email, 'hostPart.tutor.email', 'Tuteur');
  email(
    schoolPart.representative.email,
    'schoolPart.representative.email',
    'Chef d’établissement ou délégué',
  );
  email(schoolPart.referentTeacher.email, 'schoolPart.referentTeacher.email', 'Professeur référent');

  // guardians: 1 or 2, each reachable by e-mail (the signing code goes there), distinct e-mails
  if (schoolPart.guardians.length > 2)
    out.push({
      rule: 'guardians_count',
      field: 'schoolPart.guardians',
      message: `Représentants légaux : deux au plus (${schoolPart.guardians.length} indiqués).`,
    });
  schoolPart.guardians.slice(0, 2).forEach((g, i) => {
    const who = `Représentant légal ${i + 1}${blank(g.firstName) && blank(g.lastName) ? '' : ` (${`${g.firstName} ${g.lastName}`.trim()})`}`;
    if (blank(g.email))
      out.push({
        rule: 'guardian_email_missing',
        field: `schoolPart.guardians.${i}.email`,
        message: `${who} : adresse e-mail manquante ; elle est nécessaire pour recevoir le code de signature.`,
      });
    else email(g.email, `schoolPart.guardians.${i}.email`, who);
  });
  const [g1, g2] = schoolPart.guardians;
  if (g1 && g2 && !blank(g1.email) && g1.email.trim().toLowerCase() === g2.email.trim().toLowerCase())
    out.push({
      rule: 'guardian_email_duplicate',
      field: 'schoolPart.guardians.1.email',
      message:
        'Représentants légaux : la même adresse e-mail pour les deux ; chacun signe avec son propre code, il faut deux adresses distinctes.',
    });
  return out.map((p) => ({ ...p, message: capitalize(p.message) }));
}

// ---------------------------------------------------------------------------------------------
// Signatories and reference.

export interface Signatory {
  role: SignatoryRole;
  name: string;
  email: string | null;
  phone: string;
}

/** Who signs, in the order of the signatures block: school, host, student, guardians 1–2. */
export function signatoriesOf(
  hostPart: ConventionHostPart,
  schoolPart: ConventionSchoolPart,
  student: { firstName: string; lastName: string; email: string | null },
): Signatory[] {
  const out: Signatory[] = [
    {
      role: 'school',
      name: schoolPart.representative.name.trim(),
      email: schoolPart.representative.email.trim(),
      phone: schoolPart.representative.phone.trim(),
    },
    {
      role: 'host',
      name: hostPart.representative.name.trim(),
      email: hostPart.representative.email.trim(),
      phone: hostPart.representative.phone.trim(),
    },
    {
      role: 'student',
      name: `${student.firstName} ${student.lastName}`.trim(),
      email: student.email?.trim() || null,
      phone: '',
    },
  ];
  schoolPart.guardians.slice(0, 2).forEach((g, i) =>
    out.push({
      role: i === 0 ? 'guardian_1' : 'guardian_2',
      name: `${g.firstName} ${g.lastName}`.trim(),
      email: g.email.trim(),
      phone: g.phone.trim(),
    }),
  );
  return out;
}

/** Crockford's base 32: no I, L, O, U. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** « CS-2026-7K3M-Q9XD » */
export const REFERENCE_PATTERN = /^CS-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A convention's reference from 8 random bytes (40 bits used) and the stage's year. */
export function newReference(randomBytes: Uint8Array, year: number): string {
  if (randomBytes.length < 8) throw new Error('newReference : 8 octets aléatoires au moins');
  let code = '';
  for (let i = 0; i < 8; i++) code += CROCKFORD[randomBytes[i]! % 32];
  return `CS-${year}-${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A reference typed by hand, normalised: upper case, spaces and dashes tolerated, O → 0, I and
 * L → 1 (Crockford); null when it cannot be a reference.
 */
export function normalizeReference(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s\-–_.]/g, '')
    .replace(/^CS/, '');
  const m = /^(\d{4})([0-9A-Z]{8})$/.exec(compact);
  if (!m) return null;
  const code = m[2]!.replace(/O/g, '0').replace(/[IL]/g, '1');
  const ref = `CS-${m[1]}-${code.slice(0, 4)}-${code.slice(4)}`;
  return REFERENCE_PATTERN.test(ref) ? ref : null;
}
