/**
 * The convention as a document model (blocks, footer, watermark) from its row and its template:
 * what renderPdf draws, for the preview before validation, the document signed, and the sealed
 * document with its evidence page.
 */
import { weeksOfMask } from '../domain/application.ts';
import type { ConventionHostPart, ConventionParties, ConventionSchoolPart } from '../domain/convention.ts';
import { renderTemplate, templateValues } from '../domain/convention-template.ts';
import type { DocBlock, DocumentModel } from '../domain/document.ts';

export interface DocumentTemplate {
  body: string;
  name: string;
  version: number;
  schoolYear: string;
}

export interface DocumentInput {
  reference: string;
  parties: ConventionParties;
  hostPart: ConventionHostPart;
  schoolPart: ConventionSchoolPart;
  startDate: string;
  endDate: string;
  /** bit 1 = week 1, bit 2 = week 2 (the row's column), or the weeks' numbers */
  weeks: number | readonly number[];
  template: DocumentTemplate;
  /** e.g. « PROJET – non signé » for a preview before validation */
  watermark?: string | undefined;
  /** blocks appended after a page break (the evidence page of the sealed document) */
  evidence?: DocBlock[] | undefined;
}

/** « modèle 2026-2027 v1 » */
export function templateLabel(t: Pick<DocumentTemplate, 'schoolYear' | 'version'>): string {
  return `modèle ${t.schoolYear} v${t.version}`;
}

export function documentModel(input: DocumentInput): DocumentModel {
  const label = templateLabel(input.template);
  const weeks = typeof input.weeks === 'number' ? weeksOfMask(input.weeks) : [...input.weeks];
  const values = templateValues({
    reference: input.reference,
    templateLabel: `${input.template.name} (${label})`,
    parties: input.parties,
    hostPart: input.hostPart,
    schoolPart: input.schoolPart,
    startDate: input.startDate,
    endDate: input.endDate,
    weeks,
  });
  const { blocks } = renderTemplate(input.template.body, values);
  const student = `${input.parties.student.firstName} ${input.parties.student.lastName}`;
  const all: DocBlock[] =
    input.evidence && input.evidence.length > 0
      ? [...blocks, { type: 'pagebreak' }, ...input.evidence]
      : blocks;
  return {
    reference: input.reference,
    title: `Convention de stage de seconde – ${student} – ${input.parties.host.name}`,
    blocks: all,
    footer: `Convention de stage – ${label}`,
    ...(input.watermark ? { watermark: input.watermark } : {}),
  };
}
