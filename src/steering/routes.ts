import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../http/problem.ts';
import { publicStatsSchema } from './schemas.ts';
import { getPublicStats, type SteeringDeps } from './service.ts';
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
  };
