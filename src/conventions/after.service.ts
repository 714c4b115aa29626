/**
 * After the signature (issue 6 §9, §10): the avenant (a new convention amending a signed one,
 * which stays intact), the host's attestation of presence after the last day (sealed by the
 * platform, the convention done), and the ZIP of a class's sealed conventions for the lycée.
 * Cancellation after the signature is the module's ordinary cancellation (service.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { attestationBlocks } from '../domain/convention-template.ts';
import {
  attestationOpen,
  conventionProblems,
  conventionTransition,
  newReference,
} from '../domain/convention.ts';
import { DEFAULT_SETTINGS, stageYear } from '../domain/campaign.ts';
import { authorize, type Principal } from '../domain/permissions.ts';
import { findFileContent, insertFile } from '../files/store.ts';
import { renderPdf } from '../infra/pdf.ts';
import type { Sealer } from '../infra/seal.ts';
import { queueMail } from '../notifications/service.ts';
import { AMENDMENT_CHANGE_LABELS, type AmendmentChange, type AmendmentNote } from './document.ts';
import { appendConventionEvent } from './events.store.ts';
import {
  PLATFORM_USER,
  actorOf,
  dateFr,
  getConvention,
  isFailure,
  located,
  type ConventionDetailView,
  type ConventionError,
} from './service.ts';
import { classOf, lockConvention, sealedOfClass, amendmentStatuses } from './after.store.ts';
import { insertConvention, studentAccountEmail, updateIfVersion, type Runner } from './store.ts';

export interface AfterDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
  /** the platform's sealer (loaded once by the server) */
  sealer: () => Promise<Sealer>;
}

export type AfterError =
  | ConventionError
  | { ok: false; error: 'too_early'; message: string }
  | { ok: false; error: 'invalid_days'; message: string }
  | { ok: false; error: 'invalid_dates'; message: string }
  | { ok: false; error: 'absent'; message: string };

type Detail = { ok: true; convention: ConventionDetailView };

function failed(x: unknown): x is AfterError {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

class Rollback extends Error {
  constructor(readonly failure: AfterError) {
    super('rollback');
  }
}

async function tx<T>(db: Db, run: (t: Runner) => Promise<T>): Promise<T | AfterError> {
  try {
    return await db.transaction(async (t) => run(t));
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    throw e;
  }
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
/** The day in Paris, "YYYY-MM-DD". */
export function parisDay(d: Date): string {
  return PARIS_DAY.format(d);
}

const WEEKDAY_FR = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' });
function dayFr(iso: string): string {
  return `${WEEKDAY_FR.format(new Date(`${iso}T00:00:00Z`))} ${dateFr(iso)}`;
}

function transition(
  status: Parameters<typeof conventionTransition>[0],
  event: 'amend' | 'attest',
  p: Principal,
): AfterError | null {
  const actor = actorOf(p);
  if (!actor)
    return { ok: false, error: 'forbidden_role', message: 'Votre rôle ne permet pas cette action.' };
  const t = conventionTransition(status, event, actor);
  return t.ok ? null : { ok: false, error: t.error, message: t.message };
}

function link(deps: { publicUrl: string }, id: string) {
  return `${deps.publicUrl}/conventions/${id}`;
}

const IN_PROGRESS = new Set(['completion', 'validated']);

// ---------------------------------------------------------------- avenant

export async function amend(
  deps: AfterDeps,
  p: Principal,
  id: string,
  input: {
    reason: string;
    changes: AmendmentChange[];
    /** the new dates, with the change 'dates' */
    startDate?: string | undefined;
    endDate?: string | undefined;
  },
  context: AuditContext = {},
): Promise<Detail | AfterError> {
  const r = await located(deps.db, p, id, 'conventions.amend');
  if (isFailure(r)) return r;
  const c = r.convention;
  if (c.amendsId)
    return {
      ok: false,
      error: 'invalid_state',
      message: `Cette convention est elle-même un avenant : demandez le nouvel avenant sur la convention d’origine.`,
    };
  const refusal = transition(c.status, 'amend', p);
  if (refusal) return refusal;
  const reason = input.reason.trim();
  if (reason === '')
    return { ok: false, error: 'message_required', message: 'Indiquez le motif de l’avenant.' };
  const changes = [...new Set(input.changes)];
  const newDates = input.startDate !== undefined || input.endDate !== undefined;
  if (newDates && !changes.includes('dates'))
    return {
      ok: false,
      error: 'invalid_dates',
      message: 'Nouvelles dates données sans cocher « les dates » parmi les modifications.',
    };
  const startDate = input.startDate ?? c.startDate;
  const endDate = input.endDate ?? c.endDate;
  if (newDates) {
    const wrong = conventionProblems({
      parties: c.parties,
      hostPart: c.hostPart,
      schoolPart: c.schoolPart,
      startDate,
      endDate,
      limits: DEFAULT_SETTINGS.limits,
    }).filter((x) => x.rule.startsWith('dates_'));
    if (wrong.length > 0)
      return { ok: false, error: 'invalid_dates', message: wrong.map((x) => x.message).join(' ') };
  }
  const now = deps.clock();
  const result = await tx(deps.db, async (db) => {
    // one avenant at a time: the original is locked while its avenants are counted
    const original = await lockConvention(db, id);
    if (!original || original.status !== 'signed')
      throw new Rollback({
        ok: false,
        error: 'invalid_state',
        message: 'La convention a changé entre-temps : elle n’est plus signée. Rechargez la page.',
      });
    const earlier = await amendmentStatuses(db, id);
    const open = earlier.find((a) => IN_PROGRESS.has(a.status));
    if (open)
      throw new Rollback({
        ok: false,
        error: 'invalid_state',
        message: `Un avenant à cette convention est déjà en cours (${open.reference}) : faites-le signer ou annulez-le avant d’en demander un autre.`,
      });
    const note: AmendmentNote = { number: earlier.length + 1, amends: c.reference, reason, changes };
    const row = await insertConvention(db, {
      reference: newReference(randomBytes(10), stageYear(c.parties.campaign.schoolYear)),
      campaignId: c.campaignId,
      applicationId: c.applicationId,
      studentId: c.studentId,
      hostId: c.hostId,
      offerId: c.offerId,
      schoolUai: c.schoolUai,
      weeks: c.weeks,
      startDate,
      endDate,
      templateId: c.templateId,
      status: 'completion',
      parties: { ...c.parties, amendment: note } as typeof c.parties,
      hostPart: c.hostPart,
      // the host states the changes (hours, tutor, place) and declares its part complete again;
      // the lycée's part is copied as it was signed
      schoolPart: c.schoolPart,
      hostCompletedAt: null,
      schoolCompletedAt: c.schoolCompletedAt,
      amendsId: c.id,
      amendmentReason: reason,
      createdAt: now,
      updatedAt: now,
    });
    const common = {
      at: now,
      actorUserId: p.userId,
      actorRole: actorOf(p),
      ip: context.ip,
      userAgent: context.userAgent,
    };
    await appendConventionEvent(db, {
      ...common,
      conventionId: c.id,
      kind: 'amendment_created',
      details: {
        amendmentId: row.id,
        reference: row.reference,
        number: note.number,
        reason,
        changes,
        ...(newDates ? { startDate, endDate } : {}),
      },
    });
    await appendConventionEvent(db, {
      ...common,
      conventionId: row.id,
      kind: 'amendment_created',
      details: { amendsId: c.id, amendsReference: c.reference, number: note.number, reason, changes },
    });
    const to = new Map<string, string | undefined>();
    for (const x of [c.hostPart.representative, c.schoolPart.representative]) {
      const e = x.email.trim().toLowerCase();
      if (e && !to.has(e)) to.set(e, x.name.trim() || undefined);
    }
    for (const [email, name] of to)
      await queueMail(db as Db, deps.clock, {
        to: email,
        template: 'convention_amendment',
        data: {
          name,
          reference: c.reference,
          amendmentReference: row.reference,
          number: note.number,
          studentName: `${c.parties.student.firstName} ${c.parties.student.lastName}`,
          hostName: c.parties.host.name,
          reason,
          changes: changes.map((x) => AMENDMENT_CHANGE_LABELS[x]).join(', '),
          link: link(deps, row.id),
        },
      });
    return row;
  });
  if (failed(result)) return result;
  return getConvention(deps, p, result.id, context);
}

// ---------------------------------------------------------------- attestation

export async function attest(
  deps: AfterDeps,
  p: Principal,
  id: string,
  input: { days: string[] },
  context: AuditContext = {},
): Promise<Detail | AfterError> {
  const r = await located(deps.db, p, id, 'conventions.attest');
  if (isFailure(r)) return r;
  const c = r.convention;
  const refusal = transition(c.status, 'attest', p);
  if (refusal) return refusal;
  const now = deps.clock();
  if (!attestationOpen(c.endDate, parisDay(now)))
    return {
      ok: false,
      error: 'too_early',
      message: `L’attestation pourra être remplie à partir du ${dateFr(c.endDate)}, dernier jour du stage.`,
    };
  // once an avenant is signed, it is the one that states the stage: the host attests it
  const signedAmendment = (await amendmentStatuses(deps.db, c.id))
    .filter((a) => a.status === 'signed' || a.status === 'done')
    .at(-1);
  if (signedAmendment)
    return {
      ok: false,
      error: 'invalid_state',
      message: `Cette convention a un avenant signé (${signedAmendment.reference}) : confirmez la présence de l’élève sur l’avenant, qui fait foi.`,
    };
  const days = [...new Set(input.days)].sort();
  if (days.length === 0)
    return {
      ok: false,
      error: 'invalid_days',
      message: 'Cochez au moins un jour de présence de l’élève.',
    };
  const outside = days.filter((d) => d < c.startDate || d > c.endDate);
  if (outside.length > 0)
    return {
      ok: false,
      error: 'invalid_days',
      message: `${outside.map(dayFr).join(', ')} : en dehors des dates de la convention (du ${dateFr(c.startDate)} au ${dateFr(c.endDate)}).`,
    };
  const representative = c.hostPart.representative.name.trim() || r.hostName;
  const student = `${c.parties.student.firstName} ${c.parties.student.lastName}`;
  const pdf = await renderPdf(
    {
      reference: c.reference,
      title: `Attestation de stage – ${student} – ${c.parties.host.name}`,
      blocks: attestationBlocks({
        parties: c.parties,
        startDate: c.startDate,
        endDate: c.endDate,
        attendedDays: days,
        hostRepresentative: representative,
        reference: c.reference,
      }),
      footer: 'Attestation de stage',
    },
    { createdAt: now },
  );
  const sealer = await deps.sealer();
  const sealed = await sealer.seal(pdf, {
    reason: `Attestation de stage de la convention ${c.reference}`,
    location: 'Stages de seconde',
    name: 'Stages de seconde – sceau de la plateforme',
    signedAt: now,
  });
  const sha256 = createHash('sha256').update(sealed).digest('hex');
  const studentEmail = await studentAccountEmail(deps.db, c.studentId);
  const result = await tx(deps.db, async (db) => {
    const file = await insertFile(db, {
      purpose: 'attestation',
      fileName: `attestation-${c.reference}.pdf`,
      mediaType: 'application/pdf',
      size: sealed.byteLength,
      sha256,
      content: sealed,
      uploadedBy: PLATFORM_USER,
      uploadedAt: now,
    });
    const next = await updateIfVersion(db, id, c.version, {
      status: 'done',
      attendedDays: days,
      attestationFileId: file.id,
      updatedAt: now,
    });
    if (!next)
      throw new Rollback({
        ok: false,
        error: 'stale',
        message: 'La convention a été modifiée entre-temps : rechargez la page puis confirmez à nouveau.',
      });
    await appendConventionEvent(db, {
      conventionId: id,
      kind: 'attest',
      at: now,
      actorUserId: p.userId,
      actorRole: actorOf(p),
      ip: context.ip,
      userAgent: context.userAgent,
      details: {
        days,
        attestationFileId: file.id,
        attestationSha256: sha256,
        certificate: sealer.fingerprint,
      },
    });
    const data = {
      reference: c.reference,
      studentName: student,
      hostName: c.parties.host.name,
      days: days.length,
      link: link(deps, id),
    };
    if (studentEmail)
      await queueMail(db as Db, deps.clock, {
        to: studentEmail,
        template: 'convention_attested',
        data: { ...data, name: c.parties.student.firstName },
      });
    const head = c.schoolPart.representative;
    if (head.email.trim() && head.email.trim().toLowerCase() !== studentEmail?.toLowerCase())
      await queueMail(db as Db, deps.clock, {
        to: head.email.trim(),
        template: 'convention_attested',
        data: { ...data, name: head.name.trim() || undefined },
      });
    return next;
  });
  if (failed(result)) return result;
  return getConvention(deps, p, id, context);
}

export async function attestationPdf(
  deps: Pick<AfterDeps, 'db'>,
  p: Principal,
  id: string,
): Promise<{ ok: true; pdf: Uint8Array; fileName: string } | AfterError> {
  const r = await located(deps.db, p, id, 'conventions.read');
  if (isFailure(r)) return r;
  const c = r.convention;
  const content = c.attestationFileId ? await findFileContent(deps.db, c.attestationFileId) : undefined;
  if (!content)
    return {
      ok: false,
      error: 'absent',
      message: `La convention ${c.reference} n’a pas encore d’attestation : l’organisme la remplit après le dernier jour du stage.`,
    };
  return { ok: true, pdf: new Uint8Array(content), fileName: `attestation-${c.reference}.pdf` };
}

// ---------------------------------------------------------------- ZIP of a class

/** « Le Goff » → « LE-GOFF », « Léa Marie » → « Léa-Marie »: safe in a file name, accents kept. */
export function fileNamePart(s: string): string {
  return (
    s
      .normalize('NFC')
      .trim()
      .replace(/[\p{Cc}\\/:*?"<>|]+/gu, '')
      .replace(/\s+/g, '-') || 'sans-nom'
  );
}

export interface ArchiveEntry {
  name: string;
  fileId: string;
  signedAt: Date | null;
}

/** What the ZIP of a class holds (its sealed conventions), or why there is none. */
export async function classArchive(
  deps: Pick<AfterDeps, 'db' | 'clock'>,
  p: Principal,
  classId: string,
): Promise<{ ok: true; fileName: string; entries: ArchiveEntry[] } | AfterError> {
  const cls = await classOf(deps.db, classId);
  if (!cls || !authorize(p, 'conventions.archive', { schoolUai: cls.schoolUai }).ok)
    return { ok: false, error: 'not_found' };
  const list = await sealedOfClass(deps.db, classId);
  if (list.length === 0)
    return {
      ok: false,
      error: 'absent',
      message: `Aucune convention signée dans la classe ${cls.name} pour l’instant.`,
    };
  const seen = new Set<string>();
  const entries = list.map((x) => {
    let name = `${fileNamePart(x.lastName.toUpperCase())}_${fileNamePart(x.firstName)}_${x.reference}.pdf`;
    for (let i = 2; seen.has(name); i++) name = name.replace(/(-\d+)?\.pdf$/, `-${i}.pdf`);
    seen.add(name);
    return { name, fileId: x.sealedFileId, signedAt: x.signedAt };
  });
  return {
    ok: true,
    fileName: `conventions-${fileNamePart(cls.name)}-${parisDay(deps.clock())}.zip`,
    entries,
  };
}

/** One stored file's bytes (the ZIP reads them one at a time). */
export async function fileBytes(db: Db, id: string): Promise<Buffer> {
  const content = await findFileContent(db, id);
  if (!content) throw new Error(`fichier ${id} introuvable`);
  return content;
}
