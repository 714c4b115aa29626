import { dictionary } from '@zxcvbn-ts/language-common';

/** The common passwords of zxcvbn-ts (about 50 000), lower case; built on first use. */
let common: ReadonlySet<string> | null = null;

/** True when the password (case-insensitive) is in the common-passwords dictionary. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}
