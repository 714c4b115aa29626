/**
 * Sign-in through an OpenID Connect identity provider: ÉduConnect-like for students and guardians,
 * ProConnect-like for school staff. Authorization code flow with PKCE, state and nonce; what the
 * flow needs between the redirection and the callback is kept server-side (auth_tokens, kind
 * "oidc_state", 10 minutes, single use), found by the hash of a random value held in a cookie.
 */
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { membershipsOf } from '../accounts/store.ts';
import { openSession, randomToken, sha256, type AccountsDeps, type NewSession } from '../accounts/service.ts';
import { OIDC_PROVIDERS, type OidcProviderName, type OidcProviderSettings } from '../config.ts';
import { planIdentity, readClaims, safeNextPath, type IdentityClaims } from '../domain/identity.ts';
import { openIdClient, type OidcClient } from '../infra/oidc.ts';
import {
  consumeOidcState,
  ensureMemberships,
  findGuardiansByEmail,
  findSchool,
  findStudentByIne,
  findUserByEmailWithStudent,
  findUserIdBySubject,
  insertOidcState,
  insertUser,
  linkSubject,
  markVerifiedIfEmail,
} from './store.ts';

export const OIDC_STATE_TTL_MS = 10 * 60_000;

/** The scopes asked of each provider. */
export const OIDC_SCOPES: Record<OidcProviderName, string> = {
  educonnect: 'openid profile email ine',
  proconnect: 'openid profile email uai role',
};

export interface OidcDeps extends AccountsDeps {
  publicUrl: string;
  /** the configured providers */
  clients: Partial<Record<OidcProviderName, OidcClient>>;
}

/** Codes of /connexion?erreur=…, explained in French by the sign-in page. */
export type OidcErrorCode =
  | 'fournisseur-indisponible'
  | 'demande-expiree'
  | 'consentement-refuse'
  | 'echec-connexion'
  | 'compte-inconnu';

export function callbackUrl(deps: Pick<OidcDeps, 'publicUrl'>, provider: OidcProviderName): string {
  return `${deps.publicUrl.replace(/\/+$/, '')}/api/auth/oidc/${provider}/callback`;
}

/**
 * Starts a sign-in: stores state, nonce and PKCE verifier, returns the provider's URL and the
 * random value for the flow's cookie.
 */
export async function startOidc(
  deps: OidcDeps,
  provider: OidcProviderName,
  next: string | undefined,
): Promise<{ ok: true; redirectTo: string; flowToken: string } | { ok: false; error: OidcErrorCode }> {
  const client = deps.clients[provider];
  if (!client) return { ok: false, error: 'fournisseur-indisponible' };
  const checks = client.newChecks();
  const url = await client.authorizationUrl(checks, callbackUrl(deps, provider));
  if (!url) return { ok: false, error: 'fournisseur-indisponible' };
  const flowToken = randomToken();
  const now = deps.clock();
  await insertOidcState(deps.db, {
    tokenHash: sha256(flowToken),
    payload: { provider, ...checks, next: safeNextPath(next) },
    createdAt: now,
    expiresAt: new Date(now.getTime() + OIDC_STATE_TTL_MS),
  });
  return { ok: true, redirectTo: url.toString(), flowToken };
}

export type CallbackResult =
  ({ ok: true; next: string; userId: string } & NewSession) | { ok: false; error: OidcErrorCode };

/**
 * Ends a sign-in: checks the flow (cookie → stored state, single use; state of the URL),
 * exchanges the code (openid-client validates the ID token, nonce and PKCE), maps the claims to
 * an account and opens a session.
 */
export async function finishOidc(
  deps: OidcDeps,
  provider: OidcProviderName,
  input: { flowToken: string | undefined; url: URL },
  client: AuditContext,
): Promise<CallbackResult> {
  const oidc = deps.clients[provider];
  if (!oidc) return { ok: false, error: 'fournisseur-indisponible' };
  if (!input.flowToken || input.flowToken.length > 100) return { ok: false, error: 'demande-expiree' };
  const now = deps.clock();
  const flow = await consumeOidcState(deps.db, sha256(input.flowToken), now);
  if (!flow || flow.provider !== provider || input.url.searchParams.get('state') !== flow.state)
    return { ok: false, error: 'demande-expiree' };

  const exchanged = await oidc.exchange(input.url, flow);
  if (!exchanged.ok) {
    await recordAudit(
      deps,
      { action: 'auth.sign_in_failed', details: { method: 'oidc', provider, reason: exchanged.error } },
      client,
    );
    const error: OidcErrorCode =
      exchanged.error === 'denied'
        ? 'consentement-refuse'
        : exchanged.error === 'unavailable'
          ? 'fournisseur-indisponible'
          : 'echec-connexion';
    return { ok: false, error };
  }
  const claims = readClaims(exchanged.claims);
  const userId = await accountFor(deps, provider, claims);
  if (!userId) {
    await recordAudit(
      deps,
      { action: 'auth.sign_in_failed', details: { method: 'oidc', provider, reason: 'unknown_account' } },
      client,
    );
    return { ok: false, error: 'compte-inconnu' };
  }

  const all = await membershipsOf(deps.db, userId.id);
  const audience = provider === 'educonnect' ? ['student', 'guardian'] : ['school_head', 'school_staff'];
  const membership =
    all.find(
      (m) =>
        m.role === userId.preferredRole &&
        (claims.uai === undefined || m.schoolUai === null || m.schoolUai === claims.uai),
    ) ??
    all.find((m) => m.role === userId.preferredRole) ??
    all.find((m) => audience.includes(m.role)) ??
    all[0];
  if (!membership) return { ok: false, error: 'compte-inconnu' };
  const session = await openSession(deps, {
    userId: userId.id,
    membershipId: membership.id,
    method: `oidc:${provider}`,
    ...(client.ip === undefined ? {} : { ip: client.ip }),
    ...(client.userAgent === undefined ? {} : { userAgent: client.userAgent }),
  });
  await recordAudit(
    deps,
    {
      action: 'auth.sign_in',
      actor: { userId: userId.id, role: membership.role },
      schoolUai: membership.schoolUai,
      details: { method: 'oidc', provider },
    },
    client,
  );
  return { ok: true, next: flow.next, userId: userId.id, ...session };
}

/** Finds (or creates) the account the claims designate, links it to the subject; undefined: unknown person. */
async function accountFor(
  deps: OidcDeps,
  provider: OidcProviderName,
  claims: IdentityClaims,
): Promise<{ id: string; preferredRole: string | undefined } | undefined> {
  const subject = `${provider}:${claims.sub}`;
  const [userBySubject, studentByIne, userByEmail, guardians, school] = await Promise.all([
    findUserIdBySubject(deps.db, subject),
    provider === 'educonnect' && claims.ine ? findStudentByIne(deps.db, claims.ine) : undefined,
    claims.email ? findUserByEmailWithStudent(deps.db, claims.email) : undefined,
    provider === 'educonnect' && claims.email ? findGuardiansByEmail(deps.db, claims.email) : [],
    provider === 'proconnect' && claims.uai ? findSchool(deps.db, claims.uai) : undefined,
  ]);
  const plan = planIdentity(provider, claims, {
    userBySubject,
    studentByIne,
    userByEmail,
    guardiansByEmail: guardians,
    schoolByUai: school,
  });
  if (plan.kind === 'refuse') return undefined;
  const now = deps.clock();

  let userId = plan.userId;
  if (!userId) {
    // a new account; its e-mail must be free (unique): else a placeholder nobody can receive mail at
    const emailFree = claims.email !== undefined && claims.emailVerified !== false && !userByEmail;
    const email = emailFree ? claims.email! : `${sha256(subject).slice(0, 24)}@oidc.invalid`;
    const names = studentByIne ?? guardians[0];
    userId = await insertUser(deps.db, {
      email,
      firstName: claims.givenName ?? names?.firstName ?? '',
      lastName: claims.familyName ?? names?.lastName ?? '',
      studentId: plan.studentId ?? null,
      ine: plan.studentId ? (claims.ine ?? null) : null,
      oidcSubject: subject,
      emailVerifiedAt: emailFree ? now : null,
      createdAt: now,
    });
  } else {
    await linkSubject(deps.db, userId, subject);
    if (claims.email && claims.emailVerified !== false)
      await markVerifiedIfEmail(deps.db, userId, claims.email, now);
  }
  await ensureMemberships(deps.db, userId, plan.memberships);
  return { id: userId, preferredRole: plan.preferredRole };
}

/** One relying-party client per configured provider. */
export function oidcClients(
  settings: Partial<Record<OidcProviderName, OidcProviderSettings>>,
): OidcDeps['clients'] {
  const clients: OidcDeps['clients'] = {};
  for (const name of OIDC_PROVIDERS) {
    const s = settings[name];
    if (s) clients[name] = openIdClient({ ...s, scope: OIDC_SCOPES[name] });
  }
  return clients;
}
