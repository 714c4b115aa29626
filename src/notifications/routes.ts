import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { notFoundProblem, problemResponses, problemSchema, sendProblem } from '../http/problem.ts';
import { getMail, listOutbox } from './service.ts';

export interface NotificationRoutesDeps {
  db: Db;
  /** the outbox exists only in the demo: otherwise every route answers 404 */
  demo: boolean;
}

export const OUTBOX_PAGE_SIZE = 20;

const statusSchema = z
  .enum(['pending', 'sent', 'failed'])
  .describe('pending : en attente d’envoi ; sent : remis ; failed : abandonné après 8 essais');

const outboxItemSchema = z.object({
  id: z.uuid(),
  to: z.string().describe('Destinataire'),
  subject: z.string().describe('Objet'),
  template: z
    .string()
    .describe('Modèle du message (verify_email, sign_in_link, password_reset, invitation…)'),
  status: statusSchema,
  createdAt: z.iso.datetime({ offset: true }).describe('Mis en file le'),
  sentAt: z.iso.datetime({ offset: true }).nullable().describe('Remis le (null : pas encore remis)'),
});

const outboxPageSchema = z
  .object({
    items: z.array(outboxItemSchema),
    total: z.number().int().describe('Nombre total de courriels correspondant au filtre'),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .describe('Une page de la boîte d’envoi, du plus récent au plus ancien');

const mailSchema = outboxItemSchema
  .extend({
    text: z.string().describe('Version texte'),
    html: z.string().describe('Version HTML'),
    attempts: z.number().int().describe('Essais d’envoi échoués'),
    lastError: z.string().nullable().describe('Dernière erreur du serveur de messagerie'),
  })
  .describe('Un courriel, avec son contenu');

const listQuery = z.object({
  to: z
    .string()
    .trim()
    .min(1, 'attendu : une adresse électronique')
    .max(320, 'attendu : une adresse électronique de 320 caractères au plus')
    .optional()
    .describe('Ne montrer que les courriels envoyés à cette adresse'),
  page: z.coerce
    .number({ error: () => 'attendu : un numéro de page entier à partir de 1' })
    .int('attendu : un numéro de page entier à partir de 1')
    .min(1, 'attendu : un numéro de page entier à partir de 1')
    .max(100_000, 'attendu : un numéro de page de 100 000 au plus')
    .default(1)
    .describe('Numéro de page, à partir de 1'),
});

const idParams = z.object({
  id: z
    .uuid({ error: () => 'attendu : l’identifiant d’un courriel (UUID)' })
    .describe('Identifiant du courriel'),
});

const iso = (d: Date) => d.toISOString();

const DEMO_ONLY =
  'Réservé aux administrateurs, en mode démonstration seulement : les courriels n’y sont pas envoyés à un vrai serveur de messagerie, cette boîte d’envoi en tient lieu.';

export const notificationRoutes =
  (deps: NotificationRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Outside the demo the outbox does not exist (real mail goes to real mailboxes).
    app.addHook('onRequest', async (_request, reply) => {
      if (!deps.demo) {
        return sendProblem(
          reply,
          notFoundProblem(
            'Boîte d’envoi indisponible',
            'La boîte d’envoi n’existe qu’en mode démonstration.',
          ),
        );
      }
    });

    app.get(
      '/api/outbox',
      {
        config: { permission: 'outbox.read' },
        schema: {
          tags: ['Boîte d’envoi (démo)'],
          summary: 'Liste des courriels envoyés par la plateforme',
          description: `Courriels mis en file par la plateforme, du plus récent au plus ancien, ${OUTBOX_PAGE_SIZE} par page, avec leur état d’envoi. ${DEMO_ONLY}`,
          querystring: listQuery,
          response: {
            200: outboxPageSchema,
            404: problemSchema.describe('Hors mode démonstration'),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const { to, page } = request.query;
        const { items, total } = await listOutbox(deps.db, {
          to,
          limit: OUTBOX_PAGE_SIZE,
          offset: (page - 1) * OUTBOX_PAGE_SIZE,
        });
        return {
          items: items.map((m) => ({ ...m, createdAt: iso(m.createdAt), sentAt: m.sentAt && iso(m.sentAt) })),
          total,
          page,
          pageSize: OUTBOX_PAGE_SIZE,
        };
      },
    );

    app.get(
      '/api/outbox/:id',
      {
        config: { permission: 'outbox.read' },
        schema: {
          tags: ['Boîte d’envoi (démo)'],
          summary: 'Un courriel de la boîte d’envoi',
          description: `Le courriel complet : objet, destinataire, versions texte et HTML, état d’envoi. ${DEMO_ONLY}`,
          params: idParams,
          response: {
            200: mailSchema,
            404: problemSchema.describe('Courriel inconnu, ou hors mode démonstration'),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const mail = await getMail(deps.db, request.params.id);
        if (!mail) {
          return sendProblem(
            reply,
            notFoundProblem(
              'Courriel introuvable',
              'Aucun courriel de la boîte d’envoi ne porte cet identifiant.',
            ),
          );
        }
        return { ...mail, createdAt: iso(mail.createdAt), sentAt: mail.sentAt && iso(mail.sentAt) };
      },
    );
  };
