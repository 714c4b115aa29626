import { describe, expect, it } from 'vitest';
import {
  CLASS_CODE_ALPHABET,
  classCodeFrom,
  isClassCode,
  normalizeClassCode,
  planIdentity,
  readClaims,
  safeNextPath,
  sameName,
  type IdentityFacts,
} from './identity.ts';

const none: IdentityFacts = { guardiansByEmail: [] };

describe('readClaims', () => {
  it('keeps the claims the platform reads, trimmed and normalised', () => {
    expect(
      readClaims({
        sub: 'abc',
        email: ' Parent@Example.NET ',
        email_verified: true,
        given_name: 'Anne',
        usual_name: 'Le Goff',
        ine: '123456789aa',
        uai: '0350024l',
        role: 'chef_etablissement',
        other: 1,
      }),
    ).toEqual({
      sub: 'abc',
      email: 'parent@example.net',
      emailVerified: true,
      givenName: 'Anne',
      familyName: 'Le Goff',
      ine: '123456789AA',
      uai: '0350024L',
      role: 'chef_etablissement',
    });
  });

  it('ignores malformed claims', () => {
    expect(readClaims({ sub: 'x', email: 42, ine: '', email_verified: 'yes' })).toEqual({
      sub: 'x',
      email: undefined,
      emailVerified: undefined,
      givenName: undefined,
      familyName: undefined,
      ine: undefined,
      uai: undefined,
      role: undefined,
    });
  });
});

describe('planIdentity, ÉduConnect-like', () => {
  it('finds a student by INE, with or without an account', () => {
    const student = { id: 's1', schoolUai: '0350024L', userId: null };
    expect(planIdentity('educonnect', { sub: 'a', ine: 'X' }, { ...none, studentByIne: student })).toEqual({
      kind: 'sign_in',
      userId: undefined,
      studentId: 's1',
      memberships: [{ role: 'student', schoolUai: '0350024L' }],
      preferredRole: 'student',
    });
    expect(
      planIdentity(
        'educonnect',
        { sub: 'a', ine: 'X' },
        { ...none, studentByIne: { ...student, userId: 'u1' } },
      ),
    ).toMatchObject({ kind: 'sign_in', userId: 'u1' });
  });

  it('reuses the account linked to the subject', () => {
    expect(
      planIdentity(
        'educonnect',
        { sub: 'a', ine: 'X' },
        { ...none, userBySubject: { id: 'u9' }, studentByIne: { id: 's1', schoolUai: 'U', userId: 'u9' } },
      ),
    ).toMatchObject({ kind: 'sign_in', userId: 'u9' });
    expect(planIdentity('educonnect', { sub: 'a' }, { ...none, userBySubject: { id: 'u9' } })).toMatchObject({
      kind: 'sign_in',
      userId: 'u9',
      memberships: [],
    });
  });

  it('finds a student by the e-mail of their account (invitation, activation)', () => {
    const facts = { ...none, userByEmail: { id: 'u2', studentId: 's2', studentSchoolUai: '0350024L' } };
    expect(planIdentity('educonnect', { sub: 'a', email: 'e@x.fr' }, facts)).toMatchObject({
      kind: 'sign_in',
      userId: 'u2',
      preferredRole: 'student',
    });
    // an e-mail the provider says is unverified counts for nothing
    expect(planIdentity('educonnect', { sub: 'a', email: 'e@x.fr', emailVerified: false }, facts)).toEqual({
      kind: 'refuse',
      reason: 'unknown_account',
    });
  });

  it('gives a guardian one membership per legal-representative record', () => {
    const plan = planIdentity(
      'educonnect',
      { sub: 'p', email: 'parent@x.fr', emailVerified: true },
      { guardiansByEmail: [{ id: 'g1' }, { id: 'g2' }] },
    );
    expect(plan).toEqual({
      kind: 'sign_in',
      userId: undefined,
      memberships: [
        { role: 'guardian', guardianId: 'g1' },
        { role: 'guardian', guardianId: 'g2' },
      ],
      preferredRole: 'guardian',
    });
  });

  it('never turns a student’s account into a guardian’s', () => {
    expect(
      planIdentity(
        'educonnect',
        { sub: 'p', email: 'e@x.fr' },
        {
          guardiansByEmail: [{ id: 'g1' }],
          userByEmail: { id: 'u2', studentId: 's2', studentSchoolUai: null },
        },
      ),
    ).toEqual({ kind: 'refuse', reason: 'unknown_account' });
  });

  it('refuses an unknown person', () => {
    expect(planIdentity('educonnect', { sub: 'z', email: 'nobody@x.fr', ine: 'Y' }, none)).toEqual({
      kind: 'refuse',
      reason: 'unknown_account',
    });
  });
});

describe('planIdentity, ProConnect-like', () => {
  const lycee = { uai: '0350024L', kind: 'lycee' };

  it('signs in an invited member of staff by e-mail', () => {
    expect(
      planIdentity(
        'proconnect',
        { sub: 'h', email: 'prof@ac-rennes.fr' },
        { ...none, userByEmail: { id: 'u3', studentId: null, studentSchoolUai: null } },
      ),
    ).toEqual({ kind: 'sign_in', userId: 'u3', memberships: [], preferredRole: undefined });
  });

  it('creates a head or a member of staff from uai + role when the lycée exists', () => {
    expect(
      planIdentity(
        'proconnect',
        { sub: 'h', email: 'ce@ac-rennes.fr', uai: '0350024L', role: 'chef_etablissement' },
        { ...none, schoolByUai: lycee },
      ),
    ).toEqual({
      kind: 'sign_in',
      userId: undefined,
      memberships: [{ role: 'school_head', schoolUai: '0350024L' }],
      preferredRole: 'school_head',
    });
    expect(
      planIdentity(
        'proconnect',
        { sub: 'h', email: 'cpe@ac-rennes.fr', uai: '0350024L', role: 'personnel' },
        { ...none, schoolByUai: lycee },
      ),
    ).toMatchObject({ memberships: [{ role: 'school_staff', schoolUai: '0350024L' }] });
  });

  it('refuses an unknown lycée, an école, an unknown role, a missing e-mail, a student', () => {
    const claims = { sub: 'h', email: 'ce@ac-rennes.fr', uai: '0350024L', role: 'chef_etablissement' };
    const refuse = { kind: 'refuse', reason: 'unknown_account' };
    expect(planIdentity('proconnect', claims, none)).toEqual(refuse);
    expect(
      planIdentity('proconnect', claims, { ...none, schoolByUai: { uai: '0350024L', kind: 'ecole' } }),
    ).toEqual(refuse);
    expect(
      planIdentity('proconnect', { ...claims, role: 'recteur' }, { ...none, schoolByUai: lycee }),
    ).toEqual(refuse);
    expect(
      planIdentity('proconnect', { ...claims, email: undefined }, { ...none, schoolByUai: lycee }),
    ).toEqual(refuse);
    expect(
      planIdentity('proconnect', claims, {
        ...none,
        schoolByUai: lycee,
        userByEmail: { id: 'u', studentId: 's', studentSchoolUai: 'x' },
      }),
    ).toEqual(refuse);
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/compte', '/compte'],
    ['/offres?secteur=sante#liste', '/offres?secteur=sante#liste'],
    [undefined, '/compte'],
    ['https://evil.example', '/compte'],
    ['//evil.example/x', '/compte'],
    ['/\\evil.example', '/compte'],
    ['compte', '/compte'],
    ['/a\nb', '/compte'],
    ['javascript:alert(1)', '/compte'],
  ])('%s → %s', (next, want) => {
    expect(safeNextPath(next)).toBe(want);
  });
});

describe('class codes', () => {
  it('has 8 characters of an alphabet without 0, O, 1, I', () => {
    expect(CLASS_CODE_ALPHABET).not.toMatch(/[0O1I]/);
    let counter = 0;
    const code = classCodeFrom(() => Uint8Array.from({ length: 16 }, () => counter++ * 37));
    expect(code).toHaveLength(8);
    expect(isClassCode(code)).toBe(true);
  });

  it('skips the bytes that would bias the draw', () => {
    const n = CLASS_CODE_ALPHABET.length;
    const high = 256 - (256 % n); // rejected
    expect(classCodeFrom(() => Uint8Array.from([high, 0, 1, 2, 3, 4, 5, 6, 7]))).toBe(
      CLASS_CODE_ALPHABET.slice(0, 8),
    );
  });

  it('normalises what is typed', () => {
    expect(normalizeClassCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(isClassCode('ABCDEFGH')).toBe(true);
    expect(isClassCode('ABCDEFG0')).toBe(false);
    expect(isClassCode('ABC')).toBe(false);
  });
});

describe('sameName', () => {
  it('ignores accents, case, hyphens and apostrophes', () => {
    expect(sameName('Le Goff', 'LE-GOFF')).toBe(true);
    expect(sameName('Inès', 'ines')).toBe(true);
    expect(sameName('N’Diaye', "n'diaye")).toBe(true);
    expect(sameName('Léa', 'Léo')).toBe(false);
    expect(sameName('', '')).toBe(false);
  });
});
