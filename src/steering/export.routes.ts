import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../domain/files.ts';
import { problems, sendProblem } from '../http/problem.ts';
import { exportSteeringTable, type ExportDeps } from './export.service.ts';
import { steeringProblem } from './routes.ts';
import { exportQuerySchema } from './schemas.ts';

export type { ExportDeps };

/** Every dashboard table as CSV and XLSX (issue 7 §4). */
export const exportRoutes =
  (deps: ExportDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/steering/export',
      {
        config: { permission: 'steering.view' },
        schema: {
          tags: ['Pilotage'],
          summary: 'Exporter un tableau du pilotage (CSV ou Excel)',
          description: [
            'Un tableau d’un tableau de bord, pour le périmètre demandé, avec les mêmes droits que le tableau de bord (périmètre hors de votre ressort : 404) :',
            'children (détail par niveau inférieur), statuses (élèves par statut), conventions (par étape), signatures (manquantes par partie), sectors (offres par secteur), hostKinds (par type d’organisme), distances, delays (délai de signature), trend (évolution jour par jour et l’an dernier), map (places par élève par lycée et par commune), unplaced (élèves sans stage : noms pour le chef d’établissement ou le professeur référent, effectifs par lycée au-dessus), students (un élève par ligne : lycée, classe, statut, dispense, semaines couvertes, organismes, distances ; sans nom au-dessus du lycée).',
            'Nom du fichier : pilotage_<périmètre>_<tableau>_<date>.csv|xlsx. Premières lignes : titre, périmètre, « Chiffres du … » (heure du calcul des indicateurs ; pour les listes d’élèves, l’heure de l’export), une ligne vide, puis les titres des colonnes.',
            'CSV : UTF-8 avec BOM, séparateur « ; », fin de ligne CRLF, décimales avec une virgule, parts en pourcentage, cellules protégées contre les formules. Excel : nombres, pourcentages et dates typés, titres des colonnes figés.',
            'Le fichier est produit au fil de la lecture (500 000 élèves sans tout charger en mémoire). Un export avec des noms d’élèves est inscrit au journal des accès.',
          ].join(' '),
          querystring: exportQuerySchema,
          response: {
            // a file (text/csv or XLSX), streamed: no JSON serializer runs on it
            200: z.string().describe('Le fichier (text/csv ou XLSX), en pièce jointe'),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const r = await exportSteeringTable(deps, request.principal!, request.query, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        if (!r.ok) return sendProblem(reply, steeringProblem(r.error));
        return (reply as FastifyReply)
          .header('content-type', r.value.contentType)
          .header('content-disposition', contentDisposition(r.value.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(r.value.stream);
      },
    );
  };
