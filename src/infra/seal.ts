/**
 * The platform's seal: a PAdES signature (SubFilter ETSI.CAdES.detached, CMS SignedData with the
 * ESS signing-certificate-v2 attribute, SHA-256, RSA) of a finished PDF with the platform's certificate.
 *
 * - The seal is an incremental update: the sealed file starts with the exact bytes it was given (the
 *   document whose SHA-256 the convention recorded), followed by the signature field, its dictionary and
 *   a new cross-reference section. Objects are read with pdf-lib; the placeholder comes from
 *   @signpdf/placeholder-pdf-lib and the byte range is filled by @signpdf/signpdf.
 * - The CMS is built here with node-forge's ASN.1 writer, the digest and the RSA signature by node:crypto
 *   (forge's pure-JavaScript SHA-256 and RSA-2048 over a 60 KB document: ~60 ms; node:crypto: ~0.6 ms).
 * - The signing time is the signature dictionary's /M (PAdES baseline: no signing-time attribute).
 * - `verify` checks that the byte range covers the whole file but the signature, that the digest and the
 *   RSA signature hold, and that the signer's certificate is the platform's (SHA-256 fingerprint).
 */
import {
  X509Certificate,
  type KeyObject,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

export const SEAL_COMMON_NAME = 'Stages de seconde – cachet de la plateforme (auto-signé)';
export const SEAL_ORGANIZATION = 'Plateforme Stages de seconde';
/**
 * Hex digits reserved for the CMS in /Contents (@signpdf's `signatureLength` counts characters): 8 KB of
 * CMS, five times the self-signed seal's (~1.5 KB), room for a certificate chain of a production P12.
 */
const SIGNATURE_LENGTH = 16_384;

export type SealCheck =
  | { ok: true; signedAt: Date | null; fingerprint: string }
  | {
      ok: false;
      error: 'not_pdf' | 'no_seal' | 'altered' | 'truncated' | 'other_certificate';
      message: string;
    };

export interface SealInfo {
  reason: string;
  location: string;
  name: string;
  signedAt: Date;
}

export interface Sealer {
  /** SHA-256 of the certificate (DER), 64 lowercase hexadecimal digits */
  fingerprint: string;
  certificatePem: string;
  seal(pdf: Uint8Array, info: SealInfo): Promise<Uint8Array>;
  verify(pdf: Uint8Array): SealCheck;
}

export const SEAL_MESSAGES = {
  not_pdf: 'Ce fichier n’est pas un PDF.',
  no_seal: 'Ce PDF ne porte pas le cachet de la plateforme.',
  altered: 'Ce PDF a été modifié après son scellement.',
  truncated: 'Ce PDF est incomplet (tronqué).',
  other_certificate: 'Ce PDF est scellé par un autre certificat que celui de la plateforme.',
} as const;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

const { asn1 } = forge;

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function toBinary(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('binary');
}

function fromBinary(s: string): Buffer {
  return Buffer.from(s, 'binary');
}

// ---- the certificate ----

/** A UTF8String attribute of a distinguished name (forge writes PrintableString otherwise, wrong for « é » and « – »). */
function utf8Attribute(shortName: 'CN' | 'O', value: string): forge.pki.CertificateField {
  return { shortName, value, valueTagClass: asn1.Type.UTF8 } as unknown as forge.pki.CertificateField;
}

export function generateSelfSignedP12(
  commonName: string,
  now: Date,
): { p12: Uint8Array; passphrase: string; certificatePem: string; fingerprint: string } {
  // node:crypto makes the key pair (forge's pure-JavaScript generation takes seconds)
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(15).toString('hex'); // positive, 128 bits of chance
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  cert.validity.notAfter = notAfter;
  const name = [utf8Attribute('CN', commonName), utf8Attribute('O', SEAL_ORGANIZATION)];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const passphrase = randomBytes(24).toString('base64url');
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, {
    algorithm: 'aes256',
    friendlyName: 'cachet',
  });
  const p12 = new Uint8Array(fromBinary(asn1.toDer(p12Asn1).getBytes()));
  const der = fromBinary(asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
  return { p12, passphrase, certificatePem: forge.pki.certificateToPem(cert), fingerprint: sha256Hex(der) };
}

// ---- the CMS (SignedData, detached) ----

function algorithm(oid: string, withNull: boolean): forge.asn1.Asn1 {
  const value = [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes())];
  if (withNull) value.push(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''));
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
}

function octets(bytes: Uint8Array): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(bytes));
}

function oidNode(oid: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes());
}

function attribute(oid: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    oidNode(oid),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [value]),
  ]);
}

/** DER SET OF: elements in ascending order of their encodings. */
function derSetOf(elements: forge.asn1.Asn1[]): string[] {
  return elements
    .map((e) => asn1.toDer(e).getBytes())
    .sort((a, b) => Buffer.compare(fromBinary(a), fromBinary(b)));
}

interface SigningIdentity {
  key: KeyObject;
  /** DER of the signer's certificate first, then the rest of the chain */
  certificates: Buffer[];
}

function buildCms(identity: SigningIdentity, digest: Buffer): Buffer {
  const signerDer = identity.certificates[0]!;
  const certAsn1 = asn1.fromDer(toBinary(signerDer));
  const tbs = (certAsn1.value as forge.asn1.Asn1[])[0]!;
  const tbsFields = tbs.value as forge.asn1.Asn1[];
  const offset = tbsFields[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0; // [0] version
  const serial = tbsFields[offset]!;
  const issuer = tbsFields[offset + 2]!;

  const attributes = derSetOf([
    attribute(OID.contentType, oidNode(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    // ESS signing-certificate-v2: SigningCertificateV2 { certs { ESSCertIDv2 { certHash } } } (hash: SHA-256, the default)
    attribute(
      OID.signingCertificateV2,
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
            octets(createHash('sha256').update(signerDer).digest()),
          ]),
        ]),
      ]),
    ),
  ]);
  const attributesBody = attributes.join('');
  // the signature is over the attributes encoded as a SET (tag 0x31), stored under [0] IMPLICIT
  const toSign = Buffer.concat([
    fromBinary(derLengthHeader(0x31, attributesBody.length)),
    fromBinary(attributesBody),
  ]);
  const signature = sign('sha256', toSign, identity.key);

  const rawAttributes = asn1.fromDer(toBinary(toSign));
  const signedAttrs = asn1.create(
    asn1.Class.CONTEXT_SPECIFIC,
    0,
    true,
    rawAttributes.value as forge.asn1.Asn1[],
  );

  const signerInfo = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [issuer, serial]),
    algorithm(OID.sha256, false),
    signedAttrs,
    algorithm(OID.rsaEncryption, true),
    octets(signature),
  ]);
  const signedData = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [algorithm(OID.sha256, false)]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [oidNode(OID.data)]),
    asn1.create(
      asn1.Class.CONTEXT_SPECIFIC,
      0,
      true,
      identity.certificates.map((der) => asn1.fromDer(toBinary(der))),
    ),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [signerInfo]),
  ]);
  const contentInfo = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    oidNode(OID.signedData),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData]),
  ]);
  return fromBinary(asn1.toDer(contentInfo).getBytes());
}

function derLengthHeader(tag: number, length: number): string {
  if (length < 0x80) return String.fromCharCode(tag, length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return String.fromCharCode(tag, 0x80 | bytes.length, ...bytes);
}

class CmsSigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return buildCms(this.identity, createHash('sha256').update(pdfBuffer).digest());
  }
}

// ---- the incremental update that carries the signature field ----

/** PDF strings of the signature dictionary are written byte per character: keep to Latin-1. */
function latin1(text: string): string {
  return text
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/€/g, 'EUR')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

async function withPlaceholder(pdf: Uint8Array, info: SealInfo): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const context = doc.context;
  const firstNew = context.largestObjectNumber + 1;
  const page = doc.getPages()[0];
  if (!page) throw new Error('PDF sans page');
  const rootRef = context.trailerInfo.Root as PDFRef;
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: latin1(info.reason),
    contactInfo: '',
    name: latin1(info.name),
    location: latin1(info.location),
    signingTime: info.signedAt,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Stages de seconde',
  });
  // what changed: the catalog (AcroForm), the first page (Annots), an existing AcroForm or Annots array
  // held as its own object (a file sealed before), and the new objects
  const refs: PDFRef[] = [rootRef, page.ref];
  for (const held of [doc.catalog.get(PDFName.of('AcroForm')), page.node.get(PDFName.of('Annots'))])
    if (held instanceof PDFRef && held.objectNumber < firstNew) refs.push(held);
  for (const [ref] of context.enumerateIndirectObjects()) if (ref.objectNumber >= firstNew) refs.push(ref);
  refs.sort((a, b) => a.objectNumber - b.objectNumber);

  const original = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const tail = original.subarray(Math.max(0, original.length - 1024)).toString('latin1');
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1];
  if (prev === undefined) throw new Error('PDF sans table de références finale');

  const chunks: Buffer[] = [original];
  let offset = original.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    offset += b.length;
  };
  if (original[original.length - 1] !== 0x0a) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();
  for (const ref of refs) {
    const object = context.lookup(ref);
    if (!object) continue;
    offsets.set(ref.objectNumber, offset);
    const body = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    push(Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'));
    push(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    push(Buffer.from('\nendobj\n', 'latin1'));
  }
  const xrefOffset = offset;
  let xref = 'xref\n';
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    xref += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) xref += `${String(offsets.get(numbers[k]!)).padStart(10, '0')} 00000 n \n`;
    i = j + 1;
  }
  const infoRef = context.trailerInfo.Info;
  const size = Math.max(context.largestObjectNumber + 1, numbers[numbers.length - 1]! + 1);
  xref += `trailer\n<<\n/Size ${size}\n/Root ${rootRef.toString()}\n`;
  if (infoRef) xref += `/Info ${infoRef.toString()}\n`;
  xref += `/Prev ${prev}\n>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}

// ---- verification ----

function parseSignatureDate(s: string | undefined): Date | null {
  const m = s ? /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(s) : null;
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, se!));
}

function fail(error: Exclude<SealCheck, { ok: true }>['error']): SealCheck {
  return { ok: false, error, message: SEAL_MESSAGES[error] };
}

function endsWithEof(file: Buffer): boolean {
  return /%%EOF\s*$/.test(file.subarray(Math.max(0, file.length - 64)).toString('latin1'));
}

function checkSeal(pdf: Uint8Array, ourFingerprint: string): SealCheck {
  const file = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (file.subarray(0, 1024).indexOf('%PDF-') < 0) return fail('not_pdf');
  const text = file.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at < 0) return fail(endsWithEof(file) ? 'no_seal' : 'truncated');
  const range = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 120));
  if (!range) return fail('altered');
  const [a, b, c, d] = range.slice(1).map(Number) as [number, number, number, number];
  if (c + d > file.length) return fail('truncated');
  if (a !== 0 || b >= c || c + d !== file.length || file[b] !== 0x3c /* < */ || file[c - 1] !== 0x3e /* > */)
    return fail('altered');

  // the CMS, padded with zeros up to the placeholder's end
  let signedData: forge.asn1.Asn1;
  try {
    const hex = text.slice(b + 1, c - 1);
    if (!/^[0-9a-fA-F]*$/.test(hex)) return fail('altered');
    const contentInfo = asn1.fromDer(forge.util.hexToBytes(hex), {
      parseAllBytes: false,
      strict: false,
    } as unknown as boolean);
    const oid = asn1.derToOid((contentInfo.value as forge.asn1.Asn1[])[0]!.value as string);
    if (oid !== OID.signedData) return fail('altered');
    signedData = ((contentInfo.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!;
  } catch {
    return fail('altered');
  }
  try {
    const fields = signedData.value as forge.asn1.Asn1[];
    const certificatesNode = fields.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 0);
    const signerInfos = fields[fields.length - 1]!.value as forge.asn1.Asn1[];
    const signerInfo = signerInfos[0]!.value as forge.asn1.Asn1[];
    const sid = signerInfo[1]!.value as forge.asn1.Asn1[];
    const sidSerial = asn1.toDer(sid[1]!).getBytes();
    const signedAttrsNode = signerInfo.find(
      (f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 0,
    );
    const signatureNode = signerInfo[signerInfo.length - 1]!;
    if (!certificatesNode || !signedAttrsNode) return fail('altered');

    // the signer's certificate: the one whose serial number the SignerInfo names
    const certificates = (certificatesNode.value as forge.asn1.Asn1[]).map((cert) =>
      fromBinary(asn1.toDer(cert).getBytes()),
    );
    const signerDer = certificates.find((der) => {
      const tbs = (asn1.fromDer(toBinary(der)).value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
      const offset = tbs[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
      return asn1.toDer(tbs[offset]!).getBytes() === sidSerial;
    });
    if (!signerDer) return fail('altered');

    // the digest of the two ranges against the messageDigest attribute
    const digest = createHash('sha256')
      .update(file.subarray(a, a + b))
      .update(file.subarray(c, c + d))
      .digest();
    let messageDigest: string | null = null;
    for (const attr of signedAttrsNode.value as forge.asn1.Asn1[]) {
      const [type, values] = attr.value as forge.asn1.Asn1[];
      if (asn1.derToOid(type!.value as string) === OID.messageDigest)
        messageDigest = (values!.value as forge.asn1.Asn1[])[0]!.value as string;
    }
    if (messageDigest === null || !fromBinary(messageDigest).equals(digest)) return fail('altered');

    // the RSA signature over the attributes (re-tagged as a SET)
    const attrsDer = fromBinary(asn1.toDer(signedAttrsNode).getBytes());
    attrsDer[0] = 0x31;
    const certificate = new X509Certificate(signerDer);
    const valid = verify(
      'sha256',
      attrsDer,
      certificate.publicKey,
      fromBinary(signatureNode.value as string),
    );
    if (!valid) return fail('altered');

    if (sha256Hex(signerDer) !== ourFingerprint) return fail('other_certificate');
    const m = /\/M\s*\((D:[^)]*)\)/.exec(text.slice(c, c + 4096));
    return { ok: true, signedAt: parseSignatureDate(m?.[1]), fingerprint: ourFingerprint };
  } catch {
    return fail('altered');
  }
}

// ---- the sealer ----

export function createSealer(input: { p12: Uint8Array; passphrase: string }): Sealer {
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(toBinary(input.p12)), input.passphrase);
  const keyBag =
    p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]?.[0] ??
    p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!]?.[0];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  if (!keyBag?.key || certBags.length === 0)
    throw new Error('Le fichier PKCS#12 du cachet ne contient pas de clé ou pas de certificat.');
  const keyPem = forge.pki.privateKeyToPem(keyBag.key);
  const privateKey = createPrivateKey(keyPem);
  // the signer's certificate is the one whose public key matches the private key
  const certs = certBags.flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const derOf = (cert: forge.pki.Certificate): Buffer =>
    fromBinary(asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
  const signer =
    certs.find((cert) => {
      const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
      return publicKey.n.equals((keyBag.key as forge.pki.rsa.PrivateKey).n);
    }) ?? certs[0]!;
  const certificates = [derOf(signer), ...certs.filter((c) => c !== signer).map(derOf)];
  const identity: SigningIdentity = {
    key: privateKey,
    certificates,
  };
  const fingerprint = sha256Hex(certificates[0]!);
  const cmsSigner = new CmsSigner(identity);
  const signPdf = new SignPdf();
  return {
    fingerprint,
    certificatePem: forge.pki.certificateToPem(signer),
    async seal(pdf, info) {
      const prepared = await withPlaceholder(pdf, info);
      const signed = await signPdf.sign(prepared, cmsSigner);
      return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
    },
    verify(pdf) {
      return checkSeal(pdf, fingerprint);
    },
  };
}
