import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './common-passwords.ts';
import { PASSWORD_MESSAGES, emailLocalPart, passwordIssues, passwordLength } from './password.ts';

const check = (password: string, email = 'anne.kervella@example.fr') =>
  passwordIssues(password, { email, isCommon: isCommonPassword });

describe('password rules', () => {
  it('accepts a long, uncommon password', () => {
    expect(check('cheval agrafe batterie correcte')).toEqual([]);
  });

  it('needs at least 12 characters and at most 128, counted as a person counts them', () => {
    expect(check('Xk7#pq2Lm9!')).toEqual(['too_short']);
    expect(check('Xk7#pq2Lm9!z')).toEqual([]);
    expect(check('x'.repeat(129).replace(/^x/, 'Q'))).toContain('too_long');
    expect(check('éèàùç€ñüöäß😀')).toEqual([]);
    expect(passwordLength('😀😀')).toBe(2);
  });

  it('refuses common passwords, whatever their case', () => {
    expect(isCommonPassword('qwerty123456')).toBe(true);
    expect(check('qwerty123456')).toEqual(['common']);
    expect(check('QWERTY123456')).toEqual(['common']);
    expect(check('1q2w3e4r5t6y')).toEqual(['common']);
    expect(check('password')).toEqual(['too_short', 'common']);
  });

  it('refuses a password containing the local part of the e-mail', () => {
    expect(emailLocalPart(' Anne.Kervella@Example.fr ')).toBe('anne.kervella');
    expect(check('mon-Anne.Kervella-2026')).toEqual(['contains_email']);
    // a very short local part would forbid too much: the rule starts at 3 characters
    expect(check('a-long-secret-phrase', 'a@example.fr')).toEqual([]);
  });

  it('has a French message for each rule', () => {
    expect(PASSWORD_MESSAGES.too_short).toBe('Le mot de passe doit contenir au moins 12 caractères.');
    expect(Object.values(PASSWORD_MESSAGES).every((m) => /[a-zé]/.test(m) && m.endsWith('.'))).toBe(true);
  });
});
