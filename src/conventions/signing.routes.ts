import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONVENTION_STATES, SIGNATORY_ROLES } from '../domain/convention.ts';
import { PDF_MEDIA_TYPE, contentDisposition } from '../domain/files.ts';
import { problems } from '../http/problem.ts';
import { requestContext, sendConventionProblem } from './problems.ts';
import {
  BULK_MAX,
  bulkSign,
  requestBulkCode,
  requestCodeByToken,
  requestCodeForAccount,
  signByToken,
  signForAccount,
  signatureDocument,
  viewSignature,
  type SigningDeps,
  type SigningError,
} from './signing.service.ts';

const TAG = 'Signature des conventions';

const tokenParam = z.object({
  token: z.string().max(200, 'lien invalide').describe('Jeton du lien personnel reçu par courriel'),
});
const idParam = z.object({ id: z.uuid('identifiant de convention invalide').describe('Convention') });
const challengeParam = z.object({
  challengeId: z.uuid('identifiant de code invalide').describe('Le code de signature en lot demandé'),
});

const channel = z
  .enum(['email', 'sms'], 'canal : email ou sms')
  .default('email')
  .describe('Où envoyer le code : courriel (par défaut) ou SMS, si un numéro est enregistré');
const code = z
  .string('code : 6 chiffres attendus')
  .max(20, 'code : 6 chiffres attendus')
  .describe('Le code reçu');
const challengeId = z.uuid('identifiant de code invalide').describe('Renvoyé par la demande de code');
const role = z.enum(SIGNATORY_ROLES, 'rôle de signataire inconnu').describe('Le rôle en lequel on signe');

const codeSentSchema = z
  .object({
    challengeId: z.string(),
    sentTo: z.string().describe('Adresse (ou numéro) masquée où le code est parti'),
    expiresAt: z.iso.datetime(),
  })
  .describe('Code envoyé');

const signatureViewSchema = z.object({
  reference: z.string(),
  role: z.enum(SIGNATORY_ROLES),
  roleLabel: z.string(),
  name: z.string(),
  signedAt: z.iso.datetime().nullable(),
  conventionStatus: z.enum(CONVENTION_STATES),
  student: z.object({ firstName: z.string(), lastName: z.string() }),
  host: z.object({ name: z.string() }),
  startDate: z.string(),
  endDate: z.string(),
  documentSha256: z.string().nullable(),
  sentTo: z.string().describe('Adresse masquée où partent les codes'),
  phone: z.string().nullable().describe('Numéro masqué si le code peut partir par SMS'),
});

const signedSchema = z.object({
  signedAt: z.iso.datetime(),
  conventionStatus: z.enum(CONVENTION_STATES),
});

function fail(reply: FastifyReply, e: SigningError) {
  if (e.error === 'rate_limited') reply.header('retry-after', String(e.retryAfterSeconds));
  return sendConventionProblem(reply, e.error === 'not_found' ? 'signing_not_found' : e.error, e.message);
}

function sendPdf(reply: FastifyReply, fileName: string, content: Uint8Array) {
  return (reply as FastifyReply)
    .header('content-type', PDF_MEDIA_TYPE)
    .header('content-disposition', contentDisposition(fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-length', String(content.length))
    .send(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
}

const codeSent = (r: { challengeId: string; sentTo: string; expiresAt: Date }) => ({
  challengeId: r.challengeId,
  sentTo: r.sentTo,
  expiresAt: r.expiresAt.toISOString(),
});

export interface SigningRoutesDeps extends SigningDeps {
  /**
   * the convention's detail for the signed-in reader (conventions/service.ts), returned after a
   * signature from an account; absent: { signedAt, conventionStatus }
   */
  detail?: { read: (request: FastifyRequest, id: string) => Promise<unknown>; schema: z.ZodType } | undefined;
}

/** Signatures: the personal link (no account), a signed-in party, the head's bulk signature. */
export const signingRoutes =
  (deps: SigningRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // ---- the personal link of the mail ----
    app.get(
      '/api/signatures/:token',
      {
        config: { permission: 'signature.public' },
        schema: {
          tags: [TAG],
          summary: 'La signature attendue par un lien personnel',
          description:
            'Sans compte : la convention (référence, élève, organisme, dates, empreinte SHA-256 du document), le rôle du signataire, s’il a signé, et l’adresse masquée où partira le code. Lien inconnu ou remplacé : 404.',
          params: tokenParam,
          response: { 200: signatureViewSchema, ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await viewSignature(deps, request.params.token);
        if (!r.ok) return fail(reply, r);
        return { ...r.view, signedAt: r.view.signedAt?.toISOString() ?? null };
      },
    );

    app.get(
      '/api/signatures/:token/document.pdf',
      {
        config: { permission: 'signature.public' },
        schema: {
          tags: [TAG],
          summary: 'Le PDF à signer (ou signé)',
          description:
            'Le document exact que les parties signent (celui dont l’empreinte est affichée) ; une fois toutes les signatures données, le PDF final scellé avec sa page de preuve.',
          params: tokenParam,
          response: { ...problems(404) },
        },
      },
      async (request, reply) => {
        const r = await signatureDocument(deps, request.params.token);
        if (!r.ok) return fail(reply, r);
        return sendPdf(reply, r.fileName, r.content);
      },
    );

    app.post(
      '/api/signatures/:token/code',
      {
        config: { permission: 'signature.public' },
        schema: {
          tags: [TAG],
          summary: 'Recevoir un code de signature',
          description:
            'Envoie un code à 6 chiffres, valable 10 minutes, à l’adresse enregistrée pour ce rôle sur la convention (ou par SMS si un numéro l’est). Un nouveau code remplace le précédent. Cinq codes par heure et par adresse au plus.',
          params: tokenParam,
          body: z.object({ channel }).strict().nullish(),
          response: { 202: codeSentSchema, ...problems(404, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const r = await requestCodeByToken(
          deps,
          request.params.token,
          request.body?.channel ?? 'email',
          requestContext(request),
        );
        if (!r.ok) return fail(reply, r);
        return reply.code(202).send(codeSent(r));
      },
    );

    app.post(
      '/api/signatures/:token/sign',
      {
        config: { permission: 'signature.public' },
        schema: {
          tags: [TAG],
          summary: 'Signer avec le code reçu',
          description:
            'Signe le document affiché : l’heure du serveur, l’adresse IP, le navigateur et l’empreinte du document sont enregistrés. Code faux, expiré, déjà servi, ou cinquième essai dépassé : refusé, rien n’est signé. La dernière signature scelle le PDF final.',
          params: tokenParam,
          body: z.object({ challengeId, code }).strict(),
          response: { 200: signedSchema, ...problems(404, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const r = await signByToken(
          deps,
          request.params.token,
          request.body.challengeId,
          request.body.code,
          requestContext(request),
        );
        if (!r.ok) return fail(reply, r);
        return { signedAt: r.signedAt.toISOString(), conventionStatus: r.conventionStatus };
      },
    );

    // ---- a signed-in party ----
    app.post(
      '/api/conventions/:id/code',
      {
        config: { permission: 'conventions.sign' },
        schema: {
          tags: [TAG],
          summary: 'Recevoir un code pour signer depuis son compte',
          description:
            'Pour un compte qui correspond au rôle : l’élève, le représentant légal de ce rang, le chef d’établissement ou un délégué de signature du lycée, un membre de l’organisme dont l’adresse est celle du représentant désigné. Le code part à l’adresse enregistrée pour ce rôle sur la convention.',
          params: idParam,
          body: z.object({ role, channel }).strict(),
          response: { 202: codeSentSchema, ...problems(403, 404, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const r = await requestCodeForAccount(
          deps,
          request.principal!,
          request.params.id,
          request.body.role,
          request.body.channel,
          requestContext(request),
        );
        if (!r.ok) return fail(reply, r);
        return reply.code(202).send(codeSent(r));
      },
    );

    app.post(
      '/api/conventions/:id/sign',
      {
        config: { permission: 'conventions.sign' },
        schema: {
          tags: [TAG],
          summary: 'Signer depuis son compte',
          description: 'Comme le lien personnel, avec le code reçu ; renvoie la convention à jour.',
          params: idParam,
          body: z.object({ role, challengeId, code }).strict(),
          response: { 200: deps.detail?.schema ?? signedSchema, ...problems(403, 404, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const r = await signForAccount(
          deps,
          request.principal!,
          request.params.id,
          request.body.role,
          request.body.challengeId,
          request.body.code,
          requestContext(request),
        );
        if (!r.ok) return fail(reply, r);
        if (deps.detail) return reply.send(await deps.detail.read(request, request.params.id));
        return { signedAt: r.signedAt.toISOString(), conventionStatus: r.conventionStatus };
      },
    );

    // ---- the head's bulk signature ----
    app.post(
      '/api/conventions/bulk-sign/code',
      {
        config: { permission: 'conventions.sign' },
        schema: {
          tags: [TAG],
          summary: 'Un code pour signer des conventions en lot',
          description: `Chef d’établissement ou délégué de signature : un seul code pour signer au nom du lycée jusqu’à ${BULK_MAX} conventions validées de son lycée qu’il n’a pas encore signées (les autres sont ignorées). Le code part à l’adresse du compte.`,
          body: z
            .object({
              ids: z
                .array(z.uuid('identifiant de convention invalide'), 'ids : liste de conventions attendue')
                .min(1, 'ids : au moins une convention')
                .max(BULK_MAX, `ids : ${BULK_MAX} conventions au plus par code`),
            })
            .strict(),
          response: {
            202: codeSentSchema.extend({
              total: z.number().int().describe('Conventions que ce code signera'),
            }),
            ...problems(403, 422, 429),
          },
        },
      },
      async (request, reply) => {
        const r = await requestBulkCode(deps, request.principal!, request.body.ids, requestContext(request));
        if (!r.ok) return fail(reply, r);
        return reply.code(202).send({ ...codeSent(r), total: r.total });
      },
    );

    app.post(
      '/api/conventions/bulk-sign/:challengeId',
      {
        config: { permission: 'conventions.sign' },
        schema: {
          tags: [TAG],
          summary: 'Signer le lot suivant',
          description:
            'Signe les 25 conventions suivantes du lot avec le même code, à rappeler jusqu’à done = total (barre de progression). Le code reste valable pour ce lot seulement, 10 minutes ; chaque convention dont c’était la dernière signature est scellée.',
          params: challengeParam,
          body: z.object({ code }).strict(),
          response: {
            200: z.object({ done: z.number().int(), total: z.number().int() }),
            ...problems(403, 422, 429),
          },
        },
      },
      async (request, reply) => {
        const r = await bulkSign(
          deps,
          request.principal!,
          request.params.challengeId,
          request.body.code,
          requestContext(request),
        );
        if (!r.ok) return fail(reply, r);
        return { done: r.done, total: r.total };
      },
    );
  };
