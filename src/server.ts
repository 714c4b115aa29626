import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { z } from 'zod';
import { DEFAULT_MAP, type Config } from './config.ts';
import type { Database } from './db/client.ts';
import { accountRoutes } from './accounts/routes.ts';
import { applicationRoutes } from './applications/routes.ts';
import { applicationJobs } from './applications/timers.ts';
import { emailAuthRoutes } from './accounts/email-auth.routes.ts';
import { externalStageRoutes } from './external-stages/routes.ts';
import { conventionRoutes } from './conventions/routes.ts';
import { afterSignatureRoutes } from './conventions/after.routes.ts';
import { conventionTemplateRoutes } from './conventions/templates.routes.ts';
import { ensureConventions, getConvention } from './conventions/service.ts';
import { platformSealer } from './conventions/certificate.ts';
import { conventionReminderJobs } from './conventions/reminders.ts';
import { signingRoutes } from './conventions/signing.routes.ts';
import { verifyRoutes } from './conventions/verify.routes.ts';
import { outboxSmsSender } from './infra/sms.ts';
import { activationRoutes } from './activation/routes.ts';
import { oidcClients } from './oidc/service.ts';
import { oidcRoutes } from './oidc/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { filesRoutes } from './files/routes.ts';
import { placementDecisionRoutes } from './placement/routes.ts';
import { hostRoutes } from './hosts/routes.ts';
import { offerRoutes } from './offers/routes.ts';
import { offerImportRoutes } from './offers/import.routes.ts';
import { createAddressGeocoder } from './infra/geocoding/ban.ts';
import { getCommuneGeocoder } from './infra/geocoding/communes.ts';
import { schoolRoutes } from './schools/routes.ts';
import { placementRoutes } from './schools/placement.routes.ts';
import { searchRoutes } from './search/routes.ts';
import { installGuard, type RouteEntry } from './http/guard.ts';
import { createJobs, type Jobs } from './infra/jobs.ts';
import { archiveJob } from './offers/archive.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { installProblemHandlers, notFoundProblem, sendProblem } from './http/problem.ts';
import { exportRoutes } from './steering/export.routes.ts';
import { steeringJobs } from './steering/refresh.ts';
import { steeringRoutes } from './steering/routes.ts';
import { summaryJobs, summaryRoutes } from './steering/summaries.ts';

z.config(z.locales.fr());

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));
export const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

declare module 'fastify' {
  interface FastifyInstance {
    /** every API route with the permission it declares (for the access matrix) */
    routeTable: RouteEntry[];
    /** the timed jobs (pg-boss), started when the server listens */
    jobs: Jobs;
  }
}

export interface ServerDeps {
  config: Pick<Config, 'bodyLimit' | 'publicUrl' | 'demo'> &
    Partial<Pick<Config, 'oidc' | 'map' | 'geocoderUrl' | 'jobs' | 'seal'>>;
  database: Database;
  clock: () => Date;
  logger?: FastifyBaseLogger;
  /** folder of the built web app; served at "/" when it exists */
  webDist?: string;
}

/** Builds the Fastify application: the only place where modules are wired together. */
export async function buildServer(deps: ServerDeps) {
  const map = deps.config.map ?? DEFAULT_MAP;
  const app = Fastify({
    loggerInstance: deps.logger ?? (pino({ enabled: false }) as FastifyBaseLogger),
    bodyLimit: deps.config.bodyLimit,
    trustProxy: true,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);

  // Unknown query parameters are refused on every API route (400), never silently ignored.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const schema = (route.schema ??= {});
    if (schema.hide) return;
    const q = schema.querystring;
    if (q === undefined) schema.querystring = z.object({}).strict();
    else if (q instanceof z.ZodObject) schema.querystring = q.strict();
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // the map's tiles come from the configured tile server ({s} subdomains → *)
        imgSrc: ["'self'", 'data:', tileOrigin(map.tileUrl)],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // swagger-ui sets its own policy for its pages
    global: true,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'API Stages de seconde',
        description:
          'API de la plateforme des stages d’observation des élèves de seconde générale et technologique. Les erreurs sont renvoyées en application/problem+json (RFC 9457), en français.',
        version: VERSION,
      },
      servers: [{ url: deps.config.publicUrl }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const secureCookies = deps.config.publicUrl.startsWith('https:');
  const accounts = { db: deps.database.db, clock: deps.clock };
  const routeTable = await installGuard(app, { accounts, secureCookies });
  app.decorate('routeTable', routeTable);

  const startedAt = deps.clock();
  await app.register(
    healthRoutes({ ping: () => deps.database.ping(), version: VERSION, startedAt, clock: deps.clock }),
  );
  await app.register(
    steeringRoutes({ db: deps.database.db, clock: deps.clock, map, publicUrl: deps.config.publicUrl }),
  );
  await app.register(exportRoutes({ db: deps.database.db, clock: deps.clock }));
  await app.register(
    summaryRoutes({ db: deps.database.db, clock: deps.clock, publicUrl: deps.config.publicUrl }),
  );
  await app.register(accountRoutes({ ...accounts, demo: deps.config.demo, secureCookies }));
  // offers' addresses: the Base Adresse Nationale when GEOCODER_URL is set, the communes otherwise
  const geocoder = deps.config.geocoderUrl
    ? createAddressGeocoder({
        url: deps.config.geocoderUrl,
        offline: () => getCommuneGeocoder(deps.database.db),
      })
    : undefined;
  const offersDeps = { ...accounts, publicUrl: deps.config.publicUrl, geocoder };
  await app.register(offerRoutes(offersDeps));
  await app.register(offerImportRoutes(offersDeps));
  await app.register(applicationRoutes({ ...accounts, publicUrl: deps.config.publicUrl }));
  await app.register(externalStageRoutes({ ...accounts, publicUrl: deps.config.publicUrl }));
  await app.register(conventionRoutes({ ...accounts, publicUrl: deps.config.publicUrl }));
  await app.register(conventionTemplateRoutes(accounts));
  // signatures and verification: the platform's seal loaded once (configuration, else the database);
  // SMS codes land in the outbox; multipart is registered inside the verification plugin only
  const sealer = platformSealer({ ...accounts, seal: deps.config.seal });
  await app.register(
    signingRoutes({
      ...accounts,
      publicUrl: deps.config.publicUrl,
      sealer,
      sms: outboxSmsSender(accounts),
      detail: {
        schema: z
          .looseObject({ id: z.string() })
          .describe('La convention à jour (voir GET /api/conventions/{id})'),
        read: async (request, id) => {
          const r = await getConvention(
            { ...accounts, publicUrl: deps.config.publicUrl },
            request.principal!,
            id,
          );
          return r.ok ? r.convention : { id };
        },
      },
    }),
  );
  await app.register(verifyRoutes({ db: deps.database.db, sealer }));
  // after the signature: avenant, attestation of presence (sealed), ZIP of a class
  await app.register(afterSignatureRoutes({ ...accounts, publicUrl: deps.config.publicUrl, sealer }));
  await app.register(searchRoutes({ db: deps.database.db, clock: deps.clock }));
  await app.register(schoolRoutes({ ...accounts, publicUrl: deps.config.publicUrl, secureCookies }));
  await app.register(placementRoutes({ ...accounts, publicUrl: deps.config.publicUrl }));
  await app.register(hostRoutes({ ...accounts, publicUrl: deps.config.publicUrl }));
  await app.register(emailAuthRoutes({ ...accounts, publicUrl: deps.config.publicUrl, secureCookies }));
  const signInDeps = { ...accounts, publicUrl: deps.config.publicUrl, secureCookies };
  await app.register(oidcRoutes({ ...signInDeps, clients: oidcClients(deps.config.oidc ?? {}) }));
  await app.register(activationRoutes(signInDeps));
  await app.register(notificationRoutes({ db: deps.database.db, demo: deps.config.demo }));
  // uploads (CV, exemption documents): multipart is registered inside this plugin only
  await app.register(filesRoutes(accounts));
  await app.register(placementDecisionRoutes(accounts));

  // timed work as pg-boss jobs: started once the server listens (requests injected by the tests
  // never start it; a test runs a job with app.jobs.run), stopped when the server closes
  const jobs = createJobs({
    database: deps.database,
    clock: deps.clock,
    logger: app.log,
    definitions: [
      ...applicationJobs({ db: deps.database.db, publicUrl: deps.config.publicUrl }),
      archiveJob({ db: deps.database.db }),
      ...conventionReminderJobs({ db: deps.database.db, publicUrl: deps.config.publicUrl }),
      ...steeringJobs({ db: deps.database.db, clock: deps.clock }),
      ...summaryJobs({ db: deps.database.db, clock: deps.clock, publicUrl: deps.config.publicUrl }),
    ],
  });
  app.decorate('jobs', jobs);
  if (deps.config.jobs !== false)
    app.addHook('onListen', async () => {
      try {
        await jobs.start();
      } catch (err) {
        app.log.error({ err }, 'tâches planifiées : démarrage impossible');
      }
    });
  // confirmed stages without a convention (confirmed before conventions existed): created once listening
  app.addHook('onListen', async () => {
    try {
      await ensureConventions(deps.database.db, deps.clock, deps.config.publicUrl);
    } catch (err) {
      app.log.error({ err }, 'conventions : création des conventions manquantes impossible');
    }
  });
  app.addHook('onClose', async () => jobs.stop());

  const webDist = deps.webDist ?? WEB_DIST;
  const hasWeb = existsSync(`${webDist}/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      index: ['index.html'],
      // a missing file goes to the not-found handler below (client routes, JSON 404 for the API)
      wildcard: true,
      cacheControl: false,
      setHeaders(reply, path) {
        // hashed file names under assets/ never change; index.html must always be revalidated
        reply.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) {
      return sendProblem(
        reply,
        notFoundProblem(
          'Adresse inconnue',
          `Aucune route de l’API ne correspond à ${request.method} ${path}.`,
        ),
      );
    }
    if (hasWeb && (request.method === 'GET' || request.method === 'HEAD') && !/\.[a-z0-9]+$/i.test(path)) {
      // client-side routes of the web app
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendProblem(
      reply,
      notFoundProblem('Page introuvable', `Aucune ressource ne correspond à ${path}.`),
    );
  });

  return app;
}

/** `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org` (a CSP source). */
export function tileOrigin(tileUrl: string): string {
  const origin = /^https?:\/\/[^/]+/.exec(tileUrl)?.[0] ?? "'self'";
  return origin.replace(/\{[a-z]+\}/g, '*');
}
