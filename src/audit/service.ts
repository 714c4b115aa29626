import type { Db } from '../db/client.ts';
import type { Principal } from '../domain/permissions.ts';
import { auditPageForSchool, insertAuditEvent, type NewAuditEvent } from './store.ts';

/**
 * Audit trail (DOMAIN.md §8): authentication events, and every read of a student's personal
 * data by staff (who, when, which student, from where). Append-only: nothing updates or deletes.
 */
export const AUDIT_ACTIONS = {
  'auth.sign_in': 'Connexion',
  'auth.sign_in_failed': 'Échec de connexion',
  'auth.sign_out': 'Déconnexion',
  'auth.sign_out_everywhere': 'Déconnexion de tous les appareils',
  'auth.lockout': 'Compte bloqué temporairement',
  'auth.password_reset': 'Mot de passe réinitialisé',
  'auth.email_verified': 'Adresse électronique vérifiée',
  'auth.link_used': 'Connexion par lien à usage unique',
  'auth.account_activated': 'Compte activé',
  'student.read': 'Consultation des données d’un élève',
  'students.list': 'Consultation de la liste des élèves',
  'students.import': 'Import d’élèves',
  'students.exported': 'Export des élèves et de leur stage (CSV)',
  'placement.reminder_sent': 'Relance d’un élève sans stage',
  'steering.head_reminder_sent': 'Relance des chefs d’un lycée (élèves sans stage), depuis le pilotage',
  'steering.exported': 'Export de pilotage avec les noms des élèves (CSV ou Excel)',
  'staff.invited': 'Invitation d’un personnel',
  'staff.updated': 'Rôle d’un personnel modifié',
  'api_key.created': 'Clé d’API créée',
  'api_key.revoked': 'Clé d’API révoquée',
  'host.member_invited': 'Invitation d’un membre de l’organisme',
  'host.member_removed': 'Membre de l’organisme retiré',
  'offer.created': 'Offre créée',
  'offer.updated': 'Offre modifiée',
  'offer.event': 'Offre : changement d’état',
  'offer.flagged': 'Offre signalée',
  'offer.moderated': 'Signalement traité',
  'host.updated': 'Organisme d’accueil modifié',
  'offers.imported': 'Offres importées (CSV)',
  'offers.archived': 'Offres archivées (fin de campagne)',
  'application.created': 'Candidature envoyée',
  'application.accepted': 'Candidature acceptée',
  'application.refused': 'Candidature refusée',
  'application.confirmed': 'Stage confirmé par l’élève',
  'application.split_requested': 'Stage en deux lieux demandé',
  'application.split_approved': 'Stage en deux lieux accepté',
  'application.split_refused': 'Stage en deux lieux refusé',
  'application.withdrawn': 'Candidature retirée par l’élève',
  'application.cancelled': 'Stage annulé par l’organisme',
  'placement.exemption_granted': 'Dispense accordée par le chef d’établissement',
  'placement.repli_decided': 'Repli au lycée décidé par le chef d’établissement',
  'placement.decision_revoked': 'Dispense ou repli révoqué',
  'external_stage.declared': 'Stage trouvé hors plateforme déclaré (invitation à l’organisme)',
  'external_stage.cancelled': 'Déclaration de stage hors plateforme annulée',
  'external_stage.declined': 'Stage hors plateforme refusé par l’organisme',
  'external_stage.confirmed': 'Stage hors plateforme confirmé par l’organisme',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditContext {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface AuditInput {
  action: AuditAction;
  actor?: Pick<Principal, 'userId' | 'role'> | { userId: string; role?: string } | null;
  studentId?: string | null;
  schoolUai?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(
  deps: { db: Db; clock: () => Date },
  input: AuditInput,
  context: AuditContext = {},
): Promise<void> {
  await insertAuditEvent(deps.db, auditRow(deps.clock, input, context));
}

/** The row of an audit event: for a caller that writes it in one statement with other rows. */
export function auditRow(clock: () => Date, input: AuditInput, context: AuditContext = {}): NewAuditEvent {
  return {
    at: clock(),
    action: input.action,
    actorUserId: input.actor?.userId ?? null,
    actorRole: input.actor?.role ?? null,
    studentId: input.studentId ?? null,
    schoolUai: input.schoolUai ?? null,
    ip: context.ip ?? null,
    userAgent: context.userAgent?.slice(0, 400) ?? null,
    details: input.details ?? null,
  };
}

export async function schoolAuditPage(deps: { db: Db }, schoolUai: string, page: number, pageSize = 50) {
  const { items, total } = await auditPageForSchool(deps.db, schoolUai, pageSize, (page - 1) * pageSize);
  return {
    total,
    items: items.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      label: (AUDIT_ACTIONS as Record<string, string>)[e.action] ?? e.action,
      actorUserId: e.actorUserId,
      actorRole: e.actorRole,
      studentId: e.studentId,
      ip: e.ip,
      details: e.details,
    })),
  };
}
