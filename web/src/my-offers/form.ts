/**
 * The offer editor's form: its state (text as typed), what it sends to the API, and where each
 * field lives (step and input), so that the server's field errors land next to the right input.
 */
import type { DayHours } from '../../../src/domain/hours.ts';
import type { OfferView } from './api.ts';
import { DAY_LABELS, hoursOfDays, type DayForm } from '../lib/hoursForm.ts';

export { DAY_LABELS, type DayForm };

export interface OfferForm {
  title: string;
  description: string;
  activities: string;
  sectorCode: string;
  serviceUai: string;
  address: string;
  postalCode: string;
  communeName: string;
  /** as typed (a comma is accepted as the decimal separator) */
  lat: string;
  lon: string;
  week1: boolean;
  places1: string;
  week2: boolean;
  places2: string;
  groupReception: boolean;
  /** Monday (index 0) … Saturday (index 5) */
  days: DayForm[];
  lunch: string;
  accessible: boolean;
  /** UAI of lycées, separated by commas or spaces */
  reservedTo: string;
  priorityEducation: boolean;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

/** A new offer: Monday to Friday, 9:00–17:00 with an hour's break (7 h a day, 35 h a week). */
export function emptyForm(): OfferForm {
  return {
    title: '',
    description: '',
    activities: '',
    sectorCode: '',
    serviceUai: '',
    address: '',
    postalCode: '',
    communeName: '',
    lat: '',
    lon: '',
    week1: true,
    places1: '1',
    week2: true,
    places2: '1',
    groupReception: false,
    days: DAY_LABELS.map((_, i) => ({
      enabled: i < 5,
      from: '09:00',
      to: '17:00',
      breakMinutes: '60',
    })),
    lunch: '',
    accessible: false,
    reservedTo: '',
    priorityEducation: false,
    contactName: '',
    contactEmail: '',
    contactPhone: '',
  };
}

/** The form of an existing offer. */
export function formOf(o: OfferView): OfferForm {
  const base = emptyForm();
  const w1 = o.weeks.find((w) => w.week === 1);
  const w2 = o.weeks.find((w) => w.week === 2);
  return {
    title: o.title,
    description: o.description,
    activities: o.activities ?? '',
    sectorCode: o.sectorCode,
    serviceUai: o.serviceUai ?? '',
    address: o.place.address ?? '',
    postalCode: o.place.postalCode ?? '',
    communeName: o.place.communeName ?? '',
    lat: o.place.lat === null ? '' : String(o.place.lat),
    lon: o.place.lon === null ? '' : String(o.place.lon),
    week1: w1 !== undefined,
    places1: String(w1?.places ?? 1),
    week2: w2 !== undefined,
    places2: String(w2?.places ?? 1),
    groupReception: o.groupReception,
    days: o.hours
      ? base.days.map((d, i) => {
          const h = o.hours!.find((x) => x.day === i + 1);
          return h
            ? { enabled: true, from: h.from, to: h.to, breakMinutes: String(h.breakMinutes) }
            : { ...d, enabled: false };
        })
      : base.days,
    lunch: o.lunch ?? '',
    accessible: o.accessible,
    reservedTo: o.reservedTo.join(', '),
    priorityEducation: o.priorityEducation,
    contactName: o.contact.name ?? '',
    contactEmail: o.contact.email ?? '',
    contactPhone: o.contact.phone ?? '',
  };
}

/** "48,11" → 48.11; "" → null; anything else → NaN. */
export function parseCoordinate(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** The hours of the checked days, as the API and the domain's checks take them. */
export function hoursOf(form: OfferForm): DayHours[] {
  return hoursOfDays(form.days);
}

export function weeksOf(form: OfferForm): { week: number; places: number }[] {
  const weeks: { week: number; places: number }[] = [];
  if (form.week1) weeks.push({ week: 1, places: Number(form.places1) });
  if (form.week2) weeks.push({ week: 2, places: Number(form.places2) });
  return weeks;
}

const orNull = (text: string) => (text.trim() === '' ? null : text);

/** The body of POST /api/offers (create) or PATCH /api/offers/:id (edit). */
export function payloadOf(form: OfferForm, opts: { create: boolean; withService: boolean }) {
  const lat = parseCoordinate(form.lat);
  const lon = parseCoordinate(form.lon);
  const hasPlace =
    form.address.trim() !== '' ||
    form.postalCode.trim() !== '' ||
    form.communeName.trim() !== '' ||
    (lat !== null && lon !== null);
  return {
    title: form.title,
    description: form.description,
    activities: orNull(form.activities),
    sectorCode: form.sectorCode,
    ...(hasPlace
      ? {
          place: {
            address: orNull(form.address),
            postalCode: orNull(form.postalCode.trim()),
            communeName: orNull(form.communeName.trim()),
            ...(lat !== null && lon !== null && !Number.isNaN(lat) && !Number.isNaN(lon) ? { lat, lon } : {}),
          },
        }
      : {}),
    weeks: weeksOf(form),
    groupReception: form.groupReception,
    hours: hoursOf(form),
    lunch: orNull(form.lunch),
    accessible: form.accessible,
    contactName: orNull(form.contactName),
    contactEmail: orNull(form.contactEmail.trim()),
    contactPhone: orNull(form.contactPhone),
    reservedTo: form.reservedTo
      .split(/[\s,;]+/)
      .map((u) => u.trim().toUpperCase())
      .filter((u) => u !== ''),
    priorityEducation: form.priorityEducation,
    ...(opts.create && opts.withService ? { serviceUai: form.serviceUai } : {}),
  };
}

export const STEP_TITLES = [
  'L’offre',
  'Le lieu',
  'Semaines et places',
  'Horaires',
  'Conditions et contact',
  'Aperçu',
] as const;

/** The form's field an API field error belongs to ("weeks.1.places" → "places2", "hours.3" → "hours.3"). */
export function formField(apiField: string, sent: { weeks: { week: number }[] }): string {
  const parts = apiField.split('.');
  const head = parts[0] ?? '';
  if (head === 'place') return parts[1] ?? 'place';
  if (head === 'weeks') {
    const week = parts[1] === undefined ? undefined : sent.weeks[Number(parts[1])]?.week;
    return week === undefined ? 'weeks' : `places${week}`;
  }
  if (head === 'hours') return parts[1] === undefined ? 'hours' : `hours.${parts[1]}`;
  return head;
}

const STEP_OF_FIELD: Record<string, number> = {
  title: 0,
  description: 0,
  activities: 0,
  sectorCode: 0,
  serviceUai: 0,
  place: 1,
  address: 1,
  postalCode: 1,
  communeName: 1,
  lat: 1,
  lon: 1,
  weeks: 2,
  places1: 2,
  places2: 2,
  groupReception: 2,
  hours: 3,
  lunch: 4,
  accessible: 4,
  reservedTo: 4,
  priorityEducation: 4,
  contactName: 4,
  contactEmail: 4,
  contactPhone: 4,
};

/** The step (0-based) where a form field is; unknown fields show on the preview. */
export function stepOf(field: string): number {
  return STEP_OF_FIELD[field.split('.')[0] ?? ''] ?? STEP_TITLES.length - 1;
}

/**
 * What the form can tell before sending, step by step (the server checks everything again):
 * required fields, numbers, coordinates; the hours are checked live by the hours step.
 */
export function stepErrors(
  step: number,
  form: OfferForm,
  ctx: { placeRequired: boolean; serviceRequired: boolean },
): Record<string, string> {
  const e: Record<string, string> = {};
  if (step === 0) {
    if (form.title.trim() === '') e.title = 'Indiquez le titre de l’offre.';
    else if ([...form.title].length > 150) e.title = 'Le titre fait 150 caractères au plus.';
    if (form.description.trim() === '') e.description = 'Décrivez l’offre.';
    else if ([...form.description].length > 1500)
      e.description = 'La description fait 1 500 caractères au plus.';
    if ([...form.activities].length > 1500) e.activities = 'Les activités font 1 500 caractères au plus.';
    if (form.sectorCode === '') e.sectorCode = 'Choisissez le secteur.';
    if (ctx.serviceRequired && form.serviceUai === '') e.serviceUai = 'Choisissez le service qui accueille.';
  }
  if (step === 1) {
    const lat = parseCoordinate(form.lat);
    const lon = parseCoordinate(form.lon);
    if (lat !== null && (Number.isNaN(lat) || lat < -90 || lat > 90))
      e.lat = 'Latitude : un nombre entre -90 et 90, par exemple 48,1113.';
    if (lon !== null && (Number.isNaN(lon) || lon < -180 || lon > 180))
      e.lon = 'Longitude : un nombre entre -180 et 180, par exemple -1,6800.';
    if ((lat === null) !== (lon === null)) {
      if (lat === null) e.lat = 'Indiquez aussi la latitude, ou effacez la longitude.';
      else e.lon = 'Indiquez aussi la longitude, ou effacez la latitude.';
    }
    if (ctx.placeRequired && form.postalCode.trim() === '')
      e.postalCode = 'Indiquez le code postal du lieu du stage.';
    else if (form.postalCode.trim() !== '' && !/^\d{5}$/.test(form.postalCode.trim()))
      e.postalCode = 'Le code postal a 5 chiffres, par exemple 35000.';
    if (ctx.placeRequired && form.communeName.trim() === '') e.communeName = 'Indiquez la commune.';
  }
  if (step === 2) {
    if (!form.week1 && !form.week2) e.weeks = 'Proposez au moins une des deux semaines.';
    for (const w of [1, 2] as const) {
      if (!(w === 1 ? form.week1 : form.week2)) continue;
      const text = (w === 1 ? form.places1 : form.places2).trim();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < 1) e[`places${w}`] = `Semaine ${w} : au moins 1 place.`;
      else if (n > 50) e[`places${w}`] = `Semaine ${w} : 50 places au plus.`;
    }
  }
  if (step === 4) {
    const email = form.contactEmail.trim();
    if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email))
      e.contactEmail = 'Adresse invalide (exemple : prenom.nom@organisme.fr).';
    const bad = form.reservedTo.split(/[\s,;]+/).filter((u) => u !== '' && !/^\d{7}[A-Za-z]$/.test(u));
    if (bad.length > 0)
      e.reservedTo = `UAI invalide : ${bad.join(', ')} (7 chiffres et une lettre, par exemple 0350024L).`;
  }
  return e;
}
