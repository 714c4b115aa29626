import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LIMITS_2024, type CampaignLimits } from './campaign.ts';
import {
  CONVENTION_ACTORS,
  CONVENTION_EVENTS,
  CONVENTION_STATES,
  CONVENTION_STEPS,
  CONVENTION_STEP_LABELS,
  REFERENCE_PATTERN,
  attestationOpen,
  SIGNATORY_ROLES,
  SIGNATORY_ROLE_LABELS,
  conventionProblems,
  conventionStep,
  conventionTransition,
  emptyHostPart,
  emptySchoolPart,
  missingHostFields,
  missingSchoolFields,
  newReference,
  normalizeReference,
  signatoriesOf,
  type ConventionActor,
  type ConventionEvent,
  type ConventionState,
} from './convention.ts';
import { FULL_WEEK, day, hostPart, parties, schoolPart } from './convention.fixtures.ts';
import type { DayHours } from './hours.ts';

/** The expected machine, written out independently of the table: [from, event, actors, to]. */
const SCHOOL: ConventionActor[] = ['school_head', 'school_staff', 'school_delegate'];
const SIGNERS: ConventionActor[] = ['school_head', 'school_delegate'];
const EXPECTED: [ConventionState, ConventionEvent, ConventionActor[], ConventionState][] = [
  ['completion', 'edit_host_part', ['host_member'], 'completion'],
  ['completion', 'edit_school_part', SCHOOL, 'completion'],
  ['completion', 'validate', SIGNERS, 'validated'],
  ['completion', 'cancel', [...SIGNERS, 'platform'], 'cancelled'],
  ['validated', 'edit_host_part', ['host_member'], 'completion'],
  ['validated', 'edit_school_part', SCHOOL, 'completion'],
  ['validated', 'sign', ['signatory'], 'validated'],
  ['validated', 'cancel', [...SIGNERS, 'platform'], 'cancelled'],
  ['signed', 'amend', [...SIGNERS, 'host_member'], 'signed'],
  ['signed', 'attest', ['host_member'], 'done'],
  ['signed', 'cancel', SIGNERS, 'cancelled'],
];

const cases = CONVENTION_STATES.flatMap((s) =>
  CONVENTION_EVENTS.flatMap((e) => CONVENTION_ACTORS.map((a) => [s, e, a] as const)),
);

describe('convention state machine', () => {
  it('covers every state × event × actor', () => {
    expect(cases.length).toBe(5 * 7 * 6);
  });
  it.each(cases)('%s --%s--> by %s', (state, event, actor) => {
    const rows = EXPECTED.filter(([s, e]) => s === state && e === event);
    const r = conventionTransition(state, event, actor);
    if (rows.length === 0) {
      expect(r).toMatchObject({ ok: false, error: 'invalid_state' });
      if (!r.ok) expect(r.message).toMatch(/^Impossible d(e |’).+ cette convention : elle est .+\.$/);
      return;
    }
    const row = rows.find(([, , actors]) => actors.includes(actor));
    if (!row) {
      expect(r).toMatchObject({ ok: false, error: 'forbidden_role' });
      if (!r.ok) expect(r.message).toMatch(/^Votre rôle ne permet pas d(e |’).+ cette convention\.$/);
    } else expect(r).toEqual({ ok: true, to: row[3] });
  });
  it('the last signature makes the convention signed, the others keep it validated', () => {
    expect(conventionTransition('validated', 'sign', 'signatory', { last: true })).toEqual({
      ok: true,
      to: 'signed',
    });
    expect(conventionTransition('validated', 'sign', 'signatory', { last: false })).toEqual({
      ok: true,
      to: 'validated',
    });
    // `last` changes nothing elsewhere
    expect(conventionTransition('completion', 'validate', 'school_head', { last: true })).toEqual({
      ok: true,
      to: 'validated',
    });
  });
  it('the attestation opens on the last day', () => {
    expect(attestationOpen('2026-06-26', '2026-06-25')).toBe(false);
    expect(attestationOpen('2026-06-26', '2026-06-26')).toBe(true);
    expect(attestationOpen('2026-06-26', '2026-07-01')).toBe(true);
  });
  it('done and cancelled are final', () => {
    for (const s of ['done', 'cancelled'] as const)
      for (const e of CONVENTION_EVENTS)
        for (const a of CONVENTION_ACTORS) expect(conventionTransition(s, e, a).ok).toBe(false);
  });
  it('says why in French', () => {
    expect(conventionTransition('signed', 'edit_host_part', 'host_member')).toEqual({
      ok: false,
      error: 'invalid_state',
      message:
        'Impossible de modifier la partie de l’organisme d’accueil de cette convention : elle est signée.',
    });
    expect(conventionTransition('completion', 'amend', 'school_head')).toMatchObject({
      message: 'Impossible d’établir un avenant à cette convention : elle est en cours de complétion.',
    });
    expect(conventionTransition('completion', 'validate', 'school_staff')).toMatchObject({
      error: 'forbidden_role',
      message: 'Votre rôle ne permet pas de valider cette convention.',
    });
    expect(conventionTransition('signed', 'attest', 'school_head')).toMatchObject({
      message: 'Votre rôle ne permet pas d’attester le stage de cette convention.',
    });
  });
});

describe('steps', () => {
  it('follows the parts while in completion, then the state', () => {
    const at = new Date('2026-05-01T10:00:00Z');
    expect(conventionStep({ status: 'completion', hostCompletedAt: null, schoolCompletedAt: null })).toBe(
      'host_to_complete',
    );
    expect(conventionStep({ status: 'completion', hostCompletedAt: null, schoolCompletedAt: at })).toBe(
      'host_to_complete',
    );
    expect(conventionStep({ status: 'completion', hostCompletedAt: at, schoolCompletedAt: null })).toBe(
      'school_to_complete',
    );
    expect(
      conventionStep({ status: 'completion', hostCompletedAt: at.toISOString(), schoolCompletedAt: at }),
    ).toBe('to_validate');
    expect(conventionStep({ status: 'validated', hostCompletedAt: at, schoolCompletedAt: at })).toBe(
      'signatures',
    );
    expect(conventionStep({ status: 'signed', hostCompletedAt: at, schoolCompletedAt: at })).toBe('signed');
    expect(conventionStep({ status: 'done', hostCompletedAt: at, schoolCompletedAt: at })).toBe('done');
    expect(conventionStep({ status: 'cancelled', hostCompletedAt: null, schoolCompletedAt: null })).toBe(
      'cancelled',
    );
  });
  it('labels every step and every signatory role', () => {
    for (const s of CONVENTION_STEPS) expect(CONVENTION_STEP_LABELS[s]).toMatch(/^\p{Lu}/u);
    expect(SIGNATORY_ROLES.map((r) => SIGNATORY_ROLE_LABELS[r])).toEqual([
      'Chef d’établissement ou délégué',
      'Représentant de l’organisme d’accueil',
      'Élève',
      'Représentant légal 1',
      'Représentant légal 2',
    ]);
  });
});

describe('missing fields', () => {
  it('a complete convention misses nothing', () => {
    expect(missingHostFields(hostPart())).toEqual([]);
    expect(missingSchoolFields(schoolPart(), parties())).toEqual([]);
  });
  it('lists the empty host part with French labels', () => {
    const m = missingHostFields(emptyHostPart());
    expect(m.map((f) => f.field)).toEqual([
      'representative.name',
      'representative.role',
      'representative.email',
      'tutor.name',
      'tutor.role',
      'tutor.email',
      'activities',
      'hours',
      'lunch',
      'insurance.insurer',
    ]);
    expect(m).toContainEqual({ field: 'tutor.email', label: 'Tuteur : adresse e-mail' });
    expect(m).toContainEqual({ field: 'hours', label: 'Horaires journaliers (lundi à samedi)' });
  });
  it('keeps the prefill', () => {
    const p = emptyHostPart({ activities: 'Vente', hours: FULL_WEEK });
    expect(p.activities).toBe('Vente');
    expect(missingHostFields(p).map((f) => f.field)).not.toContain('hours');
    expect(emptySchoolPart({ className: '2nde 1' }).className).toBe('2nde 1');
  });
  it('lists the empty school part, with the CA date for a public lycée only', () => {
    const m = missingSchoolFields(emptySchoolPart(), parties());
    expect(m.map((f) => f.field)).toEqual([
      'representative.name',
      'representative.role',
      'representative.email',
      'representative.phone',
      'caDeliberationDate',
      'referentTeacher.name',
      'referentTeacher.email',
      'referentTeacher.phone',
      'className',
      'guardians',
      'guardiansChecked',
    ]);
    expect(m).toContainEqual({
      field: 'caDeliberationDate',
      label: 'Date de la délibération du conseil d’administration autorisant la signature',
    });
    const privateSchool = parties({ school: { ...parties().school, isPublic: false } });
    expect(missingSchoolFields(emptySchoolPart(), privateSchool).map((f) => f.field)).not.toContain(
      'caDeliberationDate',
    );
    expect(missingSchoolFields(schoolPart({ caDeliberationDate: '' }), privateSchool)).toEqual([]);
  });
  it('names a missing guardian e-mail, the PAI kit, the unchecked contacts', () => {
    const g = schoolPart().guardians[0]!;
    const m = missingSchoolFields(
      schoolPart({
        guardians: [g, { firstName: 'Erwan', lastName: 'Abgrall', email: ' ', phone: '' }],
        pai: { has: true, kitBy: '' },
        guardiansChecked: false,
      }),
      parties(),
    );
    expect(m).toEqual([
      { field: 'pai.kitBy', label: 'PAI : qui apporte la trousse d’urgence' },
      { field: 'guardians.1.email', label: 'Représentant légal 2 : adresse e-mail' },
      {
        field: 'guardiansChecked',
        label: 'Coordonnées des représentants légaux vérifiées par l’établissement',
      },
    ]);
  });
});

const input = (
  h: DayHours[],
  limits: CampaignLimits = DEFAULT_LIMITS,
  dates = ['2026-06-15', '2026-06-26'],
) => ({
  parties: parties(),
  hostPart: hostPart({ hours: h }),
  schoolPart: schoolPart(),
  startDate: dates[0]!,
  endDate: dates[1]!,
  limits,
});
const rulesOf = (h: DayHours[], limits: CampaignLimits = DEFAULT_LIMITS) =>
  conventionProblems(input(h, limits)).map((p) => p.rule);
/** Monday–Thursday 9:00–17:00 with an hour of lunch: 28 h, room under the weekly ceiling. */
const FOUR = [1, 2, 3, 4].map((d) => day(d));
const withDay = (base: DayHours[], d: DayHours) => [...base.filter((x) => x.day !== d.day), d];

describe('conventionProblems: hours at their limits', () => {
  it('a complete convention with 7 h a day and 35 h a week has no problem', () => {
    expect(conventionProblems(input(FULL_WEEK))).toEqual([]);
  });
  it('7 h a day is allowed, 7 h 01 is refused naming the day', () => {
    expect(rulesOf(withDay(FOUR, day(2, '09:00', '17:00', 60)))).toEqual([]);
    const p = conventionProblems(input(withDay(FOUR, day(2, '09:00', '17:01', 60))));
    expect(p).toEqual([
      {
        rule: 'max_per_day',
        day: 2,
        field: 'hours',
        message: 'Horaires – mardi : 7 h 01 de présence, au-delà de 7 h par jour.',
      },
    ]);
  });
  it('4 h 30 without a break is allowed, 4 h 31 is not', () => {
    expect(rulesOf(withDay(FOUR, day(3, '08:00', '12:30', 0)))).toEqual([]);
    const p = conventionProblems(input(withDay(FOUR, day(3, '08:00', '12:31', 0))));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ rule: 'break_required', day: 3 });
    expect(p[0]!.message).toMatch(
      /^Horaires – mercredi : au-delà de 4 h 30 de présence, une pause d’au moins 30 min est due\.$/,
    );
  });
  it('ends at 19:59 or 20:00, not at 20:01', () => {
    expect(rulesOf(withDay(FOUR, day(4, '13:00', '19:59', 30)))).toEqual([]);
    expect(rulesOf(withDay(FOUR, day(4, '13:00', '20:00', 30)))).toEqual([]);
    const p = conventionProblems(input(withDay(FOUR, day(4, '13:01', '20:01', 30))));
    expect(p).toEqual([
      {
        rule: 'latest_end',
        day: 4,
        field: 'hours',
        message: 'Horaires – jeudi : fin à 20 h 01, après 20 h.',
      },
    ]);
  });
  it('starts at 6:00, not at 5:59', () => {
    expect(rulesOf(withDay(FOUR, day(1, '06:00', '12:00', 30)))).toEqual([]);
    const p = conventionProblems(input(withDay(FOUR, day(1, '05:59', '12:00', 30))));
    expect(p).toEqual([
      {
        rule: 'earliest_start',
        day: 1,
        field: 'hours',
        message: 'Horaires – lundi : début à 5 h 59, avant 6 h.',
      },
    ]);
  });
  it('14 h of rest between two days is allowed, 13 h 59 is not', () => {
    const monday = day(1, '11:00', '18:00', 30);
    expect(rulesOf([monday, day(2, '08:00', '15:00', 30), day(3), day(4)])).toEqual([]);
    const p = conventionProblems(input([monday, day(2, '07:59', '15:00', 30), day(3), day(4)]));
    expect(p).toEqual([
      {
        rule: 'min_rest',
        day: 2,
        field: 'hours',
        message: 'Horaires – mardi : 13 h 59 de repos seulement depuis lundi, il en faut 14 h.',
      },
    ]);
  });
  it('35 h a week is allowed, 35 h 01 is not', () => {
    // with the 2024 limits (8 h a day) to break the weekly ceiling alone
    expect(rulesOf(withDay(FULL_WEEK, day(5, '09:00', '17:00', 60)), LIMITS_2024)).toEqual([]);
    const p = conventionProblems(input(withDay(FULL_WEEK, day(5, '09:00', '17:01', 60)), LIMITS_2024));
    expect(p).toEqual([
      {
        rule: 'max_per_week',
        field: 'hours',
        message: 'Horaires – 35 h 01 de présence dans la semaine, au-delà de 35 h.',
      },
    ]);
  });
  it('refuses 3 days of presence', () => {
    const p = conventionProblems(input([day(1), day(2), day(3)]));
    expect(p).toEqual([
      {
        rule: 'min_days',
        field: 'hours',
        message: 'Horaires – 3 jours de présence : il en faut au moins 4 par semaine.',
      },
    ]);
  });
  it('asks two consecutive rest days (Sunday included)', () => {
    // Monday–Thursday and Saturday: Friday and Sunday are not consecutive
    const p = conventionProblems(input([...FOUR, day(6, '09:00', '12:00', 0)]));
    expect(p.map((x) => x.rule)).toEqual(['rest_days']);
    expect(p[0]!.message).toBe(
      'Horaires – il faut 2 jours de repos consécutifs dans la semaine (dimanche compris).',
    );
    // Tuesday–Saturday: Sunday and Monday are consecutive
    expect(rulesOf([2, 3, 4, 5].map((d) => day(d)).concat(day(6, '09:00', '12:00', 0)))).toEqual([]);
  });
  it('an empty table is a missing field, not a problem', () => {
    expect(rulesOf([])).toEqual([]);
  });
});

describe('conventionProblems: dates, lengths, e-mails, guardians', () => {
  const problems = (over: Partial<ReturnType<typeof input>>) =>
    conventionProblems({ ...input(FULL_WEEK), ...over });
  it('accepts one week or both, Saturday included', () => {
    for (const d of [
      ['2026-06-15', '2026-06-19'],
      ['2026-06-22', '2026-06-26'],
      ['2026-06-15', '2026-06-20'],
      ['2026-06-16', '2026-06-26'],
    ])
      expect(conventionProblems(input(FULL_WEEK, DEFAULT_LIMITS, d))).toEqual([]);
  });
  it('refuses dates outside the official weeks, naming them', () => {
    const p = conventionProblems(input(FULL_WEEK, DEFAULT_LIMITS, ['2026-06-12', '2026-06-29']));
    expect(p.map((x) => [x.rule, x.field])).toEqual([
      ['dates_outside_weeks', 'startDate'],
      ['dates_outside_weeks', 'endDate'],
    ]);
    expect(p[0]!.message).toBe(
      'Le début du stage (12 juin 2026) tombe en dehors des semaines officielles de la campagne (semaine 1 du 15 juin 2026 au 20 juin 2026, semaine 2 du 22 juin 2026 au 27 juin 2026).',
    );
    expect(
      conventionProblems(input(FULL_WEEK, DEFAULT_LIMITS, ['2026-06-21', '2026-06-26']))[0],
    ).toMatchObject({
      rule: 'dates_outside_weeks',
      field: 'startDate',
    });
  });
  it('refuses malformed and reversed dates', () => {
    expect(
      conventionProblems(input(FULL_WEEK, DEFAULT_LIMITS, ['15/06/2026', '2026-02-30'])).map((p) => p.rule),
    ).toEqual(['dates_format', 'dates_format']);
    expect(conventionProblems(input(FULL_WEEK, DEFAULT_LIMITS, ['2026-06-26', '2026-06-15']))).toEqual([
      {
        rule: 'dates_order',
        field: 'endDate',
        message: 'Dates : la fin (15 juin 2026) précède le début (26 juin 2026).',
      },
    ]);
  });
  it('limits the lengths: activities 1,500 characters, lunch 250', () => {
    expect(
      problems({ hostPart: hostPart({ activities: 'é'.repeat(1500), lunch: 'x'.repeat(250) }) }),
    ).toEqual([]);
    const p = problems({ hostPart: hostPart({ activities: 'é'.repeat(1501), lunch: 'x'.repeat(251) }) });
    expect(p).toEqual([
      {
        rule: 'too_long',
        field: 'hostPart.activities',
        message: 'Activités prévues : 1500 caractères au plus (1501 saisis).',
      },
      {
        rule: 'too_long',
        field: 'hostPart.lunch',
        message: 'Modalités de la pause déjeuner : 250 caractères au plus (251 saisis).',
      },
    ]);
  });
  it('checks the syntax of every e-mail', () => {
    const p = problems({
      hostPart: hostPart({ tutor: { ...hostPart().tutor, email: 'maiwenn@fournil' } }),
      schoolPart: schoolPart({
        referentTeacher: { ...schoolPart().referentTeacher, email: 'paul tanguy@ac-rennes.fr' },
      }),
    });
    expect(p).toEqual([
      {
        rule: 'email',
        field: 'hostPart.tutor.email',
        message: 'Tuteur : adresse e-mail invalide (« maiwenn@fournil »).',
      },
      {
        rule: 'email',
        field: 'schoolPart.referentTeacher.email',
        message: 'Professeur référent : adresse e-mail invalide (« paul tanguy@ac-rennes.fr »).',
      },
    ]);
  });
  it('names a guardian without an e-mail, a bad one, and two guardians sharing one', () => {
    const g = schoolPart().guardians[0]!;
    expect(problems({ schoolPart: schoolPart({ guardians: [{ ...g, email: '' }] }) })).toEqual([
      {
        rule: 'guardian_email_missing',
        field: 'schoolPart.guardians.0.email',
        message:
          'Représentant légal 1 (Soizic Abgrall) : adresse e-mail manquante ; elle est nécessaire pour recevoir le code de signature.',
      },
    ]);
    expect(
      problems({ schoolPart: schoolPart({ guardians: [{ ...g, email: 'soizic@' }] }) })[0],
    ).toMatchObject({
      rule: 'email',
      message: 'Représentant légal 1 (Soizic Abgrall) : adresse e-mail invalide (« soizic@ »).',
    });
    const second = { ...g, firstName: 'Erwan', email: 'Soizic.Abgrall@example.org' };
    expect(problems({ schoolPart: schoolPart({ guardians: [g, second] }) }).map((p) => p.rule)).toEqual([
      'guardian_email_duplicate',
    ]);
    expect(problems({ schoolPart: schoolPart({ guardians: [g, second, g] }) }).map((p) => p.rule)).toContain(
      'guardians_count',
    );
  });
});

describe('signatories and references', () => {
  it('lists school, host, student, then the guardians', () => {
    const g = schoolPart().guardians[0]!;
    const s = signatoriesOf(
      hostPart(),
      schoolPart({ guardians: [g, { ...g, firstName: 'Erwan', email: 'erwan@example.org' }] }),
      { firstName: 'Aziliz', lastName: 'Abgrall', email: null },
    );
    expect(s).toEqual([
      { role: 'school', name: 'Anne Morvan', email: 'anne.morvan@ac-rennes.fr', phone: '02 98 11 11 11' },
      { role: 'host', name: 'Yann Le Goff', email: 'yann@fournil.example', phone: '02 98 00 00 00' },
      { role: 'student', name: 'Aziliz Abgrall', email: null, phone: '' },
      {
        role: 'guardian_1',
        name: 'Soizic Abgrall',
        email: 'soizic.abgrall@example.org',
        phone: '06 11 11 11 11',
      },
      { role: 'guardian_2', name: 'Erwan Abgrall', email: 'erwan@example.org', phone: '06 11 11 11 11' },
    ]);
  });
  it('builds references in Crockford base 32', () => {
    const ref = newReference(new Uint8Array([0, 1, 31, 32, 8, 18, 21, 255, 9]), 2026);
    expect(ref).toBe('CS-2026-01Z0-8JNZ');
    expect(REFERENCE_PATTERN.test(ref)).toBe(true);
    expect(() => newReference(new Uint8Array(7), 2026)).toThrow();
    // every byte value: never I, L, O, U
    const all = Array.from({ length: 32 }, (_, i) =>
      newReference(new Uint8Array(Array.from({ length: 8 }, (_, j) => i * 8 + j)), 2027),
    );
    for (const r of all) {
      expect(r).toMatch(REFERENCE_PATTERN);
      expect(r.slice(8)).not.toMatch(/[ILOU]/);
    }
    expect(new Set(all.flatMap((r) => [...r.slice(8).replace('-', '')])).size).toBe(32);
  });
  it('reads a reference typed by hand', () => {
    expect(normalizeReference('cs-2026-01z0-8jnz')).toBe('CS-2026-01Z0-8JNZ');
    expect(normalizeReference(' CS 2026 O1ZO 8JNZ ')).toBe('CS-2026-01Z0-8JNZ');
    expect(normalizeReference('2026-iLz0-8jnz')).toBe('CS-2026-11Z0-8JNZ');
    expect(normalizeReference('CS-2026-01Z0-8JNU')).toBeNull();
    expect(normalizeReference('CS-26-01Z0-8JNZ')).toBeNull();
    expect(normalizeReference('')).toBeNull();
  });
});
