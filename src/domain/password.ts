/**
 * Password rules (pure): length, common passwords, the e-mail's local part. The list of common
 * passwords is passed in (see common-passwords.ts) so that the web app can show the rules live
 * without loading the dictionary.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordIssue = 'too_short' | 'too_long' | 'common' | 'contains_email';

export const PASSWORD_MESSAGES: Record<PasswordIssue, string> = {
  too_short: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  too_long: `Le mot de passe doit contenir au plus ${PASSWORD_MAX_LENGTH} caractères.`,
  common: 'Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.',
  contains_email: 'Le mot de passe ne doit pas contenir votre adresse électronique (la partie avant « @ »).',
};

/** The rules, in the order shown to the person choosing a password. */
export const PASSWORD_RULES: readonly { issue: PasswordIssue; label: string }[] = [
  { issue: 'too_short', label: `Au moins ${PASSWORD_MIN_LENGTH} caractères` },
  { issue: 'too_long', label: `Au plus ${PASSWORD_MAX_LENGTH} caractères` },
  { issue: 'contains_email', label: 'Ne contient pas votre adresse électronique' },
  { issue: 'common', label: 'N’est pas un mot de passe courant' },
];

/** Number of characters as a person counts them (code points, not UTF-16 units). */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** The local part of an e-mail ("jean.dupont" in "jean.dupont@example.fr"), lower case. */
export function emailLocalPart(email: string): string {
  const at = email.lastIndexOf('@');
  return (at < 0 ? email : email.slice(0, at)).trim().toLowerCase();
}

/**
 * What is wrong with a password, empty when it is acceptable. The e-mail rule applies from a
 * local part of 3 characters (a one-letter local part would forbid half the alphabet).
 */
export function passwordIssues(
  password: string,
  context: { email?: string | undefined; isCommon?: ((password: string) => boolean) | undefined },
): PasswordIssue[] {
  const issues: PasswordIssue[] = [];
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) issues.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) issues.push('too_long');
  const local = context.email ? emailLocalPart(context.email) : '';
  if (local.length >= 3 && password.toLowerCase().includes(local)) issues.push('contains_email');
  if (context.isCommon?.(password)) issues.push('common');
  return issues;
}
