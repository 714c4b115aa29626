import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../domain/password.ts';
import { setSessionCookie } from '../http/guard.ts';
import { problem, problemSchema, sendProblem, type Problem } from '../http/problem.ts';
import { closeSession } from './service.ts';
import {
  consumeSignInLink,
  requestPasswordReset,
  requestSignInLink,
  resendVerification,
  resetPassword,
  signInWithPassword,
  signUpHost,
  verifyEmail,
  type FieldErrors,
  type PasswordDeps,
} from './email-auth.ts';

export interface EmailAuthRouteDeps extends PasswordDeps {
  secureCookies: boolean;
}

const email = z
  .string({ error: 'attendu : une adresse électronique' })
  .trim()
  .max(254, 'adresse électronique trop longue (254 caractères au plus)')
  .pipe(z.email('adresse électronique invalide (exemple : nom@domaine.fr)'))
  .describe('Adresse électronique');

// the rules themselves (length, common passwords…) are checked by the service, with French messages
const password = z
  .string({ error: 'attendu : un mot de passe' })
  .min(1, 'mot de passe manquant')
  .max(PASSWORD_MAX_LENGTH * 4, 'mot de passe trop long')
  .describe('Mot de passe');

const token = z
  .string({ error: 'attendu : le jeton du lien' })
  .trim()
  .min(16, 'lien incomplet : copiez l’adresse entière du courriel')
  .max(100, 'lien invalide')
  .describe('Jeton reçu par courriel (la partie après « # » du lien)');

const name = (what: string) =>
  z
    .string({ error: `attendu : ${what}` })
    .trim()
    .min(1, `${what} manquant`)
    .max(100, `${what} trop long (100 caractères au plus)`);

const accepted = z
  .object({ ok: z.literal(true), message: z.string().describe('Ce que la personne doit faire ensuite') })
  .describe('Demande prise en compte');
const ok = z.object({ ok: z.literal(true) });

const problems = {
  400: problemSchema.describe('Requête invalide, ou lien expiré ou déjà utilisé'),
  429: problemSchema.describe('Trop de tentatives : réessayez après le délai de l’en-tête Retry-After'),
};

function tooMany(reply: FastifyReply, retryAfterSeconds: number, p?: Problem) {
  reply.header('retry-after', String(retryAfterSeconds));
  return sendProblem(
    reply,
    p ??
      problem(
        429,
        'trop-de-requetes',
        'Trop de tentatives',
        `Trop de demandes en peu de temps : réessayez dans ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
      ),
  );
}

function invalid(reply: FastifyReply, errors: FieldErrors) {
  return sendProblem(
    reply,
    problem(400, 'requete-invalide', 'Requête invalide', errors.map((e) => e.message).join(' '), errors),
  );
}

const LINK_USED = problem(
  400,
  'lien-invalide',
  'Lien invalide',
  'Ce lien a déjà servi ou a expiré. Demandez-en un nouveau.',
);

const NO_ROLE = problem(
  403,
  'aucun-role',
  'Aucun rôle actif',
  'Ce compte n’a aucun rôle actif sur la plateforme : contactez la personne qui vous a invité.',
);

export const emailAuthRoutes =
  (deps: EmailAuthRouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const client = (request: { ip: string; headers: Record<string, unknown> }) => ({
      ip: request.ip,
      userAgent:
        typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined,
    });

    app.post(
      '/api/auth/sign-up',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Créer un compte d’organisme d’accueil',
          description:
            'Crée le compte (adresse à confirmer), l’organisme d’accueil et envoie le courriel de confirmation. La réponse est la même que l’adresse ait déjà un compte ou non : dans ce cas, la personne reçoit un courriel l’en informant. Mot de passe : 12 à 128 caractères, pas un mot de passe courant, sans la partie de l’adresse avant « @ ». SIRET facultatif (14 chiffres, clé de Luhn).',
          body: z
            .object({
              email,
              password,
              firstName: name('prénom'),
              lastName: name('nom'),
              organisation: z
                .object({
                  name: z
                    .string({ error: 'attendu : le nom de l’organisme' })
                    .trim()
                    .min(2, 'nom de l’organisme manquant')
                    .max(200, 'nom de l’organisme trop long (200 caractères au plus)'),
                  siret: z
                    .string()
                    .trim()
                    .max(20, 'SIRET trop long : 14 chiffres attendus')
                    .nullish()
                    .describe('SIRET (14 chiffres), facultatif'),
                })
                .strict(),
            })
            .strict(),
          response: { 202: accepted, 409: problemSchema.describe('Organisme déjà inscrit'), ...problems },
        },
      },
      async (request, reply) => {
        const result = await signUpHost(deps, request.body, client(request));
        if (result.ok)
          return reply.code(202).send({
            ok: true as const,
            message:
              'Si cette adresse peut être utilisée, un courriel vient d’y être envoyé : ouvrez-le pour confirmer votre adresse.',
          });
        switch (result.error) {
          case 'invalid':
            return invalid(reply, result.errors);
          case 'rate_limited':
            return tooMany(reply, result.retryAfterSeconds);
          case 'siret_taken':
            return sendProblem(
              reply,
              problem(
                409,
                'organisme-deja-inscrit',
                'Organisme déjà inscrit',
                'Un organisme d’accueil avec ce SIRET a déjà un compte : demandez à l’un de ses membres de vous inviter.',
                [
                  {
                    field: 'organisation.siret',
                    message: 'Cet organisme a déjà un compte sur la plateforme.',
                  },
                ],
              ),
            );
        }
      },
    );

    app.post(
      '/api/auth/verify-email',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Confirmer son adresse électronique',
          description: 'Consomme le jeton du courriel de confirmation (valable 24 heures, une seule fois).',
          body: z.object({ token }).strict(),
          response: { 200: ok, ...problems },
        },
      },
      async (request, reply) => {
        const result = await verifyEmail(deps, request.body.token, client(request));
        if (result.ok) return { ok: true as const };
        if (result.error === 'rate_limited') return tooMany(reply, result.retryAfterSeconds);
        return sendProblem(
          reply,
          problem(
            400,
            'lien-invalide',
            'Lien invalide',
            'Ce lien de confirmation a déjà servi ou a expiré. Connectez-vous pour en recevoir un nouveau.',
          ),
        );
      },
    );

    app.post(
      '/api/auth/verify-email/resend',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Recevoir de nouveau le courriel de confirmation',
          description: 'Même réponse que l’adresse ait un compte à confirmer ou non.',
          body: z.object({ email }).strict(),
          response: { 202: accepted, ...problems },
        },
      },
      async (request, reply) => {
        const result = await resendVerification(deps, request.body.email, client(request));
        if (!result.ok) return tooMany(reply, result.retryAfterSeconds);
        return reply.code(202).send({
          ok: true as const,
          message:
            'Si un compte attend la confirmation de cette adresse, un nouveau courriel de confirmation vient d’y être envoyé.',
        });
      },
    );

    app.post(
      '/api/auth/sign-in',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Se connecter par adresse électronique et mot de passe',
          description:
            'Ouvre une session (cookie httpOnly ; la session précédente est fermée). Après 5 échecs sur une adresse, elle est bloquée 15 minutes. Limité par adresse IP.',
          body: z.object({ email, password }).strict(),
          response: {
            200: ok,
            401: problemSchema.describe('Adresse ou mot de passe incorrect'),
            403: problemSchema.describe('Adresse électronique pas encore confirmée'),
            ...problems,
          },
        },
      },
      async (request, reply) => {
        const result = await signInWithPassword(deps, request.body, client(request));
        if (result.ok) {
          if (request.auth) await closeSession(deps, request.auth.tokenHash);
          setSessionCookie(reply, deps.secureCookies, result);
          return { ok: true as const };
        }
        switch (result.error) {
          case 'rate_limited':
            return tooMany(reply, result.retryAfterSeconds);
          case 'locked':
            return tooMany(
              reply,
              result.retryAfterSeconds,
              problem(
                429,
                'connexion-bloquee',
                'Connexion temporairement bloquée',
                `Trop de tentatives de connexion pour cette adresse : réessayez dans ${Math.ceil(result.retryAfterSeconds / 60)} minute(s), ou choisissez un nouveau mot de passe avec « Mot de passe oublié ? ».`,
              ),
            );
          case 'invalid_credentials':
            return sendProblem(
              reply,
              problem(
                401,
                'identifiants-incorrects',
                'Connexion impossible',
                'Adresse électronique ou mot de passe incorrect.',
              ),
            );
          case 'unverified':
            return sendProblem(
              reply,
              problem(
                403,
                'adresse-non-confirmee',
                'Adresse électronique à confirmer',
                'Votre adresse électronique n’est pas encore confirmée : ouvrez le lien du courriel de confirmation, ou demandez-en un nouveau.',
              ),
            );
          case 'no_role':
            return sendProblem(reply, NO_ROLE);
        }
      },
    );

    app.post(
      '/api/auth/password-reset/request',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Demander un lien de réinitialisation du mot de passe',
          description:
            'Envoie un lien valable 1 heure si l’adresse a un compte ; la réponse est la même sinon. Limité par adresse et par adresse IP.',
          body: z.object({ email }).strict(),
          response: { 202: accepted, ...problems },
        },
      },
      async (request, reply) => {
        const result = await requestPasswordReset(deps, request.body.email, client(request));
        if (!result.ok) return tooMany(reply, result.retryAfterSeconds);
        return reply.code(202).send({
          ok: true as const,
          message:
            'Si un compte existe avec cette adresse, un courriel vient d’y être envoyé avec un lien valable 1 heure.',
        });
      },
    );

    app.post(
      '/api/auth/password-reset',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Choisir un nouveau mot de passe',
          description:
            'Avec le jeton du courriel (1 heure, une seule fois). Ferme toutes les sessions du compte et lève un éventuel blocage.',
          body: z.object({ token, password }).strict(),
          response: { 200: ok, ...problems },
        },
      },
      async (request, reply) => {
        const result = await resetPassword(deps, request.body, client(request));
        if (result.ok) return { ok: true as const };
        switch (result.error) {
          case 'rate_limited':
            return tooMany(reply, result.retryAfterSeconds);
          case 'invalid':
            return invalid(reply, result.errors);
          case 'invalid_token':
            return sendProblem(
              reply,
              problem(
                400,
                'lien-invalide',
                'Lien invalide',
                'Ce lien de réinitialisation a déjà servi ou a expiré. Demandez-en un nouveau.',
              ),
            );
        }
      },
    );

    app.post(
      '/api/auth/link/request',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Recevoir un lien de connexion par courriel',
          description:
            'Envoie un lien de connexion valable 15 minutes, utilisable une fois, si l’adresse a un compte ; la réponse est la même sinon.',
          body: z.object({ email }).strict(),
          response: { 202: accepted, ...problems },
        },
      },
      async (request, reply) => {
        const result = await requestSignInLink(deps, request.body.email, client(request));
        if (!result.ok) return tooMany(reply, result.retryAfterSeconds);
        return reply.code(202).send({
          ok: true as const,
          message:
            'Si un compte existe avec cette adresse, un lien de connexion vient d’y être envoyé. Il est valable 15 minutes.',
        });
      },
    );

    app.post(
      '/api/auth/link/consume',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Connexion'],
          summary: 'Se connecter avec un lien reçu par courriel',
          description:
            'Consomme le lien (une seule fois, 15 minutes) et ouvre une session. Appelé par le bouton « Me connecter » de la page du lien : ouvrir le lien ne suffit pas (les antivirus de messagerie ouvrent les liens).',
          body: z.object({ token }).strict(),
          response: { 200: ok, 403: problemSchema.describe('Compte sans rôle actif'), ...problems },
        },
      },
      async (request, reply) => {
        const result = await consumeSignInLink(deps, request.body.token, client(request));
        if (result.ok) {
          if (request.auth) await closeSession(deps, request.auth.tokenHash);
          setSessionCookie(reply, deps.secureCookies, result);
          return { ok: true as const };
        }
        switch (result.error) {
          case 'rate_limited':
            return tooMany(reply, result.retryAfterSeconds);
          case 'invalid_token':
            return sendProblem(reply, LINK_USED);
          case 'no_role':
            return sendProblem(reply, NO_ROLE);
        }
      },
    );
  };
