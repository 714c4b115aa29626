import { describe, expect, it } from 'vitest';
import { isValidSiret, luhnValid, normaliseSiret, siretIssue } from './siret.ts';

describe('SIRET', () => {
  it('accepts a SIRET whose Luhn key is right', () => {
    expect(luhnValid('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret(normaliseSiret('732 829 320 00074'))).toBe(true);
  });

  it('refuses a wrong key, a wrong length, letters', () => {
    expect(siretIssue('73282932000075')).toBe('checksum');
    expect(siretIssue('7328293200007')).toBe('format');
    expect(siretIssue('732829320000745')).toBe('format');
    expect(siretIssue('7328293200007A')).toBe('format');
    expect(siretIssue('')).toBe('format');
  });

  it('applies La Poste’s exception: digit sum a multiple of 5, not Luhn', () => {
    // Luhn fails but 3+5+6+4+9+8+3+7 = 45
    expect(luhnValid('35600000049837')).toBe(false);
    expect(isValidSiret('35600000049837')).toBe(true);
    // Luhn passes but the digit sum (24) is not a multiple of 5
    expect(luhnValid('35600000000055')).toBe(true);
    expect(isValidSiret('35600000000055')).toBe(false);
    // the head office follows Luhn
    expect(isValidSiret('35600000000048')).toBe(true);
  });
});
