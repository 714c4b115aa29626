import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { APPLICATION_STATES, MOTIVATION_MAX } from '../domain/application.ts';
import { GAP_CODES, PLACEMENT_STATUSES } from '../domain/placement-status.ts';
import { notFoundProblem, problem, problems, sendProblem } from '../http/problem.ts';
import {
  apply,
  cancelByHost,
  confirm,
  decide,
  decideBulk,
  decideSplit,
  getApplication,
  hostInbox,
  myApplications,
  splitRequests,
  withdraw,
  type ApplicationError,
  type ApplicationsDeps,
} from './service.ts';

const TAG = 'Candidatures';

const idParam = z.object({ id: z.uuid('identifiant de candidature invalide').describe('Candidature') });
const offerParam = z.object({ id: z.uuid('identifiant d’offre invalide').describe('Offre') });
const hostParam = z.object({
  hostId: z.uuid('identifiant d’organisme invalide').describe('Organisme d’accueil'),
});
const uaiParam = z.object({ uai: z.string().describe('UAI du lycée') });

const message = (what: string) =>
  z.string(`${what} : texte attendu`).max(1500, `${what} : 1 500 caractères au plus`);

const applicationSchema = z.object({
  id: z.string(),
  status: z.enum(APPLICATION_STATES),
  statusLabel: z.string().describe('État, en français'),
  weeks: z.array(z.number()).describe('Semaines demandées (1, 2 ou les deux)'),
  motivation: z.string(),
  offer: z.object({ id: z.string(), title: z.string() }),
  host: z.object({ id: z.string(), name: z.string() }),
  student: z.object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    schoolUai: z.string(),
    schoolName: z.string().describe('Lycée de l’élève'),
  }),
  appliedAt: z.string(),
  readAt: z.string().nullable().describe('Première ouverture par l’organisme (accusé de lecture)'),
  expiresAt: z.string().describe('Sans réponse à cette date, la candidature expire'),
  acceptedAt: z.string().nullable(),
  confirmBy: z.string().nullable().describe('Date limite de confirmation par l’élève'),
  refusedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  hostMessage: z.string().nullable(),
  cancelReason: z.string().nullable(),
  cv: z
    .object({ id: z.string(), fileName: z.string(), size: z.number().int() })
    .nullable()
    .describe('CV joint par l’élève (PDF à télécharger par GET /api/files/{id}), ou null'),
});
const listSchema = z.object({ items: z.array(applicationSchema) });
const placementSchema = z
  .object({
    status: z.enum(PLACEMENT_STATUSES),
    statusLabel: z.string().describe('Statut, en français'),
    weeks: z
      .array(
        z.object({
          week: z.number(),
          kind: z
            .enum(['placement', 'split_pending', 'exempted', 'repli', 'none'])
            .describe(
              'placement : stage confirmé ; split_pending : second organisme en attente de l’accord du chef d’établissement',
            ),
          applicationId: z.string().nullable(),
          hostName: z.string().nullable(),
          offerTitle: z.string().nullable(),
        }),
      )
      .describe('Semaine 1 puis semaine 2'),
    gaps: z
      .array(
        z.object({
          week: z.number(),
          code: z.enum(GAP_CODES),
          text: z.string(),
          until: z
            .string()
            .nullable()
            .describe('Date limite de confirmation, pour une acceptation à confirmer'),
        }),
      )
      .describe('Pourquoi chaque semaine non couverte ne l’est pas'),
    reason: z.string().nullable(),
  })
  .describe(
    'Statut de placement de l’élève, déduit de ses candidatures et des décisions du chef d’établissement',
  );

function context(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

const SLUGS: Record<Exclude<ApplicationError['error'], 'not_found'>, [number, string, string]> = {
  weeks_invalid: [400, 'semaines-invalides', 'Semaines invalides'],
  motivation: [400, 'motivation-invalide', 'Motivation invalide'],
  week_not_offered: [400, 'semaine-non-proposee', 'Semaine non proposée'],
  message_required: [400, 'message-requis', 'Message requis'],
  reserved: [403, 'offre-reservee', 'Offre réservée'],
  forbidden_role: [403, 'acces-refuse', 'Accès refusé'],
  offer_not_open: [409, 'offre-fermee', 'Offre fermée aux candidatures'],
  not_open_yet: [409, 'candidatures-pas-ouvertes', 'Candidatures pas encore ouvertes'],
  closed: [409, 'candidatures-closes', 'Candidatures closes'],
  already_applied: [409, 'deja-candidat', 'Candidature déjà envoyée'],
  already_covered: [409, 'deja-place', 'Semaine déjà couverte'],
  exempted: [409, 'eleve-dispense', 'Élève dispensé de stage'],
  week_full: [409, 'semaine-complete', 'Semaine complète'],
  invalid_state: [409, 'etat-incompatible', 'Action impossible'],
  lapsed: [409, 'delai-depasse', 'Délai dépassé'],
  cv_not_found: [422, 'cv-introuvable', 'CV introuvable'],
};

function fail(reply: FastifyReply, e: ApplicationError, notFound: string) {
  if (e.error === 'not_found')
    return sendProblem(reply, notFoundProblem('Candidature introuvable', notFound));
  const [status, slug, title] = SLUGS[e.error];
  const field =
    e.error === 'weeks_invalid' || e.error === 'week_not_offered'
      ? 'weeks'
      : e.error === 'motivation'
        ? 'motivation'
        : e.error === 'message_required'
          ? 'message'
          : e.error === 'cv_not_found'
            ? 'cvFileId'
            : undefined;
  return sendProblem(
    reply,
    problem(status, slug, title, e.message, field ? [{ field, message: e.message }] : undefined),
  );
}

const MINE = 'Aucune de vos candidatures ne correspond.';
const HOSTS = 'Aucune candidature de votre organisme ne correspond.';

/** Applications: apply, the host's inbox and decisions, confirmation, withdrawals, split approvals. */
export const applicationRoutes =
  (deps: ApplicationsDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/offers/:id/applications',
      {
        config: { permission: 'application.apply' },
        schema: {
          tags: [TAG],
          summary: 'Candidater à une offre',
          description: `L’élève connecté candidate pour la semaine 1, la semaine 2 ou les deux (parmi celles de l’offre), avec une motivation de ${MOTIVATION_MAX} caractères au plus. Refusé : candidature déjà en cours pour cette offre, semaine complète ou non proposée, offre réservée à d’autres lycées, en dehors des dates d’ouverture de la campagne, semaine déjà couverte par un stage confirmé. Un CV peut être joint (\`cvFileId\`, déposé par l’élève lui-même, sinon 422). L’organisme est prévenu par courriel.`,
          params: offerParam,
          body: z
            .object({
              weeks: z
                .array(z.number('semaine : 1 ou 2').int('semaine : 1 ou 2'), 'semaines : liste attendue')
                .max(2, 'semaines : 2 au plus')
                .describe('Semaines demandées : [1], [2] ou [1, 2]'),
              motivation: z
                .string('motivation : texte attendu')
                .describe(`${MOTIVATION_MAX} caractères au plus`),
              cvFileId: z
                .uuid('CV : identifiant de fichier invalide')
                .optional()
                .describe('CV déposé par l’élève (POST /api/files, purpose cv), joint à la candidature'),
            })
            .strict(),
          response: { 201: applicationSchema, ...problems(400, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const r = await apply(deps, request.principal!, request.params.id, request.body, context(request));
        if (!r.ok) return fail(reply, r, 'Aucune offre ouverte aux candidatures ne correspond.');
        return reply.code(201).send(r.application);
      },
    );

    app.get(
      '/api/applications/mine',
      {
        config: { permission: 'applications.mine' },
        schema: {
          tags: [TAG],
          summary: 'Mes candidatures',
          description:
            'Les candidatures de l’élève connecté, les plus récentes d’abord, avec leur état, et son statut de placement (chaque semaine couverte ou non, et pourquoi).',
          response: { 200: listSchema.extend({ placement: placementSchema }) },
        },
      },
      async (request) => myApplications(deps, request.principal!),
    );

    app.get(
      '/api/hosts/:hostId/applications',
      {
        config: { permission: 'host.applications.read' },
        schema: {
          tags: [TAG],
          summary: 'Candidatures reçues par un organisme',
          description:
            'Les candidatures aux offres de l’organisme, les plus anciennes d’abord ; filtres par état, par offre et par semaine.',
          params: hostParam,
          querystring: z.object({
            status: z.enum(APPLICATION_STATES, 'état inconnu').optional().describe('État'),
            offerId: z.uuid('identifiant d’offre invalide').optional().describe('Offre'),
            week: z
              .enum(['1', '2'], 'semaine : 1 ou 2')
              .transform((w) => (w === '1' ? 1 : 2))
              .optional()
              .describe(
                'Semaine demandée (1 ou 2) : les candidatures pour les deux semaines comptent dans chacune',
              ),
          }),
          response: { 200: listSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await hostInbox(deps, request.principal!, request.params.hostId, request.query);
        if (!r.ok) return fail(reply, r, HOSTS);
        return { items: r.items };
      },
    );

    app.get(
      '/api/applications/:id',
      {
        config: { permission: 'application.read' },
        schema: {
          tags: [TAG],
          summary: 'Une candidature',
          description:
            'Pour l’élève, l’organisme de l’offre et les personnels du lycée de l’élève. La première ouverture par l’organisme vaut accusé de lecture.',
          params: idParam,
          response: { 200: applicationSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await getApplication(deps, request.principal!, request.params.id, context(request));
        if (!r.ok) return fail(reply, r, 'Aucune candidature de votre périmètre ne correspond.');
        return r.application;
      },
    );

    const decisionBody = {
      decision: z.enum(['accept', 'refuse'], 'décision : accept ou refuse').describe('accept ou refuse'),
      message: message('message').optional().describe('Message à l’élève (obligatoire pour un refus)'),
    };

    app.post(
      '/api/applications/:id/decision',
      {
        config: { permission: 'application.decide' },
        schema: {
          tags: [TAG],
          summary: 'Accepter ou refuser une candidature',
          description:
            'Par l’organisme de l’offre seulement, sur une candidature en attente. Un refus demande un message. L’élève acceptée a alors le délai de la campagne (7 jours par défaut) pour confirmer.',
          params: idParam,
          body: z.object(decisionBody).strict(),
          response: { 200: applicationSchema, ...problems(400, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const r = await decide(deps, request.principal!, request.params.id, request.body, context(request));
        if (!r.ok) return fail(reply, r, HOSTS);
        return r.application;
      },
    );

    app.post(
      '/api/hosts/:hostId/applications/decisions',
      {
        config: { permission: 'application.decide' },
        schema: {
          tags: [TAG],
          summary: 'Décider de plusieurs candidatures',
          description:
            'La même décision et le même message pour plusieurs candidatures de l’organisme ; chacune est traitée à part et la réponse donne le résultat de chacune.',
          params: hostParam,
          body: z
            .object({
              ids: z
                .array(z.uuid('identifiant de candidature invalide'), 'candidatures : liste attendue')
                .min(1, 'candidatures : au moins une')
                .max(200, 'candidatures : 200 au plus'),
              ...decisionBody,
            })
            .strict(),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  ok: z.boolean(),
                  status: z.enum(APPLICATION_STATES).optional(),
                  message: z.string().optional().describe('Pourquoi cette candidature n’a pas été traitée'),
                }),
              ),
            }),
            ...problems(400, 404),
          },
        },
      },
      async (request, reply) => {
        const r = await decideBulk(
          deps,
          request.principal!,
          request.params.hostId,
          request.body,
          context(request),
        );
        if (!r.ok) return fail(reply, r, HOSTS);
        return { items: r.items };
      },
    );

    app.post(
      '/api/applications/:id/confirm',
      {
        config: { permission: 'application.confirm' },
        schema: {
          tags: [TAG],
          summary: 'Confirmer un stage accepté',
          description:
            'Par l’élève, avant la date limite. Prend la place de chaque semaine (toutes ou aucune, jamais plus d’élèves que de places) et annule ses autres candidatures sur les mêmes semaines. Une seconde semaine chez un autre organisme attend l’accord du chef d’établissement (stage en deux lieux).',
          params: idParam,
          response: { 200: applicationSchema, ...problems(403, 404, 409) },
        },
      },
      async (request, reply) => {
        const r = await confirm(deps, request.principal!, request.params.id, context(request));
        if (!r.ok) return fail(reply, r, MINE);
        return r.application;
      },
    );

    app.post(
      '/api/applications/:id/withdraw',
      {
        config: { permission: 'application.withdraw' },
        schema: {
          tags: [TAG],
          summary: 'Retirer sa candidature',
          description:
            'Par l’élève, avant ou après confirmation : une place prise est rendue, l’organisme est prévenu.',
          params: idParam,
          response: { 200: applicationSchema, ...problems(403, 404, 409) },
        },
      },
      async (request, reply) => {
        const r = await withdraw(deps, request.principal!, request.params.id, context(request));
        if (!r.ok) return fail(reply, r, MINE);
        return r.application;
      },
    );

    app.post(
      '/api/applications/:id/cancel',
      {
        config: { permission: 'application.cancel' },
        schema: {
          tags: [TAG],
          summary: 'Annuler un stage (organisme)',
          description:
            'Par l’organisme de l’offre, avec un motif, sur une candidature acceptée ou confirmée : la place est rendue, l’élève est prévenu.',
          params: idParam,
          body: z.object({ reason: message('motif').describe('Motif, communiqué à l’élève') }).strict(),
          response: { 200: applicationSchema, ...problems(400, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const r = await cancelByHost(
          deps,
          request.principal!,
          request.params.id,
          request.body.reason,
          context(request),
        );
        if (!r.ok) return fail(reply, r, HOSTS);
        return r.application;
      },
    );

    app.get(
      '/api/schools/:uai/split-requests',
      {
        config: { permission: 'application.split.decide' },
        schema: {
          tags: [TAG],
          summary: 'Stages en deux lieux à autoriser',
          description:
            'Les demandes des élèves du lycée qui ont une semaine confirmée et souhaitent faire l’autre chez un autre organisme.',
          params: uaiParam,
          response: { 200: listSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await splitRequests(deps, request.principal!, request.params.uai);
        if (!r.ok) return fail(reply, r, 'Aucun lycée de votre périmètre ne correspond.');
        return { items: r.items };
      },
    );

    app.post(
      '/api/applications/:id/split',
      {
        config: { permission: 'application.split.decide' },
        schema: {
          tags: [TAG],
          summary: 'Autoriser ou refuser un stage en deux lieux',
          description:
            'Par le chef d’établissement de l’élève. Accordé, la place est prise comme pour une confirmation ; refusé (avec un motif), la semaine est libérée.',
          params: idParam,
          body: z
            .object({
              decision: z.enum(['approve', 'refuse'], 'décision : approve ou refuse'),
              reason: message('motif').optional().describe('Motif du refus, communiqué à l’élève'),
            })
            .strict(),
          response: { 200: applicationSchema, ...problems(400, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const r = await decideSplit(
          deps,
          request.principal!,
          request.params.id,
          request.body,
          context(request),
        );
        if (!r.ok) return fail(reply, r, 'Aucune demande de votre lycée ne correspond.');
        return r.application;
      },
    );
  };
