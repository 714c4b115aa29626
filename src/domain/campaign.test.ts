import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayOfWeek,
  defaultCalendar,
  lastFridayOfJune,
  officialWeeks,
  schoolYearOn,
  stageYear,
  weekOf,
} from './campaign.ts';

describe('campaign calendar', () => {
  it.each([
    ['2023-2024', '2024-06-17', '2024-06-21', '2024-06-24', '2024-06-28'],
    ['2024-2025', '2025-06-16', '2025-06-20', '2025-06-23', '2025-06-27'],
    ['2025-2026', '2026-06-15', '2026-06-19', '2026-06-22', '2026-06-26'],
    // 30 June 2028 is a Friday: the second week ends on it
    ['2027-2028', '2028-06-19', '2028-06-23', '2028-06-26', '2028-06-30'],
    // 30 June 2029 is a Saturday: the last Friday is the 29th
    ['2028-2029', '2029-06-18', '2029-06-22', '2029-06-25', '2029-06-29'],
  ])('%s: weeks %s–%s and %s–%s', (year, s1, e1, s2, e2) => {
    const [w1, w2] = officialWeeks(year);
    expect(w1).toEqual({ number: 1, start: s1, end: e1 });
    expect(w2).toEqual({ number: 2, start: s2, end: e2 });
    expect(dayOfWeek(w1.start)).toBe(1);
    expect(dayOfWeek(w2.end)).toBe(5);
  });

  it('finds the last Friday of June for every year of a century', () => {
    for (let y = 2000; y < 2100; y++) {
      const f = lastFridayOfJune(y);
      expect(dayOfWeek(f)).toBe(5);
      expect(f.slice(0, 7)).toBe(`${y}-06`);
      expect(addDays(f, 7).slice(5, 7)).toBe('07');
    }
  });

  it('derives the school year from a date', () => {
    expect(schoolYearOn('2026-11-28')).toBe('2026-2027');
    expect(schoolYearOn('2026-08-31')).toBe('2025-2026');
    expect(schoolYearOn('2026-09-01')).toBe('2026-2027');
  });

  it('refuses a malformed school year', () => {
    expect(() => stageYear('2025')).toThrow(/année scolaire invalide/);
    expect(() => stageYear('2025-2027')).toThrow(/année scolaire invalide/);
  });

  it('opens hosts before students, both before the weeks', () => {
    const c = defaultCalendar('2026-2027');
    expect(c.hostsOpenOn < c.studentsOpenOn).toBe(true);
    expect(c.studentsOpenOn < c.weeks[0].start).toBe(true);
  });

  it('tells which week a date belongs to', () => {
    const weeks = officialWeeks('2025-2026');
    expect(weekOf(weeks, '2026-06-15')).toBe(1);
    expect(weekOf(weeks, '2026-06-20')).toBe(1);
    expect(weekOf(weeks, '2026-06-26')).toBe(2);
    expect(weekOf(weeks, '2026-06-14')).toBeNull();
    expect(weekOf(weeks, '2026-06-29')).toBeNull();
  });
});
