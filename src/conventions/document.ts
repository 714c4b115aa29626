/**
 * The convention as a document model (blocks, footer, watermark) from its row and its template:
 * what renderPdf draws, for the preview before validation, the document signed, and the sealed
 * document with its evidence page.
 */
import { weeksOfMask } from '../domain/application.ts';
import type { ConventionHostPart, ConventionParties, ConventionSchoolPart } from '../domain/convention.ts';
import { renderTemplate, templateValues } from '../domain/convention-template.ts';
import type { DocBlock, DocumentModel } from '../domain/document.ts';

/** What changes in an avenant (a new convention amending a signed one). */
export const AMENDMENT_CHANGES = ['dates', 'hours', 'tutor', 'place'] as const;
export type AmendmentChange = (typeof AMENDMENT_CHANGES)[number];
export const AMENDMENT_CHANGE_LABELS: Record<AmendmentChange, string> = {
  dates: 'les dates du stage',
  hours: 'les horaires',
  tutor: 'le tuteur',
  place: 'le lieu du stage',
};

/**
 * An avenant's note, kept in its `parties` (frozen with them at validation), so that every
 * rendering of the avenant (preview, document signed, sealed document) starts with it.
 */
export interface AmendmentNote {
  number: number;
  /** the reference of the signed convention amended */
  amends: string;
  reason: string;
  changes: AmendmentChange[];
}

export function amendmentOf(parties: ConventionParties): AmendmentNote | undefined {
  return (parties as ConventionParties & { amendment?: AmendmentNote }).amendment;
}

/** « Avenant n° 1 à la convention CS-2026-… », its reason and what it changes, before the text. */
export function amendmentBlocks(note: AmendmentNote): DocBlock[] {
  return [
    { type: 'title', text: `Avenant n° ${note.number} à la convention ${note.amends}` },
    { type: 'field', label: 'Motif', value: note.reason },
    {
      type: 'field',
      label: 'Ce que l’avenant modifie',
      value: note.changes.map((c) => AMENDMENT_CHANGE_LABELS[c]).join(', '),
    },
    {
      type: 'paragraph',
      text: `Les clauses de la convention ${note.amends} que le présent avenant ne modifie pas demeurent inchangées. La convention, telle que modifiée, suit.`,
    },
    { type: 'pagebreak' },
  ];
}

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
  const amendment = amendmentOf(input.parties);
  const body: DocBlock[] = amendment ? [...amendmentBlocks(amendment), ...blocks] : blocks;
  const all: DocBlock[] =
    input.evidence && input.evidence.length > 0 ? [...body, { type: 'pagebreak' }, ...input.evidence] : body;
  return {
    reference: input.reference,
    title: `${amendment ? `Avenant n° ${amendment.number} – ` : ''}Convention de stage de seconde – ${student} – ${input.parties.host.name}`,
    blocks: all,
    footer: `Convention de stage – ${label}`,
    ...(input.watermark ? { watermark: input.watermark } : {}),
  };
}
