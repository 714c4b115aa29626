import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LIMITS_2024 } from './campaign.ts';
import { checkHours, formatDuration, parseTime, type DayHours } from './hours.ts';

const day = (d: number, from = '09:00', to = '17:00', breakMinutes = 60): DayHours => ({
  day: d,
  from,
  to,
  breakMinutes,
});
const week = [1, 2, 3, 4, 5].map((d) => day(d));
const rules = (h: DayHours[], limits = DEFAULT_LIMITS) => checkHours(h, limits).map((v) => v.rule);

describe('hours', () => {
  it('accepts a 9–17 week with an hour of lunch', () => {
    expect(checkHours(week, DEFAULT_LIMITS)).toEqual([]);
  });
  it('parses and formats', () => {
    expect(parseTime('09:30')).toBe(570);
    expect(parseTime('24:00')).toBe(1440);
    for (const bad of ['9:00', '25:00', '10:60', 'abc', '24:30']) expect(parseTime(bad)).toBeNull();
    expect(formatDuration(450)).toBe('7 h 30');
    expect(formatDuration(420)).toBe('7 h');
    expect(formatDuration(45)).toBe('45 min');
  });
  it('names the day beyond 7 h a day, and allows 8 h with the 2024 limits', () => {
    const h = [...week.slice(0, 4), day(2, '08:30', '17:00', 60)].filter((d, i) => i !== 1);
    const v = checkHours(h, DEFAULT_LIMITS);
    expect(v).toContainEqual({
      day: 2,
      rule: 'max_per_day',
      message: 'mardi : 7 h 30 de présence, au-delà de 7 h par jour',
    });
    expect(rules(h, LIMITS_2024)).not.toContain('max_per_day');
  });
  it('refuses the wrong days, duplicates, malformed and reversed times, bad breaks', () => {
    expect(rules([...week, day(7)])).toContain('day');
    expect(rules([...week, day(0)])).toContain('day');
    expect(rules([...week, day(1)])).toContain('duplicate_day');
    expect(rules([...week.slice(1), day(1, '9h', '17:00')])).toContain('time_format');
    expect(rules([...week.slice(1), day(1, '17:00', '09:00')])).toContain('order');
    expect(rules([...week.slice(1), day(1, '09:00', '17:00', -5)])).toContain('break_length');
    expect(rules([...week.slice(1), day(1, '09:00', '10:00', 60)])).toContain('break_length');
  });
  it('checks the earliest start and the latest end', () => {
    const v = checkHours([...week.slice(1), day(1, '05:30', '12:00', 0)], DEFAULT_LIMITS);
    expect(v.find((x) => x.rule === 'earliest_start')?.message).toBe('lundi : début à 5 h 30, avant 6 h');
    expect(rules([...week.slice(0, 4), day(5, '14:00', '20:30', 0)])).toContain('latest_end');
    expect(rules([...week.slice(0, 4), day(5, '13:00', '20:00', 30)])).not.toContain('latest_end');
  });
  it('asks for a break beyond 4 h 30', () => {
    expect(rules([...week.slice(1), day(1, '09:00', '14:00', 0)])).toContain('break_required');
    expect(rules([...week.slice(1), day(1, '09:00', '14:00', 20)])).toContain('break_required');
    expect(rules([...week.slice(1), day(1, '09:00', '14:00', 30)])).not.toContain('break_required');
    expect(rules([...week.slice(1), day(1, '09:00', '13:30', 0)])).not.toContain('break_required');
  });
  it('checks the week: 35 h at most, 4 days at least, 2 consecutive rest days', () => {
    const six = [1, 2, 3, 4, 5, 6].map((d) => day(d, '09:00', '15:00', 30));
    expect(rules(six)).toEqual(['rest_days']);
    expect(rules([1, 2, 3].map((d) => day(d)))).toEqual(['min_days']);
    expect(rules([])).toEqual(['min_days']);
    const long = [1, 2, 3, 4, 5].map((d) => day(d, '08:00', '15:30', 30));
    expect(rules(long)).toEqual([]);
    expect(rules(long, { ...DEFAULT_LIMITS, maxMinutesPerWeek: 30 * 60 })).toEqual(['max_per_week']);
    // Tuesday to Saturday: Sunday and Monday make the two rest days
    expect(rules([2, 3, 4, 5, 6].map((d) => day(d)))).toEqual([]);
    // Monday, Wednesday to Saturday: no two consecutive days off inside the cycle but Sunday…
    expect(rules([1, 3, 4, 5, 6].map((d) => day(d)))).toEqual(['rest_days']);
  });
  it('asks for 14 h of rest between two days', () => {
    const v = checkHours(
      [day(1, '12:00', '20:00', 60), day(2, '08:00', '12:00', 0), ...week.slice(2)],
      DEFAULT_LIMITS,
    );
    expect(v).toContainEqual({
      day: 2,
      rule: 'min_rest',
      message: 'mardi : 12 h de repos seulement depuis lundi, il en faut 14 h',
    });
    expect(rules([day(1, '12:00', '20:00', 60), day(2, '10:00', '16:00', 60), ...week.slice(2)])).toEqual([]);
    expect(
      rules([day(1, '12:00', '20:00', 60), day(2, '08:00', '12:00', 0), ...week.slice(2)], LIMITS_2024),
    ).toEqual([]);
  });
});
