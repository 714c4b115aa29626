import { sendInvitation } from '../accounts/invitations.ts';
import { recordAudit, schoolAuditPage, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import { ROLE_LABELS, authorize, type Principal } from '../domain/permissions.ts';
import { allowedClassesFor } from './placement.service.ts';
import { parseStudentCsv, type ImportRow, type LineError } from '../domain/student-import.ts';
import {
  classesOf,
  findMembership,
  findSchool,
  findStudent,
  insertClass,
  insertStudent,
  pendingInvitations,
  referentsOf,
  replaceReferentClasses,
  setSignatureDelegate,
  staffOf,
  studentNamesByIds,
  studentsByIne,
  updateStudent,
  upsertGuardian,
  usersByIds,
  type ExistingStudent,
  type SchoolRow,
} from './store.ts';

export interface SchoolsDeps {
  db: Db;
  clock: () => Date;
  /** absolute URL of the platform, for the links in e-mails */
  publicUrl: string;
}

type Failure<E extends string> = { ok: false; error: E };

const today = (deps: SchoolsDeps) => deps.clock().toISOString().slice(0, 10);

/** The lycée at `uai` if the principal may perform `action` there; 404 outside their perimeter. */
async function lyceeFor(
  deps: SchoolsDeps,
  principal: Principal,
  action: 'students.import' | 'students.list' | 'staff.invite' | 'staff.manage' | 'audit.read',
  uai: string,
): Promise<SchoolRow | Failure<'not_found'>> {
  const decision = authorize(principal, action, { schoolUai: uai });
  if (!decision.ok) return { ok: false, error: 'not_found' };
  const school = await findSchool(deps.db, uai);
  if (!school || school.kind !== 'lycee') return { ok: false, error: 'not_found' };
  return school;
}

const isFailure = <T extends object>(x: T | Failure<'not_found'>): x is Failure<'not_found'> =>
  'ok' in x && x.ok === false;

// ---------------------------------------------------------------------------------------------
// Student import

export type RowStatus = 'new' | 'updated' | 'unchanged';

export interface PlannedRow extends ImportRow {
  status: RowStatus;
}

export interface ImportPlan {
  encoding: string;
  separator: string;
  counts: { lines: number; new: number; updated: number; unchanged: number; errors: number };
  newClasses: string[];
  rows: PlannedRow[];
  errors: LineError[];
  existing: Map<string, ExistingStudent>;
}

function sameStudent(row: ImportRow, s: ExistingStudent): boolean {
  if (
    s.firstName !== row.firstName ||
    s.lastName !== row.lastName ||
    s.birthDate !== row.birthDate ||
    s.className !== row.className
  )
    return false;
  return row.guardians.every((g) => {
    const e = s.guardians.find((x) => x.rank === g.rank);
    return (
      e !== undefined &&
      e.firstName === g.firstName &&
      e.lastName === g.lastName &&
      e.email === g.email &&
      e.phone === g.phone
    );
  });
}

export type PlanError = 'not_found' | 'invalid_file';

async function planImport(
  deps: SchoolsDeps,
  school: SchoolRow,
  bytes: Uint8Array,
): Promise<ImportPlan | { ok: false; error: 'invalid_file'; message: string }> {
  const parsed = parseStudentCsv(bytes, today(deps));
  if (!parsed.ok) return { ok: false, error: 'invalid_file', message: parsed.error };
  const existingList = await studentsByIne(
    deps.db,
    parsed.rows.map((r) => r.ine),
  );
  const existing = new Map(existingList.map((s) => [s.ine!, s]));
  const year = schoolYearOn(today(deps));
  const known = new Set((await classesOf(deps.db, school.uai, year)).map((c) => c.name));
  const errors = [...parsed.errors];
  const rows: PlannedRow[] = [];
  const newClasses = new Set<string>();
  for (const row of parsed.rows) {
    const s = existing.get(row.ine);
    if (s && s.schoolUai !== school.uai) {
      errors.push({
        line: row.line,
        column: 'INE',
        message:
          'Cet INE est rattaché à un autre établissement : l’élève doit d’abord y être retiré (contactez l’assistance).',
      });
      continue;
    }
    if (!known.has(row.className)) newClasses.add(row.className);
    rows.push({ ...row, status: !s ? 'new' : sameStudent(row, s) ? 'unchanged' : 'updated' });
  }
  errors.sort((a, b) => a.line - b.line);
  const count = (st: RowStatus) => rows.filter((r) => r.status === st).length;
  return {
    encoding: parsed.encoding,
    separator: parsed.separator,
    counts: {
      lines: rows.length + new Set(errors.map((e) => e.line)).size,
      new: count('new'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      errors: new Set(errors.map((e) => e.line)).size,
    },
    newClasses: [...newClasses].sort(),
    rows,
    errors,
    existing,
  };
}

export interface ImportSummary {
  encoding: string;
  separator: string;
  counts: ImportPlan['counts'];
  newClasses: string[];
  /** the first rows, as they will be written */
  rows: PlannedRow[];
  errors: LineError[];
}

export const PREVIEW_ROWS = 50;
export const MAX_ERRORS_SHOWN = 500;

function summary(plan: ImportPlan): ImportSummary {
  return {
    encoding: plan.encoding,
    separator: plan.separator,
    counts: plan.counts,
    newClasses: plan.newClasses,
    rows: plan.rows.slice(0, PREVIEW_ROWS),
    errors: plan.errors.slice(0, MAX_ERRORS_SHOWN),
  };
}

export type ImportFailure = Failure<'not_found'> | { ok: false; error: 'invalid_file'; message: string };

/** What an import would do; writes nothing. */
export async function previewImport(
  deps: SchoolsDeps,
  principal: Principal,
  uai: string,
  bytes: Uint8Array,
): Promise<({ ok: true } & ImportSummary) | ImportFailure> {
  const school = await lyceeFor(deps, principal, 'students.import', uai);
  if (isFailure(school)) return school;
  const plan = await planImport(deps, school, bytes);
  if ('ok' in plan) return plan;
  return { ok: true, ...summary(plan) };
}

/**
 * Writes an import in one transaction: a new INE is inserted, a known INE of this lycée updated
 * (names, birth date, class, guardians given in the file); bad lines are skipped. Guardians absent
 * from the file are kept (never deleted: an account may be attached to them). Idempotent.
 */
export async function runImport(
  deps: SchoolsDeps,
  principal: Principal,
  uai: string,
  bytes: Uint8Array,
  context: AuditContext,
): Promise<({ ok: true; changed: boolean } & ImportSummary) | ImportFailure> {
  const school = await lyceeFor(deps, principal, 'students.import', uai);
  if (isFailure(school)) return school;
  const year = schoolYearOn(today(deps));
  const result = await deps.db.transaction(async (tx) => {
    const txDeps = { ...deps, db: tx as unknown as Db };
    const plan = await planImport(txDeps, school, bytes);
    if ('ok' in plan) return plan;
    const classIds = new Map((await classesOf(tx as unknown as Db, uai, year)).map((c) => [c.name, c.id]));
    const classId = async (name: string) => {
      let id = classIds.get(name);
      if (!id) {
        id = (await insertClass(tx as unknown as Db, { schoolUai: uai, schoolYear: year, name })).id;
        classIds.set(name, id);
      }
      return id;
    };
    for (const row of plan.rows) {
      if (row.status === 'unchanged') continue;
      const fields = {
        firstName: row.firstName,
        lastName: row.lastName,
        birthDate: row.birthDate,
        classId: await classId(row.className),
      };
      let studentId: string;
      if (row.status === 'new') {
        studentId = (await insertStudent(tx as unknown as Db, { ...fields, ine: row.ine, schoolUai: uai }))
          .id;
      } else {
        studentId = plan.existing.get(row.ine)!.id;
        await updateStudent(tx as unknown as Db, studentId, fields);
      }
      for (const g of row.guardians)
        await upsertGuardian(tx as unknown as Db, {
          studentId,
          rank: g.rank,
          firstName: g.firstName,
          lastName: g.lastName,
          email: g.email,
          phone: g.phone,
        });
    }
    await recordAudit(
      txDeps,
      {
        action: 'students.import',
        actor: principal,
        schoolUai: uai,
        details: { ...plan.counts, newClasses: plan.newClasses },
      },
      context,
    );
    return plan;
  });
  if ('ok' in result) return result;
  return { ok: true, changed: result.counts.new + result.counts.updated > 0, ...summary(result) };
}

// ---------------------------------------------------------------------------------------------
// Students

const STAFF_ROLES = new Set([
  'school_head',
  'school_staff',
  'school_director',
  'ien',
  'dsden',
  'rectorat',
  'admin',
]);

/** One student, with what the convention needs; audited when staff read it. */
export async function readStudent(
  deps: SchoolsDeps,
  principal: Principal,
  id: string,
  context: AuditContext,
) {
  const s = await findStudent(deps.db, id);
  if (!s) return { ok: false as const, error: 'not_found' as const };
  const decision = authorize(principal, 'student.read', {
    studentId: s.id,
    schoolUai: s.schoolUai,
    departementCode: s.departementCode,
    academyCode: s.academyCode,
  });
  if (!decision.ok) return { ok: false as const, error: 'not_found' as const };
  // a teacher named referent of classes reads the students of those classes only
  const allowed = await allowedClassesFor(deps.db, principal, s.schoolUai);
  if (allowed && !allowed.includes(s.classId)) return { ok: false as const, error: 'not_found' as const };
  if (STAFF_ROLES.has(principal.role))
    await recordAudit(
      deps,
      { action: 'student.read', actor: principal, studentId: s.id, schoolUai: s.schoolUai },
      context,
    );
  return {
    ok: true as const,
    student: {
      id: s.id,
      ine: s.ine,
      lastName: s.lastName,
      firstName: s.firstName,
      birthDate: s.birthDate,
      school: { uai: s.schoolUai, name: s.schoolName },
      class: { id: s.classId, name: s.className },
      guardians: s.guardians.map((g) => ({
        rank: g.rank,
        lastName: g.lastName,
        firstName: g.firstName,
        email: g.email,
        phone: g.phone,
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Staff

export const STAFF_FUNCTIONS = ['professeur', 'cpe', 'gestionnaire', 'autre'] as const;
export type StaffFunction = (typeof STAFF_FUNCTIONS)[number];
export const STAFF_FUNCTION_LABELS: Record<StaffFunction, string> = {
  professeur: 'Professeur',
  cpe: 'Conseiller principal d’éducation (CPE)',
  gestionnaire: 'Gestionnaire',
  autre: 'Autre personnel',
};

/** What a staff invitation's token carries (see accounts/invitations.ts). */
export interface InvitationPayload {
  schoolUai: string;
  function: StaffFunction;
  firstName: string;
  lastName: string;
  signatureDelegate: boolean;
  invitedBy: string;
}

export async function inviteStaff(
  deps: SchoolsDeps,
  principal: Principal,
  inviter: { firstName: string; lastName: string },
  uai: string,
  input: {
    email: string;
    firstName: string;
    lastName: string;
    function: StaffFunction;
    signatureDelegate?: boolean | undefined;
  },
  context: AuditContext,
): Promise<{ ok: true; expiresAt: Date } | Failure<'not_found' | 'rate_limited'>> {
  const school = await lyceeFor(deps, principal, 'staff.invite', uai);
  if (isFailure(school)) return school;
  const email = input.email.trim().toLowerCase();
  const payload: InvitationPayload = {
    schoolUai: uai,
    function: input.function,
    firstName: input.firstName,
    lastName: input.lastName,
    signatureDelegate: input.signatureDelegate ?? false,
    invitedBy: principal.userId,
  };
  return sendInvitation(
    deps,
    {
      principal,
      email,
      payload,
      mail: {
        name: input.firstName,
        inviterName: `${inviter.firstName} ${inviter.lastName}`,
        placeName: school.name,
        roleLabel: `${ROLE_LABELS.school_staff} – ${STAFF_FUNCTION_LABELS[input.function]}`,
      },
      audit: {
        action: 'staff.invited',
        schoolUai: uai,
        details: { email, function: input.function, signatureDelegate: payload.signatureDelegate },
      },
    },
    context,
  );
}

export async function listStaff(deps: SchoolsDeps, principal: Principal, uai: string) {
  const school = await lyceeFor(deps, principal, 'staff.invite', uai);
  if (isFailure(school)) return school;
  const [staff, referents, invitations, classes] = await Promise.all([
    staffOf(deps.db, uai),
    referentsOf(deps.db, uai),
    pendingInvitations(deps.db, { schoolUai: uai }, deps.clock()),
    classesOf(deps.db, uai, schoolYearOn(today(deps))),
  ]);
  return {
    ok: true as const,
    school: { uai: school.uai, name: school.name },
    classes: classes.map((c) => ({ id: c.id, name: c.name })),
    staff: staff.map((m) => ({
      membershipId: m.membershipId,
      role: m.role as 'school_head' | 'school_staff',
      firstName: m.firstName,
      lastName: m.lastName,
      email: m.email,
      function: m.staffFunction,
      signatureDelegate: m.role === 'school_head' ? true : m.signatureDelegate,
      referentClassIds: referents.filter((r) => r.userId === m.userId).map((r) => r.classId),
    })),
    invitations: invitations.map((t) => {
      const p = (t.payload ?? {}) as Partial<InvitationPayload>;
      return {
        id: t.id,
        email: t.email ?? '',
        firstName: p.firstName ?? '',
        lastName: p.lastName ?? '',
        function: p.function ?? 'autre',
        signatureDelegate: p.signatureDelegate ?? false,
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt.toISOString(),
      };
    }),
  };
}

export async function updateStaff(
  deps: SchoolsDeps,
  principal: Principal,
  uai: string,
  membershipId: string,
  input: { signatureDelegate?: boolean | undefined; referentClassIds?: string[] | undefined },
  context: AuditContext,
): Promise<{ ok: true } | Failure<'not_found' | 'unknown_class'>> {
  const school = await lyceeFor(deps, principal, 'staff.manage', uai);
  if (isFailure(school)) return school;
  const m = await findMembership(deps.db, membershipId);
  if (!m || m.schoolUai !== uai || m.role !== 'school_staff') return { ok: false, error: 'not_found' };
  if (input.referentClassIds) {
    const own = new Set((await classesOf(deps.db, uai, schoolYearOn(today(deps)))).map((c) => c.id));
    if (input.referentClassIds.some((id) => !own.has(id))) return { ok: false, error: 'unknown_class' };
  }
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (input.signatureDelegate !== undefined) await setSignatureDelegate(db, m.id, input.signatureDelegate);
    if (input.referentClassIds)
      await replaceReferentClasses(db, uai, m.userId, [...new Set(input.referentClassIds)]);
    await recordAudit(
      { db, clock: deps.clock },
      {
        action: 'staff.updated',
        actor: principal,
        schoolUai: uai,
        details: { membershipId: m.id, userId: m.userId, ...input },
      },
      context,
    );
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Audit

export const AUDIT_PAGE_SIZE = 50;

export async function auditPage(deps: SchoolsDeps, principal: Principal, uai: string, page: number) {
  const school = await lyceeFor(deps, principal, 'audit.read', uai);
  if (isFailure(school)) return school;
  const { items, total } = await schoolAuditPage(deps, uai, page, AUDIT_PAGE_SIZE);
  const actorIds = [...new Set(items.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
  const studentIds = [...new Set(items.flatMap((e) => (e.studentId ? [e.studentId] : [])))];
  const [actors, students] = await Promise.all([
    usersByIds(deps.db, actorIds),
    studentNamesByIds(deps.db, uai, studentIds),
  ]);
  const name = (x: { firstName: string; lastName: string } | undefined) =>
    x ? `${x.firstName} ${x.lastName}` : null;
  return {
    ok: true as const,
    school: { uai: school.uai, name: school.name },
    total,
    page,
    pageSize: AUDIT_PAGE_SIZE,
    items: items.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      label: e.label,
      actorName: name(actors.find((a) => a.id === e.actorUserId)),
      actorRole: e.actorRole,
      actorRoleLabel: (ROLE_LABELS as Record<string, string>)[e.actorRole ?? ''] ?? null,
      studentId: e.studentId,
      studentName: name(students.find((s) => s.id === e.studentId)),
      ip: e.ip,
    })),
  };
}
