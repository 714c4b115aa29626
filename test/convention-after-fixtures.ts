/**
 * Signed conventions for the after-signature tests and the access matrix: a complete convention
 * made signed as the signing module leaves it (document rendered, sealed, stored; status signed),
 * without going through the codes.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import { conventionTemplates, conventions } from '../src/db/schema/index.ts';
import { documentModel } from '../src/conventions/document.ts';
import { PLATFORM_USER } from '../src/conventions/service.ts';
import { insertFile } from '../src/files/store.ts';
import { renderPdf } from '../src/infra/pdf.ts';
import { createSealer, generateSelfSignedP12, type Sealer } from '../src/infra/seal.ts';
import { makeConvention } from './convention-fixtures.ts';
import type { SmallAcademy } from './fixtures.ts';

let sealer: Sealer | undefined;
function testSealer(now: Date): Sealer {
  if (!sealer) {
    const g = generateSelfSignedP12('Sceau de test', now);
    sealer = createSealer({ p12: g.p12, passphrase: g.passphrase });
  }
  return sealer;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Makes a convention (complete or given) signed and sealed, as the last signature leaves it. */
export async function signDirectly(db: Db, id: string, now: Date) {
  const [c] = await db.select().from(conventions).where(eq(conventions.id, id));
  const [template] = await db
    .select()
    .from(conventionTemplates)
    .where(eq(conventionTemplates.id, c!.templateId));
  const pdf = await renderPdf(documentModel({ ...c!, template: template! }), { createdAt: now });
  const sealed = await testSealer(now).seal(pdf, {
    reason: `Convention ${c!.reference} signée par toutes les parties`,
    location: 'Stages de seconde',
    name: 'Sceau de test',
    signedAt: now,
  });
  const file = await insertFile(db, {
    purpose: 'convention_sealed',
    fileName: `convention-${c!.reference}-signee.pdf`,
    mediaType: 'application/pdf',
    size: sealed.byteLength,
    sha256: sha256(sealed),
    content: sealed,
    uploadedBy: PLATFORM_USER,
    uploadedAt: now,
  });
  const [signed] = await db
    .update(conventions)
    .set({
      status: 'signed',
      validatedAt: c!.validatedAt ?? now,
      documentSha256: c!.documentSha256 ?? sha256(pdf),
      signedAt: now,
      sealedFileId: file.id,
      sealedSha256: sha256(sealed),
      version: c!.version + 1,
      updatedAt: now,
    })
    .where(eq(conventions.id, id))
    .returning();
  return signed!;
}

/** A new complete convention of a student at a host, signed and sealed. */
export async function signedConvention(
  db: Db,
  academy: SmallAcademy,
  now: Date,
  options: { studentIndex?: number; hostIndex?: number; weeks?: 1 | 2 | 3 } = {},
) {
  const c = await makeConvention(db, academy, now, { ...options, complete: true });
  return signDirectly(db, c.id, now);
}
