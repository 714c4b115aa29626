import { randomToken, sha256 } from '../accounts/service.ts';
import { hit } from '../accounts/rate-limit.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { applications } from '../db/schema/index.ts';
import {
  confirmBy as confirmDeadline,
  expiresAt as applicationExpiry,
  weeksLabel,
  weeksOfMask,
} from '../domain/application.ts';
import { DEFAULT_SETTINGS, type CampaignSettings, type Week } from '../domain/campaign.ts';
import {
  DECLARATIONS_PER_STUDENT,
  EXTERNAL_STAGE_STATUS_LABELS,
  INVITATION_VALIDITY_DAYS,
  checkAcceptance,
  checkDeclarable,
  checkDeclaration,
  cleanSiret,
  currentStatus,
  invitationRefusal,
  splitName,
  weeksWithDates,
  type AcceptInput,
  type DeclarationInput,
  type DeclareRefusal,
  type FieldError,
  type InvitationRefusal,
} from '../domain/external-stage.ts';
import { authorize, type Principal } from '../domain/permissions.ts';
import type { HostInvitationPayload } from '../hosts/service.ts';
import { queueMail } from '../notifications/service.ts';
import { insertAuthToken } from '../schools/store.ts';
import { liveApplicationsOfStudent, studentEmails } from '../applications/store.ts';
import {
  communeOf,
  findByTokenHash,
  findExternalStage,
  findHostBySiret,
  hostMembers,
  insertExternalStage,
  insertHost,
  insertPrivateOffer,
  invitedOfStudent,
  placedWeeks,
  sectorExists,
  stagesOfStudent,
  studentWithCampaign,
  updateIfStatus,
  userByEmail,
  type ExternalStageRow,
  type Runner,
  type StudentWithCampaign,
} from './store.ts';

export interface ExternalStagesDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
}

export type ExternalStageError =
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'invalid'; errors: FieldError[] }
  | { ok: false; error: DeclareRefusal | 'no_campaign' | 'invalid_state'; message: string }
  | { ok: false; error: InvitationRefusal; message: string }
  | { ok: false; error: 'rate_limited'; retryAfterSeconds: number };

/** Thrown inside a transaction to roll it back with an expected failure. */
class Rollback extends Error {
  constructor(readonly failure: ExternalStageError) {
    super('rollback');
  }
}

const DAY_MS = 86_400_000;
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

function base(deps: ExternalStagesDeps): string {
  return deps.publicUrl.replace(/\/$/, '');
}

function calendarOf(c: NonNullable<StudentWithCampaign['campaign']>): {
  weeks: [Week, Week];
  studentsOpenOn: string;
} {
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

// ---------------------------------------------------------------- views

/** A declaration as the student and their lycée see it. */
export function stageView(s: ExternalStageRow, weeks: readonly Week[], now: Date) {
  const status = currentStatus(s, now);
  return {
    id: s.id,
    status,
    statusLabel: EXTERNAL_STAGE_STATUS_LABELS[status],
    weeks: weeksOfMask(s.weeks),
    weekDates: weeksWithDates(s.weeks, weeks),
    hostName: s.hostName,
    siret: s.siret,
    isPublic: s.isPublic,
    address: s.address,
    postalCode: s.postalCode,
    communeName: s.communeName,
    contactName: s.contactName,
    contactEmail: s.contactEmail,
    activities: s.activities,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.tokenExpiresAt.toISOString(),
    decidedAt: s.decidedAt?.toISOString() ?? null,
    declineReason: s.declineReason,
    applicationId: s.applicationId,
  };
}
export type ExternalStageView = ReturnType<typeof stageView>;

// ---------------------------------------------------------------- who declares for whom

type Target = { kind: 'me' } | { kind: 'student'; id: string };

/** The student the principal acts for, if inside their perimeter (else undefined: 404). */
async function targetStudent(deps: ExternalStagesDeps, p: Principal, target: Target) {
  if (target.kind === 'me') {
    const id = p.role === 'student' ? p.studentIds[0] : undefined;
    return id ? studentWithCampaign(deps.db, id) : undefined;
  }
  const s = await studentWithCampaign(deps.db, target.id);
  if (!s) return undefined;
  return authorize(p, 'external_stages.manage', { studentId: s.id, schoolUai: s.schoolUai }).ok
    ? s
    : undefined;
}

async function declarable(
  db: Runner,
  student: StudentWithCampaign,
  weeks: number[],
  now: Date,
  selfId?: string,
) {
  const campaign = student.campaign!;
  const [placed, live, invited] = await Promise.all([
    placedWeeks(db, student.id),
    liveApplicationsOfStudent(db as Db, student.id),
    invitedOfStudent(db, student.id),
  ]);
  return checkDeclarable({
    weeks,
    calendar: calendarOf(campaign),
    today: PARIS_DAY.format(now),
    placedWeeks: placed,
    live: live.map((a) => ({ status: a.status, weeks: weeksOfMask(a.weeks) })),
    invited: invited
      .filter((e) => e.tokenExpiresAt.getTime() >= now.getTime())
      .map((e) => ({ id: e.id, weeks: weeksOfMask(e.weeks) })),
    selfId,
  });
}

const NO_CAMPAIGN: ExternalStageError = {
  ok: false,
  error: 'no_campaign',
  message: 'Aucune campagne de stages n’est ouverte pour la classe de cet élève.',
};

// ---------------------------------------------------------------- declaring

/**
 * The student (or their lycée) declares a stage found outside the platform: checks the host's
 * part (SIRET unless a public body, postal code and commune), the weeks (campaign open, not
 * already covered, no other invitation waiting on them), then stores it with the hash of a
 * one-time token valid 14 days and mails the representative. Rate-limited per student.
 */
export async function declare(
  deps: ExternalStagesDeps,
  p: Principal,
  target: Target,
  input: DeclarationInput,
  context: AuditContext = {},
): Promise<{ ok: true; stage: ExternalStageView } | ExternalStageError> {
  const student = await targetStudent(deps, p, target);
  if (!student) return { ok: false, error: 'not_found' };
  const errors = checkDeclaration(input);
  const { communeInsee, communeName } = await placeOf(deps, input, errors);
  if (errors.length > 0) return { ok: false, error: 'invalid', errors };
  if (!student.campaign) return NO_CAMPAIGN;
  const now = deps.clock();
  const weeks = weeksOfMask(input.weeks);
  const refused = await declarable(deps.db, student, weeks, now);
  if (refused) return { ok: false, ...refused };
  const limit = await hit(deps, `external-stage:${student.id}`, DECLARATIONS_PER_STUDENT);
  if (!limit.ok) return { ok: false, error: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };

  const token = randomToken();
  const tokenExpiresAt = new Date(now.getTime() + INVITATION_VALIDITY_DAYS * DAY_MS);
  const calendar = calendarOf(student.campaign);
  const row = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const stage = await insertExternalStage(db, {
      studentId: student.id,
      weeks: input.weeks,
      hostName: input.hostName.trim(),
      siret: cleanSiret(input.siret),
      isPublic: input.isPublic ?? false,
      address: input.address.trim(),
      postalCode: input.postalCode.trim(),
      communeInsee,
      communeName,
      contactName: input.contactName.trim(),
      contactEmail: input.contactEmail.trim().toLowerCase(),
      activities: input.activities?.trim() || null,
      status: 'invited',
      tokenHash: sha256(token),
      tokenExpiresAt,
      createdBy: p.userId,
      createdAt: now,
    });
    await queueMail(db, deps.clock, {
      to: stage.contactEmail,
      template: 'external_stage_invitation',
      data: {
        name: stage.contactName,
        studentFirstName: student.firstName,
        schoolName: student.schoolName,
        declaredBy: p.role === 'student' ? 'student' : 'school',
        hostName: stage.hostName,
        weeks: weeksWithDates(stage.weeks, calendar.weeks).map((w) => w.label),
        expiresAt: tokenExpiresAt,
        link: `${base(deps)}/accueil-stage/${token}`,
      },
    });
    await recordAudit(
      { db, clock: deps.clock },
      {
        action: 'external_stage.declared',
        actor: p,
        studentId: student.id,
        schoolUai: student.schoolUai,
        details: { externalStageId: stage.id, weeks, siret: stage.siret, contactEmail: stage.contactEmail },
      },
      context,
    );
    return stage;
  });
  return { ok: true, stage: stageView(row, calendar.weeks, now) };
}

export async function listStages(
  deps: ExternalStagesDeps,
  p: Principal,
  target: Target,
  context: AuditContext = {},
): Promise<
  | {
      ok: true;
      student: { id: string; firstName: string; schoolName: string };
      calendar: ReturnType<typeof weeksWithDates>;
      items: ExternalStageView[];
    }
  | { ok: false; error: 'not_found' }
> {
  const student = await targetStudent(deps, p, target);
  if (!student) return { ok: false, error: 'not_found' };
  if (p.role === 'school_head' || p.role === 'school_staff')
    await recordAudit(
      deps,
      {
        action: 'student.read',
        actor: p,
        studentId: student.id,
        schoolUai: student.schoolUai,
        details: { what: 'external_stages' },
      },
      context,
    );
  const weeks = student.campaign ? calendarOf(student.campaign).weeks : [];
  const now = deps.clock();
  return {
    ok: true,
    student: { id: student.id, firstName: student.firstName, schoolName: student.schoolName },
    // the campaign's two weeks with their dates, for the declaration form
    calendar: weeksWithDates(3, weeks),
    items: (await stagesOfStudent(deps.db, student.id)).map((s) => stageView(s, weeks, now)),
  };
}

/** The student or their lycée cancels a declaration still waiting for its host (again: no change). */
export async function cancelStage(
  deps: ExternalStagesDeps,
  p: Principal,
  id: string,
  context: AuditContext = {},
): Promise<{ ok: true; stage: ExternalStageView } | ExternalStageError> {
  const stage = await findExternalStage(deps.db, id);
  if (!stage) return { ok: false, error: 'not_found' };
  const student = await studentWithCampaign(deps.db, stage.studentId);
  if (
    !student ||
    !authorize(p, 'external_stage.cancel', { studentId: student.id, schoolUai: student.schoolUai }).ok
  )
    return { ok: false, error: 'not_found' };
  const weeks = student.campaign ? calendarOf(student.campaign).weeks : [];
  const now = deps.clock();
  if (stage.status === 'cancelled') return { ok: true, stage: stageView(stage, weeks, now) };
  const status = currentStatus(stage, now);
  if (status !== 'invited')
    return {
      ok: false,
      error: 'invalid_state',
      message:
        status === 'confirmed'
          ? 'L’organisme a déjà confirmé ce stage : retirez la candidature correspondante depuis vos candidatures.'
          : `Cette déclaration ne peut plus être annulée (${EXTERNAL_STAGE_STATUS_LABELS[status]}).`,
    };
  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const next = await updateIfStatus(db, id, 'invited', { status: 'cancelled', decidedAt: now });
    if (!next) return undefined;
    await recordAudit(
      { db, clock: deps.clock },
      {
        action: 'external_stage.cancelled',
        actor: p,
        studentId: student.id,
        schoolUai: student.schoolUai,
        details: { externalStageId: id },
      },
      context,
    );
    return next;
  });
  if (!result)
    return {
      ok: false,
      error: 'invalid_state',
      message: 'La déclaration vient de changer : rechargez la page.',
    };
  return { ok: true, stage: stageView(result, weeks, now) };
}

// ---------------------------------------------------------------- the host's side, by token

async function byToken(deps: ExternalStagesDeps, token: string) {
  if (token.length < 20 || token.length > 200) return undefined;
  return findByTokenHash(deps.db, sha256(token));
}

/** What the representative sees: the student's first name and lycée, the weeks, the host as declared. */
export function invitationView(s: ExternalStageRow, student: StudentWithCampaign) {
  const weeks = student.campaign ? calendarOf(student.campaign).weeks : [];
  const contact = splitName(s.contactName);
  return {
    student: { firstName: student.firstName, schoolName: student.schoolName },
    weeks: weeksOfMask(s.weeks),
    weekDates: weeksWithDates(s.weeks, weeks),
    host: {
      hostName: s.hostName,
      siret: s.siret,
      isPublic: s.isPublic,
      address: s.address,
      postalCode: s.postalCode,
      communeName: s.communeName,
      contactFirstName: contact.firstName,
      contactLastName: contact.lastName,
      contactEmail: s.contactEmail,
      activities: s.activities,
    },
    expiresAt: s.tokenExpiresAt.toISOString(),
  };
}
export type InvitationView = ReturnType<typeof invitationView>;

async function usableInvitation(
  deps: ExternalStagesDeps,
  token: string,
): Promise<{ ok: true; stage: ExternalStageRow; student: StudentWithCampaign } | ExternalStageError> {
  const stage = await byToken(deps, token);
  if (!stage) return { ok: false, error: 'not_found' };
  const refusal = invitationRefusal(currentStatus(stage, deps.clock()));
  if (refusal) return { ok: false, ...refusal };
  const student = await studentWithCampaign(deps.db, stage.studentId);
  if (!student) return { ok: false, error: 'not_found' };
  return { ok: true, stage, student };
}

export async function viewInvitation(
  deps: ExternalStagesDeps,
  token: string,
): Promise<{ ok: true; invitation: InvitationView } | ExternalStageError> {
  const found = await usableInvitation(deps, token);
  if (!found.ok) return found;
  return { ok: true, invitation: invitationView(found.stage, found.student) };
}

/** The representative declines, with a reason; the student (and the one who declared) are told. */
export async function declineInvitation(
  deps: ExternalStagesDeps,
  token: string,
  reason: string,
  context: AuditContext = {},
): Promise<{ ok: true } | ExternalStageError> {
  const why = reason.trim();
  if (why === '')
    return {
      ok: false,
      error: 'invalid',
      errors: [{ field: 'reason', message: 'Motif : quelques mots pour l’élève sont demandés.' }],
    };
  const found = await usableInvitation(deps, token);
  if (!found.ok) return found;
  const { stage, student } = found;
  const now = deps.clock();
  const done = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const next = await updateIfStatus(
      db,
      stage.id,
      'invited',
      { status: 'declined', declineReason: why, decidedAt: now },
      now,
    );
    if (!next) return false;
    for (const r of await studentEmails(db, student.id)) {
      if (!r.email) continue;
      await queueMail(db, deps.clock, {
        to: r.email,
        template: 'external_stage_declined',
        data: {
          name: r.firstName ?? undefined,
          hostName: stage.hostName,
          reason: why,
          link: `${base(deps)}/candidatures/stage-trouve`,
        },
      });
    }
    await recordAudit(
      { db, clock: deps.clock },
      {
        action: 'external_stage.declined',
        actor: null,
        studentId: student.id,
        schoolUai: student.schoolUai,
        details: { externalStageId: stage.id, contactEmail: stage.contactEmail },
      },
      context,
    );
    return true;
  });
  if (!done)
    return {
      ok: false,
      error: 'answered',
      message: 'Cette demande vient d’être traitée : ce lien ne sert plus.',
    };
  return { ok: true };
}

export type AccountOutcome =
  /** a new host: the representative was mailed an invitation to sign in as its member */
  | 'invited'
  /** the representative already acts for this host */
  | 'member'
  /** the host was already registered (same SIRET): its members were told, the representative was not made a member */
  | 'existing_host';

/**
 * The representative confirms the stage and completes the host's part. In one transaction: the
 * declaration moves from invited to confirmed (a conditional update: of two simultaneous
 * answers, one wins), the host is found by SIRET or created, a private offer (source
 * 'off_platform', one place on each declared week, reserved to the student's lycée, never in the
 * search) and an application accepted by the host are created; the student is asked to confirm
 * (the usual 7 days), and from there it is the platform's usual path. A new host's
 * representative receives an invitation to sign in as its member; a host already registered is
 * never joined from this link (its members are told instead).
 */
export async function acceptInvitation(
  deps: ExternalStagesDeps,
  token: string,
  input: AcceptInput,
  context: AuditContext = {},
): Promise<
  | { ok: true; applicationId: string; confirmBy: string; account: AccountOutcome; email: string }
  | ExternalStageError
> {
  const found = await usableInvitation(deps, token);
  if (!found.ok) return found;
  const { stage, student } = found;
  const errors = checkAcceptance(input);
  const { communeInsee, communeName, position } = await placeOf(deps, input, errors);
  if (!errors.some((e) => e.field === 'sectorCode') && !(await sectorExists(deps.db, input.sectorCode)))
    errors.push({ field: 'sectorCode', message: 'Secteur : choisissez un secteur de la liste.' });
  if (errors.length > 0) return { ok: false, error: 'invalid', errors };
  if (!student.campaign) return NO_CAMPAIGN;
  const campaign = student.campaign;
  const now = deps.clock();
  const weeks = weeksOfMask(stage.weeks);
  const refused = await declarable(deps.db, student, weeks, now, stage.id);
  if (refused) return { ok: false, ...refused };
  const settings = settingsOf(campaign.settings);
  const siret = cleanSiret(input.siret);
  const email = stage.contactEmail;
  const hostName = input.hostName.trim();

  try {
    return await deps.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      // first: of two simultaneous answers, the second waits here and finds the stage answered
      const claimed = await updateIfStatus(
        db,
        stage.id,
        'invited',
        { status: 'confirmed', decidedAt: now },
        now,
      );
      if (!claimed)
        throw new Rollback({
          ok: false,
          error: 'answered',
          message: 'Cet accueil vient d’être confirmé ou refusé : ce lien ne sert plus.',
        });
      const existing = siret ? await findHostBySiret(db, siret) : undefined;
      const host =
        existing ??
        (await insertHost(db, {
          name: hostName,
          siret,
          isPublic: input.isPublic ?? false,
          address: input.address.trim(),
          postalCode: input.postalCode.trim(),
          communeInsee,
          communeName,
          createdAt: now,
        }));
      const members = await hostMembers(db, host.id);
      const representative = await userByEmail(db, email);
      const isMember = representative !== undefined && members.some((m) => m.userId === representative.id);
      const contactName = `${input.contactFirstName.trim()} ${input.contactLastName.trim()}`;
      const offer = await insertPrivateOffer(
        db,
        {
          campaignId: campaign.id,
          hostId: host.id,
          source: 'off_platform',
          status: 'published',
          title: `Stage d’observation – ${host.name}`.slice(0, 150),
          description: input.activities.trim(),
          activities: input.activities.trim(),
          sectorCode: input.sectorCode,
          address: input.address.trim(),
          postalCode: input.postalCode.trim(),
          communeInsee,
          communeName,
          // the commune's centre (distances in the indicators); the offer is never in the search
          lat: position.lat,
          lon: position.lon,
          geocodeMethod: position.lat === null ? null : 'postal_code_name',
          contactName: input.contactRole?.trim()
            ? `${contactName} (${input.contactRole.trim()})`
            : contactName,
          contactEmail: email,
          contactPhone: input.contactPhone?.trim() || null,
          publishedAt: now,
          updatedAt: now,
          createdAt: now,
        },
        weeks,
        student.schoolUai,
      );
      const [application] = await db
        .insert(applications)
        .values({
          studentId: student.id,
          offerId: offer.id,
          weeks: stage.weeks,
          motivation: 'Stage trouvé hors de la plateforme, confirmé par l’organisme.',
          origin: 'off_platform',
          status: 'accepted',
          appliedAt: stage.createdAt,
          readAt: now,
          hostNotifiedAt: now,
          expiresAt: applicationExpiry(now, settings),
          acceptedAt: now,
          confirmBy: confirmDeadline(now, settings),
          decidedBy: isMember ? representative.id : null,
          updatedAt: now,
        })
        .returning();
      await updateIfStatus(db, stage.id, 'confirmed', {
        hostId: host.id,
        offerId: offer.id,
        applicationId: application!.id,
      });

      let account: AccountOutcome;
      if (isMember) account = 'member';
      else if (existing) {
        account = 'existing_host';
        for (const m of members)
          await queueMail(db, deps.clock, {
            to: m.email,
            template: 'external_stage_host_notice',
            data: {
              name: m.firstName ?? undefined,
              contactName,
              contactEmail: email,
              hostName: host.name,
              studentFirstName: student.firstName,
              schoolName: student.schoolName,
              weeks: weeksLabel(weeks),
              link: `${base(deps)}/organisme/candidatures`,
            },
          });
      } else {
        account = 'invited';
        const invitation = randomToken();
        const payload: HostInvitationPayload = {
          hostId: host.id,
          firstName: input.contactFirstName.trim(),
          lastName: input.contactLastName.trim(),
          invitedBy: stage.createdBy,
        };
        await insertAuthToken(db, {
          kind: 'invitation',
          tokenHash: sha256(invitation),
          email,
          payload: payload as unknown as Record<string, unknown>,
          createdAt: now,
          expiresAt: new Date(now.getTime() + 7 * DAY_MS),
        });
        await queueMail(db, deps.clock, {
          to: email,
          template: 'invitation',
          data: {
            name: input.contactFirstName.trim(),
            inviterName: student.schoolName,
            schoolName: host.name,
            roleLabel: 'Membre de l’organisme d’accueil',
            link: `${base(deps)}/invitation#${invitation}`,
          },
        });
      }

      for (const r of await studentEmails(db, student.id)) {
        if (!r.email) continue;
        await queueMail(db, deps.clock, {
          to: r.email,
          template: 'application_accepted',
          data: {
            name: r.firstName ?? undefined,
            offerTitle: offer.title,
            hostName: host.name,
            message: `${contactName} confirme votre accueil pour ${weeksLabel(weeks)}.`,
            confirmBy: application!.confirmBy!,
            link: `${base(deps)}/candidatures`,
          },
        });
      }
      await recordAudit(
        { db, clock: deps.clock },
        {
          action: 'external_stage.confirmed',
          actor: isMember ? { userId: representative.id, role: 'host_member' } : null,
          studentId: student.id,
          schoolUai: student.schoolUai,
          details: {
            externalStageId: stage.id,
            hostId: host.id,
            offerId: offer.id,
            applicationId: application!.id,
            contactEmail: email,
            account,
            // no column holds the tutor before the convention: kept here, the convention asks again
            tutor:
              input.tutorName?.trim() || input.tutorEmail?.trim()
                ? { name: input.tutorName?.trim() ?? null, email: input.tutorEmail?.trim() ?? null }
                : null,
          },
        },
        context,
      );
      return {
        ok: true as const,
        applicationId: application!.id,
        confirmBy: application!.confirmBy!.toISOString(),
        account,
        email,
      };
    });
  } catch (e) {
    if (e instanceof Rollback) return e.failure;
    throw e;
  }
}

/**
 * The commune of a postal code and a commune name, checked against the communes table (declaring
 * and accepting): French errors beside the fields are pushed onto `errors`.
 */
async function placeOf(
  deps: ExternalStagesDeps,
  input: { postalCode: string; communeName: string },
  errors: FieldError[],
): Promise<{
  communeInsee: string | null;
  communeName: string;
  position: { lat: number | null; lon: number | null };
}> {
  const postalCode = input.postalCode.trim();
  const typed = input.communeName.trim();
  const none = { communeInsee: null, communeName: typed, position: { lat: null, lon: null } };
  if (errors.some((e) => e.field === 'postalCode' || e.field === 'communeName')) return none;
  const c = await communeOf(deps.db, postalCode, typed);
  if (c.candidates.length === 0)
    errors.push({
      field: 'postalCode',
      message: `Code postal : ${postalCode} ne correspond à aucune commune.`,
    });
  else if (!c.match)
    errors.push({
      field: 'communeName',
      message: `Commune : « ${typed} » ne correspond pas au code postal ${postalCode} (${c.candidates.slice(0, 5).join(', ')}${c.candidates.length > 5 ? '…' : ''}).`,
    });
  else
    return {
      communeInsee: c.match.insee,
      communeName: c.match.name,
      position: { lat: c.match.lat, lon: c.match.lon },
    };
  return none;
}
