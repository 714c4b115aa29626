import { describe, expect, it } from 'vitest';
import {
  OTP_RULES,
  WRONG_CODE_MESSAGE,
  attemptsLeft,
  challengeExpiresAt,
  checkChallenge,
  codeFromRandom,
  maskEmail,
  normalizeCode,
} from './otp.ts';

const sentAt = new Date('2026-06-01T10:00:00.000Z');
const fresh = () => ({
  expiresAt: challengeExpiresAt(sentAt),
  attempts: 0,
  verifiedAt: null,
  closedAt: null,
});
const at = (ms: number) => new Date(sentAt.getTime() + ms);

describe('one-time codes', () => {
  it('are 6 digits, leading zeros kept', () => {
    expect(OTP_RULES).toEqual({ digits: 6, ttlMinutes: 10, maxAttempts: 5 });
    expect(codeFromRandom(() => 42)).toBe('000042');
    expect(codeFromRandom(() => 999_999)).toBe('999999');
    let asked = 0;
    codeFromRandom((max) => {
      asked = max;
      return 0;
    });
    expect(asked).toBe(1_000_000);
    expect(() => codeFromRandom(() => 1_000_000)).toThrow();
    expect(() => codeFromRandom(() => 1.5)).toThrow();
  });
  it('reads a typed code with spaces', () => {
    expect(normalizeCode(' 012 345 ')).toBe('012345');
    expect(normalizeCode('12345')).toBeNull();
    expect(normalizeCode('12a456')).toBeNull();
  });
  it('expire at exactly 10 minutes', () => {
    expect(challengeExpiresAt(sentAt).toISOString()).toBe('2026-06-01T10:10:00.000Z');
    expect(checkChallenge(fresh(), sentAt)).toBeNull();
    expect(checkChallenge(fresh(), at(10 * 60_000 - 1))).toBeNull();
    const r = checkChallenge(fresh(), at(10 * 60_000));
    expect(r).toEqual({
      error: 'expired',
      message: 'Ce code a expiré (il est valable 10 minutes) : demandez un nouveau code.',
    });
  });
  it('refuse after the 5th wrong attempt', () => {
    const messages: string[] = [];
    let c = fresh();
    for (let i = 1; i <= 5; i++) {
      expect(checkChallenge(c, at(1000))).toBeNull();
      c = { ...c, attempts: c.attempts + 1 };
      messages.push(WRONG_CODE_MESSAGE(attemptsLeft(c.attempts)));
    }
    expect(messages).toEqual([
      'Code incorrect. Il vous reste 4 essais.',
      'Code incorrect. Il vous reste 3 essais.',
      'Code incorrect. Il vous reste 2 essais.',
      'Code incorrect. Il vous reste 1 essai.',
      'Code incorrect. C’était le dernier essai : demandez un nouveau code.',
    ]);
    const r = checkChallenge(c, at(1000));
    expect(r?.error).toBe('too_many_attempts');
    expect(r?.message).toMatch(/^Trop d’essais.+demandez un nouveau code\.$/);
    // even with the right code now
    expect(checkChallenge({ ...c, attempts: 6 }, at(1000))?.error).toBe('too_many_attempts');
  });
  it('serve once', () => {
    const used = { ...fresh(), verifiedAt: at(5000) };
    expect(checkChallenge(used, at(6000))).toEqual({
      error: 'used',
      message: 'Ce code a déjà servi ou a été remplacé par un code plus récent : demandez un nouveau code.',
    });
    // used wins over expired
    expect(checkChallenge(used, at(60 * 60_000))?.error).toBe('used');
    // a closed challenge (replaced by a newer code) cannot be used either
    expect(checkChallenge({ ...fresh(), closedAt: at(2000) }, at(3000))?.error).toBe('used');
  });
});

describe('maskEmail', () => {
  it('keeps the first and last letters and the domain', () => {
    expect(maskEmail('aziliz.abgrall@example.org')).toBe('a•••••l@example.org');
    expect(maskEmail('yo@example.org')).toBe('y•••••@example.org');
    expect(maskEmail('y@example.org')).toBe('y•••••@example.org');
    expect(maskEmail('élodie@exemple.fr')).toBe('é•••••e@exemple.fr');
    expect(maskEmail('not an e-mail')).toBe('•••••');
  });
});
