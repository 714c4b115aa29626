import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../domain/permissions.ts';
import { clearSessionCookie, setSessionCookie } from '../http/guard.ts';
import { notFoundProblem, problemSchema, sendProblem } from '../http/problem.ts';
import {
  closeAllSessions,
  closeSession,
  signOut,
  demoSignIn,
  listDemoAccounts,
  listSessions,
  scopeLabel,
  type AccountsDeps,
} from './service.ts';
import { ROLE_LABELS } from '../domain/permissions.ts';

export interface AccountsRouteDeps extends AccountsDeps {
  demo: boolean;
  secureCookies: boolean;
}

const roleSchema = z.enum(ROLES).describe('Rôle');

const sessionSchema = z.discriminatedUnion('authenticated', [
  z.object({ authenticated: z.literal(false) }),
  z.object({
    authenticated: z.literal(true),
    user: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), email: z.string() }),
    role: roleSchema,
    roleLabel: z.string(),
    scopeLabel: z.string().describe('Périmètre du rôle, en clair'),
    csrfToken: z.string().describe('À renvoyer dans l’en-tête X-CSRF-Token de chaque écriture'),
    schoolUai: z.string().nullable().describe('UAI de l’établissement du rôle (chef, personnel, directeur)'),
    hostId: z.string().nullable().describe('Organisme d’accueil du rôle (membre d’un organisme)'),
  }),
]);

const demoAccountSchema = z.object({
  membershipId: z.string(),
  role: roleSchema,
  roleLabel: z.string(),
  name: z.string(),
  email: z.string(),
  scopeLabel: z.string(),
});

const ok = z.object({ ok: z.literal(true) });

const client = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

export const accountRoutes =
  (deps: AccountsRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/session',
      {
        config: { permission: 'session.read' },
        schema: {
          tags: ['Comptes'],
          summary: 'Session en cours',
          description:
            'Qui est connecté, dans quel rôle et quel périmètre ; le jeton CSRF à joindre aux écritures.',
          response: { 200: sessionSchema },
        },
      },
      async (request) => {
        const auth = request.auth;
        if (!auth) return { authenticated: false as const };
        return {
          authenticated: true as const,
          user: {
            id: auth.user.id,
            firstName: auth.user.firstName,
            lastName: auth.user.lastName,
            email: auth.user.email,
          },
          role: auth.principal.role,
          roleLabel: ROLE_LABELS[auth.principal.role],
          scopeLabel: scopeLabel(auth.membership),
          csrfToken: auth.csrfToken,
          schoolUai: auth.membership.schoolUai,
          hostId: auth.membership.hostId,
        };
      },
    );

    app.get(
      '/api/demo/accounts',
      {
        config: { permission: 'session.read' },
        schema: {
          tags: ['Comptes'],
          summary: 'Comptes de démonstration',
          description:
            'Un compte par rôle, pour se connecter en un clic. N’existe qu’en mode démo (404 sinon).',
          response: { 200: z.object({ items: z.array(demoAccountSchema) }), 404: problemSchema },
        },
      },
      async (_request, reply) => {
        if (!deps.demo)
          return sendProblem(
            reply,
            notFoundProblem('Mode démo désactivé', 'Les comptes de démonstration ne sont pas disponibles.'),
          );
        return { items: await listDemoAccounts(deps) };
      },
    );

    app.post(
      '/api/demo/sign-in',
      {
        config: { permission: 'demo.sign_in' },
        schema: {
          tags: ['Comptes'],
          summary: 'Connexion à un compte de démonstration',
          description: 'Ouvre une session (nouveau jeton, l’ancien est révoqué). Mode démo uniquement.',
          body: z.object({ membershipId: z.uuid('identifiant de compte invalide') }).strict(),
          response: { 200: ok, 404: problemSchema },
        },
      },
      async (request, reply) => {
        if (!deps.demo)
          return sendProblem(
            reply,
            notFoundProblem('Mode démo désactivé', 'Les comptes de démonstration ne sont pas disponibles.'),
          );
        const result = await demoSignIn(deps, request.body.membershipId, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        if (!result.ok)
          return sendProblem(
            reply,
            notFoundProblem('Compte inconnu', 'Ce compte de démonstration n’existe pas.'),
          );
        if (request.auth) await closeSession(deps, request.auth.tokenHash);
        setSessionCookie(reply, deps.secureCookies, result);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/session/sign-out',
      {
        config: { permission: 'session.sign_out' },
        schema: {
          tags: ['Comptes'],
          summary: 'Se déconnecter',
          response: { 200: ok },
        },
      },
      async (request, reply) => {
        if (request.auth) await signOut(deps, request.auth, client(request));
        clearSessionCookie(reply, deps.secureCookies);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/account/sign-out-everywhere',
      {
        config: { permission: 'account.sessions.manage' },
        schema: {
          tags: ['Comptes'],
          summary: 'Se déconnecter partout',
          description: 'Ferme toutes les sessions du compte, sur tous les appareils.',
          response: { 200: z.object({ ok: z.literal(true), closed: z.number().int() }) },
        },
      },
      async (request, reply) => {
        const closed = await closeAllSessions(deps, request.auth!, client(request));
        clearSessionCookie(reply, deps.secureCookies);
        return { ok: true as const, closed };
      },
    );

    app.get(
      '/api/account/sessions',
      {
        config: { permission: 'account.sessions.manage' },
        schema: {
          tags: ['Comptes'],
          summary: 'Mes sessions ouvertes',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  current: z.boolean(),
                  method: z.string(),
                  createdAt: z.string(),
                  lastSeenAt: z.string(),
                  expiresAt: z.string(),
                  ip: z.string().nullable(),
                  userAgent: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({
        items: await listSessions(deps, request.auth!.user.id, request.auth!.tokenHash),
      }),
    );

    app.get(
      '/api/account/data',
      {
        config: { permission: 'account.data.export' },
        schema: {
          tags: ['Comptes'],
          summary: 'Télécharger mes données personnelles',
          description: 'Les données du compte, de ses rôles et de ses sessions, en JSON.',
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async (request, reply) => {
        const auth = request.auth!;
        const sessions = await listSessions(deps, auth.user.id, auth.tokenHash);
        reply.header('content-disposition', 'attachment; filename="mes-donnees-stage-seconde.json"');
        return {
          exportedAt: deps.clock().toISOString(),
          account: {
            email: auth.user.email,
            firstName: auth.user.firstName,
            lastName: auth.user.lastName,
            createdAt: auth.user.createdAt.toISOString(),
            emailVerifiedAt: auth.user.emailVerifiedAt?.toISOString() ?? null,
          },
          roles: auth.memberships.map((m) => ({
            role: m.role,
            roleLabel: (ROLE_LABELS as Record<string, string>)[m.role] ?? m.role,
            scope: scopeLabel(m),
            signatureDelegate: m.signatureDelegate,
          })),
          sessions,
        };
      },
    );
  };
