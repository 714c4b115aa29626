import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EXEMPTION_REASONS, PLACEMENT_DECISION_KINDS } from '../domain/application.ts';
import { notFoundProblem, problem, problems, sendProblem } from '../http/problem.ts';
import {
  DECISION_COMMENT_MAX,
  REPLI_COMMENT_MIN,
  decidePlacement,
  revokePlacementDecision,
  type DecisionError,
  type PlacementDecisionDeps,
} from './service.ts';

const TAG = 'Dispenses et repli';

const studentParam = z.object({ id: z.uuid('identifiant d’élève invalide').describe('Élève') });

const decisionSchema = z
  .object({
    id: z.string(),
    studentId: z.string(),
    kind: z.enum(PLACEMENT_DECISION_KINDS),
    kindLabel: z.string().describe('Dispense, ou Repli au lycée'),
    reason: z.enum(EXEMPTION_REASONS).nullable().describe('Motif de la dispense'),
    reasonLabel: z.string().nullable(),
    comment: z.string().nullable(),
    document: z
      .object({ id: z.string(), fileName: z.string(), size: z.number().int() })
      .nullable()
      .describe('Justificatif de la dispense (à télécharger par GET /api/files/{id})'),
    decidedAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .describe('Décision du chef d’établissement sur le placement d’un élève');

const NOT_FOUND = 'Aucun élève de votre lycée ne correspond.';

const SLUGS: Record<Exclude<DecisionError['error'], 'not_found'>, [number, string, string]> = {
  reason_required: [400, 'motif-requis', 'Motif requis'],
  reason_not_allowed: [400, 'motif-non-attendu', 'Motif non attendu'],
  document_required: [400, 'justificatif-requis', 'Justificatif requis'],
  document_not_allowed: [400, 'justificatif-non-attendu', 'Justificatif non attendu'],
  comment_required: [400, 'commentaire-requis', 'Commentaire requis'],
  comment_too_long: [400, 'commentaire-trop-long', 'Commentaire trop long'],
  document_unknown: [422, 'justificatif-introuvable', 'Justificatif introuvable'],
  already_decided: [409, 'decision-en-vigueur', 'Décision déjà en vigueur'],
  placement_exists: [409, 'stage-existant', 'Stage déjà confirmé'],
  fully_covered: [409, 'deja-couvert', 'Élève déjà couvert'],
};

function context(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/** The head's exemption and repli decisions for a student of their lycée. */
export const placementDecisionRoutes =
  (deps: PlacementDecisionDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/students/:id/placement-decisions',
      {
        config: { permission: 'placement.decide' },
        schema: {
          tags: [TAG],
          summary: 'Dispenser un élève, ou décider son repli au lycée',
          description: `Par le chef d’établissement du lycée de l’élève. Une dispense (\`kind: exemption\`) demande un motif (\`reason\` : ${EXEMPTION_REASONS.join(', ')}) et un justificatif PDF déposé par POST /api/files (\`purpose: exemption\`) ; elle est refusée tant que l’élève a un stage confirmé. Un repli (\`kind: repli\`) demande un commentaire de ${REPLI_COMMENT_MIN} caractères au moins (ce que l’élève fera au lycée) ; il est refusé quand les deux semaines sont couvertes. Une seule décision en vigueur par élève.`,
          params: studentParam,
          body: z
            .object({
              kind: z
                .enum(PLACEMENT_DECISION_KINDS, 'type : exemption ou repli')
                .describe('exemption ou repli'),
              reason: z
                .enum(EXEMPTION_REASONS, `motif : ${EXEMPTION_REASONS.join(', ')}`)
                .optional()
                .describe('Motif de la dispense'),
              documentFileId: z
                .uuid('justificatif : identifiant de fichier invalide')
                .optional()
                .describe('Justificatif de la dispense (fichier déposé)'),
              comment: z
                .string('commentaire : texte attendu')
                .max(DECISION_COMMENT_MAX, `commentaire : ${DECISION_COMMENT_MAX} caractères au plus`)
                .optional()
                .describe('Note du chef d’établissement ; pour un repli, ce que l’élève fera au lycée'),
            })
            .strict(),
          response: { 201: decisionSchema, ...problems(400, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const r = await decidePlacement(
          deps,
          request.principal!,
          request.params.id,
          request.body,
          context(request),
        );
        if (r.ok) return reply.code(201).send(r.decision);
        if (r.error === 'not_found')
          return sendProblem(reply, notFoundProblem('Élève introuvable', NOT_FOUND));
        const [status, slug, title] = SLUGS[r.error];
        return sendProblem(
          reply,
          problem(
            status,
            slug,
            title,
            r.message,
            'field' in r ? [{ field: r.field, message: r.message }] : undefined,
          ),
        );
      },
    );

    app.delete(
      '/api/students/:id/placement-decisions/current',
      {
        config: { permission: 'placement.decide' },
        schema: {
          tags: [TAG],
          summary: 'Révoquer la dispense ou le repli en vigueur',
          description:
            'Par le chef d’établissement du lycée de l’élève. L’élève retrouve le statut que lui donnent ses candidatures. La décision reste dans l’historique.',
          params: studentParam,
          response: { 200: decisionSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await revokePlacementDecision(
          deps,
          request.principal!,
          request.params.id,
          context(request),
        );
        if (r.ok) return r.decision;
        return sendProblem(
          reply,
          r.error === 'not_found'
            ? notFoundProblem('Élève introuvable', NOT_FOUND)
            : notFoundProblem(
                'Aucune décision en vigueur',
                'Aucune dispense ni aucun repli n’est en vigueur pour cet élève.',
              ),
        );
      },
    );
  };
