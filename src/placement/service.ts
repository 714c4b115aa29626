/**
 * The school head's two placement decisions (DOMAIN.md §5, issue 5 §7): an exemption (SNU,
 * mobility, 2de STHR, medical; with a supporting document) and the repli in the lycée (with what
 * the student will do there). One decision in force per student; the head revokes it to change
 * it. Staff and teachers read decisions (schools' placement pages), they do not decide.
 *
 * Choices:
 * - An exemption is refused while the student holds a week (a confirmed placement, or a second
 *   host's week waiting for the split's approval): the placement must be ended first, so that the
 *   host keeps no place for a student who will not come.
 * - A repli is refused when both weeks are held (nothing is left for the lycée to cover); with one
 *   week held, it covers the other one.
 * - The document must be a PDF sent as an exemption document by the head or a staff member of the
 *   student's lycée, and not already the document of another student's decision.
 */
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { EXEMPTION_LABELS, type ExemptionReason, type PlacementDecisionKind } from '../domain/application.ts';
import { authorize, type Principal } from '../domain/permissions.ts';
import { exemptionDocument } from '../files/service.ts';
import {
  currentDecision,
  documentUsedForOther,
  findStudent,
  heldWeeks,
  insertDecision,
  lockStudent,
  revokeCurrent,
  type DecisionRecord,
} from './store.ts';

export interface PlacementDecisionDeps {
  db: Db;
  clock: () => Date;
}

export const REPLI_COMMENT_MIN = 10;
export const DECISION_COMMENT_MAX = 1000;

export const DECISION_KIND_LABELS: Record<PlacementDecisionKind, string> = {
  exemption: 'Dispense',
  repli: 'Repli au lycée',
};

export type DecisionError =
  | { ok: false; error: 'not_found' }
  | {
      ok: false;
      error:
        | 'reason_required'
        | 'reason_not_allowed'
        | 'document_required'
        | 'document_not_allowed'
        | 'comment_required'
        | 'comment_too_long';
      field: string;
      message: string;
    }
  | { ok: false; error: 'document_unknown'; field: string; message: string }
  | { ok: false; error: 'already_decided' | 'placement_exists' | 'fully_covered'; message: string };

export function decisionView(r: DecisionRecord) {
  const d = r.decision;
  return {
    id: d.id,
    studentId: d.studentId,
    kind: d.kind,
    kindLabel: DECISION_KIND_LABELS[d.kind],
    reason: d.reason,
    reasonLabel: d.reason ? EXEMPTION_LABELS[d.reason] : null,
    comment: d.comment,
    document: r.document ? { id: r.document.id, fileName: r.document.fileName, size: r.document.size } : null,
    decidedAt: d.decidedAt.toISOString(),
    revokedAt: d.revokedAt?.toISOString() ?? null,
  };
}
export type DecisionView = ReturnType<typeof decisionView>;

class Rollback extends Error {
  constructor(readonly failure: DecisionError) {
    super('rollback');
  }
}

function isUniqueViolation(e: unknown): boolean {
  const x = e as { code?: string; cause?: { code?: string } };
  return (x.cause?.code ?? x.code) === '23505';
}

const ALREADY: DecisionError = {
  ok: false,
  error: 'already_decided',
  message:
    'Une décision (dispense ou repli) est déjà en vigueur pour cet élève : révoquez-la avant d’en prendre une autre.',
};

/** The student if the principal may decide for them (the head of their lycée), else undefined. */
async function located(deps: PlacementDecisionDeps, p: Principal, studentId: string) {
  const student = await findStudent(deps.db, studentId);
  if (!student) return undefined;
  return authorize(p, 'placement.decide', { studentId, schoolUai: student.schoolUai }).ok
    ? student
    : undefined;
}

/** The head grants an exemption or decides a repli for a student of their lycée. */
export async function decidePlacement(
  deps: PlacementDecisionDeps,
  p: Principal,
  studentId: string,
  input: {
    kind: PlacementDecisionKind;
    reason?: ExemptionReason | undefined;
    documentFileId?: string | undefined;
    comment?: string | undefined;
  },
  context: AuditContext = {},
): Promise<{ ok: true; decision: DecisionView } | DecisionError> {
  const student = await located(deps, p, studentId);
  if (!student) return { ok: false, error: 'not_found' };
  const comment = input.comment?.trim() ?? '';
  if (comment.length > DECISION_COMMENT_MAX)
    return {
      ok: false,
      error: 'comment_too_long',
      field: 'comment',
      message: `Le commentaire compte ${DECISION_COMMENT_MAX} caractères au plus.`,
    };
  let document: { id: string; fileName: string; size: number } | undefined;
  if (input.kind === 'exemption') {
    if (!input.reason)
      return {
        ok: false,
        error: 'reason_required',
        field: 'reason',
        message: 'Indiquez le motif de la dispense : snu, mobility, sthr ou medical.',
      };
    if (!input.documentFileId)
      return {
        ok: false,
        error: 'document_required',
        field: 'documentFileId',
        message: 'Joignez le justificatif de la dispense (un PDF).',
      };
    document = await exemptionDocument(deps.db, input.documentFileId, student.schoolUai);
    if (!document || (await documentUsedForOther(deps.db, document.id, studentId)))
      return {
        ok: false,
        error: 'document_unknown',
        field: 'documentFileId',
        message: 'Ce justificatif est introuvable : déposez-le de nouveau.',
      };
  } else {
    if (input.reason)
      return {
        ok: false,
        error: 'reason_not_allowed',
        field: 'reason',
        message: 'Un repli au lycée n’a pas de motif de dispense.',
      };
    if (input.documentFileId)
      return {
        ok: false,
        error: 'document_not_allowed',
        field: 'documentFileId',
        message: 'Un repli au lycée n’a pas de justificatif.',
      };
    if (comment.length < REPLI_COMMENT_MIN)
      return {
        ok: false,
        error: 'comment_required',
        field: 'comment',
        message: `Indiquez ce que l’élève fera au lycée pendant le stage (${REPLI_COMMENT_MIN} caractères au moins).`,
      };
  }
  const now = deps.clock();
  try {
    const row = await deps.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      await lockStudent(db, studentId);
      if (await currentDecision(db, studentId)) throw new Rollback(ALREADY);
      const held = await heldWeeks(db, studentId);
      if (input.kind === 'exemption' && held.length > 0)
        throw new Rollback({
          ok: false,
          error: 'placement_exists',
          message: `Cet élève a déjà un stage pour ${held.length === 2 ? 'les deux semaines' : `la semaine ${held[0]!.week}`} : il ne peut pas être dispensé tant que ce stage n’est pas annulé.`,
        });
      if (input.kind === 'repli' && held.length >= 2)
        throw new Rollback({
          ok: false,
          error: 'fully_covered',
          message: 'Cet élève a un stage pour les deux semaines : un repli au lycée n’a pas lieu d’être.',
        });
      const inserted = await insertDecision(db, {
        studentId,
        kind: input.kind,
        reason: input.kind === 'exemption' ? input.reason! : null,
        documentFileId: document?.id ?? null,
        comment: comment || null,
        decidedBy: p.userId,
        decidedAt: now,
      });
      await recordAudit(
        { db, clock: deps.clock },
        {
          action: input.kind === 'exemption' ? 'placement.exemption_granted' : 'placement.repli_decided',
          actor: p,
          studentId,
          schoolUai: student.schoolUai,
          details: {
            decisionId: inserted.id,
            ...(input.kind === 'exemption' ? { reason: input.reason, documentFileId: document?.id } : {}),
          },
        },
        context,
      );
      return inserted;
    });
    return { ok: true, decision: decisionView({ decision: row, document: document ?? null }) };
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    if (isUniqueViolation(e)) return ALREADY;
    throw e;
  }
}

/** The head revokes the decision in force (the student goes back to the status their applications give). */
export async function revokePlacementDecision(
  deps: PlacementDecisionDeps,
  p: Principal,
  studentId: string,
  context: AuditContext = {},
): Promise<{ ok: true; decision: DecisionView } | { ok: false; error: 'not_found' | 'no_decision' }> {
  const student = await located(deps, p, studentId);
  if (!student) return { ok: false, error: 'not_found' };
  const now = deps.clock();
  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const current = await currentDecision(db, studentId);
    if (!current) return undefined;
    const revoked = await revokeCurrent(db, studentId, now);
    if (!revoked) return undefined;
    await recordAudit(
      { db, clock: deps.clock },
      {
        action: 'placement.decision_revoked',
        actor: p,
        studentId,
        schoolUai: student.schoolUai,
        details: { decisionId: revoked.id, kind: revoked.kind },
      },
      context,
    );
    return { decision: revoked, document: current.document };
  });
  if (!result) return { ok: false, error: 'no_decision' };
  return { ok: true, decision: decisionView(result) };
}
