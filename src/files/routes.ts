import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_FILE_BYTES, PDF_MEDIA_TYPE, contentDisposition } from '../domain/files.ts';
import { notFoundProblem, problem, problems, sendProblem } from '../http/problem.ts';
import { downloadFile, uploadFile, type FilesDeps, type UploadError, type UploadRead } from './service.ts';

const TAG = 'Fichiers';

const fileSchema = z
  .object({
    id: z.string(),
    fileName: z.string().describe('Nom affiché (sans chemin, 120 caractères au plus)'),
    size: z.number().int().describe('Taille en octets'),
    mediaType: z.string().describe(PDF_MEDIA_TYPE),
  })
  .describe('Fichier déposé');

const SLUGS: Record<UploadError['error'], [number, string, string, string | undefined]> = {
  missing_file: [400, 'fichier-manquant', 'Fichier manquant', 'file'],
  bad_purpose: [400, 'usage-invalide', 'Usage du fichier invalide', 'purpose'],
  empty: [400, 'fichier-vide', 'Fichier vide', 'file'],
  not_pdf: [415, 'pas-un-pdf', 'Ce fichier n’est pas un PDF', 'file'],
  too_large: [413, 'fichier-trop-volumineux', 'Fichier trop volumineux', 'file'],
  purpose_forbidden: [403, 'acces-refuse', 'Accès refusé', 'purpose'],
  rate_limited: [429, 'trop-de-requetes', 'Trop de fichiers envoyés', undefined],
  unreadable: [400, 'formulaire-illisible', 'Formulaire illisible', undefined],
  too_many_parts: [413, 'formulaire-trop-long', 'Formulaire trop long', undefined],
};

/**
 * Reads the multipart form: the `purpose` field and one `file` part, in any order. The file is
 * read up to one byte past the limit, so that an oversized file is told apart from a file of
 * exactly 2 MB; the rest of it is drained and dropped.
 */
async function readForm(request: FastifyRequest): Promise<UploadRead> {
  if (!request.isMultipart())
    return {
      ok: false,
      error: 'unreadable',
      message: 'Envoyez le fichier dans un formulaire multipart/form-data (champs « purpose » et « file »).',
    };
  let purpose: string | undefined;
  let file: { fileName: string; bytes: Uint8Array; truncated: boolean } | undefined;
  try {
    // the limits and the size handling are the plugin's (registered below)
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && file === undefined)
          file = { fileName: part.filename, bytes, truncated: part.file.truncated };
      } else if (part.fieldname === 'purpose' && typeof part.value === 'string') {
        purpose = part.value.trim();
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
      return {
        ok: false,
        error: 'too_many_parts',
        message: 'Envoyez un seul fichier, avec le seul champ « purpose ».',
      };
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      return { ok: true, purpose, file: { fileName: '', bytes: new Uint8Array(), truncated: true } };
    request.log.info({ err: e }, 'formulaire multipart illisible');
    return { ok: false, error: 'unreadable', message: 'Le formulaire envoyé est illisible : recommencez.' };
  }
  return { ok: true, purpose, file };
}

/** Uploads (CV, exemption documents) and their download, inside the reader's perimeter. */
export const filesRoutes =
  (deps: FilesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // multipart/form-data is accepted by the routes of this plugin only (encapsulated): every other
    // route keeps answering 415 to anything but JSON
    await app.register(fastifyMultipart, {
      limits: {
        fileSize: MAX_FILE_BYTES + 1,
        files: 1,
        fields: 2,
        fieldSize: 100,
        parts: 3,
        headerPairs: 20,
      },
      throwFileSizeLimit: false,
    });

    app.post(
      '/api/files',
      {
        config: { permission: 'file.upload' },
        schema: {
          tags: [TAG],
          summary: 'Déposer un fichier PDF',
          description:
            'Formulaire multipart/form-data avec le champ `purpose` (`cv` : un élève dépose son CV ; `exemption` : le chef d’établissement ou un personnel du lycée dépose le justificatif d’une dispense) et un fichier `file`. Le contenu doit être un PDF (vérifié sur ses premiers octets, quel que soit le nom), de 2 Mo au plus. Le nom affiché est nettoyé (sans chemin ni caractère de contrôle, 120 caractères au plus). Trente dépôts par heure au plus.',
          consumes: ['multipart/form-data'],
          response: { 201: fileSchema, ...problems(400, 403, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        const r = await uploadFile(deps, request.principal!, () => readForm(request));
        if (r.ok) return reply.code(201).send(r.file);
        const [status, slug, title, field] = SLUGS[r.error];
        if (r.error === 'rate_limited') reply.header('retry-after', String(r.retryAfterSeconds));
        return sendProblem(
          reply,
          problem(status, slug, title, r.message, field ? [{ field, message: r.message }] : undefined),
        );
      },
    );

    app.get(
      '/api/files/:id',
      {
        config: { permission: 'file.read' },
        schema: {
          tags: [TAG],
          summary: 'Télécharger un fichier',
          description:
            'Le PDF, en pièce jointe. Pour la personne qui l’a déposé ; un CV, pour l’organisme d’accueil d’une candidature qui le porte ; le justificatif d’une dispense, pour le chef d’établissement et les personnels du lycée de l’élève (un professeur référent : les élèves de ses classes). Sinon 404.',
          params: z.object({ id: z.uuid('identifiant de fichier invalide').describe('Fichier') }),
          response: { ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await downloadFile(deps, request.principal!, request.params.id, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        if (!r.ok)
          return sendProblem(
            reply,
            notFoundProblem('Fichier introuvable', 'Aucun fichier de votre périmètre ne correspond.'),
          );
        // the PDF's bytes as they are (the JSON schemas describe the problems only)
        return (reply as FastifyReply)
          .header('content-type', PDF_MEDIA_TYPE)
          .header('content-disposition', contentDisposition(r.file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .header('content-length', String(r.content.length))
          .send(Buffer.from(r.content.buffer, r.content.byteOffset, r.content.byteLength));
      },
    );
  };
