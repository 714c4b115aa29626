import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id (an ambient const enum, not importable as a value here). */
const ARGON2ID = 2 as Algorithm.Argon2id;

/** argon2id, m = 19 MiB, t = 2, p = 1 (OWASP's first recommendation). */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for a malformed hash (never throws for those). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Runs a verification against a fixed hash with the same parameters, so that an unknown e-mail
 * takes as long to refuse as a wrong password (no timing oracle). Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hash('mot de passe factice, jamais valide', ARGON2_OPTIONS);
  await verifyPassword(await dummy, password);
  return false;
}
