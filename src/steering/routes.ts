import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { problem, problemResponses, problems, sendProblem, type Problem } from '../http/problem.ts';
import {
  circonscriptionFiguresSchema,
  dashboardQuerySchema,
  dashboardSchema,
  publicStatsSchema,
  remindersInputSchema,
  remindersResultSchema,
  steeringHomeSchema,
  steeringMapSchema,
  unplacedSchema,
} from './schemas.ts';
import {
  getCirconscription,
  getDashboard,
  getHome,
  getMap,
  getPublicStats,
  getUnplaced,
  sendSteeringReminders,
  viewerOf,
  type SteeringDeps,
  type SteeringError,
  type SteeringErrorCode,
} from './service.ts';
import { z } from 'zod';

export const steeringRoutes =
  (
    deps: SteeringDeps & { map: { tileUrl: string; attribution: string }; publicUrl: string },
  ): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/public/stats',
      {
        config: { permission: 'stats.public.read' },
        schema: {
          tags: ['Chiffres publics'],
          summary: 'Chiffres publics de la campagne en cours',
          description:
            'Campagne en cours (année scolaire, semaines officielles) et chiffres agrégés : lycées, élèves de 2de GT, offres, places par semaine, organismes d’accueil, offres par secteur. Aucune donnée personnelle. Accessible sans compte.',
          response: { 200: publicStatsSchema, ...problemResponses },
        },
      },
      async () => getPublicStats(deps),
    );

    app.get(
      '/api/public/map',
      {
        config: { permission: 'stats.public.read' },
        schema: {
          tags: ['Chiffres publics'],
          summary: 'Fond de carte',
          description:
            'Adresse des tuiles du fond de carte (modèle Leaflet avec {z}, {x}, {y}) et leur crédit, tels que configurés (MAP_TILE_URL, MAP_TILE_ATTRIBUTION). Accessible sans compte.',
          response: {
            200: z.object({
              tileUrl: z.string().describe('Modèle d’adresse des tuiles'),
              attribution: z.string().describe('Crédit à afficher sur la carte'),
            }),
            ...problemResponses,
          },
        },
      },
      async () => deps.map,
    );

    // -------------------------------------------------------------------------------------------
    // Dashboards (issue 7)

    const scopeQuery = z.object({ scope: dashboardQuerySchema.shape.scope });
    const viewer = (request: FastifyRequest) => viewerOf(deps, request.principal!);
    const context = (request: FastifyRequest) => ({
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    });
    const TAGS = ['Pilotage'];
    const SCOPE_RULES =
      'Périmètres visibles : l’administrateur voit tout ; le rectorat son académie et tout ce qu’elle contient ; la DSDEN son département, ses bassins (si tous leurs lycées y sont), ses lycées et classes ; le chef d’établissement son lycée et ses classes ; un professeur les classes dont il est référent ; l’IEN sa circonscription. Hors de son périmètre : 404 ; périmètre mal écrit : 400 ; inconnu : 404.';

    app.get(
      '/api/steering/home',
      {
        config: { permission: 'steering.view' },
        schema: {
          tags: TAGS,
          summary: 'Périmètre d’arrivée du pilotage',
          description:
            'Le tableau de bord où arrive la personne connectée : son académie (rectorat), son département (DSDEN), son lycée (chef d’établissement), sa première classe (professeur référent), sa circonscription (IEN), la France entière (administrateur). 404 pour un personnel référent d’aucune classe.',
          response: { 200: steeringHomeSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const r = await getHome(deps, await viewer(request));
        if (!r.ok) return sendProblem(reply, steeringProblem(r.error));
        return { scope: r.value };
      },
    );

    app.get(
      '/api/steering/dashboard',
      {
        config: { permission: 'steering.view' },
        schema: {
          tags: TAGS,
          summary: 'Tableau de bord d’un périmètre',
          description: `Indicateurs d’un périmètre (national, académie, département, bassin, lycée, classe), calculés au plus une minute plus tôt (computedAt) : part des élèves de 2de GT placés (convention signée), élèves par statut, conventions par étape et signatures manquantes, un ou deux organismes, distances, délais, offres et places par secteur et par type d’organisme, places par élève, places non pourvues ; le niveau inférieur (children) pour descendre ; l’évolution jour par jour et celle de la campagne précédente alignée sur sa première semaine. Le filtre schoolType (public, privé sous contrat) s’applique aux élèves ; les offres ne sont pas filtrées (elles sont celles du territoire). Une classe n’a ni offres ni évolution. ${SCOPE_RULES}`,
          querystring: dashboardQuerySchema,
          response: { 200: dashboardSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const r = await getDashboard(
          deps,
          await viewer(request),
          request.query.scope,
          request.query.schoolType,
        );
        if (!r.ok) return sendProblem(reply, steeringProblem(r.error));
        return r.value;
      },
    );

    app.get(
      '/api/steering/map',
      {
        config: { permission: 'steering.view' },
        schema: {
          tags: TAGS,
          summary: 'Carte des places par élève',
          description: `Les lycées du périmètre avec leurs coordonnées, leurs élèves et les places des communes dont ils sont le lycée le plus proche ; les communes du périmètre ayant des offres ou des élèves domiciliés (aucune au niveau national, trop nombreuses). Places par élève = places des deux semaines / (2 × élèves). ${SCOPE_RULES}`,
          querystring: scopeQuery,
          response: { 200: steeringMapSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const r = await getMap(deps, await viewer(request), request.query.scope);
        if (!r.ok) return sendProblem(reply, steeringProblem(r.error));
        return r.value;
      },
    );

    app.get(
      '/api/steering/unplaced',
      {
        config: { permission: 'steering.view' },
        schema: {
          tags: TAGS,
          summary: 'Élèves sans stage',
          description: `Les élèves à placer ou en cours. Pour le chef d’établissement et les professeurs référents, dans un lycée ou une classe : les noms, en direct (consultation inscrite au journal des accès aux données personnelles). Au-dessus du lycée, et pour les services académiques : seulement des effectifs, par lycée ayant au moins un tel élève, jamais de nom. ${SCOPE_RULES}`,
          querystring: scopeQuery,
          response: { 200: unplacedSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const r = await getUnplaced(deps, await viewer(request), request.query.scope, context(request));
        if (!r.ok) return sendProblem(reply, steeringProblem(r.error));
        return r.value;
      },
    );

    app.post(
      '/api/steering/reminders',
      {
        config: { permission: 'steering.remind' },
        schema: {
          tags: TAGS,
          summary: 'Relancer en un clic',
          description: `Chef d’établissement ou professeur référent, pour un lycée ou une classe : un courriel à chaque élève encore à placer et à ses responsables légaux (une fois par 24 heures et par élève). DSDEN ou rectorat, pour un département, un bassin, un lycée ou une classe de son périmètre : un courriel aux chefs de chaque lycée ayant des élèves à placer ou en cours, avec les effectifs et le lien vers le tableau de bord du lycée (une fois par 24 heures et par lycée). La réponse dit combien de personnes ont été relancées. ${SCOPE_RULES}`,
          body: remindersInputSchema.strict(),
          response: { 200: remindersResultSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const r = await sendSteeringReminders(
          deps,
          await viewer(request),
          request.body.scope,
          context(request),
        );
        if (!r.ok) return sendProblem(reply, steeringProblem(r.error));
        return r.value;
      },
    );

    app.get(
      '/api/steering/circonscription',
      {
        config: { permission: 'steering.circonscription.read' },
        schema: {
          tags: TAGS,
          summary: 'Offres des écoles d’une circonscription',
          description: `Pour l’IEN (et la DSDEN, le rectorat au-dessus) : les offres des écoles de la circonscription par état (brouillon, soumise à l’IEN, publiée, complète, renvoyée à l’école, dépubliée), les places des offres publiées ou complètes par semaine et celles déjà prises, la plus ancienne offre en attente de validation, et chaque école. En direct. ${SCOPE_RULES}`,
          querystring: scopeQuery,
          response: { 200: circonscriptionFiguresSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const r = await getCirconscription(deps, await viewer(request), request.query.scope);
        if (!r.ok) return sendProblem(reply, steeringProblem(r.error));
        return r.value;
      },
    );
  };

const STEERING_PROBLEMS: Record<SteeringErrorCode, { status: number; slug: string; title: string }> = {
  malformed: { status: 400, slug: 'perimetre-invalide', title: 'Périmètre invalide' },
  not_found: { status: 404, slug: 'introuvable', title: 'Périmètre introuvable' },
  outside: { status: 404, slug: 'introuvable', title: 'Périmètre introuvable' },
  forbidden: { status: 403, slug: 'acces-refuse', title: 'Accès refusé' },
  not_applicable: {
    status: 400,
    slug: 'perimetre-non-pris-en-charge',
    title: 'Périmètre non pris en charge',
  },
  no_home: { status: 404, slug: 'introuvable', title: 'Aucun tableau de bord' },
};

/** A dashboard failure as problem+json. */
export function steeringProblem(error: SteeringError): Problem {
  const p = STEERING_PROBLEMS[error.code];
  return problem(
    p.status,
    p.slug,
    p.title,
    error.detail,
    error.code === 'malformed' || error.code === 'not_applicable'
      ? [{ field: 'scope', message: error.detail }]
      : undefined,
  );
}
