// The part of subset-font (2.9) that scripts/build-fonts.ts uses.
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer | Uint8Array,
    text: string,
    options?: {
      targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2';
      noHinting?: boolean;
      keepFeatures?: string[];
      dropTables?: string[];
      noLayoutClosure?: boolean;
    },
  ): Promise<Buffer>;
}
