import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FLAG_REASONS, OFFER_STATUSES } from '../db/schema/offers.ts';
import { RETURN_REASON_MIN, type FieldError } from '../domain/offer.ts';
import { notFoundProblem, problem, problemSchema, problems, sendProblem } from '../http/problem.ts';
import {
  OFF_PLATFORM_LOCKED,
  USER_EVENTS,
  applyEvent,
  createOffer,
  flagOffer,
  getHost,
  getOffer,
  hostOffers,
  ienQueue,
  listFlags,
  myOffers,
  resolveFlag,
  schoolOffers,
  updateHost,
  updateOffer,
  type OffersDeps,
} from './service.ts';

const TAG = 'Offres';
const TAG_HOSTS = 'Organismes d’accueil';
const TAG_MODERATION = 'Modération';

const idParam = z.object({ id: z.uuid('identifiant d’offre invalide').describe('Offre') });
const hostParam = z.object({
  hostId: z.uuid('identifiant d’organisme invalide').describe('Organisme d’accueil'),
});

const text = (what: string) => z.string(`${what} : texte attendu`);
const optionalText = (what: string) => text(what).nullable().optional();

const dayHours = z
  .object({
    day: z.number('jour : nombre attendu (1 = lundi … 6 = samedi)').int('jour : nombre entier attendu'),
    from: text('début'),
    to: text('fin'),
    breakMinutes: z.number('pause : nombre de minutes attendu').int('pause : nombre entier de minutes'),
  })
  .strict();

const place = z
  .object({
    address: optionalText('adresse'),
    postalCode: optionalText('code postal'),
    communeName: optionalText('commune'),
    lat: z
      .number('latitude : nombre attendu')
      .min(-90, 'latitude entre -90 et 90')
      .max(90, 'latitude entre -90 et 90')
      .nullable()
      .optional(),
    lon: z
      .number('longitude : nombre attendu')
      .min(-180, 'longitude entre -180 et 180')
      .max(180, 'longitude entre -180 et 180')
      .nullable()
      .optional(),
  })
  .strict()
  .describe(
    'Lieu du stage : les coordonnées données (épingle déplacée) priment, sinon la commune est située d’après le code postal et son nom',
  );

const offerFields = {
  title: text('titre').describe('150 caractères au plus, gardé tel quel (le HTML est du texte)'),
  description: text('description').describe('1 500 caractères au plus'),
  activities: optionalText('activités').describe('Activités observées, 1 500 caractères au plus'),
  sectorCode: text('secteur').describe('Code du secteur (voir les secteurs de la plateforme)'),
  place: place.nullable().optional(),
  weeks: z
    .array(
      z
        .object({
          week: z.number('semaine : 1 ou 2').int('semaine : 1 ou 2'),
          places: z.number('places : nombre attendu').int('places : nombre entier attendu'),
        })
        .strict(),
      'semaines : liste attendue',
    )
    .max(10, 'semaines : 2 au plus')
    .describe('Places par semaine officielle (1 et/ou 2), de 1 à 50'),
  groupReception: z.boolean('accueil en groupe : vrai ou faux').optional(),
  hours: z
    .array(dayHours)
    .max(10, 'horaires : 6 jours au plus')
    .nullable()
    .optional()
    .describe('Horaires du lundi (1) au samedi (6)'),
  lunch: optionalText('repas'),
  accessible: z.boolean('accessibilité : vrai ou faux').optional(),
  contactName: optionalText('nom du contact'),
  contactEmail: optionalText('courriel du contact'),
  contactPhone: optionalText('téléphone du contact'),
  reservedTo: z
    .array(text('UAI'), 'réservation : liste d’UAI attendue')
    .max(50, 'réservation : 50 lycées au plus')
    .optional()
    .describe('UAI des lycées dont seuls les élèves voient l’offre'),
  priorityEducation: z.boolean('priorité REP/QPV : vrai ou faux').optional(),
  serviceUai: text('service')
    .optional()
    .describe('Services académiques (DSDEN, rectorat) : UAI du service qui accueille'),
};

const offerBody = z.object(offerFields).strict();
const offerPatch = z.object(offerFields).partial().strict();

const weekSchema = z.object({ week: z.number(), places: z.number(), taken: z.number(), left: z.number() });
const offerSchema = z.object({
  id: z.string(),
  status: z.enum(OFFER_STATUSES),
  source: z.string(),
  title: z.string(),
  description: z.string(),
  activities: z.string().nullable(),
  sectorCode: z.string(),
  host: z.object({
    id: z.string(),
    name: z.string(),
    isPublic: z.boolean(),
    publicEmployerGroup: z.string().nullable(),
  }),
  place: z.object({
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    communeName: z.string().nullable(),
    communeInsee: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
  }),
  weeks: z.array(weekSchema),
  groupReception: z.boolean(),
  hours: z
    .array(z.object({ day: z.number(), from: z.string(), to: z.string(), breakMinutes: z.number() }))
    .nullable(),
  lunch: z.string().nullable(),
  accessible: z.boolean(),
  educationNationale: z
    .boolean()
    .describe('Offre de l’Éducation nationale (lycée, école, services académiques)'),
  priorityEducation: z.boolean(),
  reservedTo: z.array(z.string()),
  contact: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  schoolUai: z.string().nullable(),
  serviceUai: z.string().nullable(),
  statusReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const listItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(OFFER_STATUSES),
  source: z.string(),
  statusReason: z.string().nullable(),
  communeName: z.string().nullable(),
  weeks: z.array(weekSchema),
  submittedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
});

const hostSchema = z.object({
  id: z.string(),
  name: z.string(),
  siret: z.string().nullable(),
  isPublic: z.boolean(),
  publicEmployerGroup: z.string().nullable(),
  nafCode: z.string().nullable(),
  nafLabel: z.string().nullable(),
  suggestedSector: z.string().nullable().describe('Secteur suggéré d’après le code NAF'),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
});

function context(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

function invalid(reply: FastifyReply, errors: FieldError[]) {
  return sendProblem(
    reply,
    problem(400, 'offre-invalide', 'Offre invalide', errors.map((e) => e.message).join(' ; '), errors),
  );
}

function offerNotFound(reply: FastifyReply) {
  return sendProblem(
    reply,
    notFoundProblem('Offre introuvable', 'Aucune offre accessible ne correspond à cette adresse.'),
  );
}

function forbidden(reply: FastifyReply, detail = 'Seul le responsable de l’offre peut faire cela.') {
  return sendProblem(reply, problem(403, 'acces-refuse', 'Accès refusé', detail));
}

/** Offers: the channels that publish them, their lifecycle, flags and moderation, host organisations. */
export const offerRoutes =
  (deps: OffersDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/offers',
      {
        config: { permission: 'offer.write' },
        schema: {
          tags: [TAG],
          summary: 'Créer une offre',
          description:
            'Le canal dépend du rôle : organisme d’accueil (brouillon, à publier), chef d’établissement (offre du lycée, publiée aussitôt, marquée Éducation nationale), directeur d’école (brouillon à soumettre à l’IEN), DSDEN et rectorat (offre d’un de leurs services, publiée aussitôt). Les horaires sont vérifiés selon les limites de la campagne.',
          body: offerBody,
          response: { 201: offerSchema, 400: problemSchema, 403: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await createOffer(deps, request.principal!, request.body, context(request));
        if (!r.ok)
          return r.error === 'invalid'
            ? invalid(reply, r.errors)
            : forbidden(reply, 'Votre compte ne peut pas publier d’offre.');
        return reply.code(201).send(r.offer);
      },
    );

    app.get(
      '/api/offers/mine',
      {
        config: { permission: 'offer.write' },
        schema: {
          tags: [TAG],
          summary: 'Mes offres',
          description:
            'Les offres du canal du compte connecté : celles de son organisme d’accueil, de son lycée (chef d’établissement), de son école (directeur, avec le motif d’un renvoi par l’IEN) ou des services académiques de son périmètre (DSDEN, rectorat), avec les places prises et restantes par semaine. Donne aussi ce dont l’éditeur d’offre a besoin : les services pour lesquels la DSDEN ou le rectorat peut publier, les semaines et les limites horaires de la campagne, les secteurs.',
          response: {
            200: z.object({
              channel: z
                .enum(['host', 'lycee', 'ecole', 'service', 'partner'])
                .nullable()
                .describe('Canal des offres du compte'),
              owner: z.string().nullable().describe('Organisme, lycée ou école du compte'),
              items: z.array(
                listItemSchema.extend({
                  serviceName: z.string().optional().describe('Service académique qui accueille'),
                }),
              ),
              services: z
                .array(z.object({ uai: z.string(), name: z.string() }))
                .describe('DSDEN et rectorat : les services académiques pour lesquels publier'),
              campaign: z.object({
                schoolYear: z.string(),
                weeks: z.array(z.object({ week: z.number(), start: z.string(), end: z.string() })),
                limits: z.object({
                  maxMinutesPerDay: z.number(),
                  maxMinutesPerWeek: z.number(),
                  minDaysPerWeek: z.number(),
                  breakAfterMinutes: z.number(),
                  breakMinutes: z.number(),
                  earliestStart: z.string(),
                  latestEnd: z.string(),
                  minRestHours: z.number(),
                  consecutiveRestDays: z.number(),
                }),
              }),
              sectors: z.array(z.object({ code: z.string(), name: z.string() })),
            }),
          },
        },
      },
      async (request) => myOffers(deps, request.principal!),
    );

    app.get(
      '/api/offers/:id',
      {
        config: { permission: 'offer.read' },
        schema: {
          tags: [TAG],
          summary: 'Une offre',
          description:
            'Publique quand elle est publiée ou complète ; une offre réservée n’est visible que des élèves et personnels des lycées concernés. Son responsable et les personnels de son périmètre voient aussi les brouillons.',
          params: idParam,
          response: { 200: offerSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await getOffer(deps, request.principal, request.params.id);
        if (!r.ok) return offerNotFound(reply);
        return r.offer;
      },
    );

    app.patch(
      '/api/offers/:id',
      {
        config: { permission: 'offer.write' },
        schema: {
          tags: [TAG],
          summary: 'Modifier une offre',
          description:
            'Par son responsable. Une offre publiée le reste ; les places ne descendent pas sous les places déjà prises. Une offre soumise à l’IEN ou archivée ne se modifie pas.',
          params: idParam,
          body: offerPatch,
          response: {
            200: offerSchema,
            ...problems(400, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const r = await updateOffer(
          deps,
          request.principal!,
          request.params.id,
          request.body,
          context(request),
        );
        if (r.ok) return r.offer;
        switch (r.error) {
          case 'invalid':
            return invalid(reply, r.errors);
          case 'forbidden':
            return forbidden(reply);
          case 'locked':
            return sendProblem(
              reply,
              problem(
                409,
                'offre-verrouillee',
                'Offre non modifiable',
                'Une offre soumise à l’IEN ou archivée ne peut pas être modifiée.',
              ),
            );
          case 'off_platform':
            return sendProblem(
              reply,
              problem(409, 'stage-hors-plateforme', 'Stage trouvé hors plateforme', OFF_PLATFORM_LOCKED),
            );
          default:
            return offerNotFound(reply);
        }
      },
    );

    app.post(
      '/api/offers/:id/events/:event',
      {
        config: { permission: 'offer.transition' },
        schema: {
          tags: [TAG],
          summary: 'Changer l’état d’une offre',
          description:
            'publish (organisme), submit (directeur d’école, vers l’IEN), validate et return (IEN de la circonscription, return avec un motif de 10 caractères au moins), unpublish (responsable, ou modération avec un motif), republish.',
          params: idParam.extend({ event: z.enum(USER_EVENTS, 'événement inconnu') }),
          body: z
            .object({
              reason: z
                .string('motif : texte attendu')
                .max(1000, 'motif : 1 000 caractères au plus')
                .optional(),
            })
            .strict()
            .nullish()
            .describe('Motif (retour de l’IEN, dépublication par la modération)'),
          response: {
            200: offerSchema,
            ...problems(400, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const r = await applyEvent(
          deps,
          request.principal!,
          request.params.id,
          request.params.event,
          request.body?.reason,
          context(request),
        );
        if (r.ok) return r.offer;
        switch (r.error) {
          case 'invalid_state':
            return sendProblem(reply, problem(409, 'etat-incompatible', 'Changement impossible', r.message));
          case 'conflict':
            return sendProblem(
              reply,
              problem(
                409,
                'etat-incompatible',
                'Changement impossible',
                'L’offre vient de changer : rechargez la page.',
              ),
            );
          case 'reason_required':
            return sendProblem(
              reply,
              problem(
                400,
                'motif-requis',
                'Motif requis',
                'Indiquez le motif (il sera communiqué au responsable de l’offre).',
                [{ field: 'reason', message: 'motif : à renseigner' }],
              ),
            );
          case 'reason_too_short':
            return sendProblem(
              reply,
              problem(
                400,
                'motif-trop-court',
                'Motif trop court',
                `Le motif du renvoi doit compter ${RETURN_REASON_MIN} caractères au moins, pour que l’école sache quoi corriger.`,
                [{ field: 'reason', message: `motif : ${RETURN_REASON_MIN} caractères au moins` }],
              ),
            );
          case 'forbidden':
            return forbidden(reply, 'Votre rôle ne permet pas ce changement sur cette offre.');
          default:
            return offerNotFound(reply);
        }
      },
    );

    app.get(
      '/api/ien/queue',
      {
        config: { permission: 'offer.validate' },
        schema: {
          tags: [TAG],
          summary: 'Offres des écoles à valider',
          description:
            'Les offres soumises par les écoles de la circonscription de l’IEN, les plus anciennes d’abord.',
          response: { 200: z.object({ items: z.array(listItemSchema.extend({ schoolName: z.string() })) }) },
        },
      },
      async (request) => ({ items: (await ienQueue(deps, request.principal!)).items }),
    );

    app.get(
      '/api/hosts/:hostId/offers',
      {
        config: { permission: 'host.offers.read' },
        schema: {
          tags: [TAG_HOSTS],
          summary: 'Offres de l’organisme',
          description: 'Tableau de bord : chaque offre avec ses places prises et restantes par semaine.',
          params: hostParam,
          response: {
            200: z.object({
              host: z.object({ id: z.string(), name: z.string() }),
              items: z.array(listItemSchema),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await hostOffers(deps, request.principal!, request.params.hostId);
        if (!r.ok)
          return sendProblem(
            reply,
            notFoundProblem('Organisme introuvable', 'Aucun organisme de votre périmètre ne correspond.'),
          );
        return { host: r.host, items: r.items };
      },
    );

    app.get(
      '/api/schools/:uai/offers',
      {
        config: { permission: 'school.offers.read' },
        schema: {
          tags: [TAG],
          summary: 'Offres du lycée',
          description: 'Les offres que le lycée publie lui-même.',
          params: z.object({
            uai: z.string().regex(/^\d{7}[A-Z]$/, 'UAI invalide (7 chiffres et une lettre)'),
          }),
          response: {
            200: z.object({
              school: z.object({ uai: z.string(), name: z.string() }),
              items: z.array(listItemSchema),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await schoolOffers(deps, request.principal!, request.params.uai);
        if (!r.ok)
          return sendProblem(
            reply,
            notFoundProblem(
              'Établissement introuvable',
              'Aucun établissement de votre périmètre ne correspond.',
            ),
          );
        return { school: r.school, items: r.items };
      },
    );

    app.post(
      '/api/offers/:id/flags',
      {
        config: { permission: 'offer.flag' },
        schema: {
          tags: [TAG_MODERATION],
          summary: 'Signaler une offre',
          description:
            'Ouvert à tous. Motifs : suspicious (suspecte), inappropriate (inappropriée), wrong_address (adresse erronée), misleading (trompeuse), other (autre). Limité par adresse IP.',
          params: idParam,
          body: z
            .object({
              reason: z.enum(
                FLAG_REASONS,
                'motif : suspicious, inappropriate, wrong_address, misleading ou other',
              ),
              comment: z
                .string('commentaire : texte attendu')
                .max(1000, 'commentaire : 1 000 caractères au plus')
                .optional(),
            })
            .strict(),
          response: { 201: z.object({ id: z.string() }), 404: problemSchema, 429: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await flagOffer(deps, request.principal, request.params.id, request.body, context(request));
        if (r.ok) return reply.code(201).send({ id: r.id });
        if (r.error === 'rate_limited')
          return sendProblem(
            reply,
            problem(429, 'trop-de-requetes', 'Trop de signalements', 'Réessayez dans une heure.'),
          );
        return offerNotFound(reply);
      },
    );

    app.get(
      '/api/moderation/flags',
      {
        config: { permission: 'offer.moderate' },
        schema: {
          tags: [TAG_MODERATION],
          summary: 'Signalements à traiter',
          description:
            'Signalements ouverts, les plus anciens d’abord (le rectorat : ceux de son académie) ; avec status=resolved, les signalements traités, les plus récents d’abord.',
          querystring: z
            .object({
              status: z
                .enum(['open', 'resolved'], 'status : open ou resolved')
                .optional()
                .describe('open (par défaut) ou resolved'),
            })
            .strict(),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  reason: z.enum(FLAG_REASONS),
                  comment: z.string().nullable(),
                  createdAt: z.string(),
                  resolvedAt: z.string().nullable(),
                  resolution: z
                    .string()
                    .nullable()
                    .describe('dismiss ou unpublish, suivi du message (« unpublish: … »)'),
                  offer: z.object({
                    id: z.string(),
                    title: z.string(),
                    status: z.enum(OFFER_STATUSES),
                    hostName: z.string(),
                  }),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({
        items: await listFlags(deps, request.principal!, request.query.status === 'resolved'),
      }),
    );

    app.post(
      '/api/moderation/flags/:id/resolve',
      {
        config: { permission: 'offer.moderate' },
        schema: {
          tags: [TAG_MODERATION],
          summary: 'Traiter un signalement',
          description:
            'dismiss : classer sans suite ; unpublish : dépublier l’offre avec un message envoyé par courriel aux membres de l’organisme (les autres signalements de l’offre sont clos).',
          params: z.object({ id: z.uuid('identifiant de signalement invalide') }),
          body: z
            .object({
              action: z.enum(['dismiss', 'unpublish'], 'action : dismiss ou unpublish'),
              message: z
                .string('message : texte attendu')
                .max(2000, 'message : 2 000 caractères au plus')
                .optional(),
            })
            .strict(),
          response: {
            200: z.object({ offerStatus: z.enum(OFFER_STATUSES) }),
            ...problems(400, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const r = await resolveFlag(
          deps,
          request.principal!,
          request.params.id,
          request.body,
          context(request),
        );
        if (r.ok) return { offerStatus: r.offerStatus };
        if (r.error === 'resolved')
          return sendProblem(
            reply,
            problem(409, 'deja-traite', 'Signalement déjà traité', 'Ce signalement a déjà été traité.'),
          );
        if (r.error === 'message_required')
          return sendProblem(
            reply,
            problem(
              400,
              'message-requis',
              'Message requis',
              'Expliquez à l’organisme pourquoi son offre est dépubliée.',
              [{ field: 'message', message: 'message : à renseigner' }],
            ),
          );
        return sendProblem(
          reply,
          notFoundProblem('Signalement introuvable', 'Aucun signalement de votre périmètre ne correspond.'),
        );
      },
    );

    app.get(
      '/api/hosts/:hostId',
      {
        config: { permission: 'host.manage' },
        schema: {
          tags: [TAG_HOSTS],
          summary: 'Fiche de l’organisme',
          description:
            'Nom, SIRET, statut public ou privé, employeur public, code NAF (avec son libellé et le secteur suggéré).',
          params: hostParam,
          response: { 200: hostSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await getHost(deps, request.principal!, request.params.hostId);
        if (!r.ok)
          return sendProblem(
            reply,
            notFoundProblem('Organisme introuvable', 'Aucun organisme de votre périmètre ne correspond.'),
          );
        return r.host;
      },
    );

    app.patch(
      '/api/hosts/:hostId',
      {
        config: { permission: 'host.manage' },
        schema: {
          tags: [TAG_HOSTS],
          summary: 'Modifier la fiche de l’organisme',
          description:
            'SIRET vérifié (14 chiffres, clé de Luhn, exception de La Poste) ; un organisme public peut ne pas en avoir. Code NAF vérifié dans la nomenclature NAF rév. 2.',
          params: hostParam,
          body: z
            .object({
              name: z.string('nom : texte attendu').optional(),
              siret: z.string('SIRET : texte attendu').nullable().optional(),
              isPublic: z.boolean('public : vrai ou faux').optional(),
              publicEmployerGroup: z
                .string('employeur public : texte attendu')
                .max(200, 'employeur public : 200 caractères au plus')
                .nullable()
                .optional(),
              nafCode: z
                .string('code NAF : texte attendu')
                .max(20, 'code NAF : trop long')
                .nullable()
                .optional(),
              address: z.string('adresse : texte attendu').nullable().optional(),
              postalCode: z.string('code postal : texte attendu').nullable().optional(),
              communeName: z.string('commune : texte attendu').nullable().optional(),
            })
            .strict(),
          response: { 200: hostSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await updateHost(
          deps,
          request.principal!,
          request.params.hostId,
          request.body,
          context(request),
        );
        if (r.ok) return r.host;
        if (r.error === 'invalid')
          return sendProblem(
            reply,
            problem(
              400,
              'organisme-invalide',
              'Fiche invalide',
              r.errors.map((e) => e.message).join(' ; '),
              r.errors,
            ),
          );
        return sendProblem(
          reply,
          notFoundProblem('Organisme introuvable', 'Aucun organisme de votre périmètre ne correspond.'),
        );
      },
    );
  };
