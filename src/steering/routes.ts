import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../http/problem.ts';
import { publicStatsSchema } from './schemas.ts';
import { getPublicStats, type SteeringDeps } from './service.ts';

export const steeringRoutes =
  (deps: SteeringDeps): FastifyPluginAsyncZod =>
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
  };
