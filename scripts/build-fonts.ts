/**
 * Builds the fonts of the PDF documents (src/infra/pdf.ts): DejaVu Sans and DejaVu Sans Bold cut down to
 * the characters a French administrative document uses, so that each PDF embeds ~40 KB of font instead of
 * ~700 KB and pdf-lib skips its own subsetting at every document (DESIGN.md: ~25 ms a document instead of ~50).
 *
 *   node --import tsx scripts/build-fonts.ts          # writes src/infra/fonts/*.ttf (committed)
 *   node --import tsx scripts/build-fonts.ts --check  # exits 1 if the committed files differ from a new build
 *
 * The subset is made by HarfBuzz's hb-subset (npm `subset-font`, its WebAssembly build): it keeps a real
 * TrueType font with its cmap (which pdf-lib needs to map characters to glyphs), and is deterministic
 * (same input, same bytes). Hinting and the layout tables (GSUB/GPOS/kern) are dropped: pdf-lib neither
 * kerns nor needs ligatures, and without them fontkit's layout (run for every line measured) is cheaper
 * and no « fi » ligature can hide letters from text extraction.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const outDir = fileURLToPath(new URL('../src/infra/fonts/', import.meta.url));

/** Basic Latin, Latin-1 Supplement, Latin Extended-A, and the typographic signs of French text. */
function fontCharacters(): string {
  const codes: number[] = [];
  const range = (from: number, to: number): void => {
    for (let c = from; c <= to; c++) codes.push(c);
  };
  range(0x20, 0x7e); // Basic Latin
  range(0xa0, 0xff); // Latin-1 Supplement (é è à ç « » °, no-break space…)
  range(0x100, 0x17f); // Latin Extended-A (œ Œ ő ł…)
  codes.push(0x178); // Ÿ (in Extended-A already; kept explicit)
  // ‐ ‑ ‒ – — ‘ ’ ‚ “ ” „ † ‡ • … ‰ ‹ › € ™, narrow no-break space, thin space, no-break hyphen
  codes.push(0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e);
  codes.push(0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122, 0x202f, 0x2009);
  codes.push(0x2192, 0x2713, 0x2717, 0x2212, 0x00d7); // → ✓ ✗ − ×
  return String.fromCodePoint(...[...new Set(codes)].sort((a, b) => a - b));
}

const FONT_FILES = [
  { source: 'DejaVuSans.ttf', target: 'DejaVuSans-subset.ttf' },
  { source: 'DejaVuSans-Bold.ttf', target: 'DejaVuSans-Bold-subset.ttf' },
] as const;

async function build(source: string): Promise<Buffer> {
  const original = await readFile(require.resolve(`dejavu-fonts-ttf/ttf/${source}`));
  return subsetFont(original, fontCharacters(), {
    targetFormat: 'truetype',
    noHinting: true,
    keepFeatures: [],
    dropTables: [
      'GSUB',
      'GPOS',
      'GDEF',
      'kern',
      'hdmx',
      'LTSH',
      'VDMX',
      'fpgm',
      'prep',
      'cvt ',
      'gasp',
      'FFTM',
    ],
  });
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const { source, target } of FONT_FILES) {
    const bytes = await build(source);
    const path = outDir + target;
    if (check) {
      const current = await readFile(path).catch(() => null);
      if (!current || !current.equals(bytes)) {
        console.error(`${target}: differs from a new build (run scripts/build-fonts.ts)`);
        stale = true;
      } else console.log(`${target}: up to date (${bytes.length} bytes)`);
    } else {
      await writeFile(path, bytes);
      console.log(`${target}: ${bytes.length} bytes`);
    }
  }
  if (stale) process.exitCode = 1;
}

await main();
