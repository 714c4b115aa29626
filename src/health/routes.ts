import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem, problemSchema, sendProblem } from '../http/problem.ts';

export interface HealthDeps {
  ping: () => Promise<void>;
  version: string;
  startedAt: Date;
  clock: () => Date;
}

const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number(),
});

export const healthRoutes =
  (deps: HealthDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/health',
      {
        config: { permission: 'health.read' },
        schema: {
          tags: ['Exploitation'],
          summary: 'État du service',
          description:
            'Répond 200 quand le service et sa base de données répondent, 503 (problem+json) quand la base de données est injoignable.',
          response: { 200: healthSchema, 503: problemSchema.describe('Base de données injoignable') },
        },
      },
      async (request, reply) => {
        try {
          await deps.ping();
        } catch (err) {
          request.log.warn({ err }, 'base de données injoignable');
          return sendProblem(
            reply,
            problem(503, 'service-indisponible', 'Service indisponible', 'La base de données ne répond pas.'),
          );
        }
        return {
          status: 'ok' as const,
          database: 'ok' as const,
          version: deps.version,
          uptimeSeconds: Math.round((deps.clock().getTime() - deps.startedAt.getTime()) / 1000),
        };
      },
    );
  };
