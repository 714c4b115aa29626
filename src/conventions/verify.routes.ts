import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONVENTION_STATES } from '../domain/convention.ts';
import { problems } from '../http/problem.ts';
import { sendConventionProblem } from './problems.ts';
import { verifyPdf, verifyReference, type VerifyDeps } from './verify.service.ts';

const TAG = 'Vérification des conventions';

/** Largest PDF the verification page reads. */
export const VERIFY_MAX_BYTES = 5 * 1024 * 1024;

const verdictSchema = z
  .object({
    authentic: z.boolean().describe('Vrai : ce PDF est la convention scellée, sans modification'),
    message: z.string().describe('Le verdict, en français'),
    reference: z.string().optional(),
    convention: z
      .object({
        reference: z.string(),
        status: z.enum(CONVENTION_STATES),
        template: z.object({ name: z.string(), version: z.number().int(), schoolYear: z.string() }),
        sealedAt: z.iso.datetime().nullable(),
        signatures: z.array(
          z.object({
            roleLabel: z.string(),
            name: z.string().describe('Initiales seulement'),
            signedAt: z.iso.datetime(),
          }),
        ),
      })
      .optional(),
  })
  .describe('Verdict de vérification');

type Read =
  | { ok: true; bytes: Uint8Array; truncated: boolean }
  | { ok: false; status: number; slug: string; title: string; message: string };

async function readFile(request: FastifyRequest): Promise<Read> {
  const unreadable = (message: string): Read => ({
    ok: false,
    status: 400,
    slug: 'formulaire-illisible',
    title: 'Formulaire illisible',
    message,
  });
  if (!request.isMultipart())
    return unreadable('Envoyez le PDF dans un formulaire multipart/form-data, champ « file ».');
  let file: { bytes: Uint8Array; truncated: boolean } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && file === undefined) file = { bytes, truncated: part.file.truncated };
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
      return {
        ok: false,
        status: 413,
        slug: 'formulaire-trop-long',
        title: 'Formulaire trop long',
        message: 'Envoyez un seul fichier, dans le champ « file ».',
      };
    if (code === 'FST_REQ_FILE_TOO_LARGE') return { ok: true, bytes: new Uint8Array(), truncated: true };
    request.log.info({ err: e }, 'formulaire multipart illisible');
    return unreadable('Le formulaire envoyé est illisible : recommencez.');
  }
  if (!file)
    return {
      ok: false,
      status: 400,
      slug: 'fichier-manquant',
      title: 'Fichier manquant',
      message: 'Choisissez le PDF de la convention à vérifier (champ « file »).',
    };
  return { ok: true, ...file };
}

/** Public verification: a PDF uploaded, or a reference typed by hand. */
export const verifyRoutes =
  (deps: VerifyDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // multipart/form-data is accepted by the routes of this plugin only (encapsulated)
    await app.register(fastifyMultipart, {
      limits: {
        fileSize: VERIFY_MAX_BYTES + 1,
        files: 1,
        fields: 2,
        fieldSize: 100,
        parts: 3,
        headerPairs: 20,
      },
      throwFileSizeLimit: false,
    });

    app.post(
      '/api/verify',
      {
        config: { permission: 'verify.public' },
        schema: {
          tags: [TAG],
          summary: 'Vérifier le PDF d’une convention',
          description:
            'Formulaire multipart/form-data avec le fichier `file` (PDF, 5 Mo au plus). Sans compte. Authentique quand le fichier est, octet pour octet, le PDF scellé d’une convention signée ; sinon le message dit pourquoi (pas un PDF, pas de cachet de la plateforme, autre certificat, modifié ou tronqué après le scellement). Les signataires sont indiqués par leurs initiales.',
          consumes: ['multipart/form-data'],
          response: { 200: verdictSchema, ...problems(400, 413) },
        },
      },
      async (request, reply) => {
        const r = await readFile(request);
        if (!r.ok)
          return sendConventionProblem(
            reply,
            { status: r.status, slug: r.slug, title: r.title, field: 'file' },
            r.message,
          );
        if (r.truncated || r.bytes.length > VERIFY_MAX_BYTES) {
          const message = 'Le fichier dépasse 5 Mo : une convention scellée pèse bien moins.';
          return sendConventionProblem(reply, 'file_too_large', message);
        }
        if (r.bytes.length === 0) {
          const message = 'Le fichier envoyé est vide.';
          return sendConventionProblem(reply, 'empty_file', message);
        }
        const v = await verifyPdf(deps, r.bytes);
        return reply.send({
          ...v,
          convention: v.convention && {
            ...v.convention,
            sealedAt: v.convention.sealedAt?.toISOString() ?? null,
            signatures: v.convention.signatures.map((s) => ({ ...s, signedAt: s.signedAt.toISOString() })),
          },
        });
      },
    );

    app.get(
      '/api/verify/:reference',
      {
        config: { permission: 'verify.public' },
        schema: {
          tags: [TAG],
          summary: 'Vérifier une référence de convention',
          description:
            'La référence imprimée en bas de chaque page (CS-AAAA-XXXX-XXXX ; espaces, minuscules et O pour 0 tolérés). Dit si la convention existe et si elle est signée et scellée, avec son modèle et ses signatures (initiales). Inconnue : 404.',
          params: z.object({
            reference: z.string().max(60, 'référence trop longue').describe('Référence de la convention'),
          }),
          response: { 200: verdictSchema, ...problems(400, 404) },
        },
      },
      async (request, reply) => {
        const r = await verifyReference(deps, request.params.reference);
        if (!r.ok)
          return sendConventionProblem(
            reply,
            r.error === 'not_found' ? 'reference_not_found' : 'invalid_reference',
            r.message,
          );
        const v = r.verdict;
        return reply.send({
          ...v,
          convention: v.convention && {
            ...v.convention,
            sealedAt: v.convention.sealedAt?.toISOString() ?? null,
            signatures: v.convention.signatures.map((s) => ({ ...s, signedAt: s.signedAt.toISOString() })),
          },
        });
      },
    );
  };
