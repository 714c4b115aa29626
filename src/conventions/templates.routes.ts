/**
 * The rectorat's convention templates (issue 6 §2): list, placeholders documentation, a new draft
 * version (the text is posted as JSON; the web page reads a .txt/.md file in the browser), a PDF
 * preview, the publication.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TEMPLATE_STATUSES } from '../domain/convention.ts';
import { PDF_MEDIA_TYPE } from '../domain/files.ts';
import { problems } from '../http/problem.ts';
import { requestContext, sendConventionProblem } from './problems.ts';
import {
  createTemplateVersion,
  listTemplateVersions,
  placeholderDocs,
  publishTemplate,
  templatePreview,
  type TemplateError,
  type TemplatesDeps,
} from './templates.service.ts';

const TAG = 'Modèles de convention';

const templateSchema = z.object({
  id: z.string(),
  academyCode: z.string().nullable(),
  isDefault: z.boolean().describe('le modèle par défaut de la plateforme'),
  schoolYear: z.string(),
  version: z.number(),
  name: z.string(),
  status: z.enum(TEMPLATE_STATUSES),
  body: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  placeholders: z.array(z.string()).describe('les champs utilisés, dans l’ordre'),
  conventionCount: z.number().describe('conventions qui utilisent cette version'),
});

const idParam = z.object({ id: z.uuid('identifiant de modèle invalide').describe('Modèle') });

function fail(reply: FastifyReply, e: TemplateError) {
  if (e.error === 'invalid_template')
    return sendConventionProblem(
      reply,
      e.error,
      e.message,
      e.problems.map((p) => ({ field: `body.${p.placeholder}`, message: p.message })),
    );
  return sendConventionProblem(reply, e.error === 'not_found' ? 'template_not_found' : e.error, e.message);
}

export const conventionTemplateRoutes =
  (deps: TemplatesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/convention-templates',
      {
        config: { permission: 'conventions.templates' },
        schema: {
          tags: [TAG],
          summary: 'Les versions du modèle de convention',
          description:
            'Le rectorat : les versions de son académie et le modèle par défaut de la plateforme pour chaque année scolaire de ses campagnes (statut brouillon, publié, retiré ; qui, quand ; champs utilisés). L’administrateur : toutes les académies.',
          response: { 200: z.object({ items: z.array(templateSchema) }) },
        },
      },
      async (request) => listTemplateVersions(deps, request.principal!),
    );

    app.get(
      '/api/convention-templates/placeholders',
      {
        config: { permission: 'conventions.templates' },
        schema: {
          tags: [TAG],
          summary: 'Les champs d’un modèle',
          description:
            'Chaque champ `{{cle}}` qu’un modèle peut utiliser : libellé, obligatoire ou non, tableau (seul sur sa ligne).',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  key: z.string(),
                  code: z.string(),
                  label: z.string(),
                  required: z.boolean(),
                  block: z.boolean(),
                }),
              ),
            }),
          },
        },
      },
      async () => ({ items: placeholderDocs() }),
    );

    app.post(
      '/api/convention-templates',
      {
        config: { permission: 'conventions.templates' },
        schema: {
          tags: [TAG],
          summary: 'Nouvelle version (brouillon)',
          description:
            'Enregistre une version brouillon pour l’académie du rectorat (l’administrateur : `academyCode`, ou la plateforme sans). Le texte est vérifié : un champ inconnu, un champ obligatoire absent, un tableau qui n’est pas seul sur sa ligne la refusent en 422 (un message par champ), rien n’est enregistré. Un fichier .txt ou .md est lu par la page et envoyé comme texte.',
          body: z
            .object({
              schoolYear: z
                .string('année scolaire : texte attendu')
                .regex(/^\d{4}-\d{4}$/, 'année scolaire : AAAA-AAAA'),
              name: z
                .string('nom : texte attendu')
                .trim()
                .min(1, 'nom de la version : à renseigner')
                .max(200, 'nom de la version : 200 caractères au plus'),
              body: z
                .string('texte du modèle : texte attendu')
                .max(100_000, 'texte du modèle : 100 000 caractères au plus'),
              academyCode: z.string().max(10).optional(),
            })
            .strict(),
          response: { 201: templateSchema, ...problems(400, 404, 422) },
        },
      },
      async (request, reply) => {
        const r = await createTemplateVersion(deps, request.principal!, request.body);
        if (!r.ok) return fail(reply, r);
        return reply.code(201).send(r.template);
      },
    );

    app.get(
      '/api/convention-templates/:id/preview.pdf',
      {
        config: { permission: 'conventions.templates' },
        schema: {
          tags: [TAG],
          summary: 'Aperçu PDF d’une version',
          description:
            'Rendu avec une convention réelle de l’académie (`conventionId`, sinon la première de l’année), sinon avec des valeurs d’exemple ; marqué « APERÇU ».',
          params: idParam,
          querystring: z.object({
            conventionId: z.uuid('identifiant de convention invalide').optional().describe('Convention'),
          }),
          response: { ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await templatePreview(
          deps,
          request.principal!,
          request.params.id,
          request.query.conventionId,
        );
        if (!r.ok) return fail(reply, r);
        return (reply as FastifyReply)
          .header('content-type', PDF_MEDIA_TYPE)
          .header('content-disposition', `inline; filename="${r.fileName}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .header('x-apercu-source', r.source)
          .send(Buffer.from(r.pdf.buffer, r.pdf.byteOffset, r.pdf.byteLength));
      },
    );

    app.post(
      '/api/convention-templates/:id/publish',
      {
        config: { permission: 'conventions.templates' },
        schema: {
          tags: [TAG],
          summary: 'Publier une version',
          description:
            'La version devient celle de l’académie pour son année ; la précédente publiée est retirée (même transaction). Les conventions créées ensuite l’utilisent ; celles pas encore validées passent à cette version (entrée « template_changed » de leur historique) ; les conventions validées ou signées gardent la leur.',
          params: idParam,
          response: {
            200: z.object({ template: templateSchema, retired: z.array(z.string()), switched: z.number() }),
            ...problems(404, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const r = await publishTemplate(deps, request.principal!, request.params.id, requestContext(request));
        if (!r.ok) return fail(reply, r);
        return { template: r.template, retired: r.retired, switched: r.switched };
      },
    );
  };
