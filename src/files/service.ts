/**
 * Uploaded files (issue 5 §1, §7): a student's CV, the document behind an exemption. Who may send
 * what: a student sends a CV; the head or a staff member of a lycée sends an exemption document.
 * Who may read a file: its uploader; for a CV, the members of a host it was sent to with an
 * application; for an exemption document, the head and staff of the lycée of the student whose
 * decision rests on it (a referent teacher: the students of their classes). Anyone else gets a
 * 404, as if the file did not exist.
 */
import { createHash } from 'node:crypto';
import { hit } from '../accounts/rate-limit.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import {
  FILE_MESSAGES,
  FILE_PURPOSES,
  PDF_MEDIA_TYPE,
  checkUpload,
  safeFileName,
  type FilePurpose,
} from '../domain/files.ts';
import type { Principal } from '../domain/permissions.ts';
import { LIMITS } from '../domain/rate-limit.ts';
import {
  cvSentToHost,
  findFileContent,
  findFileMeta,
  insertFile,
  isStaffOf,
  referentClassIds,
  studentsOfDocument,
  type StoredFileMeta,
} from './store.ts';

export interface FilesDeps {
  db: Db;
  clock: () => Date;
}

/** What the route read from the multipart request. */
export type UploadRead =
  | {
      ok: true;
      purpose: string | undefined;
      file: { fileName: string; bytes: Uint8Array; truncated: boolean } | undefined;
    }
  /** the request itself could not be read (too many parts, not multipart, broken) */
  | { ok: false; error: 'unreadable' | 'too_many_parts'; message: string };

export type UploadError =
  | { ok: false; error: 'missing_file' | 'bad_purpose' | 'empty' | 'not_pdf'; message: string }
  | { ok: false; error: 'too_large'; message: string }
  | { ok: false; error: 'purpose_forbidden'; message: string }
  | { ok: false; error: 'rate_limited'; message: string; retryAfterSeconds: number }
  | { ok: false; error: 'unreadable' | 'too_many_parts'; message: string };

export interface FileView {
  id: string;
  fileName: string;
  size: number;
  mediaType: string;
}

const view = (f: StoredFileMeta): FileView => ({
  id: f.id,
  fileName: f.fileName,
  size: f.size,
  mediaType: f.mediaType,
});

function isPurpose(x: string | undefined): x is FilePurpose {
  return x !== undefined && (FILE_PURPOSES as readonly string[]).includes(x);
}

/** May this principal send a file of this purpose? */
function maySend(p: Principal, purpose: FilePurpose): boolean {
  if (purpose === 'cv') return p.role === 'student' && p.studentIds.length > 0;
  return (p.role === 'school_head' || p.role === 'school_staff') && p.scope.kind === 'lycee';
}

/**
 * Stores one PDF sent by the principal. Every attempt counts towards the hourly limit (checked
 * before the request is read); nothing is stored unless every check passes.
 */
export async function uploadFile(
  deps: FilesDeps,
  p: Principal,
  read: () => Promise<UploadRead>,
): Promise<{ ok: true; file: FileView } | UploadError> {
  const limit = await hit(deps, `upload:${p.userId}`, LIMITS.uploadsPerAccount);
  if (!limit.ok)
    return {
      ok: false,
      error: 'rate_limited',
      message: 'Trop de fichiers envoyés : réessayez dans une heure.',
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  const input = await read();
  if (!input.ok) return input;
  if (!isPurpose(input.purpose)) return { ok: false, error: 'bad_purpose', message: FILE_MESSAGES.purpose };
  if (!maySend(p, input.purpose))
    return {
      ok: false,
      error: 'purpose_forbidden',
      message:
        input.purpose === 'cv'
          ? 'Seul un élève peut déposer un CV.'
          : 'Seuls le chef d’établissement et les personnels d’un lycée peuvent déposer un justificatif de dispense.',
    };
  if (!input.file) return { ok: false, error: 'missing_file', message: FILE_MESSAGES.missing };
  const refused = checkUpload(input.file.bytes, input.file.truncated);
  if (refused) return { ok: false, ...refused };
  const bytes = input.file.bytes;
  const stored = await insertFile(deps.db, {
    purpose: input.purpose,
    fileName: safeFileName(input.file.fileName),
    mediaType: PDF_MEDIA_TYPE,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    content: bytes,
    uploadedBy: p.userId,
    uploadedAt: deps.clock(),
  });
  return { ok: true, file: view(stored) };
}

/** Where a staff member reads exemption documents: their lycée, their classes for a referent teacher. */
async function staffMayRead(
  deps: FilesDeps,
  p: Principal,
  students: { schoolUai: string; classId: string }[],
): Promise<{ schoolUai: string; studentId?: string } | null> {
  if ((p.role !== 'school_head' && p.role !== 'school_staff') || p.scope.kind !== 'lycee') return null;
  const uai = p.scope.uai;
  const mine = students.filter((s) => s.schoolUai === uai);
  if (mine.length === 0) return null;
  if (p.role === 'school_staff') {
    const classIds = await referentClassIds(deps.db, uai, p.userId);
    if (classIds.length > 0 && !mine.some((s) => classIds.includes(s.classId))) return null;
  }
  return { schoolUai: uai };
}

/** The file if the principal may read it, else not_found (its existence is not revealed). */
export async function downloadFile(
  deps: FilesDeps,
  p: Principal,
  id: string,
  context: AuditContext = {},
): Promise<{ ok: true; file: FileView; content: Uint8Array } | { ok: false; error: 'not_found' }> {
  const notFound = { ok: false as const, error: 'not_found' as const };
  const file = await findFileMeta(deps.db, id);
  if (!file) return notFound;
  let allowed = file.uploadedBy === p.userId;
  if (!allowed && file.purpose === 'cv' && (p.role === 'host_member' || p.role === 'partner')) {
    allowed = p.scope.kind === 'host' && (await cvSentToHost(deps.db, id, p.scope.hostId));
  }
  if (!allowed && file.purpose === 'exemption') {
    const students = await studentsOfDocument(deps.db, id);
    const where = await staffMayRead(deps, p, students);
    if (where) {
      allowed = true;
      // a staff member opening a student's document is an access to personal data (DOMAIN.md §8)
      for (const s of students.filter((x) => x.schoolUai === where.schoolUai))
        await recordAudit(
          deps,
          {
            action: 'student.read',
            actor: p,
            studentId: s.studentId,
            schoolUai: s.schoolUai,
            details: { fileId: id, purpose: file.purpose },
          },
          context,
        );
    }
  }
  if (!allowed) return notFound;
  const content = await findFileContent(deps.db, id);
  if (!content) return notFound;
  return { ok: true, file: view(file), content };
}

/**
 * A file the user sent themselves for this purpose (the CV attached to an application, the
 * document of an exemption), or undefined.
 */
export async function ownFile(
  db: Db,
  userId: string,
  id: string,
  purpose: FilePurpose,
): Promise<FileView | undefined> {
  const file = await findFileMeta(db, id);
  if (!file || file.uploadedBy !== userId || file.purpose !== purpose) return undefined;
  return view(file);
}

/**
 * The document of an exemption for a student of this lycée: a file of purpose exemption sent by
 * the head or a staff member of that lycée, or undefined.
 */
export async function exemptionDocument(
  db: Db,
  id: string,
  schoolUai: string,
): Promise<FileView | undefined> {
  const file = await findFileMeta(db, id);
  if (!file || file.purpose !== 'exemption') return undefined;
  if (!(await isStaffOf(db, file.uploadedBy, schoolUai))) return undefined;
  return view(file);
}
