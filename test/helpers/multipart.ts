import { randomBytes } from 'node:crypto';

export interface FormPart {
  name: string;
  value?: string;
  file?: { filename: string; content: Buffer | Uint8Array; type?: string };
}

/** A multipart/form-data body, as a browser's FormData sends it (for app.inject). */
export function multipart(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----formulaire${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.file)
      head += `; filename="${p.file.filename}"\r\nContent-Type: ${p.file.type ?? 'application/pdf'}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'));
    chunks.push(p.file ? Buffer.from(p.file.content) : Buffer.from(p.value ?? '', 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A small valid-looking PDF of `size` bytes (header, padding, trailer). */
export function pdfBytes(size = 800, marker = 'x'): Buffer {
  const head = Buffer.from(`%PDF-1.7\n% ${marker}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  const pad = Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20);
  return Buffer.concat([head, pad, tail]).subarray(0, size);
}
