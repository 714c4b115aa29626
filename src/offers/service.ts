import { hit } from '../accounts/rate-limit.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import { currentCampaign, ensureCampaign, findCampaign, settingsFor } from '../campaigns/store.ts';
import type { Db } from '../db/client.ts';
import type { FLAG_REASONS, OfferHours } from '../db/schema/offers.ts';
import { DEFAULT_LIMITS, defaultCalendar, schoolYearOn, type CampaignLimits } from '../domain/campaign.ts';
import { checkNaf } from '../domain/naf.ts';
import {
  CHANNEL_OF_ROLE,
  INITIAL_STATE,
  RETURN_REASON_MIN,
  isEducationNationale,
  isVisible,
  statusAfterPlaces,
  transition,
  validateOffer,
  type Channel,
  type FieldError,
  type OfferState,
} from '../domain/offer.ts';
import { authorize, inScope, type Location, type Principal } from '../domain/permissions.ts';
import { LIMITS } from '../domain/rate-limit.ts';
import { normaliseSiret, SIRET_MESSAGES, siretIssue } from '../domain/siret.ts';
import type { AddressGeocoder } from '../infra/geocoding/ban.ts';
import { getCommuneGeocoder } from '../infra/geocoding/communes.ts';
import { departementOfPostalCode } from '../infra/geocoding/offline.ts';
import { queueMail } from '../notifications/service.ts';
import {
  academyOfDepartement,
  findFlag,
  findHostProfile,
  findOffer,
  findSchool,
  findService,
  hostMemberEmails,
  hostOfChannel,
  insertFlag,
  knownSchools,
  listSectors,
  offersOfHost,
  offersOfSchool,
  offersOfSchoolChannel,
  offersOfServices,
  openFlags,
  resolveFlags,
  saveOffer,
  schoolsOfStudents,
  sectorExists,
  servicesInScope,
  setStatus,
  siretTaken,
  submittedInCirconscription,
  updateHostProfile,
  type OfferInsert,
  type OfferRecord,
} from './store.ts';

export interface OffersDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
  /** street addresses: the Base Adresse Nationale (GEOCODER_URL), the commune when it fails */
  geocoder?: AddressGeocoder | undefined;
}

type Failure<E extends string> = { ok: false; error: E };
export type Invalid = { ok: false; error: 'invalid'; errors: FieldError[] };

export interface PlaceInput {
  address?: string | null | undefined;
  postalCode?: string | null | undefined;
  communeName?: string | null | undefined;
  lat?: number | null | undefined;
  lon?: number | null | undefined;
}

export interface OfferInput {
  title: string;
  description: string;
  activities?: string | null | undefined;
  sectorCode: string;
  place?: PlaceInput | null | undefined;
  weeks: { week: number; places: number }[];
  groupReception?: boolean | undefined;
  hours?: OfferHours | null | undefined;
  lunch?: string | null | undefined;
  accessible?: boolean | undefined;
  contactName?: string | null | undefined;
  contactEmail?: string | null | undefined;
  contactPhone?: string | null | undefined;
  reservedTo?: string[] | undefined;
  priorityEducation?: boolean | undefined;
  /** service channel: the academic service that hosts */
  serviceUai?: string | undefined;
}

// ---------------------------------------------------------------- where an offer lies, who owns it

function locationOf(rec: OfferRecord): Location {
  return {
    hostId: rec.offer.hostId,
    ...(rec.offer.schoolUai ? { schoolUai: rec.offer.schoolUai } : {}),
    ...(rec.circonscriptionId ? { circonscriptionId: rec.circonscriptionId } : {}),
    ...(rec.departementCode ? { departementCode: rec.departementCode } : {}),
    academyCode: rec.academyCode,
  };
}

/** The channel's owner: who may edit it and move it through its lifecycle. */
export function isOwner(p: Principal | null, rec: OfferRecord): boolean {
  if (!p) return false;
  const o = rec.offer;
  switch (o.source) {
    case 'lycee':
      return p.role === 'school_head' && p.scope.kind === 'lycee' && p.scope.uai === o.schoolUai;
    case 'ecole':
      return p.role === 'school_director' && p.scope.kind === 'ecole' && p.scope.uai === o.schoolUai;
    case 'service':
      return (
        (p.role === 'dsden' && p.scope.kind === 'departement' && p.scope.code === rec.departementCode) ||
        (p.role === 'rectorat' && p.scope.kind === 'academie' && p.scope.code === rec.academyCode)
      );
    default:
      return (
        (p.role === 'host_member' || p.role === 'partner') &&
        p.scope.kind === 'host' &&
        p.scope.hostId === o.hostId
      );
  }
}

/** Staff who oversee the offer's perimeter (IEN, DSDEN, rectorat, admin). */
function isOverseer(p: Principal | null, rec: OfferRecord): boolean {
  if (!p) return false;
  if (p.role === 'admin') return true;
  if (p.role !== 'ien' && p.role !== 'dsden' && p.role !== 'rectorat') return false;
  return inScope(p.scope, locationOf(rec));
}

/** Whether the principal may see this offer at all (otherwise: 404, existence not revealed). */
async function canSee(deps: OffersDeps, p: Principal | null, rec: OfferRecord): Promise<boolean> {
  if (isOwner(p, rec) || isOverseer(p, rec)) return true;
  if (!isVisible(rec.offer.status)) return false;
  if (rec.reservedTo.length === 0) return true;
  if (!p) return false;
  if ((p.role === 'school_head' || p.role === 'school_staff') && p.scope.kind === 'lycee')
    return rec.reservedTo.includes(p.scope.uai);
  if (p.role === 'student') {
    const mine = await schoolsOfStudents(deps.db, p.studentIds);
    return mine.some((uai) => rec.reservedTo.includes(uai));
  }
  return false;
}

// ---------------------------------------------------------------- views

function weekView(w: { week: number; places: number; taken: number }) {
  return { week: w.week, places: w.places, taken: w.taken, left: w.places - w.taken };
}

export function offerView(rec: OfferRecord, manage: boolean) {
  const o = rec.offer;
  return {
    id: o.id,
    status: o.status,
    source: o.source,
    title: o.title,
    description: o.description,
    activities: o.activities,
    sectorCode: o.sectorCode,
    host: rec.host,
    place: {
      address: o.address,
      postalCode: o.postalCode,
      communeName: o.communeName,
      communeInsee: o.communeInsee,
      lat: o.lat,
      lon: o.lon,
    },
    weeks: rec.weeks.map(weekView),
    groupReception: o.groupReception,
    hours: o.hours ?? null,
    lunch: o.lunch,
    accessible: o.accessible,
    educationNationale: o.educationNationale,
    priorityEducation: o.priorityEducation,
    reservedTo: rec.reservedTo,
    contact: { name: o.contactName, email: o.contactEmail, phone: o.contactPhone },
    schoolUai: o.schoolUai,
    serviceUai: o.serviceUai,
    /** why the IEN returned it or moderation withdrew it: for its owner and the staff only */
    statusReason: manage ? o.statusReason : null,
    submittedAt: o.submittedAt?.toISOString() ?? null,
    publishedAt: o.publishedAt?.toISOString() ?? null,
    updatedAt: o.updatedAt?.toISOString() ?? null,
  };
}
export type OfferView = ReturnType<typeof offerView>;

function listItem(x: {
  offer: OfferRecord['offer'];
  weeks: { week: number; places: number; taken: number }[];
}) {
  return {
    id: x.offer.id,
    title: x.offer.title,
    status: x.offer.status,
    source: x.offer.source,
    statusReason: x.offer.statusReason,
    communeName: x.offer.communeName,
    weeks: x.weeks.map(weekView),
    submittedAt: x.offer.submittedAt?.toISOString() ?? null,
    publishedAt: x.offer.publishedAt?.toISOString() ?? null,
  };
}

// ---------------------------------------------------------------- place and checks

interface Place {
  address: string | null;
  postalCode: string | null;
  communeName: string | null;
  communeInsee: string | null;
  lat: number;
  lon: number;
  geocodeMethod: string;
  departementCode: string;
}

type PlaceResult = { ok: true; place: Place } | { ok: false; errors: FieldError[] };

async function resolvePlace(
  deps: OffersDeps,
  input: PlaceInput | null | undefined,
  fallback: (PlaceInput & { departementCode: string }) | null,
): Promise<PlaceResult> {
  const given = input ?? fallback;
  if (!given)
    return {
      ok: false,
      errors: [
        { field: 'place', message: 'lieu du stage : indiquez l’adresse, le code postal et la commune' },
      ],
    };
  const postalCode = given.postalCode?.trim() || null;
  const communeName = given.communeName?.trim() || null;
  const address = given.address ?? null;
  const known = input ? null : (fallback?.departementCode ?? null);
  if (given.lat !== null && given.lat !== undefined && given.lon !== null && given.lon !== undefined) {
    const geocoder = await getCommuneGeocoder(deps.db);
    const found = postalCode || communeName ? geocoder.locate(postalCode, communeName) : null;
    const departementCode =
      known ?? departementOfPostalCode(postalCode) ?? (found?.placed ? found.insee.slice(0, 2) : null);
    if (!departementCode)
      return {
        ok: false,
        errors: [{ field: 'place.postalCode', message: 'lieu du stage : code postal manquant ou invalide' }],
      };
    return {
      ok: true,
      place: {
        address,
        postalCode,
        communeName: found?.placed ? found.communeName : communeName,
        communeInsee: found?.placed ? found.insee : null,
        lat: given.lat,
        lon: given.lon,
        geocodeMethod: input ? 'manual' : 'school',
        departementCode,
      },
    };
  }
  const geocoder = await getCommuneGeocoder(deps.db);
  const found = geocoder.locate(postalCode, communeName);
  if (!found.placed)
    return {
      ok: false,
      errors: [
        {
          field: 'place',
          message: `lieu du stage : adresse impossible à situer (${postalCode ?? 'sans code postal'} ${communeName ?? ''}) — ${found.reason}`,
        },
      ],
    };
  // a street address given: the BAN when configured places it (else, or when down, the commune)
  const precise =
    input && address?.trim() && deps.geocoder
      ? await deps.geocoder.geocodeAddress(address, postalCode ?? found.postalCode, found.communeName)
      : null;
  const ban = precise?.method === 'ban' ? precise : null;
  return {
    ok: true,
    place: {
      address,
      postalCode: postalCode ?? found.postalCode,
      communeName: found.communeName,
      communeInsee: found.insee,
      lat: ban?.lat ?? found.lat,
      lon: ban?.lon ?? found.lon,
      geocodeMethod: ban ? 'ban' : found.method,
      departementCode: known ?? departementOfPostalCode(found.postalCode) ?? found.insee.slice(0, 2),
    },
  };
}

async function referenceErrors(deps: OffersDeps, input: Partial<OfferInput>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.sectorCode !== undefined && !(await sectorExists(deps.db, input.sectorCode)))
    errors.push({
      field: 'sectorCode',
      message: `secteur : « ${input.sectorCode} » n’est pas un secteur connu`,
    });
  if (input.reservedTo && input.reservedTo.length > 0) {
    const known = new Set(await knownSchools(deps.db, input.reservedTo));
    const unknown = input.reservedTo.filter((u) => !known.has(u));
    if (unknown.length > 0)
      errors.push({
        field: 'reservedTo',
        message: `réservation : lycée${unknown.length > 1 ? 's' : ''} inconnu${unknown.length > 1 ? 's' : ''} (${unknown.join(', ')})`,
      });
  }
  return errors;
}

function placeValues(p: Place): Partial<OfferInsert> {
  return {
    address: p.address,
    postalCode: p.postalCode,
    communeName: p.communeName,
    communeInsee: p.communeInsee,
    lat: p.lat,
    lon: p.lon,
    geocodeMethod: p.geocodeMethod,
  };
}

function fieldValues(i: Partial<OfferInput>): Partial<OfferInsert> {
  const v: Partial<OfferInsert> = {};
  if (i.title !== undefined) v.title = i.title;
  if (i.description !== undefined) v.description = i.description;
  if (i.activities !== undefined) v.activities = i.activities;
  if (i.sectorCode !== undefined) v.sectorCode = i.sectorCode;
  if (i.groupReception !== undefined) v.groupReception = i.groupReception;
  if (i.hours !== undefined) v.hours = i.hours;
  if (i.lunch !== undefined) v.lunch = i.lunch;
  if (i.accessible !== undefined) v.accessible = i.accessible;
  if (i.contactName !== undefined) v.contactName = i.contactName;
  if (i.contactEmail !== undefined) v.contactEmail = i.contactEmail;
  if (i.contactPhone !== undefined) v.contactPhone = i.contactPhone;
  if (i.priorityEducation !== undefined) v.priorityEducation = i.priorityEducation;
  return v;
}

// ---------------------------------------------------------------- use cases

/** Creates an offer through the channel of the principal's role. */
export async function createOffer(
  deps: OffersDeps,
  principal: Principal,
  input: OfferInput,
  context: AuditContext,
): Promise<{ ok: true; offer: OfferView } | Invalid | Failure<'forbidden'>> {
  const channel: Channel | undefined = CHANNEL_OF_ROLE[principal.role];
  if (!channel) return { ok: false, error: 'forbidden' };
  const errors: FieldError[] = await referenceErrors(deps, input);
  let fallback: (PlaceInput & { departementCode: string }) | null = null;
  let channelValues: Partial<OfferInsert> = {};
  let hostId: string | undefined;
  let newHost: Parameters<typeof saveOffer>[1]['newHost'];
  const s = principal.scope;

  if (channel === 'host' || channel === 'partner') {
    if (s.kind !== 'host' || !(await findHostProfile(deps.db, s.hostId)))
      return { ok: false, error: 'forbidden' };
    hostId = s.hostId;
    if (input.serviceUai !== undefined)
      errors.push({ field: 'serviceUai', message: 'service : réservé aux offres des services académiques' });
  } else if (channel === 'lycee' || channel === 'ecole') {
    if (s.kind !== 'lycee' && s.kind !== 'ecole') return { ok: false, error: 'forbidden' };
    const school = await findSchool(deps.db, s.uai);
    if (!school) return { ok: false, error: 'forbidden' };
    fallback = { ...school, departementCode: school.departementCode };
    channelValues = { schoolUai: school.uai };
    hostId = await hostOfChannel(deps.db, { schoolUai: school.uai });
    if (!hostId)
      newHost = {
        name: school.name,
        isPublic: true,
        publicEmployerGroup: 'Éducation nationale',
        address: school.address,
        postalCode: school.postalCode,
        communeInsee: school.communeInsee,
        communeName: school.communeName,
      };
  } else {
    // academic services: a service of the DSDEN's département or of the rectorat's académie
    const service = input.serviceUai ? await findService(deps.db, input.serviceUai) : undefined;
    const academy = service ? await academyOfDepartement(deps.db, service.departementCode) : undefined;
    const mine =
      service !== undefined &&
      ((s.kind === 'departement' && s.code === service.departementCode) ||
        (s.kind === 'academie' && s.code === academy));
    if (!service || !mine) {
      errors.push({
        field: 'serviceUai',
        message: input.serviceUai
          ? 'service : service académique inconnu ou hors de votre périmètre'
          : 'service : indiquez le service académique qui accueille (serviceUai)',
      });
    } else {
      fallback = { ...service, departementCode: service.departementCode };
      channelValues = { serviceUai: service.uai };
      hostId = await hostOfChannel(deps.db, { serviceUai: service.uai });
      if (!hostId)
        newHost = {
          name: service.name,
          isPublic: true,
          publicEmployerGroup: 'Éducation nationale',
          address: service.address,
          postalCode: service.postalCode,
          communeName: service.communeName,
        };
    }
  }

  const placed = await resolvePlace(deps, input.place, fallback);
  let limits: CampaignLimits = DEFAULT_LIMITS;
  let campaignId: string | undefined;
  if (placed.ok) {
    const academy = await academyOfDepartement(deps.db, placed.place.departementCode);
    if (!academy)
      errors.push({
        field: 'place',
        message: 'lieu du stage : hors des académies ouvertes sur la plateforme',
      });
    else {
      const campaign = await ensureCampaign(
        deps.db,
        academy,
        schoolYearOn(deps.clock().toISOString().slice(0, 10)),
      );
      limits = campaign.settings.limits;
      campaignId = campaign.id;
    }
  } else errors.push(...placed.errors);
  errors.push(...validateOffer(input, limits));
  if (errors.length > 0 || !placed.ok || !campaignId) return { ok: false, error: 'invalid', errors };

  const status = INITIAL_STATE[channel];
  const now = deps.clock();
  const id = await saveOffer(deps.db, {
    values: {
      ...fieldValues(input),
      ...placeValues(placed.place),
      ...channelValues,
      ...(hostId ? { hostId } : {}),
      campaignId,
      source: channel,
      status,
      educationNationale: isEducationNationale(channel),
      createdBy: principal.userId,
      updatedAt: now,
      publishedAt: status === 'published' ? now : null,
    },
    weeks: input.weeks,
    reservedTo: input.reservedTo ?? [],
    ...(newHost ? { newHost } : {}),
  });
  await recordAudit(
    deps,
    { action: 'offer.created', actor: principal, details: { offerId: id, channel, status } },
    context,
  );
  const rec = (await findOffer(deps.db, id))!;
  return { ok: true, offer: offerView(rec, true) };
}

export async function getOffer(
  deps: OffersDeps,
  principal: Principal | null,
  id: string,
): Promise<{ ok: true; offer: OfferView } | Failure<'not_found'>> {
  const rec = await findOffer(deps.db, id);
  if (!rec || !(await canSee(deps, principal, rec))) return { ok: false, error: 'not_found' };
  return { ok: true, offer: offerView(rec, isOwner(principal, rec) || isOverseer(principal, rec)) };
}

/** Edits an offer (its owner): a published offer stays published; places never below those taken. */
export async function updateOffer(
  deps: OffersDeps,
  principal: Principal,
  id: string,
  input: Partial<OfferInput>,
  context: AuditContext,
): Promise<
  { ok: true; offer: OfferView } | Invalid | Failure<'not_found' | 'forbidden' | 'locked' | 'off_platform'>
> {
  const rec = await findOffer(deps.db, id);
  if (!rec) return { ok: false, error: 'not_found' };
  if (!isOwner(principal, rec))
    return { ok: false, error: (await canSee(deps, principal, rec)) ? 'forbidden' : 'not_found' };
  // the private offer behind a stage found outside the platform (external_stages) is not edited
  if (rec.offer.source === 'off_platform') return { ok: false, error: 'off_platform' };
  if (rec.offer.status === 'archived' || rec.offer.status === 'submitted')
    return { ok: false, error: 'locked' };
  const errors = await referenceErrors(deps, input);
  if (input.serviceUai !== undefined && input.serviceUai !== rec.offer.serviceUai)
    errors.push({ field: 'serviceUai', message: 'service : le service d’une offre ne change pas' });
  let place: Place | undefined;
  if (input.place) {
    const placed = await resolvePlace(deps, input.place, null);
    if (placed.ok) place = placed.place;
    else errors.push(...placed.errors);
  }
  const o = rec.offer;
  const merged = {
    title: input.title ?? o.title,
    description: input.description ?? o.description,
    activities: input.activities === undefined ? o.activities : input.activities,
    lunch: input.lunch === undefined ? o.lunch : input.lunch,
    weeks: input.weeks ?? rec.weeks.map((w) => ({ week: w.week, places: w.places })),
    hours: input.hours === undefined ? o.hours : input.hours,
    contactName: input.contactName === undefined ? o.contactName : input.contactName,
    contactEmail: input.contactEmail === undefined ? o.contactEmail : input.contactEmail,
    contactPhone: input.contactPhone === undefined ? o.contactPhone : input.contactPhone,
  };
  const taken = Object.fromEntries(rec.weeks.map((w) => [w.week, w.taken]));
  const campaignLimits = await campaignLimitsOf(deps, rec);
  errors.push(...validateOffer(merged, campaignLimits, taken));
  if (errors.length > 0) return { ok: false, error: 'invalid', errors };

  const weeksAfter = merged.weeks.map((w) => ({ places: w.places, taken: taken[w.week] ?? 0 }));
  const status = statusAfterPlaces(o.status, weeksAfter);
  await saveOffer(deps.db, {
    id,
    values: { ...fieldValues(input), ...(place ? placeValues(place) : {}), status, updatedAt: deps.clock() },
    ...(input.weeks ? { weeks: input.weeks } : {}),
    ...(input.reservedTo ? { reservedTo: input.reservedTo } : {}),
  });
  await recordAudit(
    deps,
    { action: 'offer.updated', actor: principal, details: { offerId: id, fields: Object.keys(input) } },
    context,
  );
  return { ok: true, offer: offerView((await findOffer(deps.db, id))!, true) };
}

async function campaignLimitsOf(deps: OffersDeps, rec: OfferRecord): Promise<CampaignLimits> {
  const c = await ensureCampaign(
    deps.db,
    rec.academyCode,
    schoolYearOn(deps.clock().toISOString().slice(0, 10)),
  );
  return c.id === rec.offer.campaignId ? c.settings.limits : DEFAULT_LIMITS;
}

/** Why the offer behind a stage found outside the platform is neither edited nor (un)published. */
export const OFF_PLATFORM_LOCKED =
  'Ce stage a été déclaré hors plateforme pour un élève : ce n’est pas une offre publique, il ne se modifie ni ne se publie. Pour y mettre fin, annulez le stage depuis les candidatures reçues.';

export const USER_EVENTS = ['publish', 'submit', 'validate', 'return', 'unpublish', 'republish'] as const;
export type UserEvent = (typeof USER_EVENTS)[number];

/** Moves an offer through its lifecycle (the table of domain/offer.ts decides what is allowed). */
export async function applyEvent(
  deps: OffersDeps,
  principal: Principal,
  id: string,
  event: UserEvent,
  reason: string | undefined,
  context: AuditContext,
): Promise<
  | { ok: true; offer: OfferView }
  | Failure<'not_found' | 'forbidden' | 'reason_required' | 'reason_too_short' | 'conflict'>
  | { ok: false; error: 'invalid_state'; message: string }
> {
  const rec = await findOffer(deps.db, id);
  if (!rec) return { ok: false, error: 'not_found' };
  const owner = isOwner(principal, rec);
  if (rec.offer.source === 'off_platform' && (owner || (await canSee(deps, principal, rec))))
    return { ok: false, error: 'invalid_state', message: OFF_PLATFORM_LOCKED };
  let moderation = false;
  let allowed = owner;
  if (event === 'validate' || event === 'return')
    allowed =
      principal.role === 'ien' &&
      rec.offer.source === 'ecole' &&
      authorize(principal, 'offer.validate', locationOf(rec)).ok;
  else if (event === 'unpublish' && !owner) {
    moderation = authorize(principal, 'offer.moderate', locationOf(rec)).ok;
    allowed = moderation;
  }
  if (!allowed) return { ok: false, error: (await canSee(deps, principal, rec)) ? 'forbidden' : 'not_found' };
  const t = transition(rec.offer.status, event, moderation ? 'admin' : principal.role);
  if (!t.ok)
    return t.error === 'invalid_state'
      ? { ok: false, error: 'invalid_state', message: t.message }
      : { ok: false, error: 'forbidden' };
  const trimmed = reason?.trim() ?? '';
  if ((t.reasonRequired || moderation) && trimmed === '') return { ok: false, error: 'reason_required' };
  if (event === 'return' && trimmed.length < RETURN_REASON_MIN)
    return { ok: false, error: 'reason_too_short' };
  const now = deps.clock();
  const next = t.next === 'published' ? statusAfterPlaces('published', rec.weeks) : t.next;
  const values: Partial<OfferInsert> & { status: OfferState } = {
    status: next,
    statusReason: event === 'return' || moderation ? trimmed : null,
    updatedAt: now,
    ...(event === 'submit' ? { submittedAt: now } : {}),
    ...(t.next === 'published' ? { publishedAt: now } : {}),
  };
  if (!(await setStatus(deps.db, id, rec.offer.status, values))) return { ok: false, error: 'conflict' };
  if (moderation) await tellHost(deps, rec, trimmed);
  await recordAudit(
    deps,
    {
      action: 'offer.event',
      actor: principal,
      details: {
        offerId: id,
        event,
        from: rec.offer.status,
        to: next,
        ...(moderation ? { moderation: true } : {}),
      },
    },
    context,
  );
  return { ok: true, offer: offerView((await findOffer(deps.db, id))!, true) };
}

async function tellHost(deps: OffersDeps, rec: OfferRecord, message: string) {
  for (const m of await hostMemberEmails(deps.db, rec.offer.hostId)) {
    await queueMail(deps.db, deps.clock, {
      to: m.email,
      template: 'offer_unpublished',
      data: {
        name: m.firstName ?? undefined,
        offerTitle: rec.offer.title,
        message,
        link: new URL(`/organisme/${rec.offer.hostId}/offres`, deps.publicUrl).toString(),
      },
    });
  }
}

export async function ienQueue(deps: OffersDeps, principal: Principal) {
  if (principal.scope.kind !== 'circonscription') return { ok: true as const, items: [] };
  const list = await submittedInCirconscription(deps.db, principal.scope.id);
  return { ok: true as const, items: list.map((x) => ({ ...listItem(x), schoolName: x.schoolName })) };
}

export async function hostOffers(deps: OffersDeps, principal: Principal, hostId: string) {
  if (!authorize(principal, 'host.offers.read', { hostId }).ok)
    return { ok: false as const, error: 'not_found' as const };
  const host = await findHostProfile(deps.db, hostId);
  if (!host) return { ok: false as const, error: 'not_found' as const };
  return {
    ok: true as const,
    host: { id: host.id, name: host.name },
    items: (await offersOfHost(deps.db, hostId)).map(listItem),
  };
}

export async function schoolOffers(deps: OffersDeps, principal: Principal, uai: string) {
  if (!authorize(principal, 'school.offers.read', { schoolUai: uai }).ok)
    return { ok: false as const, error: 'not_found' as const };
  const school = await findSchool(deps.db, uai);
  if (!school) return { ok: false as const, error: 'not_found' as const };
  return {
    ok: true as const,
    school: { uai: school.uai, name: school.name },
    items: (await offersOfSchool(deps.db, uai)).map(listItem),
  };
}

/**
 * The signed-in principal's own channel offers ("Mes offres"): a host's, a lycée's, an école's
 * (with the IEN's return reason), or the academic services' of a DSDEN or rectorat, with what the
 * editor needs: the services they may publish for, the campaign's weeks and limits, the sectors.
 */
export async function myOffers(deps: OffersDeps, principal: Principal) {
  const channel = CHANNEL_OF_ROLE[principal.role];
  const s = principal.scope;
  let owner: string | null = null;
  let items: (ReturnType<typeof listItem> & { serviceName?: string })[] = [];
  let services: { uai: string; name: string }[] = [];
  if ((channel === 'host' || channel === 'partner') && s.kind === 'host') {
    owner = (await findHostProfile(deps.db, s.hostId))?.name ?? null;
    items = (await offersOfHost(deps.db, s.hostId)).map(listItem);
  } else if ((channel === 'lycee' || channel === 'ecole') && (s.kind === 'lycee' || s.kind === 'ecole')) {
    owner = (await findSchool(deps.db, s.uai))?.name ?? null;
    items = (await offersOfSchoolChannel(deps.db, s.uai, channel)).map(listItem);
  } else if (channel === 'service' && (s.kind === 'departement' || s.kind === 'academie')) {
    const where = s.kind === 'departement' ? { departementCode: s.code } : { academyCode: s.code };
    services = await servicesInScope(deps.db, where);
    items = (await offersOfServices(deps.db, where)).map((x) => ({
      ...listItem(x),
      serviceName: x.serviceName,
    }));
  }
  const schoolYear = schoolYearOn(deps.clock().toISOString().slice(0, 10));
  const academy = 'academyCode' in s ? s.academyCode : s.kind === 'academie' ? s.code : undefined;
  const row = academy
    ? await findCampaign(deps.db, academy, schoolYear)
    : await currentCampaign(deps.db, schoolYear);
  const calendar = defaultCalendar(row?.schoolYear ?? schoolYear);
  const campaign = {
    schoolYear: row?.schoolYear ?? schoolYear,
    weeks: row
      ? [
          { week: 1, start: row.week1Start, end: row.week1End },
          { week: 2, start: row.week2Start, end: row.week2End },
        ]
      : calendar.weeks.map((w) => ({ week: w.number, start: w.start, end: w.end })),
    limits: row?.settings.limits ?? settingsFor(schoolYear).limits,
  };
  return {
    channel: channel ?? null,
    owner,
    items,
    services,
    campaign,
    sectors: await listSectors(deps.db),
  };
}

// ---------------------------------------------------------------- flags and moderation

export type FlagReason = (typeof FLAG_REASONS)[number];

export async function flagOffer(
  deps: OffersDeps,
  principal: Principal | null,
  id: string,
  input: { reason: FlagReason; comment?: string | undefined },
  context: AuditContext,
): Promise<{ ok: true; id: string } | Failure<'not_found' | 'rate_limited'>> {
  if (!(await hit(deps, `offer-flag:ip:${context.ip ?? 'inconnue'}`, LIMITS.flagsPerIp)).ok)
    return { ok: false, error: 'rate_limited' };
  const rec = await findOffer(deps.db, id);
  if (!rec || !isVisible(rec.offer.status) || !(await canSee(deps, principal, rec)))
    return { ok: false, error: 'not_found' };
  const flag = await insertFlag(deps.db, {
    offerId: id,
    reason: input.reason,
    comment: input.comment?.trim() || null,
    reporterUserId: principal?.role === 'partner' ? null : (principal?.userId ?? null),
    reporterIp: context.ip ?? null,
    createdAt: deps.clock(),
  });
  await recordAudit(
    deps,
    {
      action: 'offer.flagged',
      actor: principal,
      details: { offerId: id, flagId: flag.id, reason: input.reason },
    },
    context,
  );
  return { ok: true, id: flag.id };
}

export async function listFlags(deps: OffersDeps, principal: Principal, resolved = false) {
  const academy =
    principal.role === 'admin'
      ? null
      : principal.scope.kind === 'academie'
        ? principal.scope.code
        : undefined;
  if (academy === undefined) return [];
  return (await openFlags(deps.db, academy, resolved)).map((f) => ({
    id: f.flag.id,
    reason: f.flag.reason,
    comment: f.flag.comment,
    createdAt: f.flag.createdAt.toISOString(),
    resolvedAt: f.flag.resolvedAt?.toISOString() ?? null,
    resolution: f.flag.resolution,
    offer: { id: f.flag.offerId, title: f.offerTitle, status: f.offerStatus, hostName: f.hostName },
  }));
}

export async function resolveFlag(
  deps: OffersDeps,
  principal: Principal,
  id: string,
  input: { action: 'dismiss' | 'unpublish'; message?: string | undefined },
  context: AuditContext,
): Promise<{ ok: true; offerStatus: OfferState } | Failure<'not_found' | 'resolved' | 'message_required'>> {
  const flag = await findFlag(deps.db, id);
  const rec = flag ? await findOffer(deps.db, flag.offerId) : undefined;
  if (!flag || !rec || !authorize(principal, 'offer.moderate', locationOf(rec)).ok)
    return { ok: false, error: 'not_found' };
  if (flag.resolvedAt) return { ok: false, error: 'resolved' };
  const message = input.message?.trim() ?? '';
  const now = deps.clock();
  let status = rec.offer.status;
  if (input.action === 'unpublish') {
    if (message === '') return { ok: false, error: 'message_required' };
    if (isVisible(rec.offer.status)) {
      const t = transition(rec.offer.status, 'unpublish', 'admin');
      if (
        t.ok &&
        (await setStatus(deps.db, rec.offer.id, rec.offer.status, {
          status: t.next,
          statusReason: message,
          updatedAt: now,
        }))
      ) {
        status = t.next;
        await tellHost(deps, rec, message);
      }
    }
    await resolveFlags(
      deps.db,
      { offerId: rec.offer.id },
      { resolvedAt: now, resolvedBy: principal.userId, resolution: `unpublish: ${message}` },
    );
  } else {
    await resolveFlags(
      deps.db,
      { id },
      {
        resolvedAt: now,
        resolvedBy: principal.userId,
        resolution: message ? `dismiss: ${message}` : 'dismiss',
      },
    );
  }
  await recordAudit(
    deps,
    {
      action: 'offer.moderated',
      actor: principal,
      details: { flagId: id, offerId: rec.offer.id, action: input.action },
    },
    context,
  );
  return { ok: true, offerStatus: status };
}

// ---------------------------------------------------------------- host organisations

function hostView(h: NonNullable<Awaited<ReturnType<typeof findHostProfile>>>) {
  const naf = h.nafCode ? checkNaf(h.nafCode) : null;
  return {
    id: h.id,
    name: h.name,
    siret: h.siret,
    isPublic: h.isPublic,
    publicEmployerGroup: h.publicEmployerGroup,
    nafCode: h.nafCode,
    nafLabel: naf?.ok ? naf.label : null,
    suggestedSector: naf?.ok ? naf.suggestedSector : null,
    address: h.address,
    postalCode: h.postalCode,
    communeName: h.communeName,
  };
}
export type HostView = ReturnType<typeof hostView>;

export async function getHost(deps: OffersDeps, principal: Principal, hostId: string) {
  if (!authorize(principal, 'host.manage', { hostId }).ok)
    return { ok: false as const, error: 'not_found' as const };
  const h = await findHostProfile(deps.db, hostId);
  if (!h) return { ok: false as const, error: 'not_found' as const };
  return { ok: true as const, host: hostView(h) };
}

export interface HostInput {
  name?: string | undefined;
  siret?: string | null | undefined;
  isPublic?: boolean | undefined;
  publicEmployerGroup?: string | null | undefined;
  nafCode?: string | null | undefined;
  address?: string | null | undefined;
  postalCode?: string | null | undefined;
  communeName?: string | null | undefined;
}

export async function updateHost(
  deps: OffersDeps,
  principal: Principal,
  hostId: string,
  input: HostInput,
  context: AuditContext,
): Promise<{ ok: true; host: HostView } | Invalid | Failure<'not_found'>> {
  if (!authorize(principal, 'host.manage', { hostId }).ok) return { ok: false, error: 'not_found' };
  const h = await findHostProfile(deps.db, hostId);
  if (!h) return { ok: false, error: 'not_found' };
  const errors: FieldError[] = [];
  const values: Partial<typeof h> = {};
  if (input.name !== undefined) {
    if (input.name.trim() === '') errors.push({ field: 'name', message: 'nom : à renseigner' });
    else if (input.name.length > 200) errors.push({ field: 'name', message: 'nom : 200 caractères au plus' });
    else values.name = input.name.trim();
  }
  const isPublic = input.isPublic ?? h.isPublic;
  if (input.isPublic !== undefined) values.isPublic = input.isPublic;
  if (input.siret !== undefined) {
    if (input.siret === null || input.siret.trim() === '') {
      if (!isPublic) errors.push({ field: 'siret', message: 'SIRET : obligatoire pour un organisme privé' });
      else values.siret = null;
    } else {
      const siret = normaliseSiret(input.siret);
      const issue = siretIssue(siret);
      if (issue) errors.push({ field: 'siret', message: `SIRET : ${SIRET_MESSAGES[issue]}` });
      else if (await siretTaken(deps.db, siret, hostId))
        errors.push({ field: 'siret', message: 'SIRET : déjà enregistré pour un autre organisme' });
      else values.siret = siret;
    }
  }
  if (input.publicEmployerGroup !== undefined)
    values.publicEmployerGroup = input.publicEmployerGroup?.trim() || null;
  if (!isPublic && (input.publicEmployerGroup ?? null) !== null && input.publicEmployerGroup !== '')
    errors.push({
      field: 'publicEmployerGroup',
      message: 'employeur public : seulement pour un organisme public',
    });
  if (!isPublic && input.isPublic === false) values.publicEmployerGroup = null;
  if (input.nafCode !== undefined) {
    if (input.nafCode === null || input.nafCode.trim() === '') values.nafCode = null;
    else {
      const naf = checkNaf(input.nafCode);
      if (!naf.ok) errors.push({ field: 'nafCode', message: naf.message });
      else values.nafCode = naf.code;
    }
  }
  for (const k of ['address', 'postalCode', 'communeName'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    if (v !== null && v.length > 300) errors.push({ field: k, message: `${k} : 300 caractères au plus` });
    else values[k] = v;
  }
  if (errors.length > 0) return { ok: false, error: 'invalid', errors };
  const updated = Object.keys(values).length > 0 ? await updateHostProfile(deps.db, hostId, values) : h;
  await recordAudit(
    deps,
    { action: 'host.updated', actor: principal, details: { hostId, fields: Object.keys(values) } },
    context,
  );
  return { ok: true, host: hostView(updated ?? h) };
}
