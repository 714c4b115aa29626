import { auditRow, recordAudit, type AuditContext } from '../audit/service.ts';
import type { NewAuditEvent } from '../audit/store.ts';
import type { Db } from '../db/client.ts';
import {
  APPLICATION_STATE_LABELS,
  acceptanceLapsed,
  applicationTransition,
  checkApply,
  EXEMPTED_MESSAGE,
  confirmBy as confirmDeadline,
  confirmationKind,
  expiresAt,
  weeksLabel,
  weeksMask,
  weeksOfMask,
  type ApplicationActor,
  type ApplicationEvent,
  type ApplicationState,
  type ApplyRefusal,
} from '../domain/application.ts';
import { DEFAULT_SETTINGS, type CampaignSettings, type Week } from '../domain/campaign.ts';
import { NOTICE_WINDOW_MS, noticeMode } from '../domain/host-notices.ts';
import { authorize, type Action, type Principal } from '../domain/permissions.ts';
import { derivePlacement, PLACEMENT_STATUS_LABELS } from '../domain/placement-status.ts';
import type { TemplateData, TemplateName } from '../infra/mail/templates.ts';
import { ownFile } from '../files/service.ts';
import { cancelConventionOfApplication, createConventionForApplication } from '../conventions/service.ts';
import { mailRow, queueMail } from '../notifications/service.ts';
import { hostNoticeFacts } from './timers.store.ts';
import {
  applicationsOfHost,
  applicationsOfStudent,
  decideSplitApproval,
  confirmationContext,
  decisionContext,
  moveWithEffects,
  placeAndCancelOverlapping,
  takePlacesAndSync,
  findApplication,
  findOfferForApplication,
  findStudent,
  offerContactEmail,
  offersBrief,
  placementDecisionOf,
  freePlaces,
  headEmails,
  hostEmails,
  insertApplication,
  insertSplitApproval,
  liveApplicationsOfStudent,
  lockStudent,
  markRead,
  placeStudent,
  studentEmails,
  syncOfferFull,
  unplaceApplication,
  updateIfStatus,
  waitingSplits,
  type ApplicationRecord,
  type ApplicationRow,
} from './store.ts';

export interface ApplicationsDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
}

type Runner = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type ApplicationError =
  | { ok: false; error: 'not_found' }
  | { ok: false; error: ApplyRefusal; message: string }
  | { ok: false; error: 'invalid_state' | 'forbidden_role'; message: string }
  | { ok: false; error: 'message_required'; message: string }
  | { ok: false; error: 'lapsed'; message: string }
  | { ok: false; error: 'week_full'; message: string }
  | { ok: false; error: 'already_covered'; message: string }
  | { ok: false; error: 'cv_not_found'; message: string };

/** Thrown inside a transaction to roll it back with an expected failure. */
class Rollback extends Error {
  constructor(readonly failure: ApplicationError) {
    super('rollback');
  }
}

// ---------------------------------------------------------------- views

/** An application to show; `cv` (the attached CV) may be left out by records built by hand. */
export function applicationView(r: Omit<ApplicationRecord, 'cv'> & { cv?: ApplicationRecord['cv'] }) {
  const a = r.application;
  return {
    id: a.id,
    status: a.status,
    statusLabel: APPLICATION_STATE_LABELS[a.status],
    weeks: weeksOfMask(a.weeks),
    motivation: a.motivation,
    offer: { id: a.offerId, title: r.offerTitle },
    host: { id: r.hostId, name: r.hostName },
    student: {
      id: a.studentId,
      firstName: r.studentFirstName,
      lastName: r.studentLastName,
      schoolUai: r.schoolUai,
      schoolName: r.schoolName,
    },
    appliedAt: a.appliedAt.toISOString(),
    readAt: a.readAt?.toISOString() ?? null,
    expiresAt: a.expiresAt.toISOString(),
    acceptedAt: a.acceptedAt?.toISOString() ?? null,
    confirmBy: a.confirmBy?.toISOString() ?? null,
    refusedAt: a.refusedAt?.toISOString() ?? null,
    confirmedAt: a.confirmedAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    hostMessage: a.hostMessage,
    cancelReason: a.cancelReason,
    cv: r.cv ? { id: r.cv.id, fileName: r.cv.fileName, size: r.cv.size } : null,
  };
}
export type ApplicationView = ReturnType<typeof applicationView>;

// ---------------------------------------------------------------- helpers

function actorOf(p: Principal): ApplicationActor | null {
  switch (p.role) {
    case 'student':
    case 'host_member':
    case 'partner':
    case 'school_head':
      return p.role;
    default:
      return null;
  }
}

function step(state: ApplicationState, event: ApplicationEvent, p: Principal): ApplicationError | null {
  const actor = actorOf(p);
  if (!actor)
    return { ok: false, error: 'forbidden_role', message: 'Votre rôle ne permet pas cette action.' };
  const t = applicationTransition(state, event, actor);
  return t.ok ? null : t;
}

function locationOf(r: ApplicationRecord) {
  return { studentId: r.application.studentId, schoolUai: r.schoolUai, hostId: r.hostId };
}

/** The application if the principal may act on it for this action, else undefined (404). */
async function located(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  action: Action,
  db: Runner = deps.db,
): Promise<ApplicationRecord | undefined> {
  const r = await findApplication(db, id);
  if (!r) return undefined;
  return authorize(p, action, locationOf(r)).ok ? r : undefined;
}

function calendarOf(c: {
  week1Start: string;
  week1End: string;
  week2Start: string;
  week2End: string;
  studentsOpenOn: string;
}): { weeks: [Week, Week]; studentsOpenOn: string } {
  return {
    weeks: [
      { number: 1, start: c.week1Start, end: c.week1End },
      { number: 2, start: c.week2Start, end: c.week2End },
    ],
    studentsOpenOn: c.studentsOpenOn,
  };
}

function settingsOf(s: Partial<CampaignSettings> | null | undefined): CampaignSettings {
  return { ...DEFAULT_SETTINGS, ...(s ?? {}) };
}

/** Today in Paris, as an ISO date. */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
const PARIS_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'long',
  timeStyle: 'short',
});

export function parisDate(d: Date): string {
  return PARIS_DAY.format(d);
}

async function mailAll<K extends TemplateName>(
  db: Runner,
  clock: () => Date,
  to: { email: string | null; firstName: string | null }[],
  template: K,
  data: (name: string | undefined) => TemplateData[K],
) {
  for (const r of to) {
    if (!r.email) continue;
    await queueMail(db as Db, clock, { to: r.email, template, data: data(r.firstName ?? undefined) });
  }
}

/** The rendered outbox rows of a mail to each address (written with the change, see moveWithEffects). */
function mailRows<K extends TemplateName>(
  clock: () => Date,
  to: { email: string | null; firstName: string | null }[],
  template: K,
  data: (name: string | undefined) => TemplateData[K],
) {
  return to.flatMap((r) =>
    r.email ? [mailRow(clock, { to: r.email, template, data: data(r.firstName ?? undefined) })] : [],
  );
}

/** The host's members, or else the offer's contact address. */
async function hostRecipients(db: Runner, hostId: string, offerId: string) {
  const members = await hostEmails(db, hostId);
  if (members.length > 0) return members;
  const contact = await offerContactEmail(db, offerId);
  return contact ? [{ email: contact, firstName: null }] : [];
}

function links(deps: ApplicationsDeps) {
  return {
    student: `${deps.publicUrl}/candidatures`,
    host: `${deps.publicUrl}/organisme/candidatures`,
    head: `${deps.publicUrl}/etablissement/eleves`,
  };
}

function fullName(r: { studentFirstName: string; studentLastName: string }) {
  return `${r.studentFirstName} ${r.studentLastName}`;
}

async function tx<T>(deps: ApplicationsDeps, run: (db: Runner) => Promise<T>): Promise<T | ApplicationError> {
  try {
    return await deps.db.transaction(async (t) => run(t));
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    throw e;
  }
}

function isFailure(x: unknown): x is ApplicationError {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

// ---------------------------------------------------------------- apply

export async function apply(
  deps: ApplicationsDeps,
  p: Principal,
  offerId: string,
  input: { weeks: number[]; motivation: string; cvFileId?: string | undefined },
  context: AuditContext = {},
): Promise<{ ok: true; application: ApplicationView } | ApplicationError> {
  const studentId = p.studentIds[0];
  if (p.role !== 'student' || !studentId) return { ok: false, error: 'not_found' };
  const [student, offer] = await Promise.all([
    findStudent(deps.db, studentId),
    findOfferForApplication(deps.db, offerId),
  ]);
  if (!student || !offer) return { ok: false, error: 'not_found' };
  // an unpublished offer is not revealed; a reserved one is, with its reason (the student has its address)
  if (offer.status !== 'published' && offer.status !== 'full') return { ok: false, error: 'not_found' };
  const now = deps.clock();
  const [live, decision] = await Promise.all([
    liveApplicationsOfStudent(deps.db, studentId),
    placementDecisionOf(deps.db, studentId),
  ]);
  const refused = checkApply({
    weeks: input.weeks,
    motivation: input.motivation,
    offer: { status: offer.status, weeks: offer.weeks, reservedTo: offer.reservedTo },
    student: { schoolUai: student.schoolUai },
    calendar: calendarOf(offer.campaign),
    today: parisDate(now),
    live: live.map((a) => ({
      offerId: a.offerId,
      status: a.status,
      weeks: weeksOfMask(a.weeks),
    })),
    offerId,
    exempted: decision?.kind === 'exemption',
  });
  if (refused) return { ok: false, ...refused };
  // the CV must be one this student sent (POST /api/files, purpose cv)
  const cv = input.cvFileId ? await ownFile(deps.db, p.userId, input.cvFileId, 'cv') : undefined;
  if (input.cvFileId !== undefined && !cv)
    return { ok: false, error: 'cv_not_found', message: 'Ce CV est introuvable : déposez-le de nouveau.' };
  const settings = settingsOf(offer.campaign.settings);
  const result = await tx(deps, async (db) => {
    // one mail now, or the daily digest (the host's choice, or past 5 mails in 24 hours): timers.ts
    const notice = noticeMode(
      await hostNoticeFacts(db, offer.hostId, new Date(now.getTime() - NOTICE_WINDOW_MS)),
    );
    let row;
    try {
      row = await insertApplication(db, {
        studentId,
        offerId,
        weeks: weeksMask(input.weeks),
        motivation: input.motivation,
        cvFileId: cv?.id ?? null,
        status: 'pending',
        appliedAt: now,
        expiresAt: expiresAt(now, settings),
        hostNotifiedAt: notice === 'mail' ? now : null,
        updatedAt: now,
      });
    } catch (e) {
      if (
        String(
          (e as { cause?: { code?: string }; code?: string }).cause?.code ?? (e as { code?: string }).code,
        ) === '23505'
      )
        throw new Rollback({
          ok: false,
          error: 'already_applied',
          message: 'Vous avez déjà une candidature en cours pour cette offre.',
        });
      throw e;
    }
    if (notice === 'mail')
      await mailAll(
        db,
        deps.clock,
        await hostRecipients(db, offer.hostId, offerId),
        'application_received',
        (name) => ({
          name,
          studentName: `${student.firstName} ${student.lastName}`,
          offerTitle: offer.title,
          weeks: weeksLabel(input.weeks),
          link: links(deps).host,
        }),
      );
    await recordAudit(
      { db: db as Db, clock: deps.clock },
      {
        action: 'application.created',
        actor: p,
        studentId,
        schoolUai: student.schoolUai,
        details: { applicationId: row.id, offerId, weeks: input.weeks },
      },
      context,
    );
    return row;
  });
  if (isFailure(result)) return result;
  return {
    ok: true,
    application: applicationView({
      application: result,
      offerTitle: offer.title,
      hostId: offer.hostId,
      hostName: offer.hostName,
      studentFirstName: student.firstName,
      studentLastName: student.lastName,
      schoolUai: student.schoolUai,
      schoolName: student.schoolName,
      cv: cv ?? null,
    }),
  };
}

// ---------------------------------------------------------------- reading

/** The student's placement status, derived from their applications and the head's decision in force. */
function placementOf(
  items: readonly ApplicationView[],
  decision: Awaited<ReturnType<typeof placementDecisionOf>>,
  now: Date,
) {
  const d = derivePlacement({
    applications: items.map((i) => ({
      id: i.id,
      offerId: i.offer.id,
      hostId: i.host.id,
      hostName: i.host.name,
      offerTitle: i.offer.title,
      weeks: i.weeks,
      status: i.status,
      acceptedAt: i.acceptedAt,
      confirmedAt: i.confirmedAt,
      expiresAt: i.expiresAt,
      confirmBy: i.confirmBy,
    })),
    exemption: decision?.kind === 'exemption' ? decision.reason : null,
    repli: decision?.kind === 'repli',
    asOf: now.toISOString(),
  });
  return {
    status: d.status,
    statusLabel: PLACEMENT_STATUS_LABELS[d.status],
    weeks: d.weeks.map((w) => {
      const p = w.kind === 'placement' || w.kind === 'split_pending' ? w.placement : null;
      return {
        week: w.week,
        kind: w.kind,
        applicationId: p?.applicationId ?? null,
        hostName: p?.hostName ?? null,
        offerTitle: p?.offerTitle ?? null,
      };
    }),
    gaps: d.gaps.map((g) => ({ week: g.week, code: g.code, text: g.text, until: g.until ?? null })),
    reason: d.reason,
  };
}

/** The student's applications, the most recent first, and their placement status. */
export async function myApplications(deps: ApplicationsDeps, p: Principal) {
  const studentId = p.studentIds[0];
  const [rows, decision] = studentId
    ? await Promise.all([applicationsOfStudent(deps.db, studentId), placementDecisionOf(deps.db, studentId)])
    : [[], undefined];
  const items = rows.map(applicationView);
  return { items, placement: placementOf(items, decision, deps.clock()) };
}

export async function hostInbox(
  deps: ApplicationsDeps,
  p: Principal,
  hostId: string,
  filter: {
    status?: ApplicationState | undefined;
    offerId?: string | undefined;
    week?: 1 | 2 | undefined;
  },
): Promise<{ ok: true; items: ApplicationView[] } | { ok: false; error: 'not_found' }> {
  if (!authorize(p, 'host.applications.read', { hostId }).ok) return { ok: false, error: 'not_found' };
  return { ok: true, items: (await applicationsOfHost(deps.db, hostId, filter)).map(applicationView) };
}

/** One application; the host's first opening is its read receipt. */
export async function getApplication(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  context: AuditContext = {},
): Promise<{ ok: true; application: ApplicationView } | { ok: false; error: 'not_found' }> {
  const r = await located(deps, p, id, 'application.read');
  if (!r) return { ok: false, error: 'not_found' };
  if ((p.role === 'host_member' || p.role === 'partner') && r.application.readAt === null) {
    if (step(r.application.status, 'read', p) === null) {
      await markRead(deps.db, id, deps.clock());
      return { ok: true, application: applicationView((await findApplication(deps.db, id))!) };
    }
  }
  if (p.role === 'school_head' || p.role === 'school_staff')
    await recordAudit(
      deps,
      {
        action: 'student.read',
        actor: p,
        studentId: r.application.studentId,
        schoolUai: r.schoolUai,
        details: { applicationId: id },
      },
      context,
    );
  return { ok: true, application: applicationView(r) };
}

// ---------------------------------------------------------------- host decisions

export async function decide(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  input: { decision: 'accept' | 'refuse'; message?: string | undefined },
  context: AuditContext = {},
): Promise<{ ok: true; application: ApplicationView } | ApplicationError> {
  const r = await located(deps, p, id, 'application.decide');
  if (!r) return { ok: false, error: 'not_found' };
  const event = input.decision;
  const refusal = step(r.application.status, event, p);
  if (refusal) return refusal;
  const message = input.message?.trim() ?? '';
  if (event === 'refuse' && message === '')
    return {
      ok: false,
      error: 'message_required',
      message: 'Indiquez un message à l’élève pour expliquer le refus.',
    };
  const now = deps.clock();
  // past its expiry date, an unanswered application is closed even before the expiry job passes
  if (now.getTime() > r.application.expiresAt.getTime())
    return {
      ok: false,
      error: 'lapsed',
      message: `Cette candidature a expiré le ${PARIS_DATE_TIME.format(r.application.expiresAt)} sans réponse : elle ne peut plus être acceptée ni refusée.`,
    };
  // campaign settings and the student's addresses in one read; then the decision, its mail and
  // its audit event in one statement (atomic without a transaction)
  const found = await decisionContext(deps.db, r.application.offerId, r.application.studentId);
  const settings = settingsOf(found?.settings);
  const to = found?.studentEmails ?? [];
  const confirmBy = confirmDeadline(now, settings);
  const mails =
    event === 'accept'
      ? mailRows(deps.clock, to, 'application_accepted', (name) => ({
          name,
          offerTitle: r.offerTitle,
          hostName: r.hostName,
          message,
          confirmBy,
          link: links(deps).student,
        }))
      : mailRows(deps.clock, to, 'application_refused', (name) => ({
          name,
          offerTitle: r.offerTitle,
          hostName: r.hostName,
          message,
          link: links(deps).student,
        }));
  const next = await moveWithEffects(
    deps.db,
    id,
    ['pending'],
    event === 'accept'
      ? {
          status: 'accepted',
          acceptedAt: now,
          confirmBy,
          hostMessage: message || null,
          decidedBy: p.userId,
          readAt: r.application.readAt ?? now,
          updatedAt: now,
        }
      : {
          status: 'refused',
          refusedAt: now,
          closedAt: now,
          hostMessage: message,
          decidedBy: p.userId,
          readAt: r.application.readAt ?? now,
          updatedAt: now,
        },
    {
      mails,
      audit: auditRow(
        deps.clock,
        {
          action: event === 'accept' ? 'application.accepted' : 'application.refused',
          actor: p,
          studentId: r.application.studentId,
          schoolUai: r.schoolUai,
          details: { applicationId: id },
        },
        context,
      ),
    },
  );
  if (!next)
    return {
      ok: false,
      error: 'invalid_state',
      message: 'La candidature vient de changer : rechargez la page.',
    };
  return { ok: true, application: applicationView({ ...r, application: next }) };
}

/** Several decisions at once: each is decided on its own, the answer gives each outcome. */
export async function decideBulk(
  deps: ApplicationsDeps,
  p: Principal,
  hostId: string,
  input: { ids: string[]; decision: 'accept' | 'refuse'; message?: string | undefined },
  context: AuditContext = {},
) {
  if (!authorize(p, 'application.decide', { hostId }).ok)
    return { ok: false as const, error: 'not_found' as const };
  const items: { id: string; ok: boolean; status?: ApplicationState; message?: string }[] = [];
  for (const id of [...new Set(input.ids)]) {
    const r = await findApplication(deps.db, id);
    if (!r || r.hostId !== hostId) {
      items.push({ id, ok: false, message: 'Aucune candidature de votre organisme ne correspond.' });
      continue;
    }
    const d = await decide(deps, p, id, { decision: input.decision, message: input.message }, context);
    if (d.ok) items.push({ id, ok: true, status: d.application.status });
    else
      items.push({
        id,
        ok: false,
        message: 'message' in d ? d.message : 'Aucune candidature de votre organisme ne correspond.',
      });
  }
  return { ok: true as const, items };
}

// ---------------------------------------------------------------- confirmation

/**
 * The student confirms an accepted application before its deadline: takes the place(s) in the
 * database (conditional update, all weeks or none), places the student on those weeks (primary
 * key), cancels the overlapping applications and tells their hosts; or, for the second week of a
 * split with another host, asks the school head's agreement first.
 */
export async function confirm(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  context: AuditContext = {},
): Promise<{ ok: true; application: ApplicationView } | ApplicationError> {
  const r = await located(deps, p, id, 'application.confirm');
  if (!r) return { ok: false, error: 'not_found' };
  const a = r.application;
  const refusal = step(a.status, 'confirm', p);
  if (refusal) return refusal;
  const now = deps.clock();
  if (a.confirmBy && acceptanceLapsed(now, a.confirmBy))
    return {
      ok: false,
      error: 'lapsed',
      message: `Le délai pour confirmer cette acceptation est dépassé depuis le ${PARIS_DATE_TIME.format(a.confirmBy)}.`,
    };
  const weeks = weeksOfMask(a.weeks);
  // the student's live applications and the host's addresses in one read
  const found = await confirmationContext(deps.db, a.studentId, r.hostId, a.offerId);
  if (found.exempted) return { ok: false, error: 'exempted', message: EXEMPTED_MESSAGE };
  const others = found.live.map((o) => ({ ...o, weeks: weeksOfMask(o.weeks) }));
  const recipients =
    found.members.length > 0
      ? found.members
      : found.contact
        ? [{ email: found.contact, firstName: null }]
        : [];
  const kind = confirmationKind({ id, hostId: r.hostId, weeks }, others);
  if (kind.kind === 'covered')
    return {
      ok: false,
      error: 'already_covered',
      message: `Vous avez déjà un stage confirmé pour la semaine ${kind.week}.`,
    };
  const result = await tx(deps, async (db) => {
    await lockStudent(db, a.studentId);
    if (kind.kind === 'split') {
      // the week is held for the student while the head decides; the place is taken on approval
      const next = await updateIfStatus(db, id, ['accepted'], { status: 'split_pending', updatedAt: now });
      if (!next) throw new Rollback(changed());
      if (!(await placeStudent(db, a.studentId, id, weeks))) throw new Rollback(coveredFailure(weeks));
      await insertSplitApproval(db, {
        applicationId: id,
        studentId: a.studentId,
        schoolUai: r.schoolUai,
        requestedAt: now,
      });
      await mailAll(db, deps.clock, await headEmails(db, r.schoolUai), 'split_requested', (name) => ({
        name,
        studentName: fullName(r),
        offerTitle: r.offerTitle,
        hostName: r.hostName,
        link: links(deps).head,
      }));
      await recordAudit(
        { db: db as Db, clock: deps.clock },
        {
          action: 'application.split_requested',
          actor: p,
          studentId: a.studentId,
          schoolUai: r.schoolUai,
          details: { applicationId: id },
        },
        context,
      );
      return next;
    }
    return takePlacement(deps, db, r, weeks, now, {
      recipients,
      audit: auditRow(
        deps.clock,
        {
          action: 'application.confirmed',
          actor: p,
          studentId: a.studentId,
          schoolUai: r.schoolUai,
          details: { applicationId: id, weeks },
        },
        context,
      ),
    });
  });
  if (isFailure(result)) return result;
  return { ok: true, application: applicationView({ ...r, application: result }) };
}

function changed(): ApplicationError {
  return {
    ok: false,
    error: 'invalid_state',
    message: 'La candidature vient de changer : rechargez la page.',
  };
}

function coveredFailure(weeks: number[]): ApplicationError {
  return {
    ok: false,
    error: 'already_covered',
    message: `Vous avez déjà un stage confirmé pour ${weeksLabel(weeks)}.`,
  };
}

/**
 * Inside a transaction: confirmed (with the host's mail and the audit event, in one statement),
 * places taken and the offer's full status (one statement), student placed and overlaps cancelled
 * (one statement), the hosts of the cancelled applications told. `recipients`: the host's
 * addresses when the caller already has them.
 */
async function takePlacement(
  deps: ApplicationsDeps,
  db: Runner,
  r: ApplicationRecord,
  weeks: number[],
  now: Date,
  extra: {
    recipients?: { email: string | null; firstName: string | null }[];
    audit?: NewAuditEvent;
  } = {},
): Promise<ApplicationRow> {
  const a = r.application;
  const name = fullName(r);
  const recipients = extra.recipients ?? (await hostRecipients(db, r.hostId, a.offerId));
  const next = await moveWithEffects(
    db,
    a.id,
    ['accepted', 'split_pending'],
    { status: 'confirmed', confirmedAt: now, updatedAt: now },
    {
      mails: mailRows(deps.clock, recipients, 'application_confirmed', (n) => ({
        name: n,
        studentName: name,
        offerTitle: r.offerTitle,
        weeks: weeksLabel(weeks),
        link: links(deps).host,
      })),
      audit: extra.audit,
    },
  );
  if (!next) throw new Rollback(changed());
  const full = await takePlacesAndSync(db, a.offerId, weeks);
  if (full !== null)
    throw new Rollback({
      ok: false,
      error: 'week_full',
      message: `Plus aucune place pour la semaine ${full} dans cette offre : d’autres élèves ont confirmé avant vous.`,
    });
  const { placed, cancelled } = await placeAndCancelOverlapping(
    db,
    a.studentId,
    a.id,
    weeks,
    a.status !== 'split_pending',
    weeksMask(weeks),
    now,
  );
  if (!placed) throw new Rollback(coveredFailure(weeks));
  // the convention of the confirmed stage, in the same transaction (issue 6)
  await createConventionForApplication(db, deps, a.id);
  if (cancelled.length === 0) return next;
  const briefs = await offersBrief(
    db,
    cancelled.map((c) => c.offerId),
  );
  for (const c of cancelled) {
    const o = briefs.find((b) => b.id === c.offerId);
    if (!o) continue;
    if (c.status === 'split_pending') await unplaceApplication(db, c.id);
    await mailAll(db, deps.clock, await hostRecipients(db, o.hostId, o.id), 'application_cancelled', (n) => ({
      name: n,
      offerTitle: o.title,
      what: `${name} a confirmé un autre stage sur la même semaine : sa candidature à « ${o.title} » est annulée.`,
      link: links(deps).host,
    }));
  }
  return next;
}

/** The school head approves or refuses a 1 + 1 split with two hosts. */
export async function decideSplit(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  input: { decision: 'approve' | 'refuse'; reason?: string | undefined },
  context: AuditContext = {},
): Promise<{ ok: true; application: ApplicationView } | ApplicationError> {
  const r = await located(deps, p, id, 'application.split.decide');
  if (!r) return { ok: false, error: 'not_found' };
  const event = input.decision === 'approve' ? 'approve_split' : 'refuse_split';
  const refusal = step(r.application.status, event, p);
  if (refusal) return refusal;
  const reason = input.reason?.trim() ?? '';
  if (event === 'refuse_split' && reason === '')
    return { ok: false, error: 'message_required', message: 'Indiquez le motif du refus à l’élève.' };
  const now = deps.clock();
  const weeks = weeksOfMask(r.application.weeks);
  const result = await tx(deps, async (db) => {
    await decideSplitApproval(db, id, {
      decision: event === 'approve_split' ? 'approved' : 'refused',
      reason: reason || null,
      decidedBy: p.userId,
      decidedAt: now,
    });
    await lockStudent(db, r.application.studentId);
    let row;
    if (event === 'approve_split') row = await takePlacement(deps, db, r, weeks, now);
    else {
      const next = await updateIfStatus(db, id, ['split_pending'], {
        status: 'split_refused',
        closedAt: now,
        cancelReason: reason,
        updatedAt: now,
      });
      if (!next) throw new Rollback(changed());
      row = next;
      await unplaceApplication(db, id);
      await mailAll(
        db,
        deps.clock,
        await studentEmails(db, r.application.studentId),
        'application_cancelled',
        (n) => ({
          name: n,
          offerTitle: r.offerTitle,
          what: `Votre chef d’établissement n’autorise pas le stage en deux lieux avec « ${r.offerTitle} » : ${reason}`,
          link: links(deps).student,
        }),
      );
    }
    await recordAudit(
      { db: db as Db, clock: deps.clock },
      {
        action: event === 'approve_split' ? 'application.split_approved' : 'application.split_refused',
        actor: p,
        studentId: r.application.studentId,
        schoolUai: r.schoolUai,
        details: { applicationId: id },
      },
      context,
    );
    return row;
  });
  if (isFailure(result)) return result;
  return { ok: true, application: applicationView({ ...r, application: result }) };
}

export async function splitRequests(
  deps: ApplicationsDeps,
  p: Principal,
  uai: string,
): Promise<{ ok: true; items: ApplicationView[] } | { ok: false; error: 'not_found' }> {
  if (!authorize(p, 'application.split.decide', { schoolUai: uai }).ok)
    return { ok: false, error: 'not_found' };
  return { ok: true, items: (await waitingSplits(deps.db, uai)).map(applicationView) };
}

// ---------------------------------------------------------------- withdrawals

/** The student withdraws (before or after confirmation): a place taken comes back, the host is told. */
export async function withdraw(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  context: AuditContext = {},
): Promise<{ ok: true; application: ApplicationView } | ApplicationError> {
  return endApplication(deps, p, id, 'withdraw', 'application.withdraw', undefined, context);
}

/** The host cancels an accepted or confirmed application, with a reason. */
export async function cancelByHost(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  reason: string,
  context: AuditContext = {},
): Promise<{ ok: true; application: ApplicationView } | ApplicationError> {
  return endApplication(deps, p, id, 'host_cancel', 'application.cancel', reason, context);
}

async function endApplication(
  deps: ApplicationsDeps,
  p: Principal,
  id: string,
  event: 'withdraw' | 'host_cancel',
  action: Action,
  reason: string | undefined,
  context: AuditContext,
): Promise<{ ok: true; application: ApplicationView } | ApplicationError> {
  const r = await located(deps, p, id, action);
  if (!r) return { ok: false, error: 'not_found' };
  const refusal = step(r.application.status, event, p);
  if (refusal) return refusal;
  const why = reason?.trim() ?? '';
  if (event === 'host_cancel' && why === '')
    return { ok: false, error: 'message_required', message: 'Indiquez le motif de l’annulation à l’élève.' };
  const now = deps.clock();
  const from = r.application.status;
  const result = await tx(deps, async (db) => {
    const next = await updateIfStatus(db, id, [from], {
      status: event === 'withdraw' ? 'withdrawn_by_student' : 'cancelled_by_host',
      closedAt: now,
      cancelReason: why || null,
      updatedAt: now,
    });
    if (!next) throw new Rollback(changed());
    if (from === 'confirmed') {
      await freePlaces(db, r.application.offerId, weeksOfMask(r.application.weeks));
      await syncOfferFull(db, r.application.offerId);
      await cancelConventionOfApplication(db, deps, id, {
        reason: event === 'withdraw' ? 'Stage retiré par l’élève.' : `Stage annulé par l’organisme : ${why}`,
        actor: p,
        context,
      });
    }
    if (from === 'confirmed' || from === 'split_pending') await unplaceApplication(db, id);
    if (from === 'split_pending')
      await decideSplitApproval(db, id, {
        decision: 'refused',
        reason: 'Candidature close',
        decidedBy: p.userId,
        decidedAt: now,
      });
    if (event === 'withdraw') {
      await mailAll(
        db,
        deps.clock,
        await hostRecipients(db, r.hostId, r.application.offerId),
        'application_cancelled',
        (n) => ({
          name: n,
          offerTitle: r.offerTitle,
          what: `${fullName(r)} retire sa candidature ${from === 'confirmed' ? 'et libère sa place ' : ''}pour « ${r.offerTitle} ».`,
          link: links(deps).host,
        }),
      );
    } else {
      await mailAll(
        db,
        deps.clock,
        await studentEmails(db, r.application.studentId),
        'application_cancelled',
        (n) => ({
          name: n,
          offerTitle: r.offerTitle,
          what: `${r.hostName} annule votre stage « ${r.offerTitle} ». Motif : ${why}`,
          link: links(deps).student,
        }),
      );
      // a placement the lycée counted on is gone: its head is told, to help the student find another
      if (from === 'confirmed' || from === 'split_pending')
        await mailAll(db, deps.clock, await headEmails(db, r.schoolUai), 'application_cancelled', (n) => ({
          name: n,
          offerTitle: r.offerTitle,
          what: `${r.hostName} annule le stage confirmé de ${fullName(r)} (« ${r.offerTitle} », ${weeksLabel(weeksOfMask(r.application.weeks))}). Motif : ${why}`,
          link: links(deps).head,
        }));
    }
    await recordAudit(
      { db: db as Db, clock: deps.clock },
      {
        action: event === 'withdraw' ? 'application.withdrawn' : 'application.cancelled',
        actor: p,
        studentId: r.application.studentId,
        schoolUai: r.schoolUai,
        details: { applicationId: id, from },
      },
      context,
    );
    return next;
  });
  if (isFailure(result)) return result;
  return { ok: true, application: applicationView({ ...r, application: result }) };
}
