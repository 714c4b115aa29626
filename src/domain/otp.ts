/**
 * One-time signing codes (issue 6 §5): 6 digits, valid 10 minutes, 5 attempts, used once. Pure:
 * the randomness and the clock come from the caller; the code itself is stored hashed.
 */

export const OTP_RULES = { digits: 6, ttlMinutes: 10, maxAttempts: 5 } as const;

/** A 6-digit code, leading zeros kept, from a uniform random integer source (e.g. crypto.randomInt). */
export function codeFromRandom(randomInt: (maxExclusive: number) => number): string {
  const max = 10 ** OTP_RULES.digits;
  const n = randomInt(max);
  if (!Number.isInteger(n) || n < 0 || n >= max) throw new Error(`codeFromRandom : ${n} hors de [0, ${max})`);
  return String(n).padStart(OTP_RULES.digits, '0');
}

/** When a code sent at `now` stops being valid. */
export function challengeExpiresAt(now: Date): Date {
  return new Date(now.getTime() + OTP_RULES.ttlMinutes * 60_000);
}

/** What a typed code looks like once spaces are removed: exactly 6 digits. */
export function normalizeCode(input: string): string | null {
  const c = input.replace(/[\s.-]/g, '');
  return new RegExp(`^\\d{${OTP_RULES.digits}}$`).test(c) ? c : null;
}

export interface ChallengeState {
  expiresAt: Date;
  /** wrong codes typed so far */
  attempts: number;
  verifiedAt: Date | null;
  /** closed without success (replaced by a newer code, or the convention changed) */
  closedAt: Date | null;
}

export type ChallengeRefusal = { error: 'expired' | 'too_many_attempts' | 'used'; message: string };

export const EXPIRED_MESSAGE = 'Ce code a expiré (il est valable 10 minutes) : demandez un nouveau code.';
export const TOO_MANY_ATTEMPTS_MESSAGE =
  'Trop d’essais avec ce code (5 au plus) : il n’est plus valable, demandez un nouveau code.';
export const USED_MESSAGE =
  'Ce code a déjà servi ou a été remplacé par un code plus récent : demandez un nouveau code.';

/**
 * Whether a code may still be tried at `now` (null), or why not. Checked before comparing the
 * code; a code is valid strictly before its expiry (at exactly 10 minutes it has expired).
 */
export function checkChallenge(c: ChallengeState, now: Date): ChallengeRefusal | null {
  if (c.verifiedAt !== null) return { error: 'used', message: USED_MESSAGE };
  if (c.attempts >= OTP_RULES.maxAttempts)
    return { error: 'too_many_attempts', message: TOO_MANY_ATTEMPTS_MESSAGE };
  if (c.closedAt !== null) return { error: 'used', message: USED_MESSAGE };
  if (now.getTime() >= c.expiresAt.getTime()) return { error: 'expired', message: EXPIRED_MESSAGE };
  return null;
}

/** Attempts left after `attempts` wrong codes (0 once the 5th wrong code is typed). */
export function attemptsLeft(attempts: number): number {
  return Math.max(0, OTP_RULES.maxAttempts - attempts);
}

/** The message after a wrong code; `left` = attempts left after this one. */
export function WRONG_CODE_MESSAGE(left: number): string {
  if (left <= 0) return 'Code incorrect. C’était le dernier essai : demandez un nouveau code.';
  return `Code incorrect. Il vous reste ${left} essai${left > 1 ? 's' : ''}.`;
}

/**
 * An e-mail shown to someone who may not know it: first and last letters of the local part,
 * five dots between (the length is hidden), the domain kept.
 * 'aziliz.abgrall@example.org' → 'a•••••l@example.org'.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••••';
  const local = [...email.slice(0, at)];
  const domain = email.slice(at + 1);
  const masked = local.length <= 2 ? `${local[0]}•••••` : `${local[0]}•••••${local[local.length - 1]}`;
  return `${masked}@${domain}`;
}
