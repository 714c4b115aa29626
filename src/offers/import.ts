/**
 * CSV import of a host's offers (the format: src/domain/offer-import.ts). A preview (dry run)
 * reads, checks and places every line and writes nothing; the import writes all the offers in one
 * transaction, published at once through the host channel ("publish" of the state table by the
 * host or its partner key; an administrator imports on behalf of the host).
 *
 * All or nothing: a file with a line in error is refused, unless the caller asks to leave the
 * lines in error out (skipErrors), in which case only the good lines are published.
 *
 * Places are located like createOffer's: the commune from the postal code and name (offline
 * geocoder of the communes table), refined by the Base Adresse Nationale when it is configured and
 * the line has a street address. A cache per import answers each (postal code, commune) — and
 * (address, postal code, commune) for the BAN — once; after 20 BAN answers in a row that fell back
 * to the commune (BAN down or unsure), the rest of the file is placed on the communes only.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { ensureCampaign } from '../campaigns/store.ts';
import { DEFAULT_LIMITS, schoolYearOn, type CampaignLimits } from '../domain/campaign.ts';
import {
  INITIAL_STATE,
  statusAfterPlaces,
  transition,
  type Actor,
  type OfferState,
} from '../domain/offer.ts';
import {
  checkImportedOffer,
  parseOfferCsv,
  type ImportedOffer,
  type OfferLineError,
} from '../domain/offer-import.ts';
import { authorize, type Principal } from '../domain/permissions.ts';
import type { Encoding, Separator } from '../domain/student-import.ts';
import type { AddressGeocoder } from '../infra/geocoding/ban.ts';
import { getCommuneGeocoder } from '../infra/geocoding/communes.ts';
import { departementOfPostalCode } from '../infra/geocoding/offline.ts';
import {
  allLyceeUais,
  allSectors,
  campaignsOfYear,
  departementAcademies,
  insertImportedOffers,
  type NewOffer,
} from './import-store.ts';
import { findHostProfile } from './store.ts';
import type { OffersDeps } from './service.ts';

export interface OfferImportDeps extends OffersDeps {
  /** the address geocoder (BAN with the communes as fallback), when configured */
  geocoder?: AddressGeocoder | undefined;
}

/** Offers shown in the preview. */
export const PREVIEW_OFFERS = 20;
/** Line errors returned at most (the counts stay exact). */
export const MAX_REPORTED_ERRORS = 1_000;
/** BAN answers in a row that fell back to the commune before the import stops asking it. */
const BAN_GIVE_UP = 20;

export interface PlacedOffer extends ImportedOffer {
  placed: {
    communeName: string;
    communeInsee: string;
    postalCode: string | null;
    lat: number;
    lon: number;
    geocodeMethod: string;
  };
  campaignId: string;
}

export interface ImportSummary {
  host: { id: string; name: string };
  dryRun: boolean;
  encoding: Encoding;
  separator: Separator;
  /** the status the offers get (or got) */
  status: OfferState;
  counts: {
    /** offer lines read */
    lines: number;
    /** lines ready to publish */
    valid: number;
    /** lines with at least one error */
    errors: number;
    /** offers written (0 in a dry run) */
    published: number;
  };
  /** the first offers as they will be published */
  offers: {
    line: number;
    title: string;
    sectorCode: string;
    communeName: string;
    postalCode: string | null;
    lat: number;
    lon: number;
    geocodeMethod: string;
    weeks: { week: number; places: number }[];
    accessible: boolean;
    reservedTo: string[];
  }[];
  errors: OfferLineError[];
  durationMs: number;
}

export type ImportResult =
  | ({ ok: true } & ImportSummary)
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'invalid_file'; message: string }
  | ({ ok: false; error: 'has_errors' } & ImportSummary);

export interface ImportOptions {
  dryRun: boolean;
  /** publish the good lines and leave the lines in error out (otherwise: all or nothing) */
  skipErrors?: boolean;
}

/**
 * Previews (dryRun) or runs the import of a CSV file of offers for a host. `principal` null is
 * the platform's command line (an operator on the server).
 */
export async function importOffers(
  deps: OfferImportDeps,
  principal: Principal | null,
  hostId: string,
  bytes: Uint8Array,
  options: ImportOptions,
  context: AuditContext = {},
): Promise<ImportResult> {
  const started = performance.now();
  if (principal && !authorize(principal, 'offers.import', { hostId }).ok)
    return { ok: false, error: 'not_found' };
  const host = await findHostProfile(deps.db, hostId);
  if (!host) return { ok: false, error: 'not_found' };

  const now = deps.clock();
  const schoolYear = schoolYearOn(now.toISOString().slice(0, 10));
  const [sectors, lycees, academies, yearCampaigns] = await Promise.all([
    allSectors(deps.db),
    allLyceeUais(deps.db),
    departementAcademies(deps.db),
    campaignsOfYear(deps.db, schoolYear),
  ]);
  // the hours are checked against the campaign's limits: those of the year's campaigns when they
  // agree, else the defaults, and again per line below when its campaign has other limits
  const distinct = new Set(yearCampaigns.map((c) => JSON.stringify(c.settings.limits)));
  const limits: CampaignLimits = distinct.size === 1 ? yearCampaigns[0]!.settings.limits : DEFAULT_LIMITS;
  const parsed = parseOfferCsv(bytes, { sectors, lycees, limits });
  if (!parsed.ok) return { ok: false, error: 'invalid_file', message: parsed.error };

  const errors: OfferLineError[] = [...parsed.errors];
  const badLines = new Set(parsed.errors.map((e) => e.line));
  const placed = await placeOffers(deps, parsed.offers, academies, schoolYear, limits, errors, badLines);
  errors.sort((a, b) => a.line - b.line);

  const actor: Actor = principal === null || principal.role === 'admin' ? 'host_member' : principal.role;
  const t = transition(INITIAL_STATE.host, 'publish', actor);
  const status: OfferState = t.ok ? t.next : INITIAL_STATE.host;
  const summary = (published: number, dryRun: boolean): ImportSummary => ({
    host: { id: host.id, name: host.name },
    dryRun,
    encoding: parsed.encoding,
    separator: parsed.separator,
    status,
    counts: { lines: parsed.lines, valid: placed.length, errors: badLines.size, published },
    offers: placed.slice(0, PREVIEW_OFFERS).map((o) => ({
      line: o.line,
      title: o.title,
      sectorCode: o.sectorCode,
      communeName: o.placed.communeName,
      postalCode: o.placed.postalCode,
      lat: o.placed.lat,
      lon: o.placed.lon,
      geocodeMethod: o.placed.geocodeMethod,
      weeks: o.weeks,
      accessible: o.accessible,
      reservedTo: o.reservedTo,
    })),
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    durationMs: Math.round(performance.now() - started),
  });

  if (options.dryRun) return { ok: true, ...summary(0, true) };
  if (badLines.size > 0 && !options.skipErrors)
    return { ok: false, error: 'has_errors', ...summary(0, false) };
  if (placed.length === 0)
    return {
      ok: false,
      error: 'invalid_file',
      message: 'Aucune offre à publier : toutes les lignes sont en erreur.',
    };

  const rows = placed.map((o) => {
    const weeks = o.weeks.map((w) => ({ ...w, taken: 0 }));
    const offerStatus = status === 'published' ? statusAfterPlaces('published', weeks) : status;
    const offer: NewOffer = {
      id: randomUUID(),
      campaignId: o.campaignId,
      hostId,
      source: 'import',
      status: offerStatus,
      title: o.title,
      description: o.description,
      activities: o.activities,
      sectorCode: o.sectorCode,
      address: o.place.address,
      postalCode: o.placed.postalCode,
      communeInsee: o.placed.communeInsee,
      communeName: o.placed.communeName,
      lat: o.placed.lat,
      lon: o.placed.lon,
      geocodeMethod: o.placed.geocodeMethod,
      groupReception: o.groupReception,
      hours: o.hours,
      lunch: o.lunch,
      accessible: o.accessible,
      educationNationale: false,
      priorityEducation: o.priorityEducation,
      contactName: o.contactName,
      contactEmail: o.contactEmail,
      contactPhone: o.contactPhone,
      createdBy: principal?.userId ?? null,
      updatedAt: now,
      createdAt: now,
      publishedAt: offerStatus === 'published' || offerStatus === 'full' ? now : null,
    };
    return { offer, weeks: o.weeks, reservedTo: o.reservedTo };
  });
  await insertImportedOffers(deps.db, rows);
  await recordAudit(
    deps,
    {
      action: 'offers.imported',
      actor: principal,
      details: {
        hostId,
        published: rows.length,
        lines: parsed.lines,
        skippedLines: badLines.size,
        status,
        ...(principal === null ? { via: 'cli' } : {}),
      },
    },
    context,
  );
  return { ok: true, ...summary(rows.length, false) };
}

/** Places the offers (cached per import) and finds their campaign; a line that fails moves to the errors. */
async function placeOffers(
  deps: OfferImportDeps,
  offers: readonly ImportedOffer[],
  academies: ReadonlyMap<string, string>,
  schoolYear: string,
  parseLimits: CampaignLimits,
  errors: OfferLineError[],
  badLines: Set<number>,
): Promise<PlacedOffer[]> {
  const communes = await getCommuneGeocoder(deps.db);
  const byCommune = new Map<string, ReturnType<typeof communes.locate>>();
  const byAddress = new Map<string, Promise<{ lat: number; lon: number } | null>>();
  const campaignsByAcademy = new Map<string, Promise<{ id: string; limits: CampaignLimits }>>();
  let banMisses = 0;
  let banOn = deps.geocoder !== undefined;

  const banLocate = (address: string, postalCode: string | null, commune: string | null) => {
    const key = `${address}|${postalCode ?? ''}|${commune ?? ''}`;
    let found = byAddress.get(key);
    if (!found) {
      found = deps
        .geocoder!.geocodeAddress(address, postalCode, commune)
        .then((r) => (r && r.method === 'ban' ? { lat: r.lat, lon: r.lon } : null));
      byAddress.set(key, found);
    }
    return found;
  };

  const out: PlacedOffer[] = [];
  const fail = (line: number, column: string, message: string) => {
    errors.push({ line, column, message });
    badLines.add(line);
  };
  // commune and campaign first (synchronous geocoder, few distinct keys)
  const located: {
    offer: ImportedOffer;
    found: Extract<ReturnType<typeof communes.locate>, { placed: true }>;
    campaign: { id: string; limits: CampaignLimits };
  }[] = [];
  for (const o of offers) {
    const { postalCode, communeName } = o.place;
    const key = `${postalCode ?? ''}|${communeName ?? ''}`;
    let found = byCommune.get(key);
    if (!found) {
      found = communes.locate(postalCode, communeName);
      byCommune.set(key, found);
    }
    if (!found.placed) {
      fail(
        o.line,
        communeName ? 'commune' : 'code_postal',
        `lieu du stage : adresse impossible à situer (${postalCode ?? 'sans code postal'} ${communeName ?? ''}) — ${found.reason}`,
      );
      continue;
    }
    const departement = departementOfPostalCode(found.postalCode) ?? found.insee.slice(0, 2);
    const academy = academies.get(departement);
    if (!academy) {
      fail(o.line, 'code_postal', 'lieu du stage : hors des académies ouvertes sur la plateforme');
      continue;
    }
    let campaign = campaignsByAcademy.get(academy);
    if (!campaign) {
      campaign = ensureCampaign(deps.db, academy, schoolYear).then((c) => ({
        id: c.id,
        limits: c.settings.limits,
      }));
      campaignsByAcademy.set(academy, campaign);
    }
    const c = await campaign;
    if (JSON.stringify(c.limits) !== JSON.stringify(parseLimits)) {
      const again = checkImportedOffer(o, c.limits);
      if (again.length > 0) {
        errors.push(...again);
        badLines.add(o.line);
        continue;
      }
    }
    located.push({ offer: o, found, campaign: c });
  }

  // street addresses through the BAN, a few at a time
  const CONCURRENCY = 8;
  for (let i = 0; i < located.length; i += CONCURRENCY) {
    const batch = located.slice(i, i + CONCURRENCY);
    const precise = await Promise.all(
      batch.map(async ({ offer }) => {
        if (!banOn || !offer.place.address) return null;
        const r = await banLocate(offer.place.address, offer.place.postalCode, offer.place.communeName);
        banMisses = r ? 0 : banMisses + 1;
        if (banMisses >= BAN_GIVE_UP) banOn = false;
        return r;
      }),
    );
    batch.forEach(({ offer, found, campaign }, k) => {
      const ban = precise[k];
      out.push({
        ...offer,
        placed: {
          communeName: found.communeName,
          communeInsee: found.insee,
          postalCode: offer.place.postalCode ?? found.postalCode,
          lat: ban?.lat ?? found.lat,
          lon: ban?.lon ?? found.lon,
          geocodeMethod: ban ? 'ban' : found.method,
        },
        campaignId: campaign.id,
      });
    });
  }
  return out;
}
