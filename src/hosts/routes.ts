import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFoundProblem, problem, problemSchema, problems, sendProblem } from '../http/problem.ts';
import { createApiKey, deleteApiKey, listApiKeys, partnerMe, type HostsDeps } from './service.ts';

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
  (deps: HostsDeps): FastifyPluginAsyncZod =>
  async (app) => {
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
