import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ACTIVITIES_MAX,
  DECLINE_REASON_MAX,
  EXTERNAL_STAGE_STATUSES,
  INVITATION_VALIDITY_DAYS,
} from '../domain/external-stage.ts';
import { notFoundProblem, problem, problems, sendProblem } from '../http/problem.ts';
import {
  acceptInvitation,
  cancelStage,
  declare,
  declineInvitation,
  listStages,
  viewInvitation,
  type ExternalStageError,
  type ExternalStagesDeps,
} from './service.ts';

const TAG = 'Stages trouvés hors plateforme';

const text = (what: string, max = 200) =>
  z.string(`${what} : texte attendu`).max(max, `${what} : ${max} caractères au plus`);
const optionalText = (what: string, max = 200) => text(what, max).nullish();

const studentParam = z.object({ id: z.uuid('identifiant d’élève invalide').describe('Élève') });
const stageParam = z.object({ id: z.uuid('identifiant de déclaration invalide').describe('Déclaration') });
const tokenParam = z.object({
  token: z.string().max(200, 'lien invalide').describe('Jeton du lien reçu par courriel'),
});

const declarationBody = z
  .object({
    weeks: z
      .union([z.literal(1), z.literal(2), z.literal(3)], 'semaines : 1, 2 ou 3')
      .describe('1 = semaine 1, 2 = semaine 2, 3 = les deux'),
    hostName: text('nom de l’organisme'),
    siret: optionalText('SIRET', 30).describe('14 chiffres (facultatif pour un organisme public)'),
    isPublic: z.boolean('organisme public : vrai ou faux').optional(),
    address: text('adresse'),
    postalCode: text('code postal', 10),
    communeName: text('commune', 100),
    communeInsee: optionalText('code INSEE', 5).describe(
      'ignoré : la commune est retrouvée par son code postal',
    ),
    contactName: text('nom du représentant'),
    contactEmail: text('adresse électronique du représentant', 254),
    activities: optionalText('activités', ACTIVITIES_MAX),
  })
  .strict();

const weekDate = z.object({ week: z.number(), start: z.string(), end: z.string(), label: z.string() });

const stageSchema = z.object({
  id: z.string(),
  status: z.enum(EXTERNAL_STAGE_STATUSES),
  statusLabel: z.string(),
  weeks: z.array(z.number()),
  weekDates: z.array(weekDate).describe('Les semaines déclarées et leurs dates'),
  hostName: z.string(),
  siret: z.string().nullable(),
  isPublic: z.boolean(),
  address: z.string(),
  postalCode: z.string(),
  communeName: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  activities: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().describe('Fin de validité du lien envoyé à l’organisme'),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  applicationId: z.string().nullable().describe('La candidature créée quand l’organisme confirme'),
});
const listSchema = z.object({
  student: z.object({ id: z.string(), firstName: z.string(), schoolName: z.string() }),
  calendar: z.array(weekDate).describe('Les deux semaines de la campagne et leurs dates'),
  items: z.array(stageSchema),
});

const invitationSchema = z.object({
  student: z.object({ firstName: z.string(), schoolName: z.string() }),
  weeks: z.array(z.number()),
  weekDates: z.array(weekDate),
  host: z.object({
    hostName: z.string(),
    siret: z.string().nullable(),
    isPublic: z.boolean(),
    address: z.string(),
    postalCode: z.string(),
    communeName: z.string(),
    contactFirstName: z.string(),
    contactLastName: z.string(),
    contactEmail: z.string(),
    activities: z.string().nullable(),
  }),
  expiresAt: z.string(),
});

function context(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

function fail(reply: FastifyReply, e: ExternalStageError, notFound: string) {
  switch (e.error) {
    case 'not_found':
      return sendProblem(reply, notFoundProblem('Introuvable', notFound));
    case 'invalid':
      return sendProblem(
        reply,
        problem(
          400,
          'saisie-invalide',
          'Saisie invalide',
          e.errors.map((x) => x.message).join(' '),
          e.errors,
        ),
      );
    case 'rate_limited':
      reply.header('retry-after', String(e.retryAfterSeconds));
      return sendProblem(
        reply,
        problem(
          429,
          'trop-de-requetes',
          'Trop de déclarations',
          'Trop de stages déclarés aujourd’hui pour cet élève : réessayez demain.',
        ),
      );
    case 'expired':
      return sendProblem(reply, problem(410, 'lien-expire', 'Lien expiré', e.message));
    case 'answered':
      return sendProblem(reply, problem(410, 'deja-traite', 'Demande déjà traitée', e.message));
    case 'not_open_yet':
      return sendProblem(
        reply,
        problem(409, 'campagne-pas-ouverte', 'Campagne pas encore ouverte', e.message),
      );
    case 'closed':
      return sendProblem(
        reply,
        problem(409, 'semaine-close', 'Semaine close', e.message, [{ field: 'weeks', message: e.message }]),
      );
    case 'already_covered':
      return sendProblem(
        reply,
        problem(409, 'deja-place', 'Semaine déjà couverte', e.message, [
          { field: 'weeks', message: e.message },
        ]),
      );
    case 'already_declared':
      return sendProblem(
        reply,
        problem(409, 'deja-declare', 'Invitation déjà en attente', e.message, [
          { field: 'weeks', message: e.message },
        ]),
      );
    case 'no_campaign':
      return sendProblem(reply, problem(409, 'pas-de-campagne', 'Pas de campagne', e.message));
    case 'invalid_state':
      return sendProblem(reply, problem(409, 'etat-incompatible', 'Action impossible', e.message));
  }
}

const STUDENT_NOT_FOUND = 'Aucun élève de votre périmètre ne correspond.';
const LINK_NOT_FOUND =
  'Ce lien n’est pas valide : vérifiez qu’il a été copié en entier depuis le courriel, ou demandez une nouvelle invitation à l’élève.';

const DECLARE_DESCRIPTION = `Un stage trouvé par la famille ou les relations : l’organisme (SIRET vérifié, sauf organisme public qui n’en a pas ; code postal et commune vérifiés), les semaines et l’adresse électronique de son représentant. Refusé : campagne pas ouverte ou semaine close (veille du lundi de la semaine), semaine déjà couverte (stage confirmé ou accepté), autre invitation en attente sur la même semaine, 5 déclarations par élève et par jour. Le représentant reçoit un lien personnel valable ${INVITATION_VALIDITY_DAYS} jours pour confirmer et compléter la partie de l’organisme.`;

/** Stages found outside the platform: declaration, the representative's answer by link, cancellation. */
export const externalStageRoutes =
  (deps: ExternalStagesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/students/me/external-stages',
      {
        config: { permission: 'external_stages.mine' },
        schema: {
          tags: [TAG],
          summary: 'Déclarer mon stage trouvé hors plateforme',
          description: DECLARE_DESCRIPTION,
          body: declarationBody,
          response: { 201: stageSchema, ...problems(400, 404, 409, 429) },
        },
      },
      async (request, reply) => {
        const r = await declare(deps, request.principal!, { kind: 'me' }, request.body, context(request));
        if (!r.ok) return fail(reply, r, STUDENT_NOT_FOUND);
        return reply.code(201).send(r.stage);
      },
    );

    app.get(
      '/api/students/me/external-stages',
      {
        config: { permission: 'external_stages.mine' },
        schema: {
          tags: [TAG],
          summary: 'Mes stages déclarés',
          description:
            'Les stages que l’élève (ou son lycée) a déclarés, les plus récents d’abord, avec leur état.',
          response: { 200: listSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await listStages(deps, request.principal!, { kind: 'me' }, context(request));
        if (!r.ok) return fail(reply, r, STUDENT_NOT_FOUND);
        return { student: r.student, calendar: r.calendar, items: r.items };
      },
    );

    app.post(
      '/api/students/:id/external-stages',
      {
        config: { permission: 'external_stages.manage' },
        schema: {
          tags: [TAG],
          summary: 'Déclarer le stage trouvé hors plateforme d’un élève du lycée',
          description: `Le chef d’établissement ou un personnel du lycée de l’élève déclare pour lui. ${DECLARE_DESCRIPTION}`,
          params: studentParam,
          body: declarationBody,
          response: { 201: stageSchema, ...problems(400, 404, 409, 429) },
        },
      },
      async (request, reply) => {
        const r = await declare(
          deps,
          request.principal!,
          { kind: 'student', id: request.params.id },
          request.body,
          context(request),
        );
        if (!r.ok) return fail(reply, r, STUDENT_NOT_FOUND);
        return reply.code(201).send(r.stage);
      },
    );

    app.get(
      '/api/students/:id/external-stages',
      {
        config: { permission: 'external_stages.manage' },
        schema: {
          tags: [TAG],
          summary: 'Les stages hors plateforme déclarés pour un élève du lycée',
          description:
            'Pour le chef d’établissement et les personnels du lycée de l’élève (consultation journalisée).',
          params: studentParam,
          response: { 200: listSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await listStages(
          deps,
          request.principal!,
          { kind: 'student', id: request.params.id },
          context(request),
        );
        if (!r.ok) return fail(reply, r, STUDENT_NOT_FOUND);
        return { student: r.student, calendar: r.calendar, items: r.items };
      },
    );

    app.post(
      '/api/external-stages/:id/cancel',
      {
        config: { permission: 'external_stage.cancel' },
        schema: {
          tags: [TAG],
          summary: 'Annuler une déclaration',
          description:
            'L’élève ou son lycée annule une déclaration tant que l’organisme n’a pas répondu : le lien envoyé ne sert plus. Une déclaration déjà annulée reste annulée (pas d’erreur).',
          params: stageParam,
          response: { 200: stageSchema, ...problems(404, 409) },
        },
      },
      async (request, reply) => {
        const r = await cancelStage(deps, request.principal!, request.params.id, context(request));
        if (!r.ok) return fail(reply, r, 'Aucune déclaration de votre périmètre ne correspond.');
        return r.stage;
      },
    );

    app.get(
      '/api/external-stages/invitations/:token',
      {
        config: { permission: 'external_stage.invitation' },
        schema: {
          tags: [TAG],
          summary: 'La demande reçue par le représentant de l’organisme',
          description:
            'Sans compte : le prénom et le lycée de l’élève, les semaines et leurs dates, l’organisme tel que déclaré. 404 : lien inconnu ; 410 : lien expiré ou demande déjà traitée.',
          params: tokenParam,
          response: { 200: invitationSchema, ...problems(404, 410) },
        },
      },
      async (request, reply) => {
        const r = await viewInvitation(deps, request.params.token);
        if (!r.ok) return fail(reply, r, LINK_NOT_FOUND);
        return r.invitation;
      },
    );

    app.post(
      '/api/external-stages/invitations/:token/decline',
      {
        config: { permission: 'external_stage.invitation' },
        schema: {
          tags: [TAG],
          summary: 'Refuser l’accueil',
          description:
            'Le représentant refuse, avec un motif transmis à l’élève. Le lien ne sert plus ensuite.',
          params: tokenParam,
          body: z.object({ reason: text('motif', DECLINE_REASON_MAX) }).strict(),
          response: { 200: z.object({ ok: z.literal(true) }), ...problems(400, 404, 410) },
        },
      },
      async (request, reply) => {
        const r = await declineInvitation(deps, request.params.token, request.body.reason, context(request));
        if (!r.ok) return fail(reply, r, LINK_NOT_FOUND);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/external-stages/invitations/:token/accept',
      {
        config: { permission: 'external_stage.invitation' },
        schema: {
          tags: [TAG],
          summary: 'Confirmer l’accueil',
          description:
            'Le représentant confirme et complète la partie de l’organisme. En une transaction : l’organisme est retrouvé par son SIRET ou créé ; une offre privée (jamais visible dans la recherche) d’une place sur les semaines déclarées, réservée au lycée de l’élève, et une candidature acceptée sont créées ; l’élève est invité à confirmer son stage (délai de la campagne). Le représentant d’un nouvel organisme reçoit une invitation à se connecter comme membre ; un organisme déjà inscrit n’est jamais rejoint par ce lien (ses membres sont prévenus). Deux confirmations simultanées : une seule aboutit.',
          params: tokenParam,
          body: z
            .object({
              hostName: text('nom de l’organisme'),
              siret: optionalText('SIRET', 30),
              isPublic: z.boolean('organisme public : vrai ou faux').optional(),
              address: text('adresse'),
              postalCode: text('code postal', 10),
              communeName: text('commune', 100),
              sectorCode: text('secteur', 100),
              contactFirstName: text('prénom', 100),
              contactLastName: text('nom', 100),
              contactRole: optionalText('fonction'),
              contactPhone: optionalText('téléphone', 30),
              activities: text('activités', ACTIVITIES_MAX),
              tutorName: optionalText('nom du tuteur'),
              tutorEmail: optionalText('adresse du tuteur', 254),
            })
            .strict(),
          response: {
            200: z.object({
              ok: z.literal(true),
              applicationId: z.string(),
              confirmBy: z.string().describe('L’élève doit confirmer avant cette date'),
              account: z
                .enum(['invited', 'member', 'existing_host'])
                .describe(
                  'invited : un lien pour se connecter comme membre du nouvel organisme a été envoyé ; member : le représentant en est déjà membre ; existing_host : organisme déjà inscrit, ses membres sont prévenus',
                ),
              email: z.string(),
            }),
            ...problems(400, 404, 409, 410),
          },
        },
      },
      async (request, reply) => {
        const r = await acceptInvitation(deps, request.params.token, request.body, context(request));
        if (!r.ok) return fail(reply, r, LINK_NOT_FOUND);
        return r;
      },
    );
  };
