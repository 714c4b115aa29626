/**
 * Rate limits: fixed windows counted in the database (shared by every server process).
 * The limits themselves live here, in one table, so they are easy to read and to test.
 */

export interface Limit {
  /** attempts allowed per window */
  max: number;
  /** window length in seconds */
  windowSeconds: number;
}

export const LIMITS = {
  /** password sign-in, per IP */
  signInPerIp: { max: 30, windowSeconds: 15 * 60 },
  /** password sign-in failures, per account, before a temporary lockout */
  signInFailuresPerAccount: { max: 5, windowSeconds: 15 * 60 },
  /** one-time links, password resets, verification mails asked, per e-mail address */
  mailRequestsPerAddress: { max: 5, windowSeconds: 60 * 60 },
  /** the same, per IP */
  mailRequestsPerIp: { max: 20, windowSeconds: 60 * 60 },
  /** one-time codes tried, per account or code */
  codeAttempts: { max: 5, windowSeconds: 10 * 60 },
  /** class-code activations tried, per IP */
  activationsPerIp: { max: 20, windowSeconds: 60 * 60 },
  /** staff invitations sent, per inviting account */
  invitationsPerAccount: { max: 50, windowSeconds: 60 * 60 },
  /** invitation acceptances tried, per IP */
  invitationAcceptsPerIp: { max: 60, windowSeconds: 15 * 60 },
  /** partner API keys created, per account */
  apiKeysPerAccount: { max: 10, windowSeconds: 60 * 60 },
  /** single-use tokens submitted (e-mail verification, password reset, sign-in links), per IP */
  tokensPerIp: { max: 60, windowSeconds: 15 * 60 },
  /** offers flagged, per IP */
  flagsPerIp: { max: 10, windowSeconds: 60 * 60 },
  /** PDF files uploaded (CV, exemption documents), per account */
  uploadsPerAccount: { max: 30, windowSeconds: 60 * 60 },
  /** one-time signature codes sent, per e-mail address (or phone number) */
  signatureCodesPerAddress: { max: 5, windowSeconds: 60 * 60 },
} as const satisfies Record<string, Limit>;

/** How long an account stays locked after too many failures. */
export const LOCKOUT_MINUTES = 15;

/** Start of the fixed window containing `now`. */
export function windowStart(now: Date, limit: Limit): Date {
  const ms = limit.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Seconds until the window containing `now` ends (for Retry-After). */
export function retryAfterSeconds(now: Date, limit: Limit): number {
  const end = windowStart(now, limit).getTime() + limit.windowSeconds * 1000;
  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}
