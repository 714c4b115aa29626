import { acceptInvitation } from '../accounts/invitations.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../domain/permissions.ts';
import { MAX_IMPORT_BYTES } from '../domain/student-import.ts';
import { setSessionCookie } from '../http/guard.ts';
import {
  notFoundProblem,
  problem,
  problemSchema,
  problems,
  sendProblem,
  tooManyInvitations,
} from '../http/problem.ts';
import { closeSession } from '../accounts/service.ts';
import { listStudents } from './placement.service.ts';
import { placementCountsSchema, placementSchema, placementStatusFilter } from './placement.routes.ts';
import {
  STAFF_FUNCTIONS,
  auditPage,
  inviteStaff,
  listStaff,
  previewImport,
  readStudent,
  runImport,
  updateStaff,
  type ImportFailure,
  type SchoolsDeps,
} from './service.ts';

export interface SchoolRoutesDeps extends SchoolsDeps {
  secureCookies: boolean;
}

const uaiParam = z.object({
  uai: z
    .string()
    .regex(/^\d{7}[A-Z]$/, 'UAI invalide : 7 chiffres et une lettre majuscule attendus')
    .describe('UAI du lycée'),
});

const importBody = z
  .object({
    filename: z.string().trim().min(1, 'nom de fichier manquant').max(200, 'nom de fichier trop long'),
    contentBase64: z
      .string()
      .min(1, 'fichier vide')
      .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 8, 'fichier trop volumineux : 2 Mo au plus')
      .regex(/^[A-Za-z0-9+/=\s]*$/, 'contenu invalide : le fichier doit être encodé en base64')
      .describe('Contenu du fichier CSV, encodé en base64'),
  })
  .strict()
  .describe('Fichier CSV exporté du logiciel de vie scolaire');

const lineErrorSchema = z.object({
  line: z.number().int().describe('Numéro de ligne dans le fichier (l’en-tête est la ligne 1)'),
  column: z.string().nullable().describe('Colonne en cause'),
  message: z.string(),
});

const guardianSchema = z.object({
  rank: z.number().int(),
  lastName: z.string(),
  firstName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

const importSummarySchema = z.object({
  encoding: z.string().describe('Encodage détecté (utf-8 ou windows-1252)'),
  separator: z.string().describe('Séparateur détecté'),
  counts: z.object({
    lines: z.number().int().describe('Lignes d’élèves lues'),
    new: z.number().int().describe('Élèves nouveaux'),
    updated: z.number().int().describe('Élèves mis à jour'),
    unchanged: z.number().int().describe('Élèves inchangés'),
    errors: z.number().int().describe('Lignes en erreur, ignorées'),
  }),
  newClasses: z.array(z.string()).describe('Classes qui seront créées'),
  rows: z
    .array(
      z.object({
        line: z.number().int(),
        status: z.enum(['new', 'updated', 'unchanged']),
        ine: z.string(),
        lastName: z.string(),
        firstName: z.string(),
        birthDate: z.string(),
        className: z.string(),
        guardians: z.array(guardianSchema),
      }),
    )
    .describe('Les 50 premières lignes, telles qu’elles seront écrites'),
  errors: z.array(lineErrorSchema).describe('Erreurs ligne par ligne (500 au plus)'),
});

const ok = z.object({ ok: z.literal(true) });

function context(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

function notFound(reply: FastifyReply) {
  return sendProblem(
    reply,
    notFoundProblem(
      'Établissement introuvable',
      'Aucun lycée de votre périmètre ne correspond à cette adresse.',
    ),
  );
}

function importFailure(reply: FastifyReply, failure: ImportFailure) {
  if (failure.error === 'not_found') return notFound(reply);
  return sendProblem(reply, problem(400, 'fichier-invalide', 'Fichier refusé', failure.message));
}

function decode(content: string): Uint8Array {
  return new Uint8Array(Buffer.from(content.replace(/\s+/g, ''), 'base64'));
}

function tooLarge(reply: FastifyReply) {
  return sendProblem(
    reply,
    problem(
      413,
      'fichier-trop-volumineux',
      'Fichier trop volumineux',
      'Le fichier dépasse 2 Mo : découpez-le par classe.',
    ),
  );
}

/** Lycées: student import and lists, staff and invitations, audit trail of the lycée. */
export const schoolRoutes =
  (deps: SchoolRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const bodyLimit = Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 64 * 1024;

    app.post(
      '/api/schools/:uai/students/import/preview',
      {
        bodyLimit,
        config: { permission: 'students.import' },
        schema: {
          tags: ['Établissements'],
          summary: 'Prévisualiser un import d’élèves',
          description:
            'Lit le fichier CSV (séparateur « ; », « , » ou tabulation ; UTF-8 ou Windows-1252 détectés) et dit ce que l’import ferait : élèves nouveaux, mis à jour, inchangés, lignes en erreur. N’écrit rien.',
          params: uaiParam,
          body: importBody,
          response: { 200: importSummarySchema, 400: problemSchema, 404: problemSchema, 413: problemSchema },
        },
      },
      async (request, reply) => {
        const bytes = decode(request.body.contentBase64);
        if (bytes.length > MAX_IMPORT_BYTES) return tooLarge(reply);
        const r = await previewImport(deps, request.principal!, request.params.uai, bytes);
        if (!r.ok) return importFailure(reply, r);
        const { ok: _ok, ...body } = r;
        return body;
      },
    );

    app.post(
      '/api/schools/:uai/students/import',
      {
        bodyLimit,
        config: { permission: 'students.import' },
        schema: {
          tags: ['Établissements'],
          summary: 'Importer des élèves',
          description:
            'Écrit l’import en une seule transaction : un INE connu met à jour l’élève (nom, prénom, date de naissance, classe, responsables), un INE nouveau crée l’élève ; les classes inconnues sont créées ; les lignes en erreur sont ignorées. Réimporter le même fichier ne change rien (changed: false).',
          params: uaiParam,
          body: importBody,
          response: {
            200: importSummarySchema.extend({
              changed: z.boolean().describe('false : le fichier était déjà importé, rien n’a changé'),
            }),
            ...problems(400, 404, 413),
          },
        },
      },
      async (request, reply) => {
        const bytes = decode(request.body.contentBase64);
        if (bytes.length > MAX_IMPORT_BYTES) return tooLarge(reply);
        const r = await runImport(deps, request.principal!, request.params.uai, bytes, context(request));
        if (!r.ok) return importFailure(reply, r);
        const { ok: _ok, ...body } = r;
        return body;
      },
    );

    app.get(
      '/api/schools/:uai/students',
      {
        config: { permission: 'students.list' },
        schema: {
          tags: ['Établissements'],
          summary: 'Élèves du lycée',
          description:
            'Liste paginée (50 par page), filtrable par classe, par recherche sur le nom, le prénom ou l’INE et par statut de placement (un ou plusieurs). Chaque élève porte son statut de placement dérivé des candidatures et des décisions du chef d’établissement, et les organismes de chaque semaine ; `counts` compte les élèves par statut parmi ceux de la classe et de la recherche (avant le filtre de statut). Un professeur référent de classes ne voit que ses classes. Chaque consultation est inscrite au journal des accès.',
          params: uaiParam,
          querystring: z.object({
            classId: z
              .uuid('identifiant de classe invalide')
              .optional()
              .describe('Ne montrer que cette classe'),
            q: z.string().trim().max(100, '100 caractères au plus').optional().describe('Recherche'),
            status: placementStatusFilter,
            page: z.coerce
              .number({ error: () => 'attendu : un numéro de page entier à partir de 1' })
              .int('attendu : un numéro de page entier à partir de 1')
              .min(1, 'attendu : un numéro de page entier à partir de 1')
              .max(10_000, 'numéro de page trop grand')
              .default(1),
          }),
          response: {
            200: z.object({
              school: z.object({ uai: z.string(), name: z.string() }),
              classes: z.array(z.object({ id: z.string(), name: z.string() })),
              restrictedToClasses: z
                .boolean()
                .describe('true : vous ne voyez que les classes dont vous êtes référent'),
              counts: placementCountsSchema,
              items: z.array(
                z.object({
                  id: z.string(),
                  ine: z.string().nullable(),
                  lastName: z.string(),
                  firstName: z.string(),
                  birthDate: z.string(),
                  classId: z.string(),
                  className: z.string(),
                  lastReminderAt: z.string().nullable().describe('Dernière relance envoyée'),
                  placement: placementSchema,
                }),
              ),
              total: z.number().int(),
              page: z.number().int(),
              pageSize: z.number().int(),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await listStudents(
          deps,
          request.principal!,
          request.params.uai,
          request.query,
          context(request),
        );
        if (!r.ok) return notFound(reply);
        const { ok: _ok, ...body } = r;
        return body;
      },
    );

    app.get(
      '/api/students/:id',
      {
        config: { permission: 'student.read' },
        schema: {
          tags: ['Établissements'],
          summary: 'Un élève',
          description:
            'Ce que la convention demande : nom, prénom, date de naissance, classe, responsables légaux. Toute consultation par un personnel est inscrite au journal des accès.',
          params: z.object({ id: z.uuid('identifiant d’élève invalide') }),
          response: {
            200: z.object({
              id: z.string(),
              ine: z.string().nullable(),
              lastName: z.string(),
              firstName: z.string(),
              birthDate: z.string(),
              school: z.object({ uai: z.string(), name: z.string() }),
              class: z.object({ id: z.string(), name: z.string() }),
              guardians: z.array(guardianSchema),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await readStudent(deps, request.principal!, request.params.id, context(request));
        if (!r.ok)
          return sendProblem(
            reply,
            notFoundProblem(
              'Élève introuvable',
              'Aucun élève de votre périmètre ne correspond à cette adresse.',
            ),
          );
        return r.student;
      },
    );

    const staffFunction = z.enum(STAFF_FUNCTIONS, {
      error: () => 'fonction attendue : professeur, cpe, gestionnaire ou autre',
    });

    app.post(
      '/api/schools/:uai/staff/invitations',
      {
        config: { permission: 'staff.invite' },
        schema: {
          tags: ['Établissements'],
          summary: 'Inviter un personnel',
          description:
            'Envoie une invitation par courriel (lien valable 7 jours, à usage unique). Le compte est créé quand la personne accepte.',
          params: uaiParam,
          body: z
            .object({
              email: z
                .email('adresse électronique invalide')
                .max(254)
                .describe('Adresse de la personne invitée'),
              firstName: z.string().trim().min(1, 'prénom manquant').max(100),
              lastName: z.string().trim().min(1, 'nom manquant').max(100),
              function: staffFunction,
              signatureDelegate: z.boolean().optional().describe('Délégué de signature des conventions'),
            })
            .strict(),
          response: {
            201: z.object({ ok: z.literal(true), expiresAt: z.string() }),
            ...problems(404, 429),
          },
        },
      },
      async (request, reply) => {
        const user = request.auth?.user ?? { firstName: 'Le chef', lastName: 'd’établissement' };
        const r = await inviteStaff(
          deps,
          request.principal!,
          user,
          request.params.uai,
          request.body,
          context(request),
        );
        if (!r.ok) {
          if (r.error === 'rate_limited') return sendProblem(reply, tooManyInvitations());
          return notFound(reply);
        }
        return reply.code(201).send({ ok: true as const, expiresAt: r.expiresAt.toISOString() });
      },
    );

    app.post(
      '/api/auth/invitation/accept',
      {
        config: { permission: 'auth.public' },
        schema: {
          tags: ['Comptes'],
          summary: 'Accepter une invitation',
          description:
            'Consomme le jeton d’invitation (une seule fois), crée le compte s’il n’existe pas, ajoute le rôle que l’invitation désigne (personnel d’un lycée ou membre d’un organisme d’accueil) et ouvre une session dans ce rôle.',
          body: z.object({ token: z.string().min(10, 'jeton invalide').max(200, 'jeton invalide') }).strict(),
          response: { 200: ok, 400: problemSchema, 429: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await acceptInvitation(deps, request.body.token, context(request));
        if (!r.ok) {
          const detail = {
            invalid:
              'Ce lien d’invitation est incorrect. Vérifiez que vous avez copié l’adresse complète du courriel.',
            expired:
              'Ce lien d’invitation a expiré (validité : 7 jours). Demandez une nouvelle invitation à la personne qui vous a invité.',
            used: 'Cette invitation a déjà été acceptée. Connectez-vous, ou demandez une nouvelle invitation.',
            rate_limited: 'Trop de tentatives : réessayez dans quelques minutes.',
          }[r.error];
          return sendProblem(
            reply,
            r.error === 'rate_limited'
              ? problem(429, 'trop-de-requetes', 'Trop de tentatives', detail)
              : problem(400, 'invitation-invalide', 'Invitation non valable', detail),
          );
        }
        if (request.auth) await closeSession(deps, request.auth.tokenHash);
        setSessionCookie(reply, deps.secureCookies, r);
        return { ok: true as const };
      },
    );

    const staffSchema = z.object({
      membershipId: z.string(),
      role: z.enum(ROLES),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      function: z.string().nullable(),
      signatureDelegate: z.boolean(),
      referentClassIds: z.array(z.string()),
    });

    app.get(
      '/api/schools/:uai/staff',
      {
        config: { permission: 'staff.invite' },
        schema: {
          tags: ['Établissements'],
          summary: 'Personnels du lycée',
          description:
            'Personnels (fonction, délégation de signature, classes dont ils sont référents) et invitations en attente.',
          params: uaiParam,
          response: {
            200: z.object({
              school: z.object({ uai: z.string(), name: z.string() }),
              classes: z.array(z.object({ id: z.string(), name: z.string() })),
              staff: z.array(staffSchema),
              invitations: z.array(
                z.object({
                  id: z.string(),
                  email: z.string(),
                  firstName: z.string(),
                  lastName: z.string(),
                  function: z.string(),
                  signatureDelegate: z.boolean(),
                  createdAt: z.string(),
                  expiresAt: z.string(),
                }),
              ),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await listStaff(deps, request.principal!, request.params.uai);
        if (!r.ok) return notFound(reply);
        const { ok: _ok, ...body } = r;
        return body;
      },
    );

    app.patch(
      '/api/schools/:uai/staff/:membershipId',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['Établissements'],
          summary: 'Délégation de signature et classes référentes d’un personnel',
          params: uaiParam.extend({ membershipId: z.uuid('identifiant de personnel invalide') }),
          body: z
            .object({
              signatureDelegate: z
                .boolean()
                .optional()
                .describe('Peut signer les conventions au nom du chef d’établissement'),
              referentClassIds: z
                .array(z.uuid('identifiant de classe invalide'))
                .max(100)
                .optional()
                .describe('Classes dont la personne est professeur référent (remplace la liste)'),
            })
            .strict(),
          response: { 200: ok, 400: problemSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await updateStaff(
          deps,
          request.principal!,
          request.params.uai,
          request.params.membershipId,
          request.body,
          context(request),
        );
        if (!r.ok) {
          if (r.error === 'unknown_class')
            return sendProblem(
              reply,
              problem(
                400,
                'classe-inconnue',
                'Classe inconnue',
                'Une des classes choisies n’appartient pas à ce lycée.',
              ),
            );
          return sendProblem(
            reply,
            notFoundProblem(
              'Personnel introuvable',
              'Aucun personnel de ce lycée ne correspond à cette adresse.',
            ),
          );
        }
        return { ok: true as const };
      },
    );

    app.get(
      '/api/schools/:uai/audit',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['Établissements'],
          summary: 'Journal des accès du lycée',
          description:
            'Consultations des données des élèves par les personnels, imports, invitations, connexions des personnels : qui, quand, quel élève, depuis où. 50 par page, du plus récent au plus ancien.',
          params: uaiParam,
          querystring: z.object({
            page: z.coerce
              .number({ error: () => 'attendu : un numéro de page entier à partir de 1' })
              .int('attendu : un numéro de page entier à partir de 1')
              .min(1, 'attendu : un numéro de page entier à partir de 1')
              .max(100_000, 'numéro de page trop grand')
              .default(1),
          }),
          response: {
            200: z.object({
              school: z.object({ uai: z.string(), name: z.string() }),
              total: z.number().int(),
              page: z.number().int(),
              pageSize: z.number().int(),
              items: z.array(
                z.object({
                  id: z.number().int(),
                  at: z.string(),
                  action: z.string(),
                  label: z.string(),
                  actorName: z.string().nullable(),
                  actorRole: z.string().nullable(),
                  actorRoleLabel: z.string().nullable(),
                  studentId: z.string().nullable(),
                  studentName: z.string().nullable(),
                  ip: z.string().nullable(),
                }),
              ),
            }),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await auditPage(deps, request.principal!, request.params.uai, request.query.page);
        if (!r.ok) return notFound(reply);
        const { ok: _ok, ...body } = r;
        return body;
      },
    );
  };
