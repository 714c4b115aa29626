import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EXEMPTION_REASONS } from '../domain/application.ts';
import { PLACEMENT_STATUSES, type PlacementStatus } from '../domain/placement-status.ts';
import { notFoundProblem, problems, sendProblem } from '../http/problem.ts';
import {
  MAX_REMINDER_STUDENTS,
  REMINDER_SKIP_REASONS,
  exportStudents,
  sendReminders,
  studentPlacement,
  type PlacementDeps,
} from './placement.service.ts';

const STATUS_LIST = PLACEMENT_STATUSES.join(', ');

/** `status=to_place&status=in_progress` or `status=to_place,in_progress`. */
export const placementStatusFilter = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  )
  .refine((v) => v.every((s) => (PLACEMENT_STATUSES as readonly string[]).includes(s)), {
    message: `statut de placement inconnu : valeurs possibles ${STATUS_LIST}`,
  })
  .transform((v) => [...new Set(v)] as PlacementStatus[])
  .describe(`Statut(s) de placement, répété ou séparés par des virgules : ${STATUS_LIST}`);

export const placementSchema = z.object({
  status: z.enum(PLACEMENT_STATUSES),
  statusLabel: z.string(),
  weeks: z.array(
    z.object({
      week: z.number().int(),
      kind: z.enum(['placement', 'split_pending', 'exempted', 'repli', 'none']),
      label: z.string(),
      applicationId: z.string().nullable(),
      hostName: z.string().nullable(),
      offerTitle: z.string().nullable(),
    }),
  ),
  reason: z.string().nullable().describe('Pourquoi les semaines ne sont pas couvertes'),
  hosts: z.number().int(),
  conventionsToSign: z.number().int(),
  exemptionReason: z.enum(EXEMPTION_REASONS).nullable(),
  exemptionLabel: z.string().nullable(),
});

export const placementCountsSchema = z
  .object({
    ...Object.fromEntries(PLACEMENT_STATUSES.map((s) => [s, z.number().int()])),
    total: z.number().int(),
  })
  .describe('Élèves par statut de placement (classe et recherche appliquées, pas le filtre de statut)');

const uaiParam = z.object({
  uai: z
    .string()
    .regex(/^\d{7}[A-Z]$/, 'UAI invalide : 7 chiffres et une lettre majuscule attendus')
    .describe('UAI du lycée'),
});

function context(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

const schoolNotFound = () =>
  notFoundProblem(
    'Établissement introuvable',
    'Aucun lycée de votre périmètre ne correspond à cette adresse.',
  );

/** The lycée's placement follow-up: export, reminders, one student's history. */
export const placementRoutes =
  (deps: PlacementDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/schools/:uai/students.csv',
      {
        config: { permission: 'students.export' },
        schema: {
          tags: ['Établissements'],
          summary: 'Exporter les élèves et leur stage (CSV)',
          description:
            'Les élèves de votre périmètre avec les mêmes filtres que la liste (classe, recherche, statut), leur statut de placement et les organismes de chaque semaine. Fichier CSV pour un tableur : séparateur « ; », UTF-8 avec BOM, cellules protégées contre les formules. Export de données personnelles : inscrit au journal des accès.',
          params: uaiParam,
          querystring: z.object({
            classId: z
              .uuid('identifiant de classe invalide')
              .optional()
              .describe('Ne montrer que cette classe'),
            q: z.string().trim().max(100, '100 caractères au plus').optional().describe('Recherche'),
            status: placementStatusFilter,
          }),
          response: {
            // sent as text/csv: Fastify does not run the JSON serializer on a string of another type
            200: z.string().describe('Le fichier CSV (text/csv, en pièce jointe)'),
            ...problems(400, 404),
          },
        },
      },
      async (request, reply) => {
        const r = await exportStudents(
          deps,
          request.principal!,
          request.params.uai,
          request.query,
          context(request),
        );
        if (!r.ok) return sendProblem(reply, schoolNotFound());
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${r.fileName}"`)
          .header('cache-control', 'no-store')
          .send(r.csv);
      },
    );

    app.post(
      '/api/schools/:uai/placement-reminders',
      {
        config: { permission: 'students.remind' },
        schema: {
          tags: ['Établissements'],
          summary: 'Relancer les élèves sans stage',
          description:
            'Envoie un courriel à chaque élève choisi qui est encore « à placer » (aucune semaine couverte, aucune candidature en cours) et à ses responsables légaux qui ont une adresse, avec les liens vers les offres et vers ses candidatures. Un élève n’est relancé qu’une fois par 24 heures. Sans `studentIds` : tous les élèves à placer de votre périmètre (ou de `classId`). La réponse dit combien d’élèves ont été relancés et pourquoi les autres ne l’ont pas été.',
          params: uaiParam,
          body: z
            .object({
              studentIds: z
                .array(z.uuid('identifiant d’élève invalide'))
                .min(1, 'choisissez au moins un élève')
                .max(MAX_REMINDER_STUDENTS, `${MAX_REMINDER_STUDENTS} élèves au plus`)
                .optional()
                .describe('Les élèves choisis'),
              classId: z
                .uuid('identifiant de classe invalide')
                .optional()
                .describe('Les élèves de cette classe'),
            })
            .strict(),
          response: {
            200: z.object({
              sent: z.number().int().describe('Élèves relancés'),
              mails: z.number().int().describe('Courriels envoyés (élèves et responsables légaux)'),
              skipped: z
                .object({
                  ...Object.fromEntries(REMINDER_SKIP_REASONS.map((r) => [r, z.number().int()])),
                  total: z.number().int(),
                })
                .describe('Élèves non relancés, par motif'),
              items: z.array(
                z.object({
                  studentId: z.string(),
                  firstName: z.string().nullable(),
                  lastName: z.string().nullable(),
                  result: z.enum(['sent', ...REMINDER_SKIP_REASONS]),
                }),
              ),
              message: z.string().describe('Résumé en français'),
            }),
            ...problems(400, 404),
          },
        },
      },
      async (request, reply) => {
        const r = await sendReminders(
          deps,
          request.principal!,
          request.params.uai,
          request.body,
          context(request),
        );
        if (!r.ok) return sendProblem(reply, schoolNotFound());
        const { ok: _ok, ...body } = r;
        return body;
      },
    );

    const dateOrNull = z.string().nullable();
    app.get(
      '/api/students/:id/placement',
      {
        config: { permission: 'student.placement.read' },
        schema: {
          tags: ['Établissements'],
          summary: 'Le stage d’un élève et son historique',
          description:
            'Statut de placement, candidatures avec leurs états et leurs dates, organismes, demandes de stage en deux lieux et décisions, dispenses et replis (révoqués compris), relances envoyées ; et une chronologie en français. Pour le chef d’établissement et les personnels du lycée (un professeur référent : ses classes). Inscrit au journal des accès.',
          params: z.object({ id: z.uuid('identifiant d’élève invalide') }),
          response: {
            200: z.object({
              student: z.object({
                id: z.string(),
                ine: z.string().nullable(),
                firstName: z.string(),
                lastName: z.string(),
                class: z.object({ id: z.string(), name: z.string() }),
                school: z.object({ uai: z.string(), name: z.string() }),
              }),
              placement: placementSchema,
              applications: z.array(
                z.object({
                  id: z.string(),
                  status: z.string(),
                  statusLabel: z.string(),
                  weeks: z.array(z.number().int()),
                  origin: z.string(),
                  offer: z.object({ id: z.string(), title: z.string() }),
                  host: z.object({ id: z.string(), name: z.string() }),
                  appliedAt: z.string(),
                  readAt: dateOrNull,
                  acceptedAt: dateOrNull,
                  confirmBy: dateOrNull,
                  refusedAt: dateOrNull,
                  confirmedAt: dateOrNull,
                  closedAt: dateOrNull,
                  hostMessage: z.string().nullable(),
                  cancelReason: z.string().nullable(),
                }),
              ),
              splits: z.array(
                z.object({
                  applicationId: z.string(),
                  requestedAt: z.string(),
                  decision: z.enum(['approved', 'refused']).nullable(),
                  reason: z.string().nullable(),
                  decidedAt: dateOrNull,
                  decidedByName: z.string().nullable(),
                }),
              ),
              decisions: z.array(
                z.object({
                  id: z.string(),
                  kind: z.enum(['exemption', 'repli']),
                  reason: z.enum(EXEMPTION_REASONS).nullable(),
                  reasonLabel: z.string().nullable(),
                  comment: z.string().nullable(),
                  documentFileId: z.string().nullable(),
                  documentFileName: z.string().nullable(),
                  decidedAt: z.string(),
                  decidedByName: z.string().nullable(),
                  revokedAt: dateOrNull,
                }),
              ),
              reminders: z.array(
                z.object({
                  at: z.string(),
                  byName: z.string().nullable(),
                  students: z.number().int(),
                  guardians: z.number().int(),
                }),
              ),
              timeline: z.array(
                z.object({
                  at: z.string(),
                  kind: z.enum(['application', 'split', 'decision', 'reminder']),
                  label: z.string(),
                  detail: z.string().nullable(),
                }),
              ),
              canDecide: z
                .boolean()
                .describe('Le chef d’établissement peut décider une dispense ou un repli'),
            }),
            ...problems(404),
          },
        },
      },
      async (request, reply) => {
        const r = await studentPlacement(deps, request.principal!, request.params.id, context(request));
        if (!r.ok)
          return sendProblem(
            reply,
            notFoundProblem(
              'Élève introuvable',
              'Aucun élève de votre périmètre ne correspond à cette adresse.',
            ),
          );
        const { ok: _ok, ...body } = r;
        return body;
      },
    );
  };
