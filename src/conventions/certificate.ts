/**
 * The platform's sealing certificate.
 *
 * - Production: the PKCS#12 file and its passphrase from the configuration (SEAL_P12_PATH,
 *   SEAL_P12_PASSPHRASE); nothing is written to the database.
 * - Embedded default: a self-signed certificate generated at the first seal and kept in
 *   platform_certificates, shared by every process on the database. Two processes starting at once
 *   may both generate one: each inserts with `on conflict do nothing`, then both read the row that
 *   won, so every process seals with the same certificate. Its PKCS#12 is protected by a
 *   passphrase derived from the row's id (the row is the secret: whoever reads the database reads
 *   the key — acceptable for the demo, which is why production loads its own file).
 *
 * The sealer is loaded once per server (the returned function memoises it; a failure is retried
 * at the next call).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import forge from 'node-forge';
import type { Db } from '../db/client.ts';
import { platformCertificates } from '../db/schema/index.ts';
import { SEAL_COMMON_NAME, createSealer, generateSelfSignedP12, type Sealer } from '../infra/seal.ts';

export const PLATFORM_CERTIFICATE_ID = 'platform-seal';

export interface CertificateDeps {
  db: Db;
  clock: () => Date;
  /** the configured PKCS#12 (Config.seal); undefined: the self-signed one of the database */
  seal?: { p12Path: string; passphrase: string } | undefined;
}

/** The passphrase of a stored PKCS#12, derived from its row's id. */
export function storedPassphrase(id: string): string {
  return createHash('sha256').update(`stage-seconde:platform-certificate:${id}`).digest('base64url');
}

/** The same key and certificates under another passphrase. */
function reprotect(p12: Uint8Array, from: string, to: string): Uint8Array {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(p12).toString('binary')), from);
  const shrouded = forge.pki.oids.pkcs8ShroudedKeyBag!;
  const key = parsed.getBags({ bagType: shrouded })[shrouded]?.[0]?.key;
  const certBag = forge.pki.oids.certBag!;
  const certs = (parsed.getBags({ bagType: certBag })[certBag] ?? []).flatMap((b) =>
    b.cert ? [b.cert] : [],
  );
  if (!key || certs.length === 0) throw new Error('certificat auto-signé incomplet');
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, to, { algorithm: 'aes256', friendlyName: 'cachet' });
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

/** Reads the self-signed certificate of the database, creating it once if absent. */
export async function loadOrCreateSelfSigned(deps: Pick<CertificateDeps, 'db' | 'clock'>): Promise<Sealer> {
  const id = PLATFORM_CERTIFICATE_ID;
  const read = async () => {
    const [row] = await deps.db.select().from(platformCertificates).where(eq(platformCertificates.id, id));
    return row;
  };
  let row = await read();
  if (!row) {
    const now = deps.clock();
    const generated = generateSelfSignedP12(SEAL_COMMON_NAME, now);
    await deps.db
      .insert(platformCertificates)
      .values({
        id,
        p12: reprotect(generated.p12, generated.passphrase, storedPassphrase(id)),
        certificatePem: generated.certificatePem,
        fingerprint: generated.fingerprint,
        createdAt: now,
      })
      .onConflictDoNothing();
    row = await read();
    if (!row) throw new Error('certificat de la plateforme introuvable après sa création');
  }
  return createSealer({ p12: row.p12, passphrase: storedPassphrase(id) });
}

/** Loads the configured PKCS#12, with a French error naming the variable at fault. */
export async function loadConfiguredSealer(seal: { p12Path: string; passphrase: string }): Promise<Sealer> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(seal.p12Path));
  } catch (e) {
    throw new Error(
      `Certificat de scellement illisible : SEAL_P12_PATH vaut « ${seal.p12Path} » (${(e as Error).message}).`,
      { cause: e },
    );
  }
  try {
    return createSealer({ p12: bytes, passphrase: seal.passphrase });
  } catch (e) {
    throw new Error(
      `Certificat de scellement inutilisable : le fichier de SEAL_P12_PATH ne s’ouvre pas avec SEAL_P12_PASSPHRASE ou ne contient pas de clé et de certificat (${(e as Error).message}).`,
      { cause: e },
    );
  }
}

/** The server's sealer, loaded at its first use and kept. */
export function platformSealer(deps: CertificateDeps): () => Promise<Sealer> {
  let loading: Promise<Sealer> | undefined;
  return () => {
    loading ??= (deps.seal ? loadConfiguredSealer(deps.seal) : loadOrCreateSelfSigned(deps)).catch(
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    );
    return loading;
  };
}
