/**
 * Draws a DocumentModel (src/domain/document.ts) as an A4 PDF with pdf-lib.
 *
 * Fonts: DejaVu Sans and DejaVu Sans Bold, cut down once at build time to Latin-1, Latin Extended-A and
 * the French typographic signs (scripts/build-fonts.ts, files in ./fonts/, ~23 KB each). They are embedded
 * whole (`subset: false`; pdf-lib subsetting the full DejaVu at each document: ~95 ms a convention), as Type0
 * fonts with a ToUnicode map, so `pdftotext` gives the accents back. The parsed fontkit font is shared by
 * every document (pdf-lib would parse it again for each one).
 *
 * The pages' content streams are written directly (see Writer), compressed by node:zlib.
 *
 * Output is deterministic for the same model and `createdAt` (no random font suffix, no current date).
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, type PDFFont, type PDFPage } from 'pdf-lib';
import type { DocBlock, DocumentModel } from '../domain/document.ts';

// ---- page geometry (PDF points: 1 mm = 72 / 25.4 pt) ----
const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28; // A4
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 18 * MM;
const MARGIN_TOP = 18 * MM;
const MARGIN_BOTTOM = 22 * MM; // room for the footer
const FOOTER_Y = 10 * MM;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

const SIZE = { title: 16, heading: 13, subheading: 11, body: 10, table: 9, footer: 8 } as const;
const LEADING = 1.32; // line height as a multiple of the font size
/** colours as PDF operands (r g b) */
const BLACK = '0.1 0.1 0.1';
const GREY = '0.4 0.4 0.4';
const RULE = '0.6 0.6 0.6';
const HEADER_FILL = '0.92 0.92 0.94';
const WATERMARK = '0.88 0.88 0.88';
const CELL_PADDING = 4;
const BULLET_INDENT = 14;

// ---- fonts ----
interface LoadedFont {
  name: string;
  bytes: Uint8Array;
  face: ReturnType<typeof fontkit.create>;
  /** advance width of a code point, in em (multiply by the size) */
  widths: Map<number, number>;
  /** glyph id of a code point as 4 hex digits (the PDF font is Identity-H: 2-byte glyph ids) */
  hex: Map<number, string>;
}

let fonts: { regular: LoadedFont; bold: LoadedFont } | null = null;

function loadFont(file: string, name: string): LoadedFont {
  const bytes = new Uint8Array(readFileSync(new URL(`./fonts/${file}`, import.meta.url)));
  return { name, bytes, face: fontkit.create(bytes), widths: new Map(), hex: new Map() };
}

function loadedFonts(): { regular: LoadedFont; bold: LoadedFont } {
  fonts ??= {
    regular: loadFont('DejaVuSans-subset.ttf', 'DejaVuSans'),
    bold: loadFont('DejaVuSans-Bold-subset.ttf', 'DejaVuSans-Bold'),
  };
  return fonts;
}

/**
 * Text the fonts can draw: composed (NFC: a decomposed « é » becomes one character), control characters
 * dropped (tabs and line ends become spaces), a letter the subset lacks replaced by its base letter when
 * it has one (« ễ » → « e »), anything else by « ? » (never an empty .notdef box).
 */
function cleanText(font: LoadedFont, text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x09 || cp === 0x0a || cp === 0x0d) out += ' ';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    else if (font.face.hasGlyphForCodePoint(cp)) out += ch;
    else {
      const base = [...ch.normalize('NFD')].filter((c) => font.face.hasGlyphForCodePoint(c.codePointAt(0)!));
      out += base.length > 0 && !/\p{M}/u.test(base[0]!) ? base.join('') : '?';
    }
  }
  return out;
}

function charWidth(font: LoadedFont, ch: string): number {
  const cp = ch.codePointAt(0)!;
  let w = font.widths.get(cp);
  if (w === undefined) {
    w = font.face.glyphForCodePoint(cp).advanceWidth / font.face.unitsPerEm;
    font.widths.set(cp, w);
  }
  return w;
}

/** The text as a PDF hex string of glyph ids (one glyph a character: the fonts have no ligatures). */
function encode(font: LoadedFont, text: string): string {
  let out = '<';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let h = font.hex.get(cp);
    if (h === undefined) {
      h = font.face.glyphForCodePoint(cp).id.toString(16).padStart(4, '0');
      font.hex.set(cp, h);
    }
    out += h;
  }
  return out + '>';
}

/** A number as a PDF operand: at most 2 decimals, no trailing zeros (deterministic, compact). */
function n(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Width in points (no kerning: the fonts have none). */
function textWidth(font: LoadedFont, text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += charWidth(font, ch);
  return w * size;
}

// ---- line breaking ----
interface Run {
  text: string;
  bold: boolean;
}
interface Segment {
  text: string;
  bold: boolean;
  /** offset from the line's start, in points */
  x: number;
}
type Line = Segment[];

/** Splits a word that is wider than `width` into pieces that fit (at least one character each). */
function breakWord(font: LoadedFont, word: string, size: number, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let w = 0;
  for (const ch of word) {
    const cw = charWidth(font, ch) * size;
    if (piece && w + cw > width) {
      pieces.push(piece);
      piece = '';
      w = 0;
    }
    piece += ch;
    w += cw;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Greedy word wrap of styled runs into lines of at most `width` points. Breaks at ordinary spaces only
 * (never at a no-break space: « Label : » stays whole); a word wider than the line is cut.
 */
function wrap(runs: Run[], size: number, width: number): Line[] {
  const { regular, bold } = loadedFonts();
  const lines: Line[] = [];
  let line: Line = [];
  let x = 0;
  let pendingSpace: { bold: boolean } | null = null;
  const flush = (): void => {
    lines.push(line);
    line = [];
    x = 0;
    pendingSpace = null;
  };
  const place = (text: string, isBold: boolean, w: number): void => {
    const last = line[line.length - 1];
    if (last && last.bold === isBold) last.text += text;
    else line.push({ text, bold: isBold, x });
    x += w;
  };
  for (const run of runs) {
    const font = run.bold ? bold : regular;
    const text = cleanText(font, run.text);
    const parts = text.split(' ');
    parts.forEach((word, i) => {
      if (i > 0) pendingSpace = { bold: run.bold };
      if (word === '') return;
      const wordWidth = textWidth(font, word, size);
      const space: { bold: boolean } | null = line.length > 0 ? pendingSpace : null;
      const spaceWidth = space ? textWidth(space.bold ? bold : regular, ' ', size) : 0;
      if (line.length > 0 && x + spaceWidth + wordWidth > width) flush();
      else if (space) place(' ', space.bold, spaceWidth);
      pendingSpace = null;
      if (wordWidth <= width - x) {
        place(word, run.bold, wordWidth);
        return;
      }
      // a word longer than a whole line: cut it
      const pieces = breakWord(font, word, size, width);
      pieces.forEach((piece, j) => {
        if (j > 0) flush();
        place(piece, run.bold, textWidth(font, piece, size));
      });
    });
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

// ---- the writer: pages, cursor, footer ----
/**
 * Content streams are written here as text (BT … Tj ET, re, f/S) rather than through pdf-lib's drawText,
 * which lays out every string again with fontkit and builds an object per operator (two thirds of the
 * render time); pdf-lib still writes the document's structure, the fonts and their ToUnicode maps.
 */
class Writer {
  readonly pages: { page: PDFPage; ops: string[] }[] = [];
  page!: PDFPage;
  ops: string[] = [];
  /** baseline cursor: top of the next line box */
  y = 0;
  /** true while nothing has been drawn on the current page */
  empty = true;

  constructor(
    readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly watermark: string | undefined,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.ops = [];
    this.pages.push({ page: this.page, ops: this.ops });
    this.y = PAGE_HEIGHT - MARGIN_TOP;
    this.empty = true;
    if (this.watermark) this.drawWatermark(this.watermark);
  }

  get bottom(): number {
    return MARGIN_BOTTOM;
  }

  /** Moves to a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (!this.empty && this.y - height < this.bottom) this.newPage();
  }

  space(points: number): void {
    if (!this.empty) this.y -= points;
  }

  /** one run of text on a baseline */
  static show(
    ops: string[],
    text: string,
    bold: boolean,
    x: number,
    y: number,
    size: number,
    color: string,
  ): void {
    const { regular, bold: boldFont } = loadedFonts();
    ops.push(
      `BT ${color} rg /${bold ? 'F2' : 'F1'} ${n(size)} Tf ${n(x)} ${n(y)} Td ${encode(bold ? boldFont : regular, text)} Tj ET`,
    );
  }

  drawLine(line: Line, x: number, size: number, color = BLACK): void {
    const baseline = this.y - size;
    for (const seg of line) {
      if (seg.text.trim() === '') continue;
      Writer.show(this.ops, seg.text, seg.bold, x + seg.x, baseline, size, color);
    }
  }

  /** Writes each page's content stream (compressed) and its font resources. */
  finish(): void {
    const context = this.pdf.context;
    const fontsDict = context.obj({ F1: this.regular.ref, F2: this.bold.ref });
    for (const { page, ops } of this.pages) {
      const stream = context.flateStream(ops.join('\n'));
      page.node.set(PDFName.of('Contents'), context.register(stream));
      page.node.set(PDFName.of('Resources'), context.obj({ Font: fontsDict }));
    }
  }

  /** Wrapped text, page breaks between lines as needed. */
  text(
    runs: Run[],
    size: number,
    options: { indent?: number; bullet?: boolean; keepLines?: number } = {},
  ): void {
    const indent = options.indent ?? 0;
    const lineHeight = size * LEADING;
    const lines = wrap(runs, size, CONTENT_WIDTH - indent);
    this.ensure(lineHeight * Math.min(lines.length, options.keepLines ?? 1));
    lines.forEach((line, i) => {
      this.ensure(lineHeight);
      if (i === 0 && options.bullet)
        this.drawLine([{ text: '•', bold: false, x: 0 }], MARGIN_X + indent - 10, size);
      this.drawLine(line, MARGIN_X + indent, size);
      this.y -= lineHeight;
      this.empty = false;
    });
  }

  table(head: string[], rows: string[][]): void {
    const columns = Math.max(head.length, ...rows.map((r) => r.length), 1);
    const size = SIZE.table;
    const lineHeight = size * LEADING;
    const widths = columnWidths(head, rows, columns, size);
    const cellLines = (cells: string[], isHead: boolean): Line[][] =>
      widths.map((w, c) => wrap([{ text: cells[c] ?? '', bold: isHead }], size, w - 2 * CELL_PADDING));
    const headLines = cellLines(head, true);
    const headHeight = Math.max(...headLines.map((l) => l.length)) * lineHeight + 2 * CELL_PADDING;

    const drawRow = (lines: Line[][], from: number, count: number, fill: boolean): void => {
      const height = count * lineHeight + 2 * CELL_PADDING;
      let x = MARGIN_X;
      widths.forEach((w, c) => {
        this.ops.push(
          `q 0.5 w ${RULE} RG ${fill ? `${HEADER_FILL} rg ` : ''}${n(x)} ${n(this.y - height)} ${n(w)} ${n(height)} re ${fill ? 'B' : 'S'} Q`,
        );
        const saved = this.y;
        this.y -= CELL_PADDING;
        for (const line of (lines[c] ?? []).slice(from, from + count)) {
          this.drawLine(line, x + CELL_PADDING, size);
          this.y -= lineHeight;
        }
        this.y = saved;
        x += w;
      });
      this.y -= height;
      this.empty = false;
    };
    const drawHead = (): void => {
      if (head.length > 0) drawRow(headLines, 0, Math.max(...headLines.map((l) => l.length)), true);
    };

    // the header and at least one line of the first row on the same page
    this.ensure(headHeight + lineHeight + 2 * CELL_PADDING);
    drawHead();
    for (const row of rows) {
      const lines = cellLines(row, false);
      const total = Math.max(1, ...lines.map((l) => l.length));
      let from = 0;
      while (from < total) {
        const room = Math.floor((this.y - this.bottom - 2 * CELL_PADDING) / lineHeight);
        const count = Math.min(total - from, room);
        // a row moves whole to the next page when it fits there (split only rows taller than a page)
        if (
          count < 1 ||
          (from === 0 && count < total && this.y < PAGE_HEIGHT - MARGIN_TOP - headHeight - 1)
        ) {
          this.newPage();
          drawHead();
          continue;
        }
        drawRow(lines, from, count, false);
        from += count;
      }
    }
  }

  drawWatermark(text: string): void {
    const font = loadedFonts().bold;
    const clean = cleanText(font, text);
    const angle = Math.atan2(PAGE_HEIGHT, PAGE_WIDTH);
    const diagonal = Math.hypot(PAGE_WIDTH, PAGE_HEIGHT);
    const size = Math.min(72, (diagonal * 0.7) / Math.max(1, textWidth(font, clean, 1)));
    const width = textWidth(font, clean, size);
    // start so that the text's middle sits at the page's centre
    const cx = PAGE_WIDTH / 2;
    const cy = PAGE_HEIGHT / 2;
    const x = cx - (width / 2) * Math.cos(angle) + (size / 3) * Math.sin(angle);
    const y = cy - (width / 2) * Math.sin(angle) - (size / 3) * Math.cos(angle);
    const cos = Math.cos(angle).toFixed(4);
    const sin = Math.sin(angle).toFixed(4);
    this.ops.push(
      `BT ${WATERMARK} rg /F2 ${n(size)} Tf ${cos} ${sin} -${sin} ${cos} ${n(x)} ${n(y)} Tm ${encode(font, clean)} Tj ET`,
    );
  }

  footers(footer: string, reference: string): void {
    const total = this.pages.length;
    this.pages.forEach(({ ops }, i) => {
      const text = `${footer} · Réf.\u00a0${reference} · page\u00a0${i + 1}\u00a0/\u00a0${total}`;
      const lines = wrap([{ text, bold: false }], SIZE.footer, CONTENT_WIDTH);
      const lineHeight = SIZE.footer * LEADING;
      lines.forEach((line, j) => {
        const width = line.reduce(
          (w, s) => Math.max(w, s.x + textWidth(loadedFonts().regular, s.text, SIZE.footer)),
          0,
        );
        for (const seg of line)
          Writer.show(
            ops,
            seg.text,
            false,
            (PAGE_WIDTH - width) / 2 + seg.x,
            FOOTER_Y + (lines.length - 1 - j) * lineHeight,
            SIZE.footer,
            GREY,
          );
      });
    });
  }
}

/** Column widths filling the content width: each at least its longest word (when possible), the rest shared by need. */
function columnWidths(head: string[], rows: string[][], columns: number, size: number): number[] {
  const { regular, bold } = loadedFonts();
  const minimum = new Array<number>(columns).fill(24);
  const natural = new Array<number>(columns).fill(24);
  const measure = (cells: string[], font: LoadedFont): void => {
    for (let c = 0; c < columns; c++) {
      const text = cleanText(font, cells[c] ?? '');
      const full = textWidth(font, text, size) + 2 * CELL_PADDING;
      const longestWord =
        Math.max(0, ...text.split(' ').map((w) => textWidth(font, w, size))) + 2 * CELL_PADDING;
      natural[c] = Math.max(natural[c]!, Math.min(full, CONTENT_WIDTH * 0.6));
      minimum[c] = Math.max(minimum[c]!, Math.min(longestWord, CONTENT_WIDTH / 2));
    }
  };
  measure(head, bold);
  for (const row of rows) measure(row, regular);
  const sumNatural = natural.reduce((a, b) => a + b, 0);
  if (sumNatural <= CONTENT_WIDTH) return natural.map((w) => (w * CONTENT_WIDTH) / sumNatural);
  const sumMinimum = minimum.reduce((a, b) => a + b, 0);
  if (sumMinimum >= CONTENT_WIDTH) return minimum.map((w) => (w * CONTENT_WIDTH) / sumMinimum);
  const extra = CONTENT_WIDTH - sumMinimum;
  const need = natural.map((w, c) => w - minimum[c]!);
  const sumNeed = need.reduce((a, b) => a + b, 0);
  return minimum.map((w, c) => w + (sumNeed > 0 ? (extra * need[c]!) / sumNeed : extra / columns));
}

function drawBlock(writer: Writer, block: DocBlock, index: number): void {
  switch (block.type) {
    case 'title':
      if (index > 0) writer.space(8);
      writer.text([{ text: block.text, bold: true }], SIZE.title);
      writer.space(10);
      break;
    case 'heading':
      writer.space(12);
      // keep the heading with two lines of what follows
      writer.ensure(SIZE.heading * LEADING + 2 * SIZE.body * LEADING);
      writer.text([{ text: block.text, bold: true }], SIZE.heading);
      writer.space(4);
      break;
    case 'subheading':
      writer.space(8);
      writer.ensure(SIZE.subheading * LEADING + 2 * SIZE.body * LEADING);
      writer.text([{ text: block.text, bold: true }], SIZE.subheading);
      writer.space(2);
      break;
    case 'paragraph':
      writer.text([{ text: block.text, bold: false }], SIZE.body, { keepLines: 2 });
      writer.space(5);
      break;
    case 'bullet':
      writer.text([{ text: block.text, bold: false }], SIZE.body, { indent: BULLET_INDENT, bullet: true });
      writer.space(2);
      break;
    case 'field':
      writer.text(
        [
          { text: `${block.label.replace(/ /g, '\u00a0')}\u00a0: `, bold: true },
          { text: block.value, bold: false },
        ],
        SIZE.body,
      );
      writer.space(2);
      break;
    case 'table':
      writer.space(4);
      writer.table(block.head, block.rows);
      writer.space(8);
      break;
    case 'pagebreak':
      if (!writer.empty) writer.newPage();
      break;
  }
}

/** Shares one parsed font across documents: pdf-lib asks the fontkit it is given to parse the bytes. */
const sharedFontkit = {
  create(bytes: Uint8Array) {
    const { regular, bold } = loadedFonts();
    if (bytes === regular.bytes) return regular.face;
    if (bytes === bold.bytes) return bold.face;
    return fontkit.create(bytes);
  },
};

/**
 * Compression by node:zlib instead of pdf-lib's pure-JavaScript pako (a third of the render time), and
 * once only for what every document carries alike (the font files, their ToUnicode maps).
 */
const deflatedOnce = new Map<Uint8Array | string, Uint8Array>();
function useNativeDeflate(pdf: PDFDocument): void {
  const context = pdf.context;
  context.flateStream = (contents, dict = {}) => {
    let deflated = deflatedOnce.get(contents);
    if (!deflated) {
      deflated = deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents);
      const { regular, bold } = loadedFonts();
      if (
        contents === regular.bytes ||
        contents === bold.bytes ||
        (typeof contents === 'string' && contents.startsWith('/CIDInit'))
      )
        deflatedOnce.set(contents, deflated);
    }
    return context.stream(deflated, { ...dict, Filter: 'FlateDecode' });
  };
}

export interface RenderOptions {
  /** the PDF's creation date (metadata); the same model and date give the same bytes */
  createdAt?: Date;
}

export async function renderPdf(doc: DocumentModel, options: RenderOptions = {}): Promise<Uint8Array> {
  const { regular, bold } = loadedFonts();
  const createdAt = options.createdAt ?? new Date();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  useNativeDeflate(pdf);
  pdf.registerFontkit(sharedFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const regularFont = await pdf.embedFont(regular.bytes, { subset: false, customName: regular.name });
  const boldFont = await pdf.embedFont(bold.bytes, { subset: false, customName: bold.name });
  pdf.setTitle(cleanText(regular, doc.title), { showInWindowTitleBar: true });
  pdf.setProducer('Stages de seconde');
  pdf.setCreator('Stages de seconde');
  pdf.setLanguage('fr-FR');
  pdf.setCreationDate(createdAt);
  pdf.setModificationDate(createdAt);

  const writer = new Writer(pdf, regularFont, boldFont, doc.watermark);
  doc.blocks.forEach((block, i) => drawBlock(writer, block, i));
  writer.footers(doc.footer, doc.reference);
  writer.finish();
  // classic cross-reference table (no object streams): the seal appends an incremental update to it
  return pdf.save({ useObjectStreams: false });
}
