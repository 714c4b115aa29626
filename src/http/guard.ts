import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  resolveSession,
  type AccountsDeps,
  type NewSession,
  type ResolvedSession,
} from '../accounts/service.ts';
import { PERMISSIONS, authorizeRole, isAction, type Action, type Principal } from '../domain/permissions.ts';
import { resolveApiKey, type ResolvedApiKey } from '../hosts/service.ts';
import { problem, sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the action of domain/permissions.ts this route performs; a route without one refuses */
    permission?: Action;
  }
  interface FastifyRequest {
    /** the signed-in session, or null */
    auth: ResolvedSession | null;
    principal: Principal | null;
    /** the partner API key of an Authorization: Bearer request, or null */
    apiKey: ResolvedApiKey | null;
  }
}

export interface GuardOptions {
  accounts: AccountsDeps;
  /** cookies get Secure (and the __Host- prefix) when the public URL is https */
  secureCookies: boolean;
}

/** Describes one API route for the access matrix. */
export interface RouteEntry {
  method: string;
  url: string;
  permission: Action | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-ss_session' : 'ss_session';
}

/**
 * Resolves the session cookie into a principal, enforces each route's permission (route level:
 * 401 anonymous, 403 a role that may never do it) and CSRF on cookie-authenticated writes.
 * Must be installed before the routes. Returns the list of API routes it guards.
 */
export async function installGuard(app: FastifyInstance, options: GuardOptions): Promise<RouteEntry[]> {
  await app.register(fastifyCookie);
  const cookie = sessionCookieName(options.secureCookies);
  const routes: RouteEntry[] = [];

  app.decorateRequest('auth', null);
  app.decorateRequest('principal', null);
  app.decorateRequest('apiKey', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.schema?.hide) return;
    const declared = route.config?.permission;
    const permission = declared !== undefined && isAction(declared) ? declared : undefined;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, permission });
    }
    if (!permission) {
      // a route without an entry in the permissions table refuses
      route.handler = async (_request: FastifyRequest, reply: FastifyReply) =>
        sendProblem(
          reply,
          problem(403, 'acces-refuse', 'Accès refusé', 'Cette route n’a pas de permission déclarée.'),
        );
      return;
    }
    const guard = async (request: FastifyRequest, reply: FastifyReply) => {
      // an API key opens only the routes whose permission names the partner role (no account pages)
      if (request.apiKey && PERMISSIONS[permission] === 'authenticated')
        return sendProblem(
          reply,
          problem(
            403,
            'acces-refuse',
            'Accès refusé',
            'Une clé d’API ne donne accès qu’à l’API des partenaires.',
          ),
        );
      const decision = authorizeRole(request.principal, permission);
      if (!decision.ok) {
        const title = decision.status === 401 ? 'Connexion requise' : 'Accès refusé';
        return sendProblem(
          reply,
          problem(
            decision.status,
            decision.status === 401 ? 'connexion-requise' : 'acces-refuse',
            title,
            decision.reason,
          ),
        );
      }
    };
    route.preHandler = [guard, ...[route.preHandler ?? []].flat()];
  });

  app.addHook('onRequest', async (request, reply) => {
    // partner API keys: Authorization: Bearer ss_live_… (not cookie-authenticated, so no CSRF)
    const authorization = request.headers.authorization;
    if (authorization !== undefined && /^bearer\s/i.test(authorization)) {
      const key = await resolveApiKey(options.accounts, authorization.slice(7).trim());
      if (!key) {
        reply.header('www-authenticate', 'Bearer realm="api", error="invalid_token"');
        return sendProblem(
          reply,
          problem(
            401,
            'cle-api-invalide',
            'Clé d’API refusée',
            'Clé d’API inconnue, mal formée ou révoquée.',
          ),
        );
      }
      request.apiKey = key;
      request.principal = key.principal;
      return;
    }
    const token = request.cookies[cookie];
    if (!token) return;
    const auth = await resolveSession(options.accounts, token);
    if (!auth) {
      reply.clearCookie(cookie, { path: '/' });
      return;
    }
    request.auth = auth;
    request.principal = auth.principal;
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== auth.csrfToken) {
      return sendProblem(
        reply,
        problem(
          403,
          'csrf',
          'Requête refusée',
          'Jeton anti-falsification (CSRF) manquant ou invalide : rechargez la page.',
        ),
      );
    }
  });

  return routes;
}

export function setSessionCookie(reply: FastifyReply, secure: boolean, session: NewSession): void {
  reply.setCookie(sessionCookieName(secure), session.token, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}
