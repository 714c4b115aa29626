/**
 * OpenID Connect relying party: the adapter around openid-client (authorization code + PKCE,
 * state and nonce). The provider's metadata is discovered at first use, not at start-up, so that
 * an unreachable provider never prevents the platform from starting.
 */
import * as client from 'openid-client';
import type { OidcProviderSettings } from '../config.ts';

/** What a sign-in flow keeps server-side between the redirection and the callback. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Identity claims, from the ID token completed by the userinfo endpoint. */
export type OidcClaims = Record<string, unknown> & { sub: string };

export type OidcExchangeResult =
  | { ok: true; claims: OidcClaims }
  /** denied: the person refused or cancelled at the provider; invalid: state, nonce, code or token refused; unavailable: the provider could not be reached */
  | { ok: false; error: 'denied' | 'invalid' | 'unavailable'; detail: string };

export interface OidcClient {
  /** fresh random state, nonce and PKCE verifier */
  newChecks(): OidcChecks;
  /** the provider's authorization URL for these checks, or null when its metadata is unreachable */
  authorizationUrl(checks: OidcChecks, redirectUri: string): Promise<URL | null>;
  /** exchanges the code of the callback URL and validates the ID token against the checks */
  exchange(callbackUrl: URL, checks: OidcChecks): Promise<OidcExchangeResult>;
}

export interface OidcClientOptions extends OidcProviderSettings {
  /** space-separated scopes to ask for */
  scope: string;
}

export function openIdClient(options: OidcClientOptions): OidcClient {
  let configuration: Promise<client.Configuration> | undefined;
  const issuer = new URL(options.issuer);
  const discover = () => {
    configuration ??= client
      .discovery(
        issuer,
        options.clientId,
        options.clientSecret,
        undefined,
        // config.ts only accepts http:// for a provider on this machine (tests, local provider)
        issuer.protocol === 'http:'
          ? { execute: [client.allowInsecureRequests], timeout: 10 }
          : { timeout: 10 },
      )
      .catch((error: unknown) => {
        configuration = undefined; // try again at the next sign-in
        throw error;
      });
    return configuration;
  };

  return {
    newChecks: () => ({
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    }),

    async authorizationUrl(checks, redirectUri) {
      let config: client.Configuration;
      try {
        config = await discover();
      } catch {
        return null;
      }
      return client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: options.scope,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    async exchange(callbackUrl, checks) {
      let config: client.Configuration;
      try {
        config = await discover();
      } catch (error) {
        return { ok: false, error: 'unavailable', detail: String(error) };
      }
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims) return { ok: false, error: 'invalid', detail: 'jeton d’identité absent' };
        let claims: OidcClaims = { ...idClaims, sub: idClaims.sub };
        if (tokens.access_token && config.serverMetadata().userinfo_endpoint) {
          const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          claims = { ...info, ...claims };
        }
        return { ok: true, claims };
      } catch (error) {
        if (error instanceof client.AuthorizationResponseError) {
          const denied = ['access_denied', 'login_required', 'consent_required', 'interaction_required'];
          return {
            ok: false,
            error: denied.includes(error.error) ? 'denied' : 'invalid',
            detail: `${error.error}: ${error.error_description ?? ''}`,
          };
        }
        if (error instanceof client.ClientError || error instanceof client.ResponseBodyError) {
          return { ok: false, error: 'invalid', detail: String(error) };
        }
        return { ok: false, error: 'unavailable', detail: String(error) };
      }
    },
  };
}
