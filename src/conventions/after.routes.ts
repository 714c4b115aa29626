import { PassThrough, Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import yazl from 'yazl';
import { z } from 'zod';
import { PDF_MEDIA_TYPE, contentDisposition } from '../domain/files.ts';
import { problems } from '../http/problem.ts';
import {
  amend,
  attest,
  attestationPdf,
  classArchive,
  fileBytes,
  type AfterDeps,
  type AfterError,
} from './after.service.ts';
import { AMENDMENT_CHANGES } from './document.ts';
import { requestContext, sendConventionProblem } from './problems.ts';
import { detailSchema } from './routes.ts';

const TAG = 'Conventions de stage';
const idParam = z.object({ id: z.uuid('identifiant de convention invalide').describe('Convention') });

function fail(reply: FastifyReply, e: AfterError) {
  return sendConventionProblem(reply, e.error, e.error === 'not_found' ? undefined : e.message);
}

/** The convention's detail, or the failure as problem+json. */
function detailOrProblem<T>(reply: FastifyReply, r: { ok: true; convention: T } | AfterError) {
  return r.ok ? r.convention : fail(reply, r);
}

function sendPdf(reply: FastifyReply, pdf: Uint8Array, fileName: string) {
  return reply
    .header('content-type', PDF_MEDIA_TYPE)
    .header('content-disposition', contentDisposition(fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-length', String(pdf.byteLength))
    .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
}

/** After the signature: avenant, attestation of presence, ZIP of a class's sealed conventions. */
export const afterSignatureRoutes =
  (deps: AfterDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/conventions/:id/amend',
      {
        config: { permission: 'conventions.amend' },
        schema: {
          tags: [TAG],
          summary: 'Demander un avenant',
          description:
            'Sur une convention signée, le chef d’établissement, un délégué de signature ou un membre de l’organisme ouvre un avenant : une nouvelle convention (nouvelle référence) liée à celle-ci, ses parts recopiées (avec « dates » : ses nouvelles dates `startDate`, `endDate`, dans les semaines officielles, sinon 422), à compléter par l’organisme, valider et signer par les mêmes parties. La convention signée reste intacte (son PDF scellé ne change pas). Un seul avenant en cours à la fois (409 sinon). Réponse : l’avenant.',
          params: idParam,
          body: z
            .object({
              reason: z
                .string('motif : texte attendu')
                .max(500, 'motif : 500 caractères au plus')
                .describe('Le motif de l’avenant'),
              changes: z
                .array(
                  z.enum(AMENDMENT_CHANGES, 'modification : dates, hours, tutor ou place'),
                  'modifications : liste attendue',
                )
                .min(1, 'Cochez au moins une modification (dates, horaires, tuteur ou lieu).')
                .max(4, 'quatre modifications au plus')
                .describe('Ce que l’avenant modifie'),
              startDate: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/, 'date de début : AAAA-MM-JJ')
                .optional()
                .describe('Avec « dates » : le nouveau premier jour'),
              endDate: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/, 'date de fin : AAAA-MM-JJ')
                .optional()
                .describe('Avec « dates » : le nouveau dernier jour'),
            })
            .strict(),
          response: { 200: detailSchema, ...problems(400, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        detailOrProblem(
          reply,
          await amend(deps, request.principal!, request.params.id, request.body, requestContext(request)),
        ),
    );

    app.post(
      '/api/conventions/:id/attendance',
      {
        config: { permission: 'conventions.attest' },
        schema: {
          tags: [TAG],
          summary: 'Confirmer la présence de l’élève',
          description:
            'Un membre de l’organisme, à partir du dernier jour du stage : les jours de présence (au moins un, tous entre les dates de la convention). L’attestation de stage est produite, scellée par la plateforme et conservée ; la convention passe à « Stage effectué » ; l’élève et le lycée sont prévenus.',
          params: idParam,
          body: z
            .object({
              days: z
                .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'jour : AAAA-MM-JJ'), 'jours : liste attendue')
                .max(31, '31 jours au plus')
                .describe('Les jours de présence, AAAA-MM-JJ'),
            })
            .strict(),
          response: { 200: detailSchema, ...problems(400, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        detailOrProblem(
          reply,
          await attest(deps, request.principal!, request.params.id, request.body, requestContext(request)),
        ),
    );

    app.get(
      '/api/conventions/:id/attestation.pdf',
      {
        config: { permission: 'conventions.read' },
        schema: {
          tags: [TAG],
          summary: 'L’attestation de stage',
          description:
            'Le PDF scellé de l’attestation, une fois la présence confirmée par l’organisme : pour l’élève, ses représentants légaux, le lycée et l’organisme.',
          params: idParam,
          response: { ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await attestationPdf(deps, request.principal!, request.params.id);
        if (!r.ok) return fail(reply, r);
        return sendPdf(reply, r.pdf, r.fileName);
      },
    );

    app.get(
      '/api/conventions/archive.zip',
      {
        config: { permission: 'conventions.archive' },
        schema: {
          tags: [TAG],
          summary: 'Les conventions signées d’une classe (ZIP)',
          description:
            'Le chef d’établissement ou un personnel du lycée : les PDF scellés des conventions signées (et avenants) des élèves de la classe, un fichier `NOM_Prénom_référence.pdf` chacun, dans `conventions-<classe>-<date>.zip`. Produit au fil de l’envoi. Aucune convention signée : 404.',
          querystring: z.object({
            classId: z.uuid('identifiant de classe invalide').describe('Classe'),
          }),
          response: { ...problems(400, 404) },
        },
      },
      async (request, reply) => {
        const r = await classArchive(deps, request.principal!, request.query.classId);
        if (!r.ok) {
          if (r.error === 'not_found') return sendConventionProblem(reply, 'class_not_found');
          return fail(reply, r);
        }
        const zip = new yazl.ZipFile();
        for (const e of r.entries)
          // each PDF read from the database when the archive reaches it: one in memory at a time;
          // stored, not deflated (a PDF's streams are already compressed)
          zip.addReadStreamLazy(
            e.name,
            { compress: false, ...(e.signedAt ? { mtime: e.signedAt } : {}) },
            (cb) => {
              fileBytes(deps.db, e.fileId).then(
                (bytes) => cb(null, Readable.from([bytes])),
                (err: unknown) => cb(err, undefined as unknown as NodeJS.ReadableStream),
              );
            },
          );
        // a file that cannot be read ends the download in error (never an unhandled 'error' event)
        const body = new PassThrough();
        zip.on('error', (err: Error) => {
          request.log.error({ err }, 'ZIP des conventions interrompu');
          body.destroy(err);
        });
        zip.outputStream.pipe(body);
        zip.end();
        return (reply as FastifyReply)
          .header('content-type', 'application/zip')
          .header('content-disposition', contentDisposition(r.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(body);
      },
    );
  };
