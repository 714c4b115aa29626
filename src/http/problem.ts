import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** RFC 9457 problem details, with French title and detail. */
export const problemSchema = z
  .object({
    type: z.string().describe('URI identifiant le type de problème'),
    title: z.string().describe('Résumé du problème, en français'),
    status: z.number().int().describe('Code HTTP'),
    detail: z.string().optional().describe('Explication précise, en français'),
    instance: z.string().optional().describe('Chemin de la requête'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('Erreurs champ par champ'),
  })
  .describe('Problème (RFC 9457, application/problem+json)');

export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const TYPE_BASE = 'urn:stage-seconde:probleme:';

export function problem(
  status: number,
  slug: string,
  title: string,
  detail?: string,
  errors?: Problem['errors'],
): Problem {
  return {
    type: `${TYPE_BASE}${slug}`,
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  const body: Problem = { ...p, instance: reply.request.url.split('?')[0] };
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

const LOCATION: Record<string, string> = {
  querystring: 'paramètre',
  params: 'chemin',
  body: 'corps',
  headers: 'en-tête',
};

/** Turns every error into a problem+json answer; must be installed before the routes. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = LOCATION[error.validationContext ?? ''] ?? 'requête';
      const errors = error.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const keys = (v.params as { keys?: unknown }).keys;
        const field = v.keyword === 'unrecognized_keys' && Array.isArray(keys) ? keys.join(', ') : path;
        if (v.keyword === 'unrecognized_keys') return { field, message: `${where} inconnu, non accepté ici` };
        return { field: field || where, message: v.message ?? 'valeur invalide' };
      });
      return sendProblem(
        reply,
        problem(
          400,
          'requete-invalide',
          'Requête invalide',
          errors.map((e) => `${where} ${e.field} : ${e.message}`).join(' ; '),
          errors,
        ),
      );
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'réponse non conforme à son schéma');
      return sendProblem(
        reply,
        problem(500, 'erreur-interne', 'Erreur interne', 'Une erreur inattendue est survenue.'),
      );
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(
          reply,
          problem(
            413,
            'corps-trop-volumineux',
            'Requête trop volumineuse',
            'Le corps de la requête dépasse la taille autorisée.',
          ),
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(
          reply,
          problem(
            415,
            'type-non-pris-en-charge',
            'Type de contenu non pris en charge',
            'Envoyez le corps en JSON (application/json).',
          ),
        );
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(
          reply,
          problem(
            400,
            'json-invalide',
            'Requête invalide',
            'Le corps de la requête n’est pas un JSON valide.',
          ),
        );
    }
    if (error.statusCode === 429) {
      return sendProblem(
        reply,
        problem(429, 'trop-de-requetes', 'Trop de requêtes', 'Réessayez dans quelques instants.'),
      );
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(
        reply,
        problem(
          error.statusCode,
          'requete-invalide',
          'Requête invalide',
          'La requête ne peut pas être traitée.',
        ),
      );
    }
    request.log.error({ err: error }, 'erreur non prévue');
    return sendProblem(
      reply,
      problem(500, 'erreur-interne', 'Erreur interne', 'Une erreur inattendue est survenue.'),
    );
  });
}

export function notFoundProblem(
  what = 'Ressource introuvable',
  detail = 'Aucune ressource ne correspond à cette adresse.',
): Problem {
  return problem(404, 'introuvable', what, detail);
}

/** Standard problem responses for the OpenAPI description of a route. */
export const problemResponses = {
  400: problemSchema.describe('Requête invalide'),
  500: problemSchema.describe('Erreur interne'),
} as const;

/** The problem+json responses of a route, for its OpenAPI description: `...problems(400, 404)`. */
export function problems<const S extends number>(...statuses: S[]): { [K in S]: typeof problemSchema } {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema])) as { [K in S]: typeof problemSchema };
}

/** The answer to an inviter over their hourly limit (lycée staff and host members alike). */
export function tooManyInvitations(): Problem {
  return problem(
    429,
    'trop-de-requetes',
    'Trop d’invitations',
    'Trop d’invitations envoyées : réessayez dans une heure.',
  );
}
