import { describe, expect, it } from 'vitest';
import {
  inSummaryWindow,
  lowestShare,
  parisDay,
  summaryKindsOf,
  summaryWindow,
  weekChange,
} from './summaries.ts';

const campaign = { hostsOpenOn: '2026-12-01', week1Start: '2027-06-14', week2End: '2027-06-25' };

describe('summaries', () => {
  it('gives the weekly summary to DSDEN and rectorat, the daily one to heads', () => {
    expect(summaryKindsOf(['dsden'])).toEqual(['weekly']);
    expect(summaryKindsOf(['rectorat', 'school_head'])).toEqual(['weekly', 'daily']);
    expect(summaryKindsOf(['school_staff', 'student', 'admin'])).toEqual([]);
  });

  it('sends the daily summary from 30 days before the first week to the end of the second', () => {
    expect(summaryWindow('daily', campaign)).toEqual({ from: '2027-05-15', to: '2027-06-25' });
    expect(inSummaryWindow('daily', '2027-05-14', campaign)).toBe(false);
    expect(inSummaryWindow('daily', '2027-05-15', campaign)).toBe(true);
    expect(inSummaryWindow('daily', '2027-06-25', campaign)).toBe(true);
    expect(inSummaryWindow('daily', '2027-06-26', campaign)).toBe(false);
  });

  it('sends the weekly summary from the offers’ opening to a week after the stages', () => {
    expect(summaryWindow('weekly', campaign)).toEqual({ from: '2026-12-01', to: '2027-07-02' });
    expect(inSummaryWindow('weekly', '2026-11-30', campaign)).toBe(false);
    expect(inSummaryWindow('weekly', '2027-07-02', campaign)).toBe(true);
  });

  it('counts days in Paris', () => {
    expect(parisDay(new Date('2027-05-14T22:30:00Z'))).toBe('2027-05-15');
    expect(parisDay(new Date('2027-01-14T22:30:00Z'))).toBe('2027-01-14');
  });

  it('compares the last day with the last one at least a week before', () => {
    const days = [
      { day: '2027-03-01', placed: 10, share: 0.1 },
      { day: '2027-03-03', placed: 14, share: 0.14 },
      { day: '2027-03-10', placed: 30, share: 0.3 },
    ];
    expect(weekChange(days)).toEqual({ since: '2027-03-03', placed: 16, share: 0.3 - 0.14 });
    expect(weekChange(days.slice(1, 2))).toBeNull();
    expect(weekChange([])).toBeNull();
  });

  it('lists the lowest shares first, without empty children', () => {
    const rows = [
      { name: 'a', students: 10, share: 0.5, unplaced: 5 },
      { name: 'b', students: 0, share: null, unplaced: 0 },
      { name: 'c', students: 20, share: 0.1, unplaced: 18 },
      { name: 'd', students: 30, share: 0.1, unplaced: 27 },
    ];
    expect(lowestShare(rows, 2).map((r) => r.name)).toEqual(['d', 'c']);
  });
});
