import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFoundProblem, problem, problemSchema, problems, sendProblem } from '../http/problem.ts';
import {
  activate,
  createClassCode,
  listClassCodes,
  schoolClassCodes,
  type ActivationDeps,
} from './service.ts';

const codeSchema = z.object({
  code: z.string().describe('Code de 8 caractères à donner aux élèves'),
  createdAt: z.string(),
  expiresAt: z.string(),
});

const classParams = z.object({ classId: z.uuid('identifiant de classe invalide') }).strict();

const classNotFound = () =>
  notFoundProblem('Classe introuvable', 'Aucune classe de votre établissement ne correspond.');

const name = (what: string) =>
  z
    .string({ error: () => `${what} : attendu` })
    .trim()
    .min(1, `${what} : à renseigner`)
    .max(100, `${what} : 100 caractères au plus`);

const activationBody = z
  .object({
    classCode: z
      .string({ error: () => 'code de classe : attendu' })
      .trim()
      .min(1, 'code de classe : à renseigner')
      .max(20, 'code de classe : 8 caractères attendus'),
    lastName: name('nom de l’élève'),
    firstName: name('prénom de l’élève'),
    birthDate: z.iso.date({ error: () => 'date de naissance : attendue au format AAAA-MM-JJ' }),
    email: z
      .email({ error: () => 'adresse électronique invalide' })
      .max(254, 'adresse électronique trop longue'),
    guardian: z
      .object({ lastName: name('votre nom'), firstName: name('votre prénom') })
      .strict()
      .optional()
      .describe('Représentant légal : son nom, tel qu’il figure au dossier de l’élève'),
  })
  .strict();

export const activationRoutes =
  (deps: ActivationDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/class-codes',
      {
        config: { permission: 'class_code.create' },
        schema: {
          tags: ['Établissements'],
          summary: 'Codes de classe de mon lycée',
          description: 'Les classes du lycée, avec leurs codes en cours de validité.',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  schoolYear: z.string(),
                  students: z.number().int(),
                  codes: z.array(codeSchema),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({ items: await schoolClassCodes(deps, request.principal!) }),
    );

    app.post(
      '/api/classes/:classId/codes',
      {
        config: { permission: 'class_code.create' },
        schema: {
          tags: ['Établissements'],
          summary: 'Créer un code de classe',
          description:
            'Crée un code de 8 caractères (sans 0, O, 1 ni I), valable 30 jours, avec lequel les élèves de la classe et leurs représentants légaux activent leur compte. Chef d’établissement ou personnel du lycée de la classe.',
          params: classParams,
          response: {
            201: codeSchema.extend({ classId: z.string(), className: z.string() }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await createClassCode(deps, request.principal!, request.params.classId);
        if (!r.ok) return sendProblem(reply, classNotFound());
        const { ok: _ok, ...body } = r;
        return reply.code(201).send(body);
      },
    );

    app.get(
      '/api/classes/:classId/codes',
      {
        config: { permission: 'class_code.create' },
        schema: {
          tags: ['Établissements'],
          summary: 'Codes en cours de validité d’une classe',
          params: classParams,
          response: {
            200: z.object({ classId: z.string(), className: z.string(), items: z.array(codeSchema) }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await listClassCodes(deps, request.principal!, request.params.classId);
        if (!r.ok) return sendProblem(reply, classNotFound());
        const { ok: _ok, ...body } = r;
        return body;
      },
    );

    app.post(
      '/api/auth/activate',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Comptes'],
          summary: 'Activer son compte avec un code de classe',
          description:
            'L’élève (ou son représentant légal, avec `guardian`) donne le code de classe, le nom, le prénom et la date de naissance de l’élève, et une adresse électronique : un lien de connexion à usage unique y est envoyé. Si les informations ne correspondent pas, la réponse ne dit pas lequel des champs est faux. Limité par adresse IP.',
          body: activationBody,
          response: {
            200: z.object({ ok: z.literal(true), email: z.string() }),
            ...problems(422, 429),
          },
        },
      },
      async (request, reply) => {
        const r = await activate(deps, request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        if (r.ok) return { ok: true as const, email: request.body.email.trim().toLowerCase() };
        if (r.error === 'rate_limited') {
          reply.header('retry-after', String(r.retryAfterSeconds));
          return sendProblem(
            reply,
            problem(
              429,
              'trop-de-tentatives',
              'Trop de tentatives',
              `Trop de tentatives d’activation depuis cette connexion : réessayez dans ${Math.ceil(r.retryAfterSeconds / 60)} minutes.`,
            ),
          );
        }
        return sendProblem(
          reply,
          problem(
            422,
            'activation-refusee',
            'Activation impossible',
            'Ces informations ne correspondent à aucun élève de la classe, ou le code n’est plus valable. Vérifiez le code de classe, le nom, le prénom et la date de naissance tels qu’ils figurent au dossier de l’élève.',
          ),
        );
      },
    );
  };
