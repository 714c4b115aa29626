import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem, problemResponses, problemSchema, sendProblem } from '../http/problem.ts';
import {
  MAP_POINT_LIMIT,
  searchCommunes,
  searchOfferList,
  searchOfferMap,
  sectorList,
  type OfferSearchError,
  type SearchDeps,
} from './service.ts';
import { SearchCache } from './cache.ts';

/** Searches kept per process: about 10 kB per list answer, up to 300 kB per map answer. */
const SEARCH_CACHE_ENTRIES = 5_000;
const MAP_CACHE_ENTRIES = 200;
/** The longest a cached answer may lag behind a write committed while it was computed. */
const SEARCH_CACHE_TTL_MS = 30_000;

const flag = (what: string) =>
  z
    .enum(['true', 'false'], { error: `${what} : « true » ou « false » attendu` })
    .optional()
    .transform((v) => v === 'true');

const coordinate = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

export const offerSearchQuery = z
  .object({
    near: z
      .string()
      .regex(coordinate, 'point attendu sous la forme LAT,LON en degrés décimaux, par exemple 48.11,-1.68')
      .transform((v) => {
        const [, lat, lon] = coordinate.exec(v)!;
        return { lat: Number(lat), lon: Number(lon) };
      })
      .refine((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180, {
        message: 'latitude entre -90 et 90, longitude entre -180 et 180',
      })
      .optional()
      .describe('Point de départ : LAT,LON (degrés décimaux)'),
    commune: z
      .string()
      .regex(/^(\d{5}|2[AB]\d{3})$/, 'code INSEE de commune attendu (5 caractères, par exemple 35238)')
      .optional()
      .describe('Point de départ : code INSEE d’une commune (à la place de near)'),
    radiusKm: z.coerce
      .number({ error: 'rayon en kilomètres attendu (nombre)' })
      .min(5, 'le rayon doit être d’au moins 5 km')
      .max(60, 'le rayon ne peut pas dépasser 60 km')
      .default(20)
      .describe('Rayon à vol d’oiseau, de 5 à 60 km (20 par défaut)'),
    q: z.string().max(200, 'texte de recherche de 200 caractères au plus').optional().describe('Texte libre'),
    sector: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) =>
        (Array.isArray(v) ? v : v === undefined ? [] : [v])
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      )
      .refine((v) => v.length <= 30, { message: '30 secteurs au plus' })
      .describe('Code(s) de secteur, répété ou séparés par des virgules'),
    week: z
      .enum(['1', '2', 'both'], { error: 'semaine : « 1 », « 2 » ou « both » attendu' })
      .optional()
      .transform((v) =>
        v === undefined ? undefined : v === 'both' ? ('both' as const) : (Number(v) as 1 | 2),
      )
      .describe('Semaine 1, semaine 2, ou les deux'),
    placesLeft: flag('placesLeft').describe('Seulement les offres qui ont encore des places'),
    accessible: flag('accessible').describe(
      'Seulement les offres accessibles aux élèves en situation de handicap',
    ),
    host: z
      .enum(['public', 'private'], { error: 'organisme : « public » ou « private » attendu' })
      .optional()
      .describe('Organisme public ou privé'),
    sort: z
      .enum(['distance', 'relevance'], { error: 'tri : « distance » ou « relevance » attendu' })
      .optional()
      .describe('Tri : pertinence par défaut quand un texte est donné, sinon distance'),
    page: z.coerce
      .number({ error: 'numéro de page attendu' })
      .int('numéro de page entier attendu')
      .min(1, 'les pages commencent à 1')
      .max(1000, '1 000 pages au plus')
      .default(1),
    pageSize: z.coerce
      .number({ error: 'taille de page attendue' })
      .int('taille de page entière attendue')
      .min(1, 'au moins 1 résultat par page')
      .max(50, '50 résultats par page au plus')
      .default(20),
  })
  .strict();

const weekPlaces = z.object({ places: z.number(), left: z.number() }).nullable();
const itemSchema = z.object({
  id: z.string(),
  title: z.string(),
  hostName: z.string(),
  sector: z.object({ code: z.string(), name: z.string() }),
  communeName: z.string().nullable(),
  postalCode: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  distanceKm: z.number().nullable().describe('Distance à vol d’oiseau depuis le point de départ'),
  weeks: z
    .object({ week1: weekPlaces, week2: weekPlaces })
    .describe('Places et places restantes par semaine'),
  accessible: z.boolean(),
  isPublic: z.boolean(),
  educationNationale: z.boolean(),
  priorityEducation: z.boolean(),
  nearMatch: z.boolean().describe('Résultat approchant (ne contient pas exactement le texte cherché)'),
});

const communeSchema = z.object({
  insee: z.string(),
  name: z.string(),
  postalCode: z.string(),
  departementCode: z.string(),
  lat: z.number(),
  lon: z.number(),
});

/** The map takes the list's filters, without the page and the order. */
export const offerMapQuery = offerSearchQuery.omit({ page: true, pageSize: true, sort: true });

const mapPointSchema = z.object({
  id: z.string(),
  lat: z.number(),
  lon: z.number(),
  title: z.string(),
  hostName: z.string(),
  placesLeft: z.number().describe('Places restantes, toutes semaines confondues'),
});

function searchProblem(error: OfferSearchError, detail: string | undefined) {
  const text = {
    unknown_commune: `Aucune commune ne porte le code INSEE ${detail ?? ''}.`,
    unknown_sector: `Secteur inconnu : ${detail ?? ''}.`,
    no_origin:
      'Indiquez un point de départ (near=LAT,LON ou commune=INSEE) pour trier par distance, ou un texte à chercher.',
    both_origins: 'Indiquez soit near, soit commune, pas les deux.',
  }[error];
  return problem(400, 'recherche-invalide', 'Recherche invalide', text);
}

/** Public search of offers and the commune autocomplete. */
export const searchRoutes =
  (deps: SearchDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // answers kept per process under the database's search version (src/search/cache.ts)
    const searchDeps: SearchDeps = {
      ...deps,
      cache: deps.cache ?? {
        list: new SearchCache(SEARCH_CACHE_ENTRIES, SEARCH_CACHE_TTL_MS),
        map: new SearchCache(MAP_CACHE_ENTRIES, SEARCH_CACHE_TTL_MS),
      },
    };
    app.get(
      '/api/offers',
      {
        config: { permission: 'offers.search' },
        schema: {
          tags: ['Offres'],
          summary: 'Rechercher des offres de stage',
          description:
            'Recherche publique parmi les offres publiées de la campagne en cours, autour d’un point (near=LAT,LON ou commune=INSEE ; pour un élève connecté, son domicile ou à défaut son lycée), dans un rayon de 5 à 60 km. Texte libre en français (accents ignorés, racines des mots, fautes de frappe tolérées) ; quand le texte trouve moins de 5 offres, des résultats approchants suivent dans nearMatches. Les offres réservées à des lycées ne sont montrées qu’à leurs élèves ; les élèves de lycées REP, REP+ ou QPV voient d’abord les offres qui leur sont prioritaires.',
          querystring: offerSearchQuery,
          response: {
            200: z.object({
              total: z.number(),
              page: z.number(),
              pageSize: z.number(),
              origin: z
                .object({
                  lat: z.number(),
                  lon: z.number(),
                  source: z.enum(['near', 'commune', 'home', 'school']),
                })
                .nullable()
                .describe('Point de départ retenu'),
              items: z.array(itemSchema),
              nearMatches: z.array(itemSchema).optional(),
            }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const result = await searchOfferList(searchDeps, request.principal, {
          ...request.query,
          sectors: request.query.sector,
        });
        if (result.ok) return result.value;
        return sendProblem(reply, searchProblem(result.error, result.detail));
      },
    );

    app.get(
      '/api/offers/map',
      {
        config: { permission: 'offers.search' },
        schema: {
          tags: ['Offres'],
          summary: 'Offres d’une recherche, en points sur la carte',
          description: `Les offres de la même recherche que GET /api/offers (mêmes filtres, mêmes règles : offres réservées montrées aux seuls élèves de leurs lycées, point de départ d’un élève connecté pris à son domicile ou à défaut à son lycée), en points pour la carte : les ${MAP_POINT_LIMIT.toLocaleString('fr-FR')} plus proches au plus (par pertinence sans point de départ), avec les places restantes toutes semaines confondues. Seules les offres localisées sont comptées. total compte toutes les offres trouvées ; truncated indique que des points ont été omis.`,
          querystring: offerMapQuery,
          response: {
            200: z.object({
              total: z.number().describe('Nombre d’offres localisées trouvées'),
              truncated: z.boolean().describe(`Vrai quand plus de ${MAP_POINT_LIMIT} offres sont trouvées`),
              points: z.array(mapPointSchema),
            }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const result = await searchOfferMap(searchDeps, request.principal, {
          ...request.query,
          sectors: request.query.sector,
        });
        if (result.ok) return result.value;
        return sendProblem(reply, searchProblem(result.error, result.detail));
      },
    );

    app.get(
      '/api/sectors',
      {
        config: { permission: 'offers.search' },
        schema: {
          tags: ['Offres'],
          summary: 'Secteurs d’activité',
          description:
            'Les secteurs d’activité des offres (liste de la plateforme nationale), par nom : leurs codes servent au filtre sector de GET /api/offers.',
          response: {
            200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }),
            ...problemResponses,
          },
        },
      },
      async () => ({ items: await sectorList(deps) }),
    );

    app.get(
      '/api/communes',
      {
        config: { permission: 'communes.search' },
        schema: {
          tags: ['Offres'],
          summary: 'Rechercher une commune',
          description:
            'Autocomplétion : début du nom (accents ignorés, « St » pour « Saint ») ou début du code postal ; 10 communes au plus, les plus peuplées d’abord.',
          querystring: z
            .object({
              q: z
                .string({ error: 'texte à chercher (q) manquant' })
                .trim()
                .min(1, 'texte à chercher (q) manquant')
                .max(100, '100 caractères au plus'),
            })
            .strict(),
          response: { 200: z.object({ items: z.array(communeSchema) }), 400: problemSchema },
        },
      },
      async (request) => ({ items: await searchCommunes(deps, request.query.q) }),
    );
  };
