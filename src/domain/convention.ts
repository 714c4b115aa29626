/**
 * The convention (DOMAIN.md §6): its states, the parties who sign, and the fields each party
 * completes. Pure: shared by the server and the web app.
 */
import type { DayHours } from './hours.ts';

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
