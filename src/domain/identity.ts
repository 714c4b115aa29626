/**
 * Pure rules of sign-in by an identity provider and of account activation by class code:
 * which account a set of OpenID Connect claims designates, where to go after signing in, what a
 * class code looks like, how names are compared.
 */
import { foldAccents } from './text.ts';

export type IdentityProvider = 'educonnect' | 'proconnect';

/** The claims the platform reads (ÉduConnect-like: ine, e-mail; ProConnect-like: e-mail, uai, role). */
export interface IdentityClaims {
  sub: string;
  email?: string | undefined;
  emailVerified?: boolean | undefined;
  givenName?: string | undefined;
  familyName?: string | undefined;
  ine?: string | undefined;
  uai?: string | undefined;
  role?: string | undefined;
}

/** Reads the claims of an ID token / userinfo answer, ignoring what is missing or malformed. */
export function readClaims(raw: Record<string, unknown> & { sub: string }): IdentityClaims {
  const text = (key: string) => {
    const v = raw[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const verified = raw.email_verified;
  return {
    sub: raw.sub,
    email: text('email')?.toLowerCase(),
    emailVerified: typeof verified === 'boolean' ? verified : verified === 'true' ? true : undefined,
    givenName: text('given_name'),
    familyName: text('family_name') ?? text('usual_name'),
    ine: text('ine')?.toUpperCase(),
    uai: text('uai')?.toUpperCase(),
    role: text('role'),
  };
}

/** What the database knows about the person the claims describe (looked up by the service). */
export interface IdentityFacts {
  /** the account already linked to "<provider>:<sub>" */
  userBySubject?: { id: string } | undefined;
  /** the student whose INE is the `ine` claim, with their account if they have one */
  studentByIne?: { id: string; schoolUai: string; userId: string | null } | undefined;
  /** the account whose e-mail is the `email` claim */
  userByEmail?: { id: string; studentId: string | null; studentSchoolUai: string | null } | undefined;
  /** legal-representative records whose e-mail is the `email` claim */
  guardiansByEmail: readonly { id: string }[];
  /** the school of the `uai` claim, when it exists */
  schoolByUai?: { uai: string; kind: string } | undefined;
}

export type NewMembership =
  | { role: 'student'; schoolUai: string }
  | { role: 'guardian'; guardianId: string }
  | { role: 'school_head' | 'school_staff'; schoolUai: string };

export type IdentityPlan =
  | {
      kind: 'sign_in';
      /** the existing account, or undefined: create one */
      userId: string | undefined;
      /** a new account is a student's account */
      studentId?: string | undefined;
      /** memberships the account must hold (the service adds the missing ones) */
      memberships: NewMembership[];
      /** the role to open the session with, when the account holds it */
      preferredRole: NewMembership['role'] | undefined;
    }
  | { kind: 'refuse'; reason: 'unknown_account' };

/** The ProConnect-like `role` claim → the platform's role. */
export const STAFF_ROLE_CLAIMS: Record<string, 'school_head' | 'school_staff'> = {
  chef_etablissement: 'school_head',
  personnel: 'school_staff',
};

/**
 * Maps verified claims to an account.
 * - ÉduConnect-like (students, guardians): a student by INE, or by the e-mail of their account
 *   (created by an invitation or an activation); a guardian by the e-mail of their
 *   legal-representative records (one guardian membership per record: a parent of two children
 *   gets two).
 * - ProConnect-like (staff): an existing account with that e-mail (invited by the school), or a
 *   new one when `uai` + `role` designate an existing lycée.
 * An account already linked to the subject is signed in whatever the other claims say.
 * E-mails count only when the provider does not say they are unverified.
 */
export function planIdentity(
  provider: IdentityProvider,
  claims: IdentityClaims,
  facts: IdentityFacts,
): IdentityPlan {
  const emailUsable = claims.email !== undefined && claims.emailVerified !== false;
  const byEmail = emailUsable ? facts.userByEmail : undefined;
  const known = facts.userBySubject?.id;

  if (provider === 'educonnect') {
    const student = facts.studentByIne;
    if (student) {
      const userId =
        known ?? student.userId ?? (byEmail && byEmail.studentId === student.id ? byEmail.id : undefined);
      return {
        kind: 'sign_in',
        userId,
        studentId: student.id,
        memberships: [{ role: 'student', schoolUai: student.schoolUai }],
        preferredRole: 'student',
      };
    }
    if (byEmail?.studentId && byEmail.studentSchoolUai && (!known || known === byEmail.id)) {
      return {
        kind: 'sign_in',
        userId: byEmail.id,
        memberships: [{ role: 'student', schoolUai: byEmail.studentSchoolUai }],
        preferredRole: 'student',
      };
    }
    const guardians = emailUsable ? facts.guardiansByEmail : [];
    if (guardians.length > 0) {
      // a guardian's account never is a student's account
      const userId = known ?? (byEmail && !byEmail.studentId ? byEmail.id : undefined);
      if (!userId && byEmail) return { kind: 'refuse', reason: 'unknown_account' };
      return {
        kind: 'sign_in',
        userId,
        memberships: guardians.map((g) => ({ role: 'guardian' as const, guardianId: g.id })),
        preferredRole: 'guardian',
      };
    }
    return known
      ? { kind: 'sign_in', userId: known, memberships: [], preferredRole: undefined }
      : { kind: 'refuse', reason: 'unknown_account' };
  }

  // ProConnect-like: staff only, never a student's account
  const role = claims.role ? STAFF_ROLE_CLAIMS[claims.role] : undefined;
  const school =
    role && facts.schoolByUai && facts.schoolByUai.kind === 'lycee' ? facts.schoolByUai : undefined;
  const memberships: NewMembership[] = role && school ? [{ role, schoolUai: school.uai }] : [];
  const existing = known ?? (byEmail && !byEmail.studentId ? byEmail.id : undefined);
  if (existing) return { kind: 'sign_in', userId: existing, memberships, preferredRole: role };
  if (byEmail) return { kind: 'refuse', reason: 'unknown_account' };
  if (memberships.length > 0 && emailUsable)
    return { kind: 'sign_in', userId: undefined, memberships, preferredRole: role };
  return { kind: 'refuse', reason: 'unknown_account' };
}

/**
 * Where to go after signing in: a same-site path only ("/compte", "/offres?x=1"); anything else
 * (absolute URL, protocol-relative "//host", backslashes, control characters) → "/compte".
 */
export function safeNextPath(next: string | undefined, fallback = '/compte'): string {
  if (next === undefined || next.length > 500) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f\s]/.test(next)) return fallback;
  return next;
}

/** Class codes: 8 characters from an alphabet without 0/O, 1/I (nor L, easily read as 1). */
export const CLASS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CLASS_CODE_LENGTH = 8;
export const CLASS_CODE_DAYS = 30;

/** A class code from random bytes (one byte per character; rejection sampling keeps it uniform). */
export function classCodeFrom(randomBytes: () => Uint8Array): string {
  const n = CLASS_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < CLASS_CODE_LENGTH) {
    for (const b of randomBytes()) {
      if (b < limit && code.length < CLASS_CODE_LENGTH) code += CLASS_CODE_ALPHABET[b % n];
    }
  }
  return code;
}

/** A class code as typed: spaces and dashes removed, upper case. */
export function normalizeClassCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

export function isClassCode(code: string): boolean {
  return code.length === CLASS_CODE_LENGTH && [...code].every((c) => CLASS_CODE_ALPHABET.includes(c));
}

/** Names compared without accents, case, hyphens, apostrophes or extra spaces ("Le Goff" = "LE-GOFF"). */
export function sameName(a: string, b: string): boolean {
  const fold = (s: string) =>
    foldAccents(s)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return fold(a) !== '' && fold(a) === fold(b);
}
