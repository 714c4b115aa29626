/**
 * The template a new convention uses: the académie's own published wording for the school year,
 * else the platform's default (DEFAULT_TEMPLATE), inserted as the published platform template of
 * that year the first time it is needed. Two first conventions at once insert it once: the
 * unique index of published templates lets one insert through, the other reads it back.
 */
import { sha256Hex, type Runner } from './events.store.ts';
import { DEFAULT_TEMPLATE } from '../domain/convention-template.ts';
import { insertTemplateIfAbsent, lastPlatformVersion, publishedTemplate, type TemplateRow } from './store.ts';

export async function templateForYear(
  db: Runner,
  academyCode: string,
  schoolYear: string,
  now: Date,
): Promise<TemplateRow> {
  const found = await publishedTemplate(db, academyCode, schoolYear);
  if (found) return found;
  await insertTemplateIfAbsent(db, {
    academyCode: null,
    schoolYear,
    version: (await lastPlatformVersion(db, schoolYear)) + 1,
    name: DEFAULT_TEMPLATE.name,
    body: DEFAULT_TEMPLATE.body,
    sha256: sha256Hex(DEFAULT_TEMPLATE.body),
    status: 'published',
    createdBy: null,
    createdAt: now,
    publishedAt: now,
  });
  const row = await publishedTemplate(db, academyCode, schoolYear);
  if (!row) throw new Error(`aucun modèle de convention publié pour ${schoolYear}`);
  return row;
}
