/**
 * CSV import of a host's offers (DOMAIN.md §3, "Sources: … CSV import"). Pure: bytes in, offers
 * and French line errors out; the service places the addresses and writes.
 *
 * The format (also shown on the import page and in the API description):
 * - one offer per line; first line = column names, matched without regard to case, accents,
 *   spaces or underscores ("Code postal" = "code_postal");
 * - separator ";", "," or tab, encoding UTF-8 (with or without BOM) or Windows-1252, detected;
 * - columns (* = required):
 *     titre*, description*, activites, code_secteur* or secteur* (the sector's code or its name),
 *     adresse, code_postal*, commune* (one of the two at least), semaine_1_places,
 *     semaine_2_places (0 to 50; empty = 0; at least one place in one week), horaires, repas,
 *     accessible (oui/non), accueil_groupe (oui/non), priorite_rep (oui/non), lycees_reserves
 *     (UAI separated by spaces, commas or "|"), contact_nom, contact_courriel, contact_telephone;
 * - horaires: groups "<days> <times>" separated by "|"; days "lun-ven" (a range) or "lun,mer,ven"
 *   (a list) among lun mar mer jeu ven sam; times one range "9:00-17:00" or two ranges
 *   "9:00-12:00,13:30-17:00" (the gap between them is the break); e.g.
 *   "lun-jeu 9:00-12:00,13:30-17:00 | ven 9:00-12:00". Empty: hours not given.
 * Text is kept as given (HTML is text, never interpreted).
 */
import { parse } from 'csv-parse/sync';
import type { CampaignLimits } from './campaign.ts';
import type { DayHours } from './hours.ts';
import { validateOffer, type FieldError } from './offer.ts';
import { decodeCsv, detectSeparator, type Encoding, type Separator } from './student-import.ts';
import {
  MAX_OFFER_IMPORT_BYTES,
  MAX_OFFER_IMPORT_ROWS,
  OFFER_COLUMNS,
  type OfferColumn,
} from './offer-import-format.ts';
import { foldAccents, slugify } from './text.ts';

export {
  COLUMN_HELP,
  MAX_OFFER_IMPORT_BYTES,
  MAX_OFFER_IMPORT_ROWS,
  OFFER_COLUMNS,
  OFFER_IMPORT_TEMPLATE,
  type OfferColumn,
} from './offer-import-format.ts';

export interface ImportedOffer {
  /** line number in the file (the header is line 1) */
  line: number;
  title: string;
  description: string;
  activities: string | null;
  sectorCode: string;
  place: { address: string | null; postalCode: string | null; communeName: string | null };
  weeks: { week: number; places: number }[];
  hours: DayHours[] | null;
  lunch: string | null;
  accessible: boolean;
  groupReception: boolean;
  priorityEducation: boolean;
  reservedTo: string[];
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface OfferLineError {
  line: number;
  /** the column as named in the format (e.g. "semaine_1_places"), or null for the whole line */
  column: string | null;
  message: string;
}

export interface OfferImportContext {
  /** the platform's sectors */
  sectors: readonly { code: string; name: string }[];
  /** UAI of the lycées an offer may be reserved to */
  lycees: ReadonlySet<string>;
  /** the campaign's limits the hours are checked against */
  limits: CampaignLimits;
}

export type OfferParseResult =
  | { ok: false; error: string }
  | {
      ok: true;
      encoding: Encoding;
      separator: Separator;
      /** offer lines read (without the header and empty lines) */
      lines: number;
      offers: ImportedOffer[];
      errors: OfferLineError[];
      /** lines with at least one error */
      linesInError: number;
    };

/** "Code postal", "code_postal", "CODE-POSTAL" → "code_postal". */
export function normalizeColumn(header: string): string {
  return foldAccents(header)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/([a-z])(\d)/g, '$1_$2')
    .replace(/^_+|_+$/g, '');
}

const ALIASES: Record<string, OfferColumn> = {
  activites_observees: 'activites',
  code_du_secteur: 'code_secteur',
  secteur_d_activite: 'secteur',
  cp: 'code_postal',
  ville: 'commune',
  semaine_1: 'semaine_1_places',
  semaine_2: 'semaine_2_places',
  places_semaine_1: 'semaine_1_places',
  places_semaine_2: 'semaine_2_places',
  lycees_reservataires: 'lycees_reserves',
  reserve_aux_lycees: 'lycees_reserves',
  contact_email: 'contact_courriel',
  contact_mail: 'contact_courriel',
  contact_tel: 'contact_telephone',
};

export function columnOfHeader(header: string): OfferColumn | undefined {
  const n = normalizeColumn(header);
  if ((OFFER_COLUMNS as readonly string[]).includes(n)) return n as OfferColumn;
  return ALIASES[n];
}

const DAYS: Record<string, number> = { lun: 1, mar: 2, mer: 3, jeu: 4, ven: 5, sam: 6 };
const TIME = /^(\d{1,2})[:h](\d{2})$/;

function hhmm(value: string): string | null {
  const m = TIME.exec(value.trim());
  if (!m) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

function minutes(value: string): number {
  const [h, m] = value.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const FULL_DAYS: Record<string, number> = {
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
};

function dayOf(token: string): number | undefined {
  const t = foldAccents(token).toLowerCase().replace(/\.$/, '').trim();
  return DAYS[t] ?? FULL_DAYS[t];
}

/**
 * Parses the compact hours format ("lun-ven 9:00-12:00,13:30-17:00 | sam 9:00-12:00") into days,
 * or a French message saying what is wrong. An empty text gives null (hours not given).
 */
export function parseHours(
  text: string,
): { ok: true; hours: DayHours[] | null } | { ok: false; message: string } {
  const value = text.trim();
  if (value === '') return { ok: true, hours: null };
  const hours: DayHours[] = [];
  const example = 'exemple : « lun-ven 9:00-12:00,13:30-17:00 »';
  for (const group of value.split('|')) {
    const g = group.trim();
    const m = /^(\S+)\s+(.+)$/.exec(g);
    if (!m) return { ok: false, message: `« ${g} » : indiquez les jours puis les heures (${example})` };
    const [, dayPart, timePart] = m as unknown as [string, string, string];
    const days: number[] = [];
    for (const item of dayPart.split(',')) {
      const range = item.split('-');
      if (range.length === 2) {
        const a = dayOf(range[0]!);
        const b = dayOf(range[1]!);
        if (a === undefined || b === undefined || b < a)
          return {
            ok: false,
            message: `jours « ${item} » invalides (lun, mar, mer, jeu, ven, sam ; ${example})`,
          };
        for (let d = a; d <= b; d++) days.push(d);
      } else {
        const d = range.length === 1 ? dayOf(item) : undefined;
        if (d === undefined)
          return {
            ok: false,
            message: `jour « ${item} » inconnu (lun, mar, mer, jeu, ven, sam ; ${example})`,
          };
        days.push(d);
      }
    }
    const ranges = timePart.replace(/\s+/g, '').split(',');
    if (ranges.length > 2)
      return { ok: false, message: `« ${timePart} » : une ou deux plages horaires par jour (${example})` };
    const parsed: [string, string][] = [];
    for (const r of ranges) {
      const parts = r.split('-');
      const from = parts.length === 2 ? hhmm(parts[0]!) : null;
      const to = parts.length === 2 ? hhmm(parts[1]!) : null;
      if (!from || !to) return { ok: false, message: `plage horaire « ${r} » invalide (${example})` };
      parsed.push([from, to]);
    }
    const from = parsed[0]![0];
    const to = parsed[parsed.length - 1]![1];
    let breakMinutes = 0;
    if (parsed.length === 2) {
      breakMinutes = minutes(parsed[1]![0]) - minutes(parsed[0]![1]);
      if (breakMinutes <= 0)
        return {
          ok: false,
          message: `« ${timePart} » : la seconde plage doit commencer après la fin de la première`,
        };
    }
    for (const day of days) hours.push({ day, from, to, breakMinutes });
  }
  return { ok: true, hours };
}

const YES = new Set(['oui', 'o', 'vrai', 'true', '1', 'x', 'yes']);
const NO = new Set(['non', 'n', 'faux', 'false', '0', 'no', '']);

function yesNo(value: string): boolean | null {
  const v = foldAccents(value).toLowerCase().trim();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** Where the field errors of validateOffer go in the file's columns. */
function columnOfField(field: string, weeks: readonly { week: number }[]): string | null {
  const [head, index] = field.split('.');
  switch (head) {
    case 'title':
      return 'titre';
    case 'description':
      return 'description';
    case 'activities':
      return 'activites';
    case 'lunch':
      return 'repas';
    case 'contactName':
      return 'contact_nom';
    case 'contactEmail':
      return 'contact_courriel';
    case 'contactPhone':
      return 'contact_telephone';
    case 'hours':
      return 'horaires';
    case 'weeks': {
      const w = index === undefined ? undefined : weeks[Number(index)];
      return w ? `semaine_${w.week}_places` : 'semaine_1_places';
    }
    default:
      return null;
  }
}

/** The checks of an offer's fields that depend on the campaign (hours), as line errors. */
export function checkImportedOffer(o: ImportedOffer, limits: CampaignLimits): OfferLineError[] {
  return validateOffer(o, limits).map((e: FieldError) => ({
    line: o.line,
    column: columnOfField(e.field, o.weeks),
    message: e.message,
  }));
}

const UAI = /^\d{7}[A-Z]$/;

/**
 * Parses and checks a file of offers. A file-level problem (empty, unreadable, a required column
 * missing, too many lines) is one French error; a bad line is reported with its line number and
 * column, and left out of the offers.
 */
export function parseOfferCsv(bytes: Uint8Array, ctx: OfferImportContext): OfferParseResult {
  if (bytes.length === 0) return { ok: false, error: 'Le fichier est vide.' };
  if (bytes.length > MAX_OFFER_IMPORT_BYTES)
    return { ok: false, error: 'Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.' };
  const { text, encoding } = decodeCsv(bytes);
  if (text.includes('\u0000'))
    return {
      ok: false,
      error:
        'Ce fichier n’est pas un fichier texte CSV en UTF-8 ou Windows-1252 (enregistrez-le depuis le tableur au format « CSV UTF-8 »).',
    };
  const separator = detectSeparator(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 1_000_000,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      ok: false,
      error: `Le fichier CSV est mal formé${line ? ` (ligne ${line})` : ''} : vérifiez les guillemets.`,
    };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, error: 'Le fichier est vide.' };
  const columns = new Map<OfferColumn, number>();
  const unknown: string[] = [];
  header.record.forEach((name, index) => {
    const column = columnOfHeader(name);
    if (column && !columns.has(column)) columns.set(column, index);
    else if (!column && name.trim() !== '') unknown.push(name.trim());
  });
  const missing: string[] = [];
  for (const c of ['titre', 'description'] as const) if (!columns.has(c)) missing.push(`« ${c} »`);
  if (!columns.has('code_secteur') && !columns.has('secteur'))
    missing.push('« code_secteur » (ou « secteur »)');
  if (!columns.has('code_postal') && !columns.has('commune'))
    missing.push('« code_postal » (ou « commune »)');
  if (!columns.has('semaine_1_places') && !columns.has('semaine_2_places'))
    missing.push('« semaine_1_places » (ou « semaine_2_places »)');
  if (missing.length > 0)
    return {
      ok: false,
      error: `${missing.length === 1 ? 'Colonne obligatoire absente' : 'Colonnes obligatoires absentes'} : ${missing.join(', ')}. Vérifiez la première ligne du fichier (en-têtes).`,
    };
  if (unknown.length > 0)
    return {
      ok: false,
      error: `Colonne${unknown.length > 1 ? 's' : ''} inconnue${unknown.length > 1 ? 's' : ''} : ${unknown.map((u) => `« ${u} »`).join(', ')}. Les colonnes possibles : ${OFFER_COLUMNS.join(', ')}.`,
    };
  const dataRows = body.filter((r) => r.record.some((v) => v.trim() !== ''));
  if (dataRows.length === 0) return { ok: false, error: 'Le fichier ne contient aucune offre.' };
  if (dataRows.length > MAX_OFFER_IMPORT_ROWS)
    return {
      ok: false,
      error: `Le fichier contient ${dataRows.length.toLocaleString('fr-FR')} lignes : ${MAX_OFFER_IMPORT_ROWS.toLocaleString('fr-FR')} au plus par import.`,
    };

  const byCode = new Map(ctx.sectors.map((s) => [s.code, s.code]));
  const byName = new Map(ctx.sectors.map((s) => [slugify(s.name), s.code]));
  const offers: ImportedOffer[] = [];
  const errors: OfferLineError[] = [];
  let linesInError = 0;
  for (const { record, info } of dataRows) {
    // info.lines is the last line of the record (a quoted value may span lines): count from its start
    const line = info.lines - (record.join('').match(/\n/g)?.length ?? 0);
    const raw = (c: OfferColumn) => {
      const i = columns.get(c);
      return i === undefined ? '' : (record[i] ?? '');
    };
    const oneLine = (c: OfferColumn) => raw(c).replace(/\s+/g, ' ').trim();
    const optional = (c: OfferColumn) => {
      const v = raw(c).trim();
      return v === '' ? null : v;
    };
    const lineErrors: OfferLineError[] = [];
    const fail = (column: OfferColumn, message: string) => lineErrors.push({ line, column, message });

    let sectorCode = '';
    const code = oneLine('code_secteur');
    const name = oneLine('secteur');
    if (code !== '') {
      sectorCode = byCode.get(code) ?? byCode.get(slugify(code)) ?? '';
      if (!sectorCode) fail('code_secteur', `secteur « ${code} » inconnu`);
    } else if (name !== '') {
      sectorCode = byName.get(slugify(name)) ?? '';
      if (!sectorCode) fail('secteur', `secteur « ${name} » inconnu`);
    } else fail(columns.has('code_secteur') ? 'code_secteur' : 'secteur', 'secteur : à renseigner');

    const postalCode = oneLine('code_postal');
    const communeName = oneLine('commune');
    if (postalCode === '' && communeName === '')
      fail('code_postal', 'lieu du stage : indiquez le code postal ou la commune');
    else if (postalCode !== '' && !/^(\d{5}|2[AB]\d{3})$/i.test(postalCode))
      fail('code_postal', `code postal « ${postalCode} » invalide : 5 chiffres attendus`);
    const address = oneLine('adresse');
    if (address.length > 300) fail('adresse', 'adresse : 300 caractères au plus');

    const weeks: { week: number; places: number }[] = [];
    for (const week of [1, 2] as const) {
      const column = `semaine_${week}_places` as const;
      const v = oneLine(column);
      if (v === '' || v === '0') continue;
      if (!/^\d+$/.test(v)) {
        fail(column, `semaine ${week} : nombre de places « ${v} » invalide (un nombre entier de 0 à 50)`);
        continue;
      }
      weeks.push({ week, places: Number(v) });
    }
    const weekErrors = lineErrors.some((e) => e.column?.startsWith('semaine_'));
    if (weeks.length === 0 && !weekErrors)
      fail('semaine_1_places', 'places : au moins 1 place la semaine 1 ou la semaine 2 (0 place en tout)');

    const hoursResult = parseHours(raw('horaires'));
    if (!hoursResult.ok) fail('horaires', `horaires : ${hoursResult.message}`);

    const flag = (c: OfferColumn) => {
      const v = yesNo(raw(c));
      if (v === null) fail(c, `${c} : « ${raw(c).trim()} » invalide, oui ou non attendu`);
      return v ?? false;
    };
    const accessible = flag('accessible');
    const groupReception = flag('accueil_groupe');
    const priorityEducation = flag('priorite_rep');

    const reservedTo: string[] = [];
    for (const token of raw('lycees_reserves')
      .split(/[\s,;|]+/)
      .filter((t) => t !== '')) {
      const uai = token.toUpperCase();
      if (!UAI.test(uai)) fail('lycees_reserves', `UAI « ${token} » invalide : 7 chiffres et une lettre`);
      else if (!ctx.lycees.has(uai)) fail('lycees_reserves', `lycée ${uai} inconnu de la plateforme`);
      else if (!reservedTo.includes(uai)) reservedTo.push(uai);
    }
    if (reservedTo.length > 50) fail('lycees_reserves', 'réservation : 50 lycées au plus');

    const offer: ImportedOffer = {
      line,
      title: raw('titre').trim(),
      description: raw('description').trim(),
      activities: optional('activites'),
      sectorCode,
      place: { address: address || null, postalCode: postalCode || null, communeName: communeName || null },
      weeks,
      hours: hoursResult.ok ? hoursResult.hours : null,
      lunch: optional('repas'),
      accessible,
      groupReception,
      priorityEducation,
      reservedTo,
      contactName: optional('contact_nom'),
      contactEmail: optional('contact_courriel'),
      contactPhone: optional('contact_telephone'),
    };
    for (const e of checkImportedOffer(offer, ctx.limits)) {
      // no week at all: already reported above
      if (weeks.length === 0 && e.column?.startsWith('semaine_') && e.message.startsWith('semaines :'))
        continue;
      if (!lineErrors.some((x) => x.column === e.column && x.message === e.message)) lineErrors.push(e);
    }
    if (lineErrors.length > 0) {
      linesInError++;
      errors.push(...lineErrors);
      continue;
    }
    offers.push(offer);
  }
  return { ok: true, encoding, separator, lines: dataRows.length, offers, errors, linesInError };
}
