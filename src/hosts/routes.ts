import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  notFoundProblem,
  problem,
  problemSchema,
  problems,
  sendProblem,
  tooManyInvitations,
} from '../http/problem.ts';
import {
  createApiKey,
  deleteApiKey,
  getHostSettings,
  inviteMember,
  listApiKeys,
  listMembers,
  partnerMe,
  removeMember,
  updateHostSettings,
  type HostsDeps,
} from './service.ts';

const hostParam = z.object({
  hostId: z.uuid('identifiant d’organisme invalide').describe('Organisme d’accueil'),
});

const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('Début de la clé, pour la reconnaître'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Dernière utilisation (à la minute près)'),
  revokedAt: z.string().nullable(),
});

function context(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

function notFound(reply: FastifyReply) {
  return sendProblem(
    reply,
    notFoundProblem(
      'Organisme introuvable',
      'Aucun organisme de votre périmètre ne correspond à cette adresse.',
    ),
  );
}

/** Host organisations: partner API keys, and the partner API's "who am I". */
export const hostRoutes =
  (deps: HostsDeps & { publicUrl: string }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/hosts/:hostId/members',
      {
        config: { permission: 'host.members.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Membres de l’organisme',
          description:
            'Les personnes qui agissent pour l’organisme (nom, adresse, membre depuis) et les invitations en attente (envoyées, non acceptées, non expirées).',
          params: hostParam,
          response: {
            200: z.object({
              host: z.object({ id: z.string(), name: z.string() }),
              members: z.array(
                z.object({
                  membershipId: z.string(),
                  firstName: z.string(),
                  lastName: z.string(),
                  email: z.string(),
                  since: z.string().describe('Membre depuis'),
                  self: z.boolean().describe('Vrai pour la personne connectée'),
                }),
              ),
              invitations: z.array(
                z.object({
                  id: z.string(),
                  email: z.string(),
                  firstName: z.string(),
                  lastName: z.string(),
                  sentAt: z.string().describe('Envoyée le'),
                  expiresAt: z.string().describe('Valable jusqu’au'),
                }),
              ),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await listMembers(deps, request.principal!, request.params.hostId);
        if (!r.ok) return notFound(reply);
        return { host: r.host, members: r.members, invitations: r.invitations };
      },
    );

    app.post(
      '/api/hosts/:hostId/members/invitations',
      {
        config: { permission: 'host.members.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Inviter un membre',
          description:
            'Envoie à un collègue une invitation par courriel (lien valable 7 jours, à usage unique). Son compte est créé, ou son compte existant reçoit le rôle, quand il accepte.',
          params: hostParam,
          body: z
            .object({
              email: z
                .email('adresse électronique invalide')
                .max(254, '254 caractères au plus')
                .describe('Adresse de la personne invitée'),
              firstName: z.string().trim().min(1, 'prénom manquant').max(100, '100 caractères au plus'),
              lastName: z.string().trim().min(1, 'nom manquant').max(100, '100 caractères au plus'),
            })
            .strict(),
          response: {
            201: z.object({ ok: z.literal(true), expiresAt: z.string() }),
            ...problems(404, 409, 429),
          },
        },
      },
      async (request, reply) => {
        const user = request.auth?.user ?? { firstName: 'L’administrateur', lastName: 'de la plateforme' };
        const r = await inviteMember(
          deps,
          request.principal!,
          user,
          request.params.hostId,
          request.body,
          context(request),
        );
        if (!r.ok) {
          if (r.error === 'already_member')
            return sendProblem(
              reply,
              problem(
                409,
                'deja-membre',
                'Déjà membre',
                'Cette adresse est déjà celle d’un membre de l’organisme : inutile de l’inviter.',
              ),
            );
          if (r.error === 'rate_limited') return sendProblem(reply, tooManyInvitations());
          return notFound(reply);
        }
        return reply.code(201).send({ ok: true as const, expiresAt: r.expiresAt.toISOString() });
      },
    );

    app.delete(
      '/api/hosts/:hostId/members/:membershipId',
      {
        config: { permission: 'host.members.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Retirer un membre',
          description:
            'Retire une personne de l’organisme (un collègue, ou soi-même) ; ses sessions ouvertes pour cet organisme prennent fin. Un organisme garde au moins un membre : retirer le dernier est refusé (409).',
          params: hostParam.extend({ membershipId: z.uuid('identifiant de membre invalide') }),
          response: { 200: z.object({ ok: z.literal(true) }), ...problems(404, 409) },
        },
      },
      async (request, reply) => {
        const r = await removeMember(
          deps,
          request.principal!,
          request.params.hostId,
          request.params.membershipId,
          context(request),
        );
        if (!r.ok) {
          if (r.error === 'last_member')
            return sendProblem(
              reply,
              problem(
                409,
                'dernier-membre',
                'Dernier membre',
                'Un organisme garde au moins un membre : invitez d’abord la personne qui prendra le relais, puis retirez ce membre.',
              ),
            );
          return sendProblem(
            reply,
            notFoundProblem('Membre introuvable', 'Aucun membre de cet organisme ne correspond.'),
          );
        }
        return { ok: true as const };
      },
    );

    const settingsSchema = z.object({
      dailyDigest: z
        .boolean()
        .describe(
          'Vrai : les nouvelles candidatures arrivent dans un récapitulatif quotidien (vers 7 h, heure de Paris) au lieu d’un courriel chacune',
        ),
      lastDigestAt: z.string().nullable().describe('Dernier récapitulatif envoyé'),
    });
    const settingsDescription =
      'Par défaut, chaque nouvelle candidature est annoncée aux membres par un courriel. Avec le récapitulatif quotidien, elles sont regroupées en un seul courriel par jour (nombre, par offre, lien vers les candidatures reçues). Au-delà de 5 courriels en 24 heures, les suivantes passent de toute façon au récapitulatif. Réservé aux membres de l’organisme.';

    app.get(
      '/api/hosts/:hostId/settings',
      {
        config: { permission: 'host.settings.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Réglages des notifications de l’organisme',
          description: settingsDescription,
          params: hostParam,
          response: { 200: settingsSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await getHostSettings(deps, request.principal!, request.params.hostId);
        if (!r.ok) return notFound(reply);
        return r.settings;
      },
    );

    app.put(
      '/api/hosts/:hostId/settings',
      {
        config: { permission: 'host.settings.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Modifier les réglages des notifications',
          description: `${settingsDescription} Les candidatures déjà reçues et non annoncées partent dans le prochain récapitulatif.`,
          params: hostParam,
          body: z
            .object({
              dailyDigest: z.boolean({ error: () => 'attendu : true ou false' }),
            })
            .strict(),
          response: { 200: settingsSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await updateHostSettings(
          deps,
          request.principal!,
          request.params.hostId,
          request.body,
          context(request),
        );
        if (!r.ok) return notFound(reply);
        return r.settings;
      },
    );

    app.post(
      '/api/hosts/:hostId/api-keys',
      {
        config: { permission: 'api_key.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Créer une clé d’API partenaire',
          description:
            'La clé (ss_live_…) est renvoyée une seule fois : seule son empreinte SHA-256 est conservée. À envoyer dans l’en-tête Authorization: Bearer.',
          params: hostParam,
          body: z
            .object({
              name: z.string().trim().min(1, 'nom de la clé manquant').max(100, '100 caractères au plus'),
            })
            .strict(),
          response: {
            201: z.object({
              key: z.string().describe('La clé, affichée une seule fois'),
              apiKey: apiKeySchema,
            }),
            ...problems(404, 409, 429),
          },
        },
      },
      async (request, reply) => {
        const r = await createApiKey(
          deps,
          request.principal!,
          request.params.hostId,
          request.body.name,
          context(request),
        );
        if (!r.ok) {
          if (r.error === 'too_many')
            return sendProblem(
              reply,
              problem(
                409,
                'trop-de-cles',
                'Trop de clés',
                'Cet organisme a déjà 20 clés actives : révoquez-en une d’abord.',
              ),
            );
          if (r.error === 'rate_limited')
            return sendProblem(
              reply,
              problem(429, 'trop-de-requetes', 'Trop de clés créées', 'Réessayez dans une heure.'),
            );
          return notFound(reply);
        }
        return reply.code(201).send({ key: r.key, apiKey: r.apiKey });
      },
    );

    app.get(
      '/api/hosts/:hostId/api-keys',
      {
        config: { permission: 'api_key.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Clés d’API de l’organisme',
          description: 'Les clés (jamais leur valeur), actives et révoquées.',
          params: hostParam,
          response: {
            200: z.object({
              host: z.object({ id: z.string(), name: z.string() }),
              items: z.array(apiKeySchema),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await listApiKeys(deps, request.principal!, request.params.hostId);
        if (!r.ok) return notFound(reply);
        return { host: r.host, items: r.items };
      },
    );

    app.delete(
      '/api/hosts/:hostId/api-keys/:id',
      {
        config: { permission: 'api_key.manage' },
        schema: {
          tags: ['Organismes d’accueil'],
          summary: 'Révoquer une clé d’API',
          description:
            'La clé cesse aussitôt de fonctionner (401). Révoquer une clé déjà révoquée ne change rien.',
          params: hostParam.extend({ id: z.uuid('identifiant de clé invalide') }),
          response: { 200: z.object({ ok: z.literal(true) }), 404: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await deleteApiKey(
          deps,
          request.principal!,
          request.params.hostId,
          request.params.id,
          context(request),
        );
        if (!r.ok)
          return sendProblem(
            reply,
            notFoundProblem('Clé introuvable', 'Aucune clé de cet organisme ne correspond.'),
          );
        return { ok: true as const };
      },
    );

    app.get(
      '/api/partner/me',
      {
        config: { permission: 'partner.read' },
        schema: {
          tags: ['API partenaires'],
          summary: 'Organisme de la clé d’API',
          description:
            'Avec Authorization: Bearer ss_live_… : l’organisme d’accueil auquel la clé donne accès.',
          response: {
            200: z.object({
              host: z.object({ id: z.string(), name: z.string() }),
              apiKeyName: z.string().nullable(),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await partnerMe(deps, request.principal!, request.apiKey?.name ?? null);
        if (!r.ok) return notFound(reply);
        return { host: r.host, apiKeyName: r.apiKeyName };
      },
    );
  };
