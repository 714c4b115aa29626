import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem, type Problem } from '../http/problem.ts';

/** How one expected failure of the conventions module is told as problem+json. */
export interface ProblemSpec {
  status: number;
  /** The end of the problem type URI (urn:stage-seconde:probleme:<slug>). */
  slug: string;
  title: string;
  /** A fixed detail, used instead of the failure's message. */
  detail?: string;
  /** The field the failure's message is attached to (problem `errors`). */
  field?: string;
}

const spec = (status: number, slug: string, title: string, more: Partial<ProblemSpec> = {}): ProblemSpec => ({
  status,
  slug,
  title,
  ...more,
});

/** The failures shared by the convention, after-signature, signing, templates and verify routes. */
export const PROBLEMS = {
  not_found: spec(404, 'introuvable', 'Convention introuvable', {
    detail: 'Aucune convention de votre périmètre ne correspond.',
  }),
  forbidden_role: spec(403, 'role-insuffisant', 'Action non permise'),
  invalid_state: spec(409, 'etat-incompatible', 'Action impossible'),
  stale: spec(409, 'modifiee-entre-temps', 'Convention modifiée entre-temps'),
  message_required: spec(400, 'motif-requis', 'Motif requis', { field: 'reason' }),
  incomplete: spec(422, 'convention-incomplete', 'Convention incomplète'),
  too_early: spec(409, 'trop-tot', 'Stage pas encore terminé'),
  invalid_dates: spec(422, 'dates-invalides', 'Dates invalides', { field: 'startDate' }),
  invalid_days: spec(422, 'jours-invalides', 'Jours de présence invalides', { field: 'days' }),
  absent: spec(404, 'introuvable', 'Document introuvable'),
  class_not_found: spec(404, 'introuvable', 'Classe introuvable', {
    detail: 'Aucune classe de votre lycée ne correspond.',
  }),
  // signing
  signing_not_found: spec(404, 'introuvable', 'Introuvable'),
  forbidden: spec(403, 'acces-refuse', 'Accès refusé'),
  not_signable: spec(409, 'signature-fermee', 'Signature impossible'),
  already_signed: spec(409, 'deja-signe', 'Déjà signé'),
  invalid_code: spec(422, 'code-invalide', 'Code refusé', { field: 'code' }),
  wrong_code: spec(422, 'code-incorrect', 'Code incorrect', { field: 'code' }),
  expired: spec(422, 'code-expire', 'Code expiré', { field: 'code' }),
  used: spec(422, 'code-deja-utilise', 'Code déjà utilisé', { field: 'code' }),
  unknown_code: spec(422, 'code-inconnu', 'Code inconnu'),
  no_phone: spec(422, 'pas-de-telephone', 'Pas de numéro de téléphone'),
  nothing_to_sign: spec(422, 'rien-a-signer', 'Rien à signer'),
  too_many_attempts: spec(429, 'trop-d-essais', 'Trop d’essais', { field: 'code' }),
  rate_limited: spec(429, 'trop-de-codes', 'Trop de codes demandés'),
  // templates
  template_not_found: spec(404, 'introuvable', 'Modèle introuvable'),
  bad_request: spec(400, 'requete-invalide', 'Requête invalide', { field: 'schoolYear' }),
  invalid_template: spec(422, 'modele-invalide', 'Modèle invalide'),
  // verify
  reference_not_found: spec(404, 'introuvable', 'Convention introuvable'),
  invalid_reference: spec(400, 'reference-invalide', 'Référence invalide', { field: 'reference' }),
  file_too_large: spec(413, 'fichier-trop-volumineux', 'Fichier trop volumineux', { field: 'file' }),
  empty_file: spec(400, 'fichier-vide', 'Fichier vide', { field: 'file' }),
} satisfies Record<string, ProblemSpec>;

export type ProblemCode = keyof typeof PROBLEMS;

/**
 * The problem for a failure: its spec (a code of PROBLEMS or a spec), the failure's message as detail
 * (unless the spec fixes one) and, when the spec names a field, that message attached to the field;
 * `errors` given replaces the latter.
 */
export function conventionProblem(
  which: ProblemCode | ProblemSpec,
  message?: string,
  errors?: Problem['errors'],
): Problem {
  const s = typeof which === 'string' ? PROBLEMS[which] : which;
  const detail = s.detail ?? message;
  const fieldErrors =
    errors ?? (s.field !== undefined && message !== undefined ? [{ field: s.field, message }] : undefined);
  return problem(s.status, s.slug, s.title, detail, fieldErrors);
}

export function sendConventionProblem(
  reply: FastifyReply,
  which: ProblemCode | ProblemSpec,
  message?: string,
  errors?: Problem['errors'],
): FastifyReply {
  return sendProblem(reply, conventionProblem(which, message, errors));
}

/** Who did it, from where: recorded with each event of a convention. */
export function requestContext(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}
