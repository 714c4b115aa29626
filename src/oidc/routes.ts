import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { closeSession } from '../accounts/service.ts';
import { OIDC_PROVIDERS } from '../config.ts';
import { setSessionCookie } from '../http/guard.ts';
import { finishOidc, OIDC_STATE_TTL_MS, startOidc, type OidcDeps, type OidcErrorCode } from './service.ts';

export interface OidcRouteDeps extends OidcDeps {
  secureCookies: boolean;
}

const providerParams = z
  .object({
    provider: z.enum(OIDC_PROVIDERS, { error: () => 'fournisseur inconnu : educonnect ou proconnect' }),
  })
  .strict();

/** The flow cookie: a random value whose hash finds the flow's state; Lax so that it comes back on the provider's redirection. */
function flowCookieName(secure: boolean): string {
  return secure ? '__Host-ss_oidc' : 'ss_oidc';
}

const redirectDescription = 'Redirection (302).';

export const oidcRoutes =
  (deps: OidcRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const cookie = flowCookieName(deps.secureCookies);
    const cookieOptions = { path: '/', httpOnly: true, secure: deps.secureCookies, sameSite: 'lax' as const };
    const toSignIn = (reply: FastifyReply, error: OidcErrorCode) =>
      reply.redirect(`/connexion?erreur=${error}`, 302);

    app.get(
      '/api/auth/providers',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Comptes'],
          summary: 'Fournisseurs d’identité proposés',
          description:
            'Indique quels fournisseurs OpenID Connect sont configurés : ÉduConnect (élèves et familles), ProConnect (personnels).',
          response: { 200: z.object({ educonnect: z.boolean(), proconnect: z.boolean() }) },
        },
      },
      async () => ({
        educonnect: Boolean(deps.clients.educonnect),
        proconnect: Boolean(deps.clients.proconnect),
      }),
    );

    app.get(
      '/api/auth/oidc/:provider/start',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Comptes'],
          summary: 'Se connecter avec ÉduConnect ou ProConnect',
          description:
            'Redirige vers le fournisseur d’identité (code d’autorisation avec PKCE, state et nonce). `next` : page où revenir après la connexion (chemin du site uniquement, /compte sinon). Fournisseur non configuré : redirection vers /connexion?erreur=fournisseur-indisponible.',
          params: providerParams,
          querystring: z.object({
            next: z.string().max(500, 'chemin trop long (500 caractères au plus)').optional(),
          }),
          response: { 302: z.null().describe(redirectDescription) },
        },
      },
      async (request, reply) => {
        const started = await startOidc(deps, request.params.provider, request.query.next);
        if (!started.ok) return toSignIn(reply, started.error);
        reply.setCookie(cookie, started.flowToken, { ...cookieOptions, maxAge: OIDC_STATE_TTL_MS / 1000 });
        return reply.redirect(started.redirectTo, 302);
      },
    );

    app.get(
      '/api/auth/oidc/:provider/callback',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Comptes'],
          summary: 'Retour du fournisseur d’identité',
          description:
            'Échange le code contre les jetons, vérifie le jeton d’identité, ouvre une session et redirige vers la page demandée. En cas d’échec, redirige vers /connexion?erreur=<code> : demande-expiree, consentement-refuse, compte-inconnu, echec-connexion ou fournisseur-indisponible.',
          params: providerParams,
          // the provider may add parameters of its own: accepted (a loose object, not made strict);
          // openid-client checks them all against the flow
          querystring: z
            .looseObject({
              code: z.string().optional().describe('Code d’autorisation'),
              state: z.string().optional().describe('Valeur `state` de la demande'),
              iss: z.string().optional().describe('Émetteur (RFC 9207)'),
              error: z
                .string()
                .optional()
                .describe('Code d’erreur du fournisseur, par exemple access_denied'),
              error_description: z.string().optional(),
            })
            .optional(),
          response: { 302: z.null().describe(redirectDescription) },
        },
      },
      async (request, reply) => {
        const url = new URL(request.url, deps.publicUrl);
        const result = await finishOidc(
          deps,
          request.params.provider,
          { flowToken: request.cookies[cookie], url },
          { ip: request.ip, userAgent: request.headers['user-agent'] },
        );
        reply.clearCookie(cookie, cookieOptions);
        if (!result.ok) return toSignIn(reply, result.error);
        // rotation: the session held before signing in ends
        if (request.auth) await closeSession(deps, request.auth.tokenHash);
        setSessionCookie(reply, deps.secureCookies, result);
        return reply.redirect(result.next, 302);
      },
    );
  };
