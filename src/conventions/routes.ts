import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONVENTION_STATES, CONVENTION_STEPS, SIGNATORY_ROLES } from '../domain/convention.ts';
import { PDF_MEDIA_TYPE, contentDisposition } from '../domain/files.ts';
import { problems } from '../http/problem.ts';
import { requestContext, sendConventionProblem } from './problems.ts';
import {
  PAGE_SIZE,
  cancel,
  conventionDocument,
  editPart,
  getConvention,
  listConventions,
  validate,
  validateBulk,
  type ConventionError,
  type ConventionsDeps,
} from './service.ts';

const TAG = 'Conventions de stage';

const text = (what: string, max: number) =>
  z.string(`${what} : texte attendu`).max(max, `${what} : ${max} caractères au plus`);

const contact = (who: string) =>
  z
    .object({
      name: text(`${who} : nom`, 200),
      role: text(`${who} : fonction`, 200),
      email: text(`${who} : adresse e-mail`, 254),
      phone: text(`${who} : téléphone`, 40),
    })
    .strict();

const dayHours = z
  .object({
    day: z.number().int('jour : entier de 1 (lundi) à 6 (samedi)').min(1).max(6),
    from: text('heure de début', 5),
    to: text('heure de fin', 5),
    breakMinutes: z.number().int('pause : minutes entières').min(0).max(600),
  })
  .strict();

// generous bounds here (a draft may be saved); the domain's limits are checked on completion
const hostPartSchema = z
  .object({
    representative: contact('Représentant de l’organisme'),
    tutor: contact('Tuteur'),
    placeAddress: text('lieu du stage', 1000),
    activities: text('activités prévues', 5000),
    hours: z.array(dayHours).max(7, 'horaires : six jours au plus'),
    lunch: text('pause déjeuner', 2000),
    insurance: z
      .object({ insurer: text('assureur', 300), policyNumber: text('numéro de contrat', 300) })
      .strict(),
  })
  .strict();

const schoolPartSchema = z
  .object({
    representative: contact('Chef d’établissement ou délégué'),
    caDeliberationDate: z
      .string()
      .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'date du conseil d’administration : AAAA-MM-JJ ou vide'),
    referentTeacher: z
      .object({
        name: text('professeur référent : nom', 200),
        email: text('professeur référent : adresse e-mail', 254),
        phone: text('professeur référent : téléphone', 40),
      })
      .strict(),
    className: text('classe', 100),
    pai: z
      .object({
        has: z.boolean('PAI : vrai ou faux'),
        kitBy: z.enum(['family', 'school', ''], 'PAI : family, school ou vide'),
      })
      .strict(),
    guardians: z
      .array(
        z
          .object({
            firstName: text('représentant légal : prénom', 200),
            lastName: text('représentant légal : nom', 200),
            email: text('représentant légal : adresse e-mail', 254),
            phone: text('représentant légal : téléphone', 40),
          })
          .strict(),
      )
      .max(2, 'deux représentants légaux au plus'),
    guardiansChecked: z.boolean('coordonnées vérifiées : vrai ou faux'),
    preparation: text('préparation et restitution', 5000),
  })
  .strict();

const version = z.number('version : entier attendu').int('version : entier attendu').min(1);
const idParam = z.object({ id: z.uuid('identifiant de convention invalide').describe('Convention') });

const missingField = z.object({ field: z.string(), label: z.string() });
const conventionProblem = z.object({
  rule: z.string(),
  day: z.number().optional(),
  field: z.string().optional(),
  message: z.string(),
});
const stepCounts = z.object(
  Object.fromEntries(CONVENTION_STEPS.map((s) => [s, z.number()])) as Record<
    (typeof CONVENTION_STEPS)[number],
    z.ZodNumber
  >,
);

export const summarySchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(CONVENTION_STATES),
  step: z.enum(CONVENTION_STEPS),
  stepLabel: z.string(),
  student: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), className: z.string() }),
  host: z.object({ id: z.string(), name: z.string() }),
  offerTitle: z.string(),
  weeks: z.array(z.number()),
  startDate: z.string(),
  endDate: z.string(),
  missingSignatures: z.array(z.enum(SIGNATORY_ROLES)),
  updatedAt: z.string(),
});

/** The convention's detail (also returned by the signing routes to a signed-in reader). */
export const detailSchema = summarySchema.extend({
  version: z.number(),
  parties: z.any().describe('Les parties connues à la création (organisme, lycée, élève, offre, campagne)'),
  hostPart: hostPartSchema.describe('La partie de l’organisme'),
  schoolPart: schoolPartSchema.describe(
    'La partie du lycée (adresses des représentants légaux masquées pour l’organisme)',
  ),
  hostCompletedAt: z.string().nullable(),
  schoolCompletedAt: z.string().nullable(),
  missing: z.object({ host: z.array(missingField), school: z.array(missingField) }),
  problems: z.array(conventionProblem).describe('Tout ce qui empêche la validation'),
  limits: z.any().describe('Les limites horaires de la campagne'),
  signatories: z.array(
    z.object({
      role: z.enum(SIGNATORY_ROLES),
      roleLabel: z.string(),
      name: z.string(),
      email: z.string().describe('Masquée sauf pour le lycée'),
      signedAt: z.string().nullable(),
      method: z.string().nullable(),
    }),
  ),
  template: z.object({ id: z.string(), name: z.string(), version: z.number(), schoolYear: z.string() }),
  documentSha256: z.string().nullable(),
  sealed: z.boolean(),
  amendsId: z.string().nullable(),
  amendments: z
    .array(z.object({ id: z.string(), reference: z.string(), status: z.enum(CONVENTION_STATES) }))
    .describe('Les avenants de cette convention, le premier d’abord'),
  cancelReason: z.string().nullable(),
  viewer: z.object({
    canEditHost: z.boolean(),
    canEditSchool: z.boolean(),
    canValidate: z.boolean(),
    canCancel: z.boolean(),
    signAs: z.array(z.enum(SIGNATORY_ROLES)),
  }),
});

function fail(reply: FastifyReply, e: ConventionError) {
  if (e.error === 'incomplete')
    return sendConventionProblem(reply, e.error, e.message, [
      ...e.missing.map((m) => ({ field: m.field, message: `${m.label} : à renseigner.` })),
      ...e.problems.map((p) => ({ field: p.field ?? p.rule, message: p.message })),
    ]);
  return sendConventionProblem(reply, e.error, e.error === 'not_found' ? undefined : e.message);
}

/** The convention's detail, or the failure as problem+json. */
function detailOrProblem<T>(reply: FastifyReply, r: { ok: true; convention: T } | ConventionError) {
  return r.ok ? r.convention : fail(reply, r);
}

/** Conventions: list, detail, the two parts, validation, cancellation, the PDF. */
export const conventionRoutes =
  (deps: ConventionsDeps): FastifyPluginAsyncZod =>
  async (app) => {
    /** The handler of the two part routes, which differ only by their side. */
    const savePart =
      (side: 'host' | 'school') =>
      async (
        request: FastifyRequest<{ Params: { id: string }; Body: Parameters<typeof editPart>[4] }>,
        reply: FastifyReply,
      ) =>
        detailOrProblem(
          reply,
          await editPart(
            deps,
            request.principal!,
            request.params.id,
            side,
            request.body,
            requestContext(request),
          ),
        );

    app.get(
      '/api/conventions',
      {
        config: { permission: 'conventions.list' },
        schema: {
          tags: [TAG],
          summary: 'Les conventions de mon périmètre',
          description: `L’élève (ou ses représentants légaux) : les siennes ; un organisme : les siennes ; le lycée : celles de ses élèves ; l’administrateur : toutes. Paginée (${PAGE_SIZE} par page), les plus récemment modifiées d’abord ; filtres par étape, classe, recherche (nom, prénom, organisme, référence). \`counts\` compte les conventions par étape avant le filtre d’étape.`,
          querystring: z.object({
            step: z.enum(CONVENTION_STEPS, 'étape inconnue').optional().describe('Étape'),
            classId: z.uuid('identifiant de classe invalide').optional().describe('Classe'),
            q: z.string().trim().max(100, '100 caractères au plus').optional().describe('Recherche'),
            page: z.coerce
              .number({ error: () => 'attendu : un numéro de page entier à partir de 1' })
              .int('attendu : un numéro de page entier à partir de 1')
              .min(1, 'attendu : un numéro de page entier à partir de 1')
              .optional(),
          }),
          response: {
            200: z.object({ items: z.array(summarySchema), total: z.number(), counts: stepCounts }),
            ...problems(400),
          },
        },
      },
      async (request) => listConventions(deps, request.principal!, request.query),
    );

    app.get(
      '/api/conventions/:id',
      {
        config: { permission: 'conventions.read' },
        schema: {
          tags: [TAG],
          summary: 'Une convention',
          description:
            'Les parties, les deux parts, ce qui manque, ce qui empêche la validation, les signataires, et ce que la personne connectée peut faire. Hors de son périmètre : 404.',
          params: idParam,
          response: { 200: detailSchema, ...problems(404) },
        },
      },
      async (request, reply) =>
        detailOrProblem(
          reply,
          await getConvention(deps, request.principal!, request.params.id, requestContext(request)),
        ),
    );

    app.put(
      '/api/conventions/:id/host-part',
      {
        config: { permission: 'conventions.host.edit' },
        schema: {
          tags: [TAG],
          summary: 'Compléter la partie de l’organisme',
          description:
            'Un membre de l’organisme enregistre sa partie (`complete: false` : brouillon) ou la déclare complète : alors tout champ manquant ou tout problème (horaires au-delà des limites, jour nommé ; adresses e-mail…) la refuse en 422 et rien n’est enregistré. `version` : celle lue ; modifiée entre-temps : 409. Sur une convention validée, la modification la renvoie en complétion et annule les signatures (les signataires sont prévenus).',
          params: idParam,
          body: z
            .object({ version, hostPart: hostPartSchema, complete: z.boolean('complete : vrai ou faux') })
            .strict(),
          response: { 200: detailSchema, ...problems(400, 403, 404, 409, 422) },
        },
      },
      savePart('host'),
    );

    app.put(
      '/api/conventions/:id/school-part',
      {
        config: { permission: 'conventions.school.edit' },
        schema: {
          tags: [TAG],
          summary: 'Compléter la partie du lycée',
          description:
            'Le chef d’établissement ou un personnel du lycée enregistre sa partie ou la déclare complète (représentants légaux : un ou deux, chacun avec nom et adresse e-mail, coordonnées vérifiées ; date du conseil d’administration pour un lycée public). Mêmes règles que la partie de l’organisme : 422 sans rien enregistrer, 409 si modifiée entre-temps.',
          params: idParam,
          body: z
            .object({ version, schoolPart: schoolPartSchema, complete: z.boolean('complete : vrai ou faux') })
            .strict(),
          response: { 200: detailSchema, ...problems(400, 403, 404, 409, 422) },
        },
      },
      savePart('school'),
    );

    app.post(
      '/api/conventions/:id/validate',
      {
        config: { permission: 'conventions.validate' },
        schema: {
          tags: [TAG],
          summary: 'Valider la convention',
          description:
            'Le chef d’établissement ou un délégué de signature : les deux parts déclarées complètes, aucun problème. Le document PDF est produit une fois et conservé avec son empreinte SHA-256 ; chaque signataire reçoit un lien personnel de signature par courriel.',
          params: idParam,
          body: z.object({ version }).strict(),
          response: { 200: detailSchema, ...problems(400, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        detailOrProblem(
          reply,
          await validate(deps, request.principal!, request.params.id, request.body, requestContext(request)),
        ),
    );

    app.post(
      '/api/conventions/bulk/validate',
      {
        config: { permission: 'conventions.validate' },
        schema: {
          tags: [TAG],
          summary: 'Valider plusieurs conventions',
          description:
            'Chaque convention est validée pour elle-même ; la réponse donne celles validées et, pour chaque refus, son motif.',
          body: z
            .object({
              ids: z
                .array(z.uuid('identifiant de convention invalide'))
                .min(1, 'au moins une convention')
                .max(200, '200 conventions au plus'),
            })
            .strict(),
          response: {
            200: z.object({
              validated: z.array(z.string()),
              refused: z.array(z.object({ id: z.string(), reference: z.string(), message: z.string() })),
            }),
            ...problems(400),
          },
        },
      },
      async (request) => validateBulk(deps, request.principal!, request.body.ids, requestContext(request)),
    );

    app.post(
      '/api/conventions/:id/cancel',
      {
        config: { permission: 'conventions.cancel' },
        schema: {
          tags: [TAG],
          summary: 'Annuler la convention',
          description:
            'Le chef d’établissement ou un délégué, avec un motif transmis aux parties. Les liens de signature ne servent plus.',
          params: idParam,
          body: z.object({ reason: text('motif', 500) }).strict(),
          response: { 200: detailSchema, ...problems(400, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        detailOrProblem(
          reply,
          await cancel(deps, request.principal!, request.params.id, request.body, requestContext(request)),
        ),
    );

    app.get(
      '/api/conventions/:id/document.pdf',
      {
        config: { permission: 'conventions.read' },
        schema: {
          tags: [TAG],
          summary: 'Le document PDF',
          description:
            'Avant validation : un aperçu marqué « PROJET ». Validée : le document conservé, celui que les parties signent. Signée : le PDF scellé.',
          params: idParam,
          response: { ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await conventionDocument(deps, request.principal!, request.params.id);
        if (!r.ok) return fail(reply, r);
        return (reply as FastifyReply)
          .header('content-type', PDF_MEDIA_TYPE)
          .header('content-disposition', contentDisposition(r.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .header('content-length', String(r.pdf.byteLength))
          .send(Buffer.from(r.pdf.buffer, r.pdf.byteOffset, r.pdf.byteLength));
      },
    );
  };
