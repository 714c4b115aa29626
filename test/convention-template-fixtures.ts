/** Convention templates for the access matrix: draft versions of the Rennes académie to preview and publish. */
import { createHash } from 'node:crypto';
import type { Db } from '../src/db/client.ts';
import { conventionTemplates } from '../src/db/schema/index.ts';
import { DEFAULT_TEMPLATE } from '../src/domain/convention-template.ts';

/** `count` drafts of académie 14 for 2026-2027 (versions 101…), each publishable once. */
export async function loadMatrixTemplates(db: Db, now: Date, count = 6): Promise<string[]> {
  const sha256 = createHash('sha256').update(DEFAULT_TEMPLATE.body).digest('hex');
  const list = await db
    .insert(conventionTemplates)
    .values(
      Array.from({ length: count }, (_, i) => ({
        academyCode: '14',
        schoolYear: '2026-2027',
        version: 101 + i,
        name: `Matrice ${i + 1}`,
        body: DEFAULT_TEMPLATE.body,
        sha256,
        status: 'draft' as const,
        createdAt: now,
      })),
    )
    .returning({ id: conventionTemplates.id });
  return list.map((r) => r.id);
}
