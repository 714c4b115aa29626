/**
 * Public verification of a convention (issue 6 §7): anyone uploads a PDF, or types the reference
 * printed on every page, and learns whether it is authentic, which template and which signatures
 * it carries. Names are shown as initials only (« L. L. G. »): the page is public.
 *
 * A PDF is authentic when its SHA-256 is the one recorded for a sealed convention (the stored
 * sealed file, byte for byte). Otherwise the seal itself says why not: not a PDF, no seal of the
 * platform, sealed by another certificate, altered or truncated after sealing.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { CONVENTION_STATE_LABELS, SIGNATORY_ROLE_LABELS, normalizeReference } from '../domain/convention.ts';
import { formatDateTimeFr } from '../infra/mail/templates.ts';
import type { Sealer } from '../infra/seal.ts';
import {
  conventionByReference,
  conventionBySealedSha256,
  signatoriesOf,
  templateOf,
  type ConventionRow,
} from './signing.store.ts';

export interface VerifyDeps {
  db: Db;
  sealer: () => Promise<Sealer>;
}

export interface VerifiedConvention {
  reference: string;
  status: ConventionRow['status'];
  template: { name: string; version: number; schoolYear: string };
  sealedAt: Date | null;
  signatures: { roleLabel: string; name: string; signedAt: Date }[];
}

export interface Verdict {
  authentic: boolean;
  message: string;
  reference?: string | undefined;
  convention?: VerifiedConvention | undefined;
}

/** « Jean-Pierre Le Goff » → « J.-P. L. G. » */
export function initials(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) =>
      w
        .split('-')
        .filter((p) => p !== '')
        .map((p) => `${[...p][0]!.toUpperCase()}.`)
        .join('-'),
    )
    .join(' ');
}

async function describe(db: Db, c: ConventionRow): Promise<VerifiedConvention> {
  const template = await templateOf(db, c.templateId);
  const signatories = await signatoriesOf(db, c.id);
  return {
    reference: c.reference,
    status: c.status,
    template: template ?? { name: '', version: 0, schoolYear: '' },
    sealedAt: c.sealedSha256 ? c.signedAt : null,
    signatures: signatories
      .filter((s) => s.signedAt !== null)
      .sort((a, b) => a.signedAt!.getTime() - b.signedAt!.getTime())
      .map((s) => ({
        roleLabel: SIGNATORY_ROLE_LABELS[s.role],
        name: initials(s.name),
        signedAt: s.signedAt!,
      })),
  };
}

function cancelledNote(c: ConventionRow): string {
  return c.status === 'cancelled' && c.cancelledAt
    ? ` Attention : elle a été annulée le ${formatDateTimeFr(c.cancelledAt)}.`
    : '';
}

/** The verdict on an uploaded file. */
export async function verifyPdf(deps: VerifyDeps, bytes: Uint8Array): Promise<Verdict> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const c = await conventionBySealedSha256(deps.db, sha256);
  if (c)
    return {
      authentic: true,
      message: `Document authentique : c’est la convention ${c.reference}, scellée par la plateforme${c.signedAt ? ` le ${formatDateTimeFr(c.signedAt)}` : ''}, sans aucune modification.${cancelledNote(c)}`,
      reference: c.reference,
      convention: await describe(deps.db, c),
    };
  const check = (await deps.sealer()).verify(bytes);
  if (!check.ok) return { authentic: false, message: check.message };
  return {
    authentic: false,
    message:
      'Ce PDF porte le cachet de la plateforme, mais ce n’est pas le PDF final d’une convention enregistrée : il ne peut pas être reconnu comme une convention signée.',
  };
}

export type ReferenceVerdict =
  { ok: true; verdict: Verdict } | { ok: false; error: 'invalid' | 'not_found'; message: string };

/** What a reference typed by hand says: whether the convention exists and is sealed. */
export async function verifyReference(deps: VerifyDeps, input: string): Promise<ReferenceVerdict> {
  const reference = normalizeReference(input);
  if (!reference)
    return {
      ok: false,
      error: 'invalid',
      message: `« ${input.slice(0, 40)} » n’est pas une référence de convention : elle s’écrit comme CS-2026-7K3M-Q9XD (imprimée en bas de chaque page).`,
    };
  const c = await conventionByReference(deps.db, reference);
  if (!c)
    return {
      ok: false,
      error: 'not_found',
      message: `Aucune convention ne porte la référence ${reference} : vérifiez-la sur le document.`,
    };
  const convention = await describe(deps.db, c);
  const sealed = c.sealedSha256 !== null;
  return {
    ok: true,
    verdict: {
      authentic: sealed,
      message: sealed
        ? `La convention ${reference} existe et a été signée par toutes les parties puis scellée${c.signedAt ? ` le ${formatDateTimeFr(c.signedAt)}` : ''}. Pour vérifier qu’un PDF n’a pas été modifié, déposez-le.${cancelledNote(c)}`
        : `La convention ${reference} existe mais n’est pas signée par toutes les parties (elle est ${CONVENTION_STATE_LABELS[c.status]}) : aucun PDF signé n’en existe.`,
      reference,
      convention,
    },
  };
}
