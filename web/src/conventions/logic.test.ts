import { describe, expect, it } from 'vitest';
import {
  codeError,
  charactersLeft,
  daysOf,
  fieldDomId,
  hoursOfDays,
  hoursProblemsByDay,
  missingSignaturesText,
  problemPlace,
  problemsOf,
  runBatches,
  serverFieldErrors,
  stageDays,
  summaryEntries,
} from './logic.ts';

describe('hours table as typed', () => {
  it('round-trips the saved hours; absent days unchecked; an empty break is 0', () => {
    const hours = [
      { day: 1, from: '09:00', to: '16:30', breakMinutes: 60 },
      { day: 3, from: '08:30', to: '12:00', breakMinutes: 0 },
    ];
    const days = daysOf(hours);
    expect(days).toHaveLength(6);
    expect(days.map((d) => d.enabled)).toEqual([true, false, true, false, false, false]);
    expect(hoursOfDays(days)).toEqual(hours);
    days[2] = { ...days[2]!, breakMinutes: '' };
    expect(hoursOfDays(days)[1]!.breakMinutes).toBe(0);
  });
});

describe('where errors point', () => {
  it('turns a field path into the id of its input', () => {
    expect(fieldDomId('hp', 'tutor.email')).toBe('hp-tutor-email');
    expect(fieldDomId('sp', 'guardians.1.email')).toBe('sp-guardians-1-email');
    expect(fieldDomId('sp', 'guardians[1].email')).toBe('sp-guardians-1-email');
  });

  it('places each problem in its part', () => {
    expect(problemPlace({ rule: 'max_per_day', day: 2, field: 'hours', message: 'x' })).toEqual({
      part: 'host',
      field: 'hours',
    });
    expect(problemPlace({ rule: 'email', field: 'hostPart.tutor.email', message: 'x' })).toEqual({
      part: 'host',
      field: 'tutor.email',
    });
    expect(problemPlace({ rule: 'email', field: 'schoolPart.guardians.0.email', message: 'x' }).part).toBe(
      'school',
    );
    expect(problemPlace({ rule: 'dates_outside_weeks', field: 'startDate', message: 'x' }).part).toBe(
      'general',
    );
  });

  it('lists missing fields then problems, each linked to its input, hours to the day’s row', () => {
    const problems = problemsOf('host', [
      { rule: 'max_per_day', day: 2, field: 'hours', message: 'Horaires – mardi : 7 h 01 de présence' },
      { rule: 'email', field: 'hostPart.tutor.email', message: 'Tuteur : adresse e-mail invalide' },
      { rule: 'email', field: 'schoolPart.referentTeacher.email', message: 'ignored' },
    ]);
    expect(problems).toHaveLength(2);
    const entries = summaryEntries('hp', [{ field: 'activities', label: 'Activités prévues' }], problems);
    expect(entries).toEqual([
      { id: 'hp-activities', message: 'À compléter : Activités prévues' },
      { id: 'hp-hours-2-from', message: 'Horaires – mardi : 7 h 01 de présence.' },
      { id: 'hp-tutor-email', message: 'Tuteur : adresse e-mail invalide.' },
    ]);
    const { byDay, week } = hoursProblemsByDay([
      ...problems,
      { rule: 'max_per_week', field: 'hours', message: 'horaires – 36 h' },
    ]);
    expect(byDay.get(2)).toEqual(['Horaires – mardi : 7 h 01 de présence.']);
    expect(week).toEqual(['Horaires – 36 h.']);
  });

  it('maps the server’s field errors, with or without the part prefix', () => {
    expect(
      serverFieldErrors('hp', [
        { field: 'hostPart.tutor.email', message: 'adresse invalide' },
        { field: 'hours.3.from', message: 'heure invalide' },
      ]),
    ).toEqual([
      { id: 'hp-tutor-email', message: 'Adresse invalide.' },
      { id: 'hp-hours', message: 'Heure invalide.' },
    ]);
  });
});

describe('codes and counters', () => {
  it('asks for exactly six digits', () => {
    expect(codeError('')).toMatch(/Saisissez/);
    expect(codeError('12345')).toMatch(/6 chiffres/);
    expect(codeError('12a456')).toMatch(/6 chiffres/);
    expect(codeError('012 345')).toBeNull();
  });

  it('names the missing signatures in the order of the signatures block', () => {
    expect(missingSignaturesText(['guardian_1', 'host', 'student'])).toBe(
      'Signatures manquantes : organisme, élève, représentant légal 1',
    );
    expect(missingSignaturesText([])).toBe('');
  });

  it('counts the characters left, and those over the limit', () => {
    expect(charactersLeft('abc', 1500)).toBe('1497 caractères restants sur 1500');
    expect(charactersLeft('a'.repeat(1502), 1500)).toBe('2 caractères de trop (1500 au plus)');
  });
});

describe('bulk signature batches', () => {
  it('calls again until done = total, reporting each step', async () => {
    const answers = [
      { done: 25, total: 60 },
      { done: 50, total: 60 },
      { done: 60, total: 60 },
    ];
    const seen: number[] = [];
    const r = await runBatches(
      async () => answers.shift()!,
      (done) => seen.push(done),
    );
    expect(r).toEqual({ done: 60, total: 60 });
    expect(seen).toEqual([25, 50, 60]);
  });

  it('stops with a French error when a batch makes no progress', async () => {
    await expect(
      runBatches(
        async () => ({ done: 10, total: 60 }),
        () => {},
      ),
    ).rejects.toThrow('La signature groupée s’est arrêtée à 10 sur 60.');
  });
});

describe('days of presence', () => {
  it('lists Monday to Saturday between the dates, the days of the hours table planned', () => {
    const days = stageDays('2027-06-14', '2027-06-19', [
      { day: 1, from: '09:00', to: '16:00', breakMinutes: 60 },
      { day: 2, from: '09:00', to: '16:00', breakMinutes: 60 },
    ]);
    expect(days.map((d) => d.iso)).toEqual([
      '2027-06-14',
      '2027-06-15',
      '2027-06-16',
      '2027-06-17',
      '2027-06-18',
      '2027-06-19',
    ]);
    expect(days.filter((d) => d.planned).map((d) => d.iso)).toEqual(['2027-06-14', '2027-06-15']);
    expect(stageDays('2027-06-14', '2027-06-28', []).map((d) => d.iso)).not.toContain('2027-06-20');
  });
});
