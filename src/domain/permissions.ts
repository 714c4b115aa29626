/**
 * Who may do what, and where (DOMAIN.md §2). One table: action × role → rule. Every API route
 * names its action; the guard evaluates the rule against the signed-in principal and the
 * resource's location. An action or a role missing from the table is refused.
 */

export const ROLES = [
  'student',
  'guardian',
  'school_head',
  'school_staff',
  'school_director',
  'ien',
  'dsden',
  'rectorat',
  'host_member',
  'partner',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** French names of the roles, for the user interface. */
export const ROLE_LABELS: Record<Role, string> = {
  student: 'Élève',
  guardian: 'Représentant légal',
  school_head: 'Chef d’établissement',
  school_staff: 'Personnel de l’établissement',
  school_director: 'Directeur d’école',
  ien: 'Inspecteur de l’Éducation nationale (IEN)',
  dsden: 'Services départementaux (DSDEN)',
  rectorat: 'Rectorat',
  host_member: 'Organisme d’accueil',
  partner: 'Partenaire (API)',
  admin: 'Administrateur de la plateforme',
};

/** The perimeter a principal acts in. */
export type Scope =
  | { kind: 'self' }
  | { kind: 'lycee'; uai: string; departementCode: string; academyCode: string }
  | { kind: 'ecole'; uai: string; circonscriptionId: string; departementCode: string; academyCode: string }
  | { kind: 'circonscription'; id: string; departementCode: string; academyCode: string }
  | { kind: 'departement'; code: string; academyCode: string }
  | { kind: 'academie'; code: string }
  | { kind: 'host'; hostId: string }
  | { kind: 'platform' };

/** The scope kind each role must have. */
export const ROLE_SCOPE: Record<Role, Scope['kind']> = {
  student: 'self',
  guardian: 'self',
  school_head: 'lycee',
  school_staff: 'lycee',
  school_director: 'ecole',
  ien: 'circonscription',
  dsden: 'departement',
  rectorat: 'academie',
  host_member: 'host',
  partner: 'host',
  admin: 'platform',
};

export interface Principal {
  userId: string;
  role: Role;
  scope: Scope;
  /** the student a student account is, or the children of a guardian */
  studentIds: readonly string[];
  /** school staff named signature delegate by the head */
  signatureDelegate: boolean;
}

/** Where a resource sits; the guard compares it with the principal's scope. */
export interface Location {
  userId?: string;
  studentId?: string;
  schoolUai?: string;
  circonscriptionId?: string;
  departementCode?: string;
  academyCode?: string;
  hostId?: string;
}

/**
 * - public: anyone, signed in or not
 * - authenticated: any signed-in principal
 * - self: the resource is the principal's own account (location.userId)
 * - own_student: the student is the principal (student) or one of their children (guardian)
 * - scope: the resource lies inside the principal's scope
 * - delegate: inside the scope, and the head or a signature delegate
 * - any: the role may do it everywhere (admin)
 */
export type Rule = 'public' | 'authenticated' | 'self' | 'own_student' | 'scope' | 'delegate' | 'any';

type Table = Record<string, Partial<Record<Role, Rule>> | 'public' | 'authenticated'>;

const STEERING: Partial<Record<Role, Rule>> = {
  school_head: 'scope',
  dsden: 'scope',
  rectorat: 'scope',
  admin: 'any',
};

export const PERMISSIONS = {
  'health.read': 'public',
  'stats.public.read': 'public',
  'session.read': 'public',
  'demo.sign_in': 'public',
  'session.sign_out': 'authenticated',
  /** sign-up, password sign-in, verification, reset, one-time links, OpenID Connect, activation */
  'auth.public': 'public',
  'account.read': 'authenticated',
  'account.sessions.manage': 'authenticated',
  'account.data.export': 'authenticated',
  'student.read': {
    student: 'own_student',
    guardian: 'own_student',
    school_head: 'scope',
    school_staff: 'scope',
    dsden: 'scope',
    rectorat: 'scope',
    admin: 'any',
  },
  'students.list': { school_head: 'scope', school_staff: 'scope', admin: 'any' },
  /** the lycée's students with their placement, as a CSV file (a teacher: their classes) */
  'students.export': { school_head: 'scope', school_staff: 'scope', admin: 'any' },
  /** mail the students still to place and their guardians (once a day per student) */
  'students.remind': { school_head: 'scope', school_staff: 'scope' },
  /** a student's placement and its history (applications, splits, decisions, reminders) */
  'student.placement.read': { school_head: 'scope', school_staff: 'scope', admin: 'any' },
  'students.import': { school_head: 'scope', admin: 'any' },
  'staff.invite': { school_head: 'scope', admin: 'any' },
  'staff.manage': { school_head: 'scope', admin: 'any' },
  'class_code.create': { school_head: 'scope', school_staff: 'scope' },
  'audit.read': { school_head: 'scope', admin: 'any' },
  'steering.read': STEERING,
  /** the dashboards (home, indicators, map, students without a placement): canView (src/domain/steering.ts) decides the scope */
  'steering.view': {
    school_head: 'scope',
    school_staff: 'scope',
    ien: 'scope',
    dsden: 'scope',
    rectorat: 'scope',
    admin: 'any',
  },
  /** a referent teacher's classes, an IEN's circonscription (the écoles' offers) */
  'steering.classes.read': { school_head: 'scope', school_staff: 'scope', admin: 'any' },
  'steering.circonscription.read': { ien: 'scope', dsden: 'scope', rectorat: 'scope', admin: 'any' },
  /** one-click reminders: students of a lycée or class (head, referent), heads of lycées (above) */
  'steering.remind': { school_head: 'scope', school_staff: 'scope', dsden: 'scope', rectorat: 'scope' },
  /** e-mail summaries: one's own subscriptions; the unsubscribe link works signed out */
  'summaries.manage': 'authenticated',
  'summaries.unsubscribe': 'public',
  'outbox.read': { admin: 'any' },
  'api_key.manage': { host_member: 'scope', admin: 'any' },
  'host.manage': { host_member: 'scope', admin: 'any' },
  /** the members of a host organisation: list, invite a colleague, remove one */
  'host.members.manage': { host_member: 'scope', admin: 'any' },
  /** a host's notification settings (daily digest of applications): its members only */
  'host.settings.manage': { host_member: 'scope' },
  /** partner API: who am I (an API key of a host) */
  'partner.read': { partner: 'scope' },
  /** one offer's public page (the service hides drafts and reserved offers outside their audience) */
  'offer.read': 'public',
  /** create and edit offers: the channel follows the role (host, lycée, école, academic services) */
  'offer.write': {
    host_member: 'scope',
    partner: 'scope',
    school_head: 'scope',
    school_director: 'scope',
    dsden: 'scope',
    rectorat: 'scope',
  },
  /** lifecycle events (publish, submit, validate, return, unpublish, republish): the offer state table decides */
  'offer.transition': {
    host_member: 'scope',
    partner: 'scope',
    school_head: 'scope',
    school_director: 'scope',
    ien: 'scope',
    dsden: 'scope',
    rectorat: 'scope',
    admin: 'any',
  },
  /** the IEN's queue of écoles' offers waiting for validation */
  'offer.validate': { ien: 'scope' },
  /** CSV import of a host's offers (preview and publication), partner keys included */
  'offers.import': { host_member: 'scope', partner: 'scope', admin: 'any' },
  /** a host's offers dashboard */
  'host.offers.read': { host_member: 'scope', partner: 'scope', admin: 'any' },
  /** the offers of a lycée (its head) */
  'school.offers.read': { school_head: 'scope', admin: 'any' },
  'offer.flag': 'public',
  'offer.moderate': { rectorat: 'scope', admin: 'any' },
  /** public search of offers and the commune autocomplete (no account needed to browse) */
  'offers.search': 'public',
  'communes.search': 'public',
  /** applications (DOMAIN.md §5): the student applies, confirms, withdraws; the offer's host decides, cancels */
  'application.apply': { student: 'own_student' },
  'applications.mine': { student: 'own_student' },
  'application.read': {
    student: 'own_student',
    host_member: 'scope',
    partner: 'scope',
    school_head: 'scope',
    school_staff: 'scope',
    admin: 'any',
  },
  'host.applications.read': { host_member: 'scope', partner: 'scope', admin: 'any' },
  'application.decide': { host_member: 'scope', partner: 'scope' },
  'application.confirm': { student: 'own_student' },
  'application.withdraw': { student: 'own_student' },
  'application.cancel': { host_member: 'scope', partner: 'scope' },
  /** the school head agrees (or not) to a 1 + 1 split with two hosts */
  'application.split.decide': { school_head: 'scope' },
  /** PDF files: a student sends their CV, the head or a staff member of a lycée an exemption document */
  'file.upload': { student: 'self', school_head: 'scope', school_staff: 'scope' },
  /** a file: its uploader; a CV, the hosts it was sent to; an exemption document, the student's lycée */
  'file.read': {
    student: 'self',
    school_head: 'scope',
    school_staff: 'scope',
    host_member: 'scope',
    partner: 'scope',
  },
  /** the head grants an exemption or decides a repli in the lycée, and revokes it (staff only read) */
  'placement.decide': { school_head: 'scope' },
  /** stages found outside the platform: the student declares theirs (and lists, cancels them) */
  'external_stages.mine': { student: 'own_student' },
  /** … or the lycée declares and lists them for one of its students */
  'external_stages.manage': { school_head: 'scope', school_staff: 'scope' },
  'external_stage.cancel': { student: 'own_student', school_head: 'scope', school_staff: 'scope' },
  /** the host's representative answers by the one-time link of the mail (no account needed) */
  'external_stage.invitation': 'public',
  /** conventions (DOMAIN.md §6): the student's and guardians' own, a host's, a lycée's, everything (admin) */
  'conventions.list': {
    student: 'own_student',
    guardian: 'own_student',
    host_member: 'scope',
    partner: 'scope',
    school_head: 'scope',
    school_staff: 'scope',
    admin: 'any',
  },
  'conventions.read': {
    student: 'own_student',
    guardian: 'own_student',
    host_member: 'scope',
    partner: 'scope',
    school_head: 'scope',
    school_staff: 'scope',
    admin: 'any',
  },
  /** the host's part (representative, tutor, activities, hours, lunch, insurance): its members */
  'conventions.host.edit': { host_member: 'scope' },
  /** the school's part (representative, referent, PAI, guardians, CA date): the lycée's head and staff */
  'conventions.school.edit': { school_head: 'scope', school_staff: 'scope' },
  /** validation opens the signatures: the head or a signature delegate of the lycée */
  'conventions.validate': { school_head: 'delegate', school_staff: 'delegate' },
  'conventions.cancel': { school_head: 'delegate', school_staff: 'delegate' },
  /**
   * sign a convention with a one-time code from a signed-in account matching the role (the service
   * checks the role: the student, a guardian of their rank, the head or a signature delegate of the
   * lycée, a member of the host whose e-mail is the representative's); the head's bulk signature
   */
  'conventions.sign': {
    student: 'own_student',
    guardian: 'own_student',
    school_head: 'delegate',
    school_staff: 'delegate',
    host_member: 'scope',
  },
  /** an avenant to a signed convention: the lycée's head or a signature delegate, or a member of the host */
  'conventions.amend': { school_head: 'delegate', school_staff: 'delegate', host_member: 'scope' },
  /** the host confirms the days of presence after the last day: the sealed attestation */
  'conventions.attest': { host_member: 'scope' },
  /** the ZIP of a class's sealed conventions: the lycée's head and staff */
  'conventions.archive': { school_head: 'scope', school_staff: 'scope' },
  /** a party signs through the personal link of the mail (no account needed): view, PDF, code, sign */
  'signature.public': 'public',
  /** anyone checks a sealed convention (a PDF or its reference) */
  'verify.public': 'public',
  /** the convention's wording: the rectorat loads, previews and publishes its académie's versions */
  'conventions.templates': { rectorat: 'scope', admin: 'any' },
} as const satisfies Table;

export type Action = keyof typeof PERMISSIONS;

export type Decision =
  | { ok: true }
  /** 401: sign in first; 403: this role may never do it; 404: not in your perimeter (existence not revealed) */
  | { ok: false; status: 401 | 403 | 404; reason: string };

export function isAction(name: string): name is Action {
  return Object.hasOwn(PERMISSIONS, name);
}

export function ruleFor(action: Action, role: Role): Rule | undefined {
  const entry = PERMISSIONS[action] as Table[string];
  if (entry === 'public') return 'public';
  if (entry === 'authenticated') return 'authenticated';
  return entry[role];
}

/** True when the location lies inside the scope. */
export function inScope(scope: Scope, at: Location): boolean {
  switch (scope.kind) {
    case 'platform':
      return true;
    case 'self':
      return false;
    case 'lycee':
    case 'ecole':
      return at.schoolUai === scope.uai;
    case 'circonscription':
      return at.circonscriptionId === scope.id;
    case 'departement':
      return at.departementCode === scope.code;
    case 'academie':
      return at.academyCode === scope.code;
    case 'host':
      return at.hostId === scope.hostId;
  }
}

/** Decides whether a principal (or an anonymous visitor) may perform an action on a location. */
export function authorize(principal: Principal | null, action: Action, at: Location = {}): Decision {
  const entry = PERMISSIONS[action] as Table[string];
  if (entry === 'public') return { ok: true };
  if (!principal) return { ok: false, status: 401, reason: 'Connectez-vous pour accéder à cette page.' };
  if (entry === 'authenticated') return { ok: true };
  const rule = entry[principal.role];
  const refused: Decision = { ok: false, status: 403, reason: 'Votre rôle ne permet pas cette action.' };
  const outside: Decision = {
    ok: false,
    status: 404,
    reason: 'Aucune ressource de votre périmètre ne correspond.',
  };
  switch (rule) {
    case undefined:
      return refused;
    case 'public':
    case 'authenticated':
    case 'any':
      return { ok: true };
    case 'self':
      return at.userId === principal.userId ? { ok: true } : outside;
    case 'own_student':
      return at.studentId !== undefined && principal.studentIds.includes(at.studentId)
        ? { ok: true }
        : outside;
    case 'scope':
      return inScope(principal.scope, at) ? { ok: true } : outside;
    case 'delegate':
      if (!inScope(principal.scope, at)) return outside;
      return principal.role === 'school_head' || principal.signatureDelegate ? { ok: true } : refused;
  }
}

/**
 * The route-level half of the check: may this principal use the action at all? The service
 * then checks the resource's location with authorize().
 */
export function authorizeRole(principal: Principal | null, action: Action): Decision {
  const entry = PERMISSIONS[action] as Table[string];
  if (entry === 'public') return { ok: true };
  if (!principal) return { ok: false, status: 401, reason: 'Connectez-vous pour accéder à cette page.' };
  if (entry === 'authenticated' || entry[principal.role] !== undefined) return { ok: true };
  return { ok: false, status: 403, reason: 'Votre rôle ne permet pas cette action.' };
}
