import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatDateTime, formatInteger, formatPercent } from './format.ts';

describe('French formatting', () => {
  it('formats numbers with French separators', () => {
    expect(formatInteger(30612).replace(/\s/g, ' ')).toBe('30 612');
    expect(formatPercent(0.477).replace(/\s/g, ' ')).toBe('48 %');
  });

  it('writes dates in French, with "1er"', () => {
    expect(formatDate('2027-06-14')).toBe('lundi 14 juin 2027');
    expect(formatDate('2027-06-01', { withWeekday: false })).toBe('1er juin 2027');
    expect(formatDateRange('2027-06-14', '2027-06-18')).toBe('du lundi 14 juin au vendredi 18 juin 2027');
    expect(formatDateRange('2026-12-28', '2027-01-01')).toBe(
      'du lundi 28 décembre 2026 au vendredi 1er janvier 2027',
    );
    expect(() => formatDate('14/06/2027')).toThrow(/date invalide/);
  });

  it('writes instants in Paris time', () => {
    expect(formatDateTime('2026-11-28T17:02:00Z')).toMatch(/28 novembre 2026 à 18:02/);
    expect(formatDateTime('pas une date')).toBe('pas une date');
  });
});
