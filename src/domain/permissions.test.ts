import { describe, expect, it } from 'vitest';
import {
  PERMISSIONS,
  ROLES,
  ROLE_SCOPE,
  authorize,
  inScope,
  isAction,
  ruleFor,
  type Principal,
  type Scope,
} from './permissions.ts';

const lycee: Scope = { kind: 'lycee', uai: '0350024L', departementCode: '35', academyCode: '14' };
const principal = (role: Principal['role'], scope: Scope, extra: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  role,
  scope,
  studentIds: [],
  signatureDelegate: false,
  ...extra,
});

describe('permissions table', () => {
  it('gives every role a scope kind', () => {
    for (const role of ROLES) expect(ROLE_SCOPE[role]).toBeDefined();
  });

  it('knows its actions and nothing else', () => {
    expect(isAction('student.read')).toBe(true);
    expect(isAction('student.delete')).toBe(false);
    expect(isAction('toString')).toBe(false);
  });

  it('lets anyone read public figures, signed in or not', () => {
    expect(authorize(null, 'stats.public.read')).toEqual({ ok: true });
    for (const role of ROLES) expect(ruleFor('stats.public.read', role)).toBe('public');
  });

  it('asks anonymous visitors to sign in for everything else', () => {
    for (const action of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      if (PERMISSIONS[action] === 'public') continue;
      expect(authorize(null, action)).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('lets a head read a student of their lycée, not of another (404, existence not revealed)', () => {
    const head = principal('school_head', lycee);
    expect(authorize(head, 'student.read', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(head, 'student.read', { schoolUai: '0290062L' })).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it('refuses with 403 a role that may never do an action', () => {
    const host = principal('host_member', { kind: 'host', hostId: 'h1' });
    expect(authorize(host, 'student.read', { schoolUai: '0350024L' })).toMatchObject({
      ok: false,
      status: 403,
    });
    const teacher = principal('school_staff', lycee);
    expect(authorize(teacher, 'students.import', { schoolUai: '0350024L' })).toMatchObject({ status: 403 });
  });

  it('lets a student and a guardian read only their own student', () => {
    const guardian = principal('guardian', { kind: 'self' }, { studentIds: ['s1', 's2'] });
    expect(authorize(guardian, 'student.read', { studentId: 's2' })).toEqual({ ok: true });
    expect(authorize(guardian, 'student.read', { studentId: 's3' })).toMatchObject({ status: 404 });
    expect(authorize(guardian, 'student.read', {})).toMatchObject({ status: 404 });
  });

  it('matches each scope kind with the location', () => {
    expect(inScope({ kind: 'departement', code: '35', academyCode: '14' }, { departementCode: '35' })).toBe(
      true,
    );
    expect(inScope({ kind: 'departement', code: '35', academyCode: '14' }, { departementCode: '29' })).toBe(
      false,
    );
    expect(inScope({ kind: 'academie', code: '14' }, { academyCode: '14' })).toBe(true);
    expect(
      inScope(
        { kind: 'circonscription', id: '35-bruz', departementCode: '35', academyCode: '14' },
        { circonscriptionId: '35-bruz' },
      ),
    ).toBe(true);
    expect(inScope({ kind: 'host', hostId: 'h1' }, { hostId: 'h2' })).toBe(false);
    expect(inScope({ kind: 'platform' }, {})).toBe(true);
    expect(inScope({ kind: 'self' }, { schoolUai: 'x' })).toBe(false);
  });

  it('lets only the host’s own members change its notification settings', () => {
    const host = principal('host_member', { kind: 'host', hostId: 'h1' });
    expect(authorize(host, 'host.settings.manage', { hostId: 'h1' })).toEqual({ ok: true });
    expect(authorize(host, 'host.settings.manage', { hostId: 'h2' })).toMatchObject({ status: 404 });
    for (const role of ['partner', 'admin', 'school_head', 'student'] as const)
      expect(ruleFor('host.settings.manage', role)).toBeUndefined();
  });

  it('lets a student declare their own stage found outside the platform, the lycée its students’, a host none', () => {
    const student = principal('student', { kind: 'self' }, { studentIds: ['s1'] });
    expect(authorize(student, 'external_stages.mine', { studentId: 's1' })).toEqual({ ok: true });
    expect(authorize(student, 'external_stage.cancel', { studentId: 's2' })).toMatchObject({ status: 404 });
    expect(authorize(student, 'external_stages.manage', { studentId: 's1' })).toMatchObject({ status: 403 });
    const teacher = principal('school_staff', lycee);
    expect(authorize(teacher, 'external_stages.manage', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(teacher, 'external_stage.cancel', { schoolUai: '0290062L' })).toMatchObject({
      status: 404,
    });
    const host = principal('host_member', { kind: 'host', hostId: 'h1' });
    expect(authorize(host, 'external_stages.manage', { hostId: 'h1' })).toMatchObject({ status: 403 });
    // the representative answers by the mailed link, signed in or not
    expect(authorize(null, 'external_stage.invitation')).toEqual({ ok: true });
  });

  it('lets only the head decide an exemption or a repli, in their lycée; files by role', () => {
    const head = principal('school_head', lycee);
    expect(authorize(head, 'placement.decide', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(head, 'placement.decide', { schoolUai: '0290062L' })).toMatchObject({
      status: 404,
    });
    const teacher = principal('school_staff', lycee);
    expect(authorize(teacher, 'placement.decide', { schoolUai: '0350024L' })).toMatchObject({
      status: 403,
    });
    expect(ruleFor('file.upload', 'student')).toBe('self');
    expect(ruleFor('file.upload', 'school_staff')).toBe('scope');
    expect(ruleFor('file.upload', 'host_member')).toBeUndefined();
    expect(ruleFor('file.read', 'host_member')).toBe('scope');
    expect(ruleFor('file.read', 'guardian')).toBeUndefined();
  });

  it('lets a DSDEN steer its département only, the rectorat its académie', () => {
    const dsden = principal('dsden', { kind: 'departement', code: '35', academyCode: '14' });
    expect(authorize(dsden, 'steering.read', { departementCode: '35', academyCode: '14' })).toEqual({
      ok: true,
    });
    expect(authorize(dsden, 'steering.read', { departementCode: '29', academyCode: '14' })).toMatchObject({
      status: 404,
    });
    const teacher = principal('school_staff', lycee);
    expect(authorize(teacher, 'steering.read', { academyCode: '14' })).toMatchObject({ status: 403 });
  });
  it('lets the parties sign a convention from their account: the head or a delegate for the lycée, never a teacher', () => {
    const head = principal('school_head', lycee);
    expect(authorize(head, 'conventions.sign', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(head, 'conventions.sign', { schoolUai: '0290062L' })).toMatchObject({ status: 404 });
    const teacher = principal('school_staff', lycee);
    expect(authorize(teacher, 'conventions.sign', { schoolUai: '0350024L' })).toMatchObject({ status: 403 });
    const delegate = principal('school_staff', lycee, { signatureDelegate: true });
    expect(authorize(delegate, 'conventions.sign', { schoolUai: '0350024L' })).toEqual({ ok: true });
    const student = principal('student', { kind: 'self' }, { studentIds: ['s1'] });
    expect(authorize(student, 'conventions.sign', { studentId: 's1' })).toEqual({ ok: true });
    expect(authorize(student, 'conventions.sign', { studentId: 's2' })).toMatchObject({ status: 404 });
    expect(ruleFor('conventions.sign', 'host_member')).toBe('scope');
    expect(ruleFor('conventions.sign', 'partner')).toBeUndefined();
    // the personal link and the verification need no account
    expect(authorize(null, 'signature.public')).toEqual({ ok: true });
    expect(authorize(null, 'verify.public')).toEqual({ ok: true });
  });
  it('lets the host complete its part, the lycée its own, and only the head or a delegate validate or cancel', () => {
    const host = principal('host_member', { kind: 'host', hostId: 'h1' });
    expect(authorize(host, 'conventions.host.edit', { hostId: 'h1' })).toEqual({ ok: true });
    expect(authorize(host, 'conventions.host.edit', { hostId: 'h2' })).toMatchObject({ status: 404 });
    expect(authorize(host, 'conventions.school.edit', { hostId: 'h1' })).toMatchObject({ status: 403 });
    const teacher = principal('school_staff', lycee);
    expect(authorize(teacher, 'conventions.school.edit', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(teacher, 'conventions.validate', { schoolUai: '0350024L' })).toMatchObject({
      status: 403,
    });
    const delegate = principal('school_staff', lycee, { signatureDelegate: true });
    expect(authorize(delegate, 'conventions.validate', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(delegate, 'conventions.cancel', { schoolUai: '0290062L' })).toMatchObject({
      status: 404,
    });
    const head = principal('school_head', lycee);
    expect(authorize(head, 'conventions.cancel', { schoolUai: '0350024L' })).toEqual({ ok: true });
    const student = principal('student', { kind: 'self' }, { studentIds: ['s1'] });
    expect(authorize(student, 'conventions.read', { studentId: 's1' })).toEqual({ ok: true });
    expect(authorize(student, 'conventions.read', { studentId: 's2' })).toMatchObject({ status: 404 });
    expect(ruleFor('conventions.host.edit', 'student')).toBeUndefined();
    // after the signature: avenant (lycée signers, host), attestation (host), ZIP (lycée)
    expect(authorize(host, 'conventions.amend', { hostId: 'h1' })).toEqual({ ok: true });
    expect(authorize(teacher, 'conventions.amend', { schoolUai: '0350024L' })).toMatchObject({ status: 403 });
    expect(authorize(delegate, 'conventions.amend', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(host, 'conventions.attest', { hostId: 'h1' })).toEqual({ ok: true });
    expect(authorize(host, 'conventions.attest', { hostId: 'h2' })).toMatchObject({ status: 404 });
    expect(authorize(head, 'conventions.attest', { schoolUai: '0350024L' })).toMatchObject({ status: 403 });
    expect(authorize(teacher, 'conventions.archive', { schoolUai: '0350024L' })).toEqual({ ok: true });
    expect(authorize(head, 'conventions.archive', { schoolUai: '0290062L' })).toMatchObject({ status: 404 });
    expect(ruleFor('conventions.archive', 'student')).toBeUndefined();
    expect(ruleFor('conventions.list', 'dsden')).toBeUndefined();
  });

  it('lets the rectorat manage the convention templates of its académie only', () => {
    const rectorat = principal('rectorat', { kind: 'academie', code: '14' });
    expect(authorize(rectorat, 'conventions.templates', { academyCode: '14' })).toEqual({ ok: true });
    expect(authorize(rectorat, 'conventions.templates', { academyCode: '28' })).toMatchObject({
      status: 404,
    });
    expect(ruleFor('conventions.templates', 'admin')).toBe('any');
    expect(ruleFor('conventions.templates', 'dsden')).toBeUndefined();
    expect(ruleFor('conventions.templates', 'school_head')).toBeUndefined();
  });
});
