/**
 * Signatures of a validated convention (issue 6 §5–§7). Each party signs the exact stored document
 * with a one-time code (6 digits, 10 minutes, 5 attempts) sent to the address recorded on the
 * convention for its role: through the personal link of the mail (no account, method
 * 'email_code'), from a signed-in account matching the role ('account_code'), or, for the head or
 * a signature delegate, many conventions with one code ('bulk_code').
 *
 * A signature locks the convention's row, so two parties signing at once are serialised, and is
 * written with its evidence (server time, method, signer, IP, user agent, SHA-256 of the document)
 * and an entry of the event chain, in one transaction. The last signature produces the final PDF in
 * the same transaction: the document with its evidence page, rendered, sealed by the platform's
 * certificate, stored, its SHA-256 recorded, the convention 'signed' (≈ 40 ms: a convention is
 * never 'signed' without its sealed PDF), and every party gets the link to download it.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { hit } from '../accounts/rate-limit.ts';
import type { Db } from '../db/client.ts';
import { evidenceBlocks } from '../domain/convention-template.ts';
import {
  CONVENTION_STATE_LABELS,
  SIGNATORY_ROLE_LABELS,
  conventionTransition,
  type SignatoryRole,
} from '../domain/convention.ts';
import {
  OTP_RULES,
  WRONG_CODE_MESSAGE,
  attemptsLeft,
  challengeExpiresAt,
  checkChallenge,
  codeFromRandom,
  maskEmail,
  normalizeCode,
} from '../domain/otp.ts';
import type { Principal } from '../domain/permissions.ts';
import { LIMITS } from '../domain/rate-limit.ts';
import { renderPdf } from '../infra/pdf.ts';
import type { Sealer } from '../infra/seal.ts';
import { normalizePhone, type SmsSender } from '../infra/sms.ts';
import { queueMail } from '../notifications/service.ts';
import { formatDateTimeFr } from '../infra/mail/templates.ts';
import { documentModel } from './document.ts';
import { appendConventionEvent } from './events.store.ts';
import {
  bulkCandidates,
  conventionsOfSchool,
  closeLiveChallenges,
  conventionNames,
  countUnsigned,
  fileContent,
  findConventionRow,
  findSignatory,
  guardianRanks,
  insertChallenge,
  insertGeneratedFile,
  lockChallenge,
  lockConvention,
  markSigned,
  setTokenHash,
  signatoriesOf,
  signatoryByTokenHash,
  signatoryOfRole,
  updateChallenge,
  updateConvention,
  userContact,
  type ChallengeRow,
  type ConventionRow,
  type Runner,
  type SignatoryRow,
} from './signing.store.ts';

export interface SigningDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
  /** the platform's sealer (loaded once: configuration or database) */
  sealer: () => Promise<Sealer>;
  /** SMS for the signatories who ask a code by SMS (default: none, codes by e-mail only) */
  sms?: SmsSender | undefined;
  /** the random source of the codes (tests may fix it) */
  randomInt?: ((maxExclusive: number) => number) | undefined;
}

export interface RequestContext {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export type SignMethod = 'email_code' | 'account_code' | 'bulk_code';

export const METHOD_LABELS: Record<SignMethod, string> = {
  email_code: 'code à usage unique reçu par courriel (lien personnel)',
  account_code: 'code à usage unique, compte connecté',
  bulk_code: 'code à usage unique, signature en lot',
};

/** Conventions signed per call of a bulk signature (the client calls again until done = total). */
export const BULK_BATCH = 25;
/** Conventions one bulk code may cover. */
export const BULK_MAX = 500;

export type SigningError =
  | { ok: false; error: 'not_found'; message: string }
  | { ok: false; error: 'forbidden'; message: string }
  | { ok: false; error: 'not_signable' | 'already_signed'; message: string }
  | { ok: false; error: 'invalid_code' | 'wrong_code' | 'expired' | 'used' | 'unknown_code'; message: string }
  | { ok: false; error: 'no_phone' | 'nothing_to_sign'; message: string }
  | { ok: false; error: 'too_many_attempts'; message: string }
  | { ok: false; error: 'rate_limited'; message: string; retryAfterSeconds: number };

export interface CodeSent {
  challengeId: string;
  sentTo: string;
  expiresAt: Date;
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export const codeHash = (challengeId: string, code: string) => sha256Hex(`${challengeId}:${code}`);

const newToken = () => randomBytes(32).toString('base64url');

const signingLink = (deps: SigningDeps, token: string) => `${deps.publicUrl}/signature/${token}`;

const UNKNOWN_LINK =
  'Ce lien de signature est inconnu ou a été remplacé par un lien plus récent : utilisez le dernier message reçu.';

function maskPhone(phone: string): string {
  return `${'•'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}

function parisDate(d: Date): string {
  return formatDateTimeFr(d);
}

function notSignable(c: Pick<ConventionRow, 'status'>): SigningError {
  return {
    ok: false,
    error: 'not_signable',
    message: `Cette convention n’est pas ouverte à la signature : elle est ${CONVENTION_STATE_LABELS[c.status]}.`,
  };
}

function alreadySigned(s: SignatoryRow): SigningError {
  return {
    ok: false,
    error: 'already_signed',
    message: `${s.name} (${SIGNATORY_ROLE_LABELS[s.role]}) a déjà signé cette convention le ${parisDate(s.signedAt!)} : une partie ne signe qu’une fois.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Codes

/**
 * Sends a new code for these signatories (one, or a head's batch): the previous live codes of
 * the same signatories are closed, the new one is stored hashed, the mail is queued in the same
 * transaction (an SMS goes after it). Each address may ask 5 codes an hour.
 */
async function issueCode(
  deps: SigningDeps,
  input: {
    signatoryIds: string[];
    email: string;
    /** set: the code goes by SMS to this number */
    phone: string | null;
    userId: string | null;
    name: string | undefined;
    what: string;
    link: string;
  },
  ctx: RequestContext,
): Promise<({ ok: true } & CodeSent) | SigningError> {
  const address = input.phone ?? input.email.trim().toLowerCase();
  const limit = await hit(deps, `signature-code:${address}`, LIMITS.signatureCodesPerAddress);
  if (!limit.ok)
    return {
      ok: false,
      error: 'rate_limited',
      message: `Trop de codes demandés pour ${input.phone ? maskPhone(input.phone) : maskEmail(input.email)} (5 par heure au plus) : réessayez dans ${Math.ceil(limit.retryAfterSeconds / 60)} minute${limit.retryAfterSeconds > 60 ? 's' : ''}.`,
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  const now = deps.clock();
  const code = codeFromRandom(deps.randomInt ?? ((max) => randomInt(max)));
  const id = randomUUID();
  const expiresAt = challengeExpiresAt(now);
  await deps.db.transaction(async (tx) => {
    await closeLiveChallenges(tx, input.signatoryIds, now);
    await insertChallenge(tx, {
      id,
      signatoryIds: input.signatoryIds,
      email: input.phone ?? input.email,
      channel: input.phone ? 'sms' : 'email',
      codeHash: codeHash(id, code),
      userId: input.userId,
      createdAt: now,
      expiresAt,
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent ?? null,
    });
    if (!input.phone)
      await queueMail(tx as unknown as Db, () => now, {
        to: input.email,
        template: 'signature_code',
        data: { name: input.name, code, what: input.what, expiresAt, link: input.link },
      });
  });
  if (input.phone) {
    if (!deps.sms) throw new Error('aucun envoi de SMS configuré');
    await deps.sms.send(
      input.phone,
      `Stages de seconde : votre code de signature est ${code}. Il est valable 10 minutes. Ne le communiquez à personne.`,
    );
  }
  return {
    ok: true,
    challengeId: id,
    sentTo: input.phone ? maskPhone(input.phone) : maskEmail(input.email),
    expiresAt,
  };
}

/** Where the code goes: the e-mail recorded for the role, or its phone when asked by SMS. */
function channelOf(
  deps: SigningDeps,
  s: SignatoryRow,
  channel: 'email' | 'sms',
): { ok: true; phone: string | null } | SigningError {
  if (channel === 'email') return { ok: true, phone: null };
  const phone = s.phone ? normalizePhone(s.phone) : null;
  if (!phone || !deps.sms)
    return {
      ok: false,
      error: 'no_phone',
      message: `Aucun numéro de téléphone mobile n’est enregistré pour ${SIGNATORY_ROLE_LABELS[s.role]} sur cette convention : demandez le code par courriel.`,
    };
  return { ok: true, phone };
}

function whatOf(c: Pick<ConventionRow, 'reference' | 'parties'>): string {
  return `la convention ${c.reference} (${c.parties.student.firstName} ${c.parties.student.lastName}, ${c.parties.host.name})`;
}

/**
 * Checks a code against its challenge (locked): refusals of the challenge itself, then the code;
 * a wrong code counts an attempt (committed: the caller returns, it does not throw).
 */
async function verifyCode(
  tx: Runner,
  challengeId: string,
  typed: string,
  now: Date,
  covers: (c: ChallengeRow) => boolean,
): Promise<{ ok: true; challenge: ChallengeRow } | SigningError> {
  const code = normalizeCode(typed);
  const c = await lockChallenge(tx, challengeId);
  if (!c || !covers(c))
    return {
      ok: false,
      error: 'unknown_code',
      message: 'Aucun code en cours pour cette signature : demandez un nouveau code.',
    };
  const refused = checkChallenge(c, now);
  if (refused) return { ok: false, ...refused };
  if (code === null || codeHash(c.id, code) !== c.codeHash) {
    const attempts = c.attempts + 1;
    await updateChallenge(tx, c.id, { attempts });
    return { ok: false, error: 'wrong_code', message: WRONG_CODE_MESSAGE(attemptsLeft(attempts)) };
  }
  return { ok: true, challenge: c };
}

// ---------------------------------------------------------------------------------------------
// Signing and sealing

interface Signer {
  method: SignMethod;
  userId: string | null;
  /** the raw token of the personal link, when the party signs through it (kept in the final mail) */
  token?: string | undefined;
}

/**
 * Records one signature on a locked, validated convention; seals it when it was the last one.
 * The caller checked the code. Returns the convention's status afterwards.
 */
async function recordSignature(
  deps: SigningDeps,
  sealer: Sealer,
  tx: Runner,
  conv: ConventionRow,
  s: SignatoryRow,
  signer: Signer,
  now: Date,
  ctx: RequestContext,
): Promise<ConventionRow['status']> {
  const signed = await markSigned(tx, s.id, {
    signedAt: now,
    method: signer.method,
    signerUserId: signer.userId,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
    documentSha256: conv.documentSha256,
  });
  if (!signed) throw new Error(`signataire ${s.id} déjà signé`);
  await appendConventionEvent(tx, {
    conventionId: conv.id,
    kind: 'signed',
    at: now,
    actorUserId: signer.userId,
    actorRole: 'signatory',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: {
      signatoryId: s.id,
      role: s.role,
      name: s.name,
      method: signer.method,
      documentSha256: conv.documentSha256,
    },
  });
  const last = (await countUnsigned(tx, conv.id)) === 0;
  const next = conventionTransition(conv.status, 'sign', 'signatory', { last });
  if (!next.ok) throw new Error(next.message);
  if (next.to === 'signed') {
    await seal(deps, sealer, tx, conv, now, { signatoryId: s.id, token: signer.token });
    return 'signed';
  }
  await updateConvention(tx, conv.id, { updatedAt: now, version: conv.version + 1 });
  return next.to;
}

/**
 * The final PDF: the document with its evidence page, rendered, sealed, stored; the convention
 * 'signed'; every party told, with a fresh personal link (the last signer through a link keeps
 * theirs) whose page downloads the sealed PDF.
 */
async function seal(
  deps: SigningDeps,
  sealer: Sealer,
  tx: Runner,
  conv: ConventionRow,
  now: Date,
  current: { signatoryId: string; token?: string | undefined },
): Promise<void> {
  const names = await conventionNames(tx, conv.id);
  if (!names) throw new Error(`convention ${conv.id} sans modèle`);
  const signatories = await signatoriesOf(tx, conv.id);
  const label = `${names.template.name} (modèle ${names.template.schoolYear} v${names.template.version})`;
  const evidence = evidenceBlocks({
    reference: conv.reference,
    documentSha256: conv.documentSha256 ?? '',
    templateLabel: label,
    sealedAt: now.toISOString(),
    signatures: signatories.map((x) => ({
      roleLabel: SIGNATORY_ROLE_LABELS[x.role],
      name: x.name,
      method: METHOD_LABELS[x.method as SignMethod] ?? x.method ?? '',
      signedAt: x.signedAt!.toISOString(),
      ip: x.ip,
      documentSha256: x.documentSha256 ?? '',
    })),
  });
  const model = documentModel({
    reference: conv.reference,
    parties: conv.parties,
    hostPart: conv.hostPart,
    schoolPart: conv.schoolPart,
    startDate: conv.startDate,
    endDate: conv.endDate,
    weeks: conv.weeks,
    template: names.template,
    evidence,
  });
  const pdf = await renderPdf(model, { createdAt: now });
  const sealed = await sealer.seal(pdf, {
    reason: `Convention ${conv.reference} signée par toutes les parties`,
    location: 'Stages de seconde',
    name: 'Stages de seconde – sceau de la plateforme',
    signedAt: now,
  });
  const sealedSha256 = sha256Hex(sealed);
  const fileId = await insertGeneratedFile(tx, {
    purpose: 'convention_sealed',
    fileName: `convention-${conv.reference}-signee.pdf`,
    bytes: sealed,
    sha256: sealedSha256,
    at: now,
  });
  await updateConvention(tx, conv.id, {
    status: 'signed',
    signedAt: now,
    sealedFileId: fileId,
    sealedSha256,
    updatedAt: now,
    version: conv.version + 1,
  });
  await appendConventionEvent(tx, {
    conventionId: conv.id,
    kind: 'sealed',
    at: now,
    actorUserId: null,
    actorRole: 'platform',
    details: { sealedSha256, fileId, certificate: sealer.fingerprint, size: sealed.length },
  });
  const studentName = `${conv.parties.student.firstName} ${conv.parties.student.lastName}`;
  for (const x of signatories) {
    let token = x.id === current.signatoryId ? current.token : undefined;
    if (!token) {
      token = newToken();
      await setTokenHash(tx, x.id, sha256Hex(token));
    }
    await queueMail(tx as unknown as Db, () => now, {
      to: x.email,
      template: 'convention_signed',
      data: {
        name: x.name,
        reference: conv.reference,
        studentName,
        hostName: conv.parties.host.name,
        link: signingLink(deps, token),
      },
    });
  }
}

/**
 * Signs for one signatory with a code: locks the convention, checks its state, that the party has
 * not signed, the code; records the signature (and seals after the last one).
 */
async function signOne(
  deps: SigningDeps,
  conventionId: string,
  signatoryId: string,
  challengeId: string,
  code: string,
  signer: Signer,
  ctx: RequestContext,
): Promise<{ ok: true; signedAt: Date; conventionStatus: ConventionRow['status'] } | SigningError> {
  const now = deps.clock();
  // loaded before the transaction: its first load reads (or writes) the database
  const sealer = await deps.sealer();
  return deps.db.transaction(async (tx) => {
    const conv = await lockConvention(tx, conventionId);
    if (!conv) return { ok: false as const, error: 'not_found' as const, message: UNKNOWN_LINK };
    if (conv.status !== 'validated') return notSignable(conv);
    const s = await findSignatory(tx, signatoryId);
    if (!s || s.conventionId !== conv.id)
      return { ok: false as const, error: 'not_found' as const, message: UNKNOWN_LINK };
    if (s.signedAt) return alreadySigned(s);
    const v = await verifyCode(tx, challengeId, code, now, (c) => c.signatoryIds.includes(s.id));
    if (!v.ok) return v;
    await updateChallenge(tx, v.challenge.id, { verifiedAt: now, closedAt: now, done: 1 });
    const status = await recordSignature(deps, sealer, tx, conv, s, signer, now, ctx);
    return { ok: true as const, signedAt: now, conventionStatus: status };
  });
}

// ---------------------------------------------------------------------------------------------
// The personal link (no account)

export interface SignatureView {
  reference: string;
  role: SignatoryRole;
  roleLabel: string;
  name: string;
  signedAt: Date | null;
  conventionStatus: ConventionRow['status'];
  student: { firstName: string; lastName: string };
  host: { name: string };
  startDate: string;
  endDate: string;
  documentSha256: string | null;
  sentTo: string;
  phone: string | null;
}

async function byToken(deps: SigningDeps, token: string) {
  if (token.length < 16 || token.length > 200) return undefined;
  return signatoryByTokenHash(deps.db, sha256Hex(token));
}

export async function viewSignature(
  deps: SigningDeps,
  token: string,
): Promise<{ ok: true; view: SignatureView } | SigningError> {
  const r = await byToken(deps, token);
  if (!r) return { ok: false, error: 'not_found', message: UNKNOWN_LINK };
  const phone = r.signatory.phone ? normalizePhone(r.signatory.phone) : null;
  return {
    ok: true,
    view: {
      reference: r.reference,
      role: r.signatory.role,
      roleLabel: SIGNATORY_ROLE_LABELS[r.signatory.role],
      name: r.signatory.name,
      signedAt: r.signatory.signedAt,
      conventionStatus: r.status,
      student: { firstName: r.parties.student.firstName, lastName: r.parties.student.lastName },
      host: { name: r.hostName },
      startDate: r.startDate,
      endDate: r.endDate,
      documentSha256: r.documentSha256,
      sentTo: maskEmail(r.signatory.email),
      phone: phone && deps.sms ? maskPhone(phone) : null,
    },
  };
}

/** The PDF a party reads: the document to sign, the sealed one once every party signed. */
export async function conventionPdf(
  db: Runner,
  conv: Pick<ConventionRow, 'reference' | 'documentFileId' | 'sealedFileId'>,
): Promise<{ fileName: string; content: Uint8Array } | undefined> {
  const id = conv.sealedFileId ?? conv.documentFileId;
  if (!id) return undefined;
  const content = await fileContent(db, id);
  if (!content) return undefined;
  return {
    fileName: conv.sealedFileId
      ? `convention-${conv.reference}-signee.pdf`
      : `convention-${conv.reference}.pdf`,
    content,
  };
}

export async function signatureDocument(
  deps: SigningDeps,
  token: string,
): Promise<{ ok: true; fileName: string; content: Uint8Array } | SigningError> {
  const r = await byToken(deps, token);
  if (!r) return { ok: false, error: 'not_found', message: UNKNOWN_LINK };
  const conv = await findConventionRow(deps.db, r.conventionId);
  const file = conv && conv.status !== 'cancelled' ? await conventionPdf(deps.db, conv) : undefined;
  if (!file)
    return {
      ok: false,
      error: 'not_found',
      message: 'Le document de cette convention n’est pas disponible.',
    };
  return { ok: true, ...file };
}

export async function requestCodeByToken(
  deps: SigningDeps,
  token: string,
  channel: 'email' | 'sms',
  ctx: RequestContext,
): Promise<({ ok: true } & CodeSent) | SigningError> {
  const r = await byToken(deps, token);
  if (!r) return { ok: false, error: 'not_found', message: UNKNOWN_LINK };
  if (r.status !== 'validated') return notSignable(r);
  if (r.signatory.signedAt) return alreadySigned(r.signatory);
  const via = channelOf(deps, r.signatory, channel);
  if (!via.ok) return via;
  return issueCode(
    deps,
    {
      signatoryIds: [r.signatory.id],
      email: r.signatory.email,
      phone: via.phone,
      userId: null,
      name: r.signatory.name,
      what: whatOf(r),
      link: signingLink(deps, token),
    },
    ctx,
  );
}

export async function signByToken(
  deps: SigningDeps,
  token: string,
  challengeId: string,
  code: string,
  ctx: RequestContext,
) {
  const r = await byToken(deps, token);
  if (!r) return { ok: false as const, error: 'not_found' as const, message: UNKNOWN_LINK };
  return signOne(
    deps,
    r.conventionId,
    r.signatory.id,
    challengeId,
    code,
    { method: 'email_code', userId: null, token },
    ctx,
  );
}

// ---------------------------------------------------------------------------------------------
// A signed-in account

const NOT_FOUND_CONVENTION = 'Aucune convention de votre périmètre ne correspond.';

/**
 * Whether the principal is a party of the convention at all (else 404: its existence is not
 * revealed), and whether their account matches the role asked.
 */
async function accountMatches(
  db: Runner,
  p: Principal,
  conv: ConventionRow,
  role: SignatoryRole,
  s: SignatoryRow | undefined,
): Promise<{ related: boolean; matches: boolean }> {
  switch (p.role) {
    case 'student': {
      const related = p.studentIds.includes(conv.studentId);
      return { related, matches: related && role === 'student' };
    }
    case 'guardian': {
      const related = p.studentIds.includes(conv.studentId);
      if (!related || (role !== 'guardian_1' && role !== 'guardian_2')) return { related, matches: false };
      const ranks = await guardianRanks(db, p.userId, conv.studentId);
      return { related, matches: ranks.includes(role === 'guardian_1' ? 1 : 2) };
    }
    case 'school_head':
    case 'school_staff': {
      const related = p.scope.kind === 'lycee' && p.scope.uai === conv.schoolUai;
      const mayRepresent = p.role === 'school_head' || p.signatureDelegate;
      return { related, matches: related && mayRepresent && role === 'school' };
    }
    case 'host_member': {
      const related = p.scope.kind === 'host' && p.scope.hostId === conv.hostId;
      if (!related || role !== 'host' || !s) return { related, matches: false };
      const u = await userContact(db, p.userId);
      return { related, matches: u?.email.toLowerCase() === s.email.trim().toLowerCase() };
    }
    default:
      return { related: false, matches: false };
  }
}

async function accountSignatory(
  deps: SigningDeps,
  p: Principal,
  conventionId: string,
  role: SignatoryRole,
): Promise<{ ok: true; conv: ConventionRow; s: SignatoryRow } | SigningError> {
  const conv = await findConventionRow(deps.db, conventionId);
  if (!conv) return { ok: false, error: 'not_found', message: NOT_FOUND_CONVENTION };
  const s = await signatoryOfRole(deps.db, conv.id, role);
  const m = await accountMatches(deps.db, p, conv, role, s);
  if (!m.related) return { ok: false, error: 'not_found', message: NOT_FOUND_CONVENTION };
  if (!m.matches)
    return {
      ok: false,
      error: 'forbidden',
      message:
        role === 'host'
          ? `Vous ne pouvez pas signer en tant que « ${SIGNATORY_ROLE_LABELS[role]} » : seul le représentant désigné par l’organisme (son adresse électronique) signe pour lui.`
          : `Votre compte ne correspond pas au signataire « ${SIGNATORY_ROLE_LABELS[role]} » de cette convention.`,
    };
  if (conv.status !== 'validated') return notSignable(conv);
  if (!s)
    return {
      ok: false,
      error: 'not_found',
      message: `Cette convention n’a pas de signataire « ${SIGNATORY_ROLE_LABELS[role]} ».`,
    };
  if (s.signedAt) return alreadySigned(s);
  return { ok: true, conv, s };
}

export async function requestCodeForAccount(
  deps: SigningDeps,
  p: Principal,
  conventionId: string,
  role: SignatoryRole,
  channel: 'email' | 'sms',
  ctx: RequestContext,
): Promise<({ ok: true } & CodeSent) | SigningError> {
  const found = await accountSignatory(deps, p, conventionId, role);
  if (!found.ok) return found;
  const via = channelOf(deps, found.s, channel);
  if (!via.ok) return via;
  return issueCode(
    deps,
    {
      signatoryIds: [found.s.id],
      email: found.s.email,
      phone: via.phone,
      userId: p.userId,
      name: found.s.name,
      what: whatOf(found.conv),
      link: `${deps.publicUrl}/conventions/${found.conv.id}`,
    },
    ctx,
  );
}

export async function signForAccount(
  deps: SigningDeps,
  p: Principal,
  conventionId: string,
  role: SignatoryRole,
  challengeId: string,
  code: string,
  ctx: RequestContext,
) {
  const found = await accountSignatory(deps, p, conventionId, role);
  if (!found.ok) return found;
  return signOne(
    deps,
    found.conv.id,
    found.s.id,
    challengeId,
    code,
    { method: 'account_code', userId: p.userId },
    ctx,
  );
}

// ---------------------------------------------------------------------------------------------
// Bulk signature by the head (or a signature delegate)

/** The lycée of a head or staff member (null for anyone else). */
function schoolOf(p: Principal): string | null {
  if (p.scope.kind !== 'lycee') return null;
  return p.role === 'school_head' || p.role === 'school_staff' ? p.scope.uai : null;
}

/** The head or a signature delegate (checked after the perimeter, as the 'delegate' rule does). */
const signsForSchool = (p: Principal) => p.role === 'school_head' || p.signatureDelegate;

const BULK_FORBIDDEN =
  'Seuls le chef d’établissement et ses délégués de signature signent des conventions en lot.';

export async function requestBulkCode(
  deps: SigningDeps,
  p: Principal,
  conventionIds: string[],
  ctx: RequestContext,
): Promise<({ ok: true; total: number } & CodeSent) | SigningError> {
  const uai = schoolOf(p);
  if (!uai) return { ok: false, error: 'forbidden', message: BULK_FORBIDDEN };
  const ids = [...new Set(conventionIds)];
  if ((await conventionsOfSchool(deps.db, uai, ids)) === 0)
    return { ok: false, error: 'not_found', message: NOT_FOUND_CONVENTION };
  if (!signsForSchool(p)) return { ok: false, error: 'forbidden', message: BULK_FORBIDDEN };
  const candidates = await bulkCandidates(deps.db, uai, ids);
  if (candidates.length === 0)
    return {
      ok: false,
      error: 'nothing_to_sign',
      message:
        'Aucune de ces conventions n’attend la signature du lycée : seules les conventions validées de votre lycée que le lycée n’a pas encore signées se signent en lot.',
    };
  const u = await userContact(deps.db, p.userId);
  if (!u) return { ok: false, error: 'forbidden', message: BULK_FORBIDDEN };
  const r = await issueCode(
    deps,
    {
      signatoryIds: candidates.map((c) => c.signatoryId),
      email: u.email,
      phone: null,
      userId: p.userId,
      name: u.firstName,
      what:
        candidates.length === 1
          ? `la convention ${candidates[0]!.reference}`
          : `${candidates.length} conventions de votre lycée`,
      link: `${deps.publicUrl}/conventions`,
    },
    ctx,
  );
  return r.ok ? { ...r, total: candidates.length } : r;
}

/**
 * Signs the next conventions (≤ 25) of a bulk code: the same code is given at each call until
 * done = total. The challenge stays locked during the call (two calls never sign the same batch);
 * a convention that is no longer signable (changed, cancelled, signed meanwhile) is skipped.
 */
export async function bulkSign(
  deps: SigningDeps,
  p: Principal,
  challengeId: string,
  typed: string,
  ctx: RequestContext,
): Promise<{ ok: true; done: number; total: number; signed: number } | SigningError> {
  const uai = schoolOf(p);
  if (!uai) return { ok: false, error: 'forbidden', message: BULK_FORBIDDEN };
  const now = deps.clock();
  const sealer = await deps.sealer();
  return deps.db.transaction(async (tx) => {
    const c = await lockChallenge(tx, challengeId);
    if (!c || c.userId !== p.userId)
      return {
        ok: false as const,
        error: 'not_found' as const,
        message: 'Aucun code de signature en lot ne correspond : demandez un nouveau code.',
      };
    if (!signsForSchool(p))
      return { ok: false as const, error: 'forbidden' as const, message: BULK_FORBIDDEN };
    const total = c.signatoryIds.length;
    const code = normalizeCode(typed);
    // a batch over: the same answer again (a client retrying after a lost response)
    if (c.closedAt && c.verifiedAt && c.done >= total && code && codeHash(c.id, code) === c.codeHash)
      return { ok: true as const, done: c.done, total, signed: 0 };
    // once verified, the code stays valid for the rest of its batch (until it expires)
    const refused = checkChallenge({ ...c, verifiedAt: null }, now);
    if (refused) return { ok: false as const, ...refused };
    if (code === null || codeHash(c.id, code) !== c.codeHash) {
      const attempts = c.attempts + 1;
      await updateChallenge(tx, c.id, { attempts });
      return {
        ok: false as const,
        error: 'wrong_code' as const,
        message: WRONG_CODE_MESSAGE(attemptsLeft(attempts)),
      };
    }
    const batch = c.signatoryIds.slice(c.done, c.done + BULK_BATCH);
    let signed = 0;
    for (const id of batch) {
      const s = await findSignatory(tx, id);
      if (!s || s.signedAt) continue;
      const conv = await lockConvention(tx, s.conventionId);
      if (!conv || conv.status !== 'validated' || conv.schoolUai !== uai) continue;
      const fresh = await findSignatory(tx, id);
      if (!fresh || fresh.signedAt) continue;
      await recordSignature(
        deps,
        sealer,
        tx,
        conv,
        fresh,
        { method: 'bulk_code', userId: p.userId },
        now,
        ctx,
      );
      signed += 1;
    }
    const done = c.done + batch.length;
    await updateChallenge(tx, c.id, {
      verifiedAt: c.verifiedAt ?? now,
      done,
      ...(done >= total ? { closedAt: now } : {}),
    });
    return { ok: true as const, done, total, signed };
  });
}

export { OTP_RULES };
