/**
 * `offers` commands of the command line:
 *   offers import --host <id|SIRET> <file.csv> [--dry-run] [--skip-errors]
 *   offers archive
 * The report is the French summary the import page shows.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { createAddressGeocoder } from '../infra/geocoding/ban.ts';
import { getCommuneGeocoder } from '../infra/geocoding/communes.ts';
import { archiveFinishedCampaigns } from './archive.ts';
import { findHostByIdOrSiret } from './import-store.ts';
import { importOffers, type ImportSummary } from './import.ts';

export const OFFERS_USAGE =
  'Usage : offers import --host <identifiant|SIRET> <fichier.csv> [--dry-run] [--skip-errors] | offers archive';

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
}

/** The French report of an import (or of its preview). */
export function formatImportReport(s: ImportSummary, refused = false): string {
  const lines = [
    `Organisme : ${s.host.name} (${s.host.id})`,
    `Fichier lu en ${s.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'}, séparateur « ${s.separator === '\t' ? 'tabulation' : s.separator} ».`,
    `${plural(s.counts.lines, 'ligne d’offre lue', 'lignes d’offres lues')}, ${plural(s.counts.valid, 'offre valide', 'offres valides')}, ${plural(s.counts.errors, 'ligne en erreur', 'lignes en erreur')}.`,
  ];
  for (const e of s.errors) lines.push(`  ligne ${e.line}${e.column ? ` (${e.column})` : ''} : ${e.message}`);
  if (s.errors.length < s.counts.errors)
    lines.push(`  … ${s.counts.errors - s.errors.length} autres lignes en erreur non détaillées.`);
  if (s.dryRun)
    lines.push(
      `Aperçu : rien n’a été écrit. ${plural(s.counts.valid, 'offre serait publiée', 'offres seraient publiées')}.`,
    );
  else if (refused)
    lines.push(
      'Rien n’a été publié : corrigez le fichier, ou relancez avec --skip-errors pour publier les offres valides seules.',
    );
  else
    lines.push(
      `${plural(s.counts.published, 'offre publiée', 'offres publiées')} en ${(s.durationMs / 1000).toFixed(1)} s.`,
    );
  return `${lines.join('\n')}\n`;
}

/** Runs `offers …`; returns the exit code. */
export async function offersCommand(
  args: string[],
  database: Database,
  geocoderUrl: string | undefined,
  out: (text: string) => void,
): Promise<number> {
  const [sub, ...rest] = args;
  const deps = { db: database.db, clock: () => new Date(), publicUrl: '' };
  if (sub === 'archive') {
    const r = await archiveFinishedCampaigns(deps);
    out(
      r.archived === 0
        ? 'Aucune offre à archiver : pas de campagne terminée avec des offres actives.\n'
        : `${plural(r.archived, 'offre archivée', 'offres archivées')} :\n${r.campaigns.map((c) => `  campagne ${c.schoolYear} de l’académie ${c.academyCode} : ${c.archived}`).join('\n')}\n`,
    );
    return 0;
  }
  if (sub !== 'import') {
    out(`${OFFERS_USAGE}\n`);
    return 1;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      host: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-errors': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (!values.host || positionals.length !== 1) {
    out(`${OFFERS_USAGE}\n`);
    return 1;
  }
  const host = await findHostByIdOrSiret(database.db, values.host);
  if (!host) {
    out(`Organisme introuvable : ${values.host} (identifiant ou SIRET).\n`);
    return 1;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(positionals[0]!);
  } catch {
    out(`Fichier illisible : ${positionals[0]}.\n`);
    return 1;
  }
  const geocoder = geocoderUrl
    ? createAddressGeocoder({ url: geocoderUrl, offline: () => getCommuneGeocoder(database.db) })
    : undefined;
  const r = await importOffers({ ...deps, geocoder }, null, host.id, bytes, {
    dryRun: values['dry-run'],
    skipErrors: values['skip-errors'],
  });
  if (r.ok) {
    out(formatImportReport(r));
    return 0;
  }
  if (r.error === 'has_errors') {
    out(formatImportReport(r, true));
    return 1;
  }
  out(r.error === 'not_found' ? 'Organisme introuvable.\n' : `Fichier refusé : ${r.message}\n`);
  return 1;
}
