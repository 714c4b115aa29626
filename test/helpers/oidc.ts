/**
 * A real OpenID provider (oidc-provider) started in process on 127.0.0.1, port 0, with a minimal
 * interaction that signs in the account the test chose (no login form): the tests drive the
 * authorization code flow with fetch like a browser would, following redirections by hand.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TestProvider {
  issuer: string;
  /** the account the next interaction signs in, or "deny" to refuse consent */
  nextLogin: string;
  close(): Promise<void>;
}

export async function startTestProvider(
  accounts: Record<string, Record<string, unknown>>,
  clients: TestClient[],
): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: {
      keys: [
        {
          ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
          kid: 'cle-de-test',
          use: 'sig',
          alg: 'RS256',
        },
      ],
    },
    pkce: { required: () => true, methods: ['S256'] },
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name'],
      email: ['email', 'email_verified'],
      ine: ['ine'],
      uai: ['uai'],
      role: ['role'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['cle-de-test-des-cookies-du-fournisseur'] },
    findAccount: async (_ctx: unknown, id: string) => {
      const claims = accounts[id];
      return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
    },
  });
  const state: TestProvider = {
    issuer,
    nextLogin: '',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          const result =
            state.nextLogin === 'deny'
              ? { error: 'access_denied', error_description: 'refus de l’utilisateur' }
              : { login: { accountId: state.nextLogin } };
          return await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
        }
        const grant = details.grantId
          ? ((await provider.Grant.find(details.grantId)) ?? null)
          : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
        if (!grant) throw new Error('grant introuvable');
        const scope = details.prompt.details.missingOIDCScope;
        if (scope) grant.addOIDCScope(scope.join(' '));
        const claims = details.prompt.details.missingOIDCClaims;
        if (claims) grant.addOIDCClaims(claims);
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    })();
  });
  return state;
}

/**
 * Follows redirections like a browser, keeping the provider's cookies, until the next one leads
 * to `stopAt` (the platform): returns that URL.
 */
export async function followUntil(start: string, stopAt: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(start);
  for (let i = 0; i < 20; i++) {
    if (url.href.startsWith(stopAt)) return url;
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`pas de redirection depuis ${url.href} (${res.status}) : ${await res.text()}`);
    url = new URL(location, url);
  }
  throw new Error('trop de redirections');
}
