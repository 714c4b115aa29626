import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OFFER_STATUSES } from '../db/schema/offers.ts';
import { COLUMN_HELP, MAX_OFFER_IMPORT_BYTES, OFFER_COLUMNS } from '../domain/offer-import.ts';
import { notFoundProblem, problem, problems, sendProblem } from '../http/problem.ts';
import { importOffers, type ImportSummary, type OfferImportDeps } from './import.ts';

/** Content types accepted for the file (browsers send a .csv as text/csv or application/vnd.ms-excel). */
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

const lineErrorSchema = z.object({
  line: z.number().int().describe('Numéro de ligne dans le fichier (l’en-tête est la ligne 1)'),
  column: z.string().nullable().describe('Colonne en cause'),
  message: z.string(),
});

const summarySchema = z.object({
  host: z.object({ id: z.string(), name: z.string() }),
  dryRun: z.boolean().describe('true : aperçu, rien n’a été écrit'),
  encoding: z.string().describe('Encodage détecté (utf-8 ou windows-1252)'),
  separator: z.string().describe('Séparateur détecté'),
  status: z.enum(OFFER_STATUSES).describe('État des offres publiées par l’import'),
  counts: z.object({
    lines: z.number().int().describe('Lignes d’offres lues'),
    valid: z.number().int().describe('Offres prêtes à publier'),
    errors: z.number().int().describe('Lignes en erreur'),
    published: z.number().int().describe('Offres publiées (0 pour un aperçu)'),
  }),
  offers: z
    .array(
      z.object({
        line: z.number().int(),
        title: z.string(),
        sectorCode: z.string(),
        communeName: z.string(),
        postalCode: z.string().nullable(),
        lat: z.number(),
        lon: z.number(),
        geocodeMethod: z
          .string()
          .describe('ban (adresse), ou la commune (postal_code_name, postal_code, name)'),
        weeks: z.array(z.object({ week: z.number().int(), places: z.number().int() })),
        accessible: z.boolean(),
        reservedTo: z.array(z.string()),
      }),
    )
    .describe('Les 20 premières offres, telles qu’elles seront publiées'),
  errors: z.array(lineErrorSchema).describe('Erreurs ligne par ligne (1 000 au plus)'),
  durationMs: z.number().int(),
});

const FORMAT = OFFER_COLUMNS.map((c) => `${c} (${COLUMN_HELP[c]})`).join(' ; ');

function withErrors(reply: FastifyReply, s: ImportSummary) {
  const detail = `${s.counts.errors} ligne${s.counts.errors > 1 ? 's' : ''} en erreur : rien n’a été publié. Corrigez le fichier, ou demandez à publier les ${s.counts.valid} offres valides sans les lignes en erreur (skipErrors=true).`;
  return sendProblem(
    reply,
    problem(
      422,
      'import-en-erreur',
      'Fichier en erreur',
      detail,
      s.errors.slice(0, 200).map((e) => ({
        field: `ligne ${e.line}${e.column ? `, ${e.column}` : ''}`,
        message: e.message,
      })),
    ),
  );
}

/** CSV import of a host's offers: preview (dryRun=true), then publication. */
export const offerImportRoutes =
  (deps: OfferImportDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // the file comes as is in the body (this plugin only)
    app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post(
      '/api/hosts/:hostId/offers/import',
      {
        // a little above the file's limit, so that a file just too large gets the precise message below
        bodyLimit: MAX_OFFER_IMPORT_BYTES + 5 * 1024 * 1024,
        config: { permission: 'offers.import' },
        schema: {
          tags: ['Offres'],
          summary: 'Importer des offres (CSV)',
          description: `Envoie le fichier CSV tel quel dans le corps (Content-Type: text/csv ; 20 Mo, 20 000 lignes au plus). Séparateur « ; », « , » ou tabulation, UTF-8 ou Windows-1252 détectés. Avec dryRun=true : aperçu (comptes, erreurs par ligne et colonne, 20 premières offres telles qu’elles seront publiées), rien n’est écrit. Sans dryRun : publication de toutes les offres en une transaction (tout ou rien : un fichier avec une ligne en erreur est refusé en 422, sauf skipErrors=true qui publie les lignes valides seules). Les offres sont publiées directement (canal des organismes). Clés d’API des partenaires acceptées (leur organisme). Colonnes : ${FORMAT}.`,
          params: z.object({
            hostId: z.uuid('identifiant d’organisme invalide').describe('Organisme d’accueil'),
          }),
          querystring: z.object({
            dryRun: z
              .enum(['true', 'false'], 'dryRun : true ou false')
              .optional()
              .describe('true : aperçu sans rien écrire'),
            skipErrors: z
              .enum(['true', 'false'], 'skipErrors : true ou false')
              .optional()
              .describe('true : publier les lignes valides et laisser de côté les lignes en erreur'),
          }),
          consumes: CSV_TYPES,
          body: z
            .any()
            .describe('Le fichier CSV tel quel (une offre par ligne, première ligne = noms des colonnes)'),
          response: {
            200: summarySchema,
            ...problems(400, 404, 413, 415, 422),
          },
        },
      },
      async (request, reply) => {
        const body = request.body as unknown;
        if (!Buffer.isBuffer(body))
          return sendProblem(
            reply,
            problem(
              415,
              'type-non-pris-en-charge',
              'Type de contenu non pris en charge',
              'Envoyez le fichier CSV tel quel dans le corps de la requête (Content-Type: text/csv).',
            ),
          );
        if (body.byteLength > MAX_OFFER_IMPORT_BYTES)
          return sendProblem(
            reply,
            problem(
              413,
              'fichier-trop-volumineux',
              'Fichier trop volumineux',
              'Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.',
            ),
          );
        const r = await importOffers(
          deps,
          request.principal!,
          request.params.hostId,
          new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          { dryRun: request.query.dryRun === 'true', skipErrors: request.query.skipErrors === 'true' },
          { ip: request.ip, userAgent: request.headers['user-agent'] },
        );
        if (r.ok) {
          const { ok: _ok, ...summary } = r;
          return summary;
        }
        if (r.error === 'not_found')
          return sendProblem(
            reply,
            notFoundProblem('Organisme introuvable', 'Aucun organisme de votre périmètre ne correspond.'),
          );
        if (r.error === 'invalid_file')
          return sendProblem(reply, problem(400, 'fichier-invalide', 'Fichier refusé', r.message));
        const { ok: _ok, error: _error, ...summary } = r;
        return withErrors(reply, summary);
      },
    );
  };
