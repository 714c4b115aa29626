/**
 * A document as a list of blocks: what the convention template renders to (domain) and what the
 * PDF adapter draws (infra/pdf). Text is plain Unicode (accents, « », ’), never markup.
 */
export type DocBlock =
  /** the document's title (first page) */
  | { type: 'title'; text: string }
  /** a part ("Titre I – Dispositions générales", "Annexe pédagogique") */
  | { type: 'heading'; text: string }
  /** an article or a section inside a part */
  | { type: 'subheading'; text: string }
  | { type: 'paragraph'; text: string }
  /** one item of a bulleted list */
  | { type: 'bullet'; text: string }
  /** "Label : value" lines, the label in bold */
  | { type: 'field'; label: string; value: string }
  /** a table with a header row; cells are plain text */
  | { type: 'table'; head: string[]; rows: string[][] }
  /** start the next block on a new page */
  | { type: 'pagebreak' };

export interface DocumentModel {
  /** printed in the footer of every page, e.g. "CS-2026-7K3M-Q9XD" */
  reference: string;
  /** the PDF's title metadata */
  title: string;
  blocks: DocBlock[];
  /** printed on every page before the reference, e.g. "Convention de stage – modèle 2026-2027 v1" */
  footer: string;
  /** a diagonal mark on every page, e.g. "PROJET – non signé" */
  watermark?: string;
}
