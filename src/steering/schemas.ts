import { z } from 'zod';

export const weekSchema = z.object({
  number: z.union([z.literal(1), z.literal(2)]).describe('Numéro de la semaine officielle'),
  start: z.string().describe('Lundi de la semaine (AAAA-MM-JJ)'),
  end: z.string().describe('Vendredi de la semaine (AAAA-MM-JJ)'),
});

const hiddenReasonSchema = z
  .enum(['small', 'complement', 'secondary'])
  .nullable()
  .describe(
    'Pourquoi le nombre n’est pas donné : small (moins de 10), complement (moins de 10 élèves non placés), secondary (masqué pour qu’un total ne redonne pas un petit nombre) ; null : donné',
  );
const publicCountsShape = {
  students: z.number().int().min(0).nullable().describe('Élèves de 2de GT (null : masqué)'),
  placed: z.number().int().min(0).nullable().describe('Élèves placés, conventions signées (null : masqué)'),
  share: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Part des élèves placés (null : masquée ou sans élève)'),
  studentsHidden: hiddenReasonSchema,
  placedHidden: hiddenReasonSchema,
};

/** The public steering figures (issue 7 §6): aggregated, with small counts suppressed by lycée. */
export const publicSteeringSchema = z
  .object({
    computedAt: z.string().nullable().describe('Date et heure du calcul des indicateurs (null : jamais)'),
    minCount: z.number().int().describe('Seuil : aucun effectif inférieur n’est donné par lycée'),
    headline: z.object({
      students: z.number().int().min(0).describe('Élèves de 2de GT de l’académie'),
      placed: z.number().int().min(0).describe('Élèves placés : toutes leurs conventions signées'),
      share: z.number().min(0).max(1).nullable().describe('Part des élèves placés'),
      unplaced: z.number().int().min(0).describe('Élèves à placer ou en cours'),
    }),
    statuses: z
      .array(
        z.object({
          key: z.enum(['to_place', 'in_progress', 'covered', 'placed', 'repli', 'exempted']),
          label: z.string(),
          count: z.number().int().min(0),
          share: z.number().min(0).max(1).nullable(),
        }),
      )
      .describe('Élèves de l’académie par situation (les dispenses ne sont pas détaillées par motif)'),
    departements: z.array(z.object({ code: z.string(), name: z.string(), ...publicCountsShape })),
    lycees: z
      .array(
        z.object({
          uai: z.string(),
          name: z.string(),
          commune: z.string().nullable(),
          departementCode: z.string(),
          ...publicCountsShape,
        }),
      )
      .describe('Par lycée, avec le secret statistique : aucun effectif inférieur à 10'),
  })
  .describe('Indicateurs de la campagne, agrégés, sans donnée personnelle');
export type PublicSteering = z.infer<typeof publicSteeringSchema>;

export const publicStatsSchema = z
  .object({
    campaign: z
      .object({
        schoolYear: z.string().describe('Année scolaire, par exemple 2026-2027'),
        academy: z.object({ code: z.string(), name: z.string() }),
        weeks: z.array(weekSchema).length(2).describe('Les deux semaines officielles de stage'),
        hostsOpenOn: z.string().describe('Date d’ouverture du dépôt des offres'),
        studentsOpenOn: z.string().describe('Date d’ouverture des candidatures'),
      })
      .nullable()
      .describe('Campagne en cours (null si aucune campagne n’est ouverte)'),
    counts: z.object({
      lycees: z
        .number()
        .int()
        .describe('Lycées ayant des élèves de 2de GT (effectif du ministère ou classes de l’année)'),
      students: z.number().int().describe('Élèves de 2de GT inscrits'),
      offers: z.number().int().describe('Offres publiées'),
      placesWeek1: z.number().int().describe('Places offertes en semaine 1'),
      placesWeek2: z.number().int().describe('Places offertes en semaine 2'),
      hosts: z.number().int().describe('Organismes d’accueil ayant au moins une offre publiée'),
      publicHostsShare: z.number().min(0).max(1).describe('Part des organismes d’accueil publics (0 à 1)'),
    }),
    offersBySector: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          offers: z.number().int(),
          places: z.number().int().describe('Places sur les deux semaines'),
        }),
      )
      .describe('Offres publiées par secteur, de la plus fournie à la moins fournie'),
    generatedAt: z.string().describe('Date et heure du calcul (ISO 8601)'),
    steering: publicSteeringSchema.nullable().describe('Indicateurs de placement (null sans campagne)'),
  })
  .describe('Chiffres publics de la campagne');

export type PublicStats = z.infer<typeof publicStatsSchema>;

// ---------------------------------------------------------------------------------------------
// Dashboards (issue 7). The contract between the server (src/steering/*) and the web app
// (web/src/steering/*); exports (CSV, XLSX) and e-mail summaries are built from these responses.

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable().describe('Part de 0 à 1 (null quand le total est nul)');

export const scopeKindSchema = z.enum([
  'national',
  'academie',
  'departement',
  'bassin',
  'lycee',
  'classe',
  'circonscription',
]);

export const scopeSchema = z.object({
  /** "national", "academie:14", "departement:35", "bassin:…", "lycee:0350001A", "classe:<uuid>", "circonscription:…" */
  ref: z.string().describe('Référence du périmètre, à passer en paramètre scope'),
  kind: scopeKindSchema,
  code: z.string().nullable(),
  name: z.string().describe('Nom affichable : « Académie de Rennes », « Lycée X (Rennes) », « 2NDE3 »'),
});
export type ScopeView = z.infer<typeof scopeSchema>;

export const dashboardQuerySchema = z.object({
  scope: z
    .string()
    .min(1)
    .max(80)
    .describe('Périmètre : national, academie:14, departement:35, bassin:…, lycee:UAI, classe:id'),
  schoolType: z
    .enum(['all', 'public', 'private'])
    .default('all')
    .describe('Lycées publics, privés sous contrat, ou tous'),
});

const statusRow = z.object({
  /** to_place, in_progress, covered, placed, repli, exempted.snu, exempted.mobility, exempted.sthr, exempted.medical */
  key: z.string(),
  label: z.string(),
  count,
  share,
});

const bucketRow = z.object({ key: z.string(), label: z.string(), count });

const distanceSchema = z.object({
  n: count.describe('Stages confirmés dont la distance est connue'),
  meanKm: z.number().nullable(),
  buckets: z.array(bucketRow),
});

/** One row of the drill-down table: a child scope of the dashboard's scope. */
export const childRowSchema = z.object({
  scope: scopeSchema,
  students: count,
  placed: count,
  share,
  toPlace: count,
  inProgress: count,
  covered: count,
  exempted: count,
  repli: count,
  /** unplaced: to place + in progress */
  unplaced: count,
  /** (places of week 1 + places of week 2) / (2 × students), for lycées, bassins and above; null for a class */
  placesPerStudent: z.number().nullable(),
});
export type ChildRow = z.infer<typeof childRowSchema>;

export const dashboardSchema = z.object({
  scope: scopeSchema,
  /** from the top scope the viewer may see down to this one (for the breadcrumb) */
  breadcrumb: z.array(scopeSchema),
  schoolType: z.enum(['all', 'public', 'private']),
  /** when the figures were computed (at most a minute old while the jobs run); null: never */
  computedAt: z.string().nullable(),
  campaign: z.object({ schoolYear: z.string(), week1Start: z.string(), week2End: z.string() }).nullable(),
  headline: z.object({
    students: count,
    placed: count.describe('Élèves placés : toutes les conventions de leurs deux semaines signées'),
    share: share.describe('Part des élèves de 2de GT placés (convention signée)'),
    signedAny: count.describe('Élèves ayant au moins une convention signée'),
    covered: count,
    exempted: count,
    unplaced: count.describe('Élèves à placer ou en cours'),
  }),
  statuses: z.array(statusRow),
  conventions: z.object({
    steps: z
      .array(bucketRow)
      .describe('Conventions par étape : organisme, établissement, validation, signatures, signées'),
    cancelled: count,
    missingSignatures: z
      .array(bucketRow)
      .describe('Conventions validées auxquelles manque la signature de cette partie'),
  }),
  hosts: z.object({ one: count, two: count }),
  distances: z.object({ home: distanceSchema, school: distanceSchema }),
  delays: z.object({ n: count, meanDays: z.number().nullable(), buckets: z.array(bucketRow) }),
  offers: z.object({
    offers: count,
    placesWeek1: count,
    placesWeek2: count,
    takenWeek1: count,
    takenWeek2: count,
    unfilledWeek1: count,
    unfilledWeek2: count,
    placesPerStudent: z.number().nullable(),
    educationNationaleShare: share.describe('Part des places offertes par l’Éducation nationale'),
    bySector: z.array(
      z.object({ code: z.string(), name: z.string(), offers: count, places: count, taken: count }),
    ),
    byHostKind: z.array(
      z.object({ kind: z.string(), label: z.string(), offers: count, places: count, taken: count }),
    ),
  }),
  /** the next level of the drill-down (null for a class) */
  children: z.object({ kind: scopeKindSchema, rows: z.array(childRowSchema) }).nullable(),
  trend: z.object({
    /** this campaign, day by day */
    days: z.array(z.object({ day: z.string(), students: count, placed: count, share })),
    /** last year's campaign, aligned on the number of days before its first week (null when none) */
    lastYear: z.array(z.object({ day: z.string(), daysBeforeWeek1: z.number().int(), share })).nullable(),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const steeringMapSchema = z.object({
  scope: scopeSchema,
  computedAt: z.string().nullable(),
  /** each lycée with the places of the communes nearest to it (its catchment) */
  lycees: z.array(
    z.object({
      uai: z.string(),
      name: z.string(),
      commune: z.string().nullable(),
      lat: z.number(),
      lon: z.number(),
      students: count,
      places: count.describe('Places des deux semaines dans les communes dont ce lycée est le plus proche'),
      placesPerStudent: z.number().nullable(),
    }),
  ),
  /** each commune with offers or students living there */
  communes: z.array(
    z.object({
      insee: z.string(),
      name: z.string(),
      lat: z.number(),
      lon: z.number(),
      students: count.describe('Élèves domiciliés dans la commune'),
      places: count,
      placesPerStudent: z.number().nullable(),
    }),
  ),
});
export type SteeringMap = z.infer<typeof steeringMapSchema>;

/** Students without a placement: names for a lycée or a class (head, referent), counts above. */
export const unplacedSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('names'),
    scope: scopeSchema,
    students: z.array(
      z.object({
        id: z.string(),
        lastName: z.string(),
        firstName: z.string(),
        className: z.string(),
        status: z.enum(['to_place', 'in_progress']),
        lastReminderAt: z.string().nullable(),
      }),
    ),
  }),
  z.object({
    kind: z.literal('counts'),
    scope: scopeSchema,
    computedAt: z.string().nullable(),
    rows: z.array(childRowSchema).describe('Par lycée du périmètre : pas de nom au-dessus du lycée'),
  }),
]);
export type Unplaced = z.infer<typeof unplacedSchema>;

export const remindersInputSchema = z.object({ scope: z.string().min(1).max(80) });
export const remindersResultSchema = z.object({
  /** students reminded (lycée, class) or heads reminded (above the lycée) */
  sent: count,
  message: z.string(),
});

/** The tables a dashboard can export, each as CSV and XLSX. */
export const EXPORT_TABLES = [
  'children',
  'statuses',
  'conventions',
  'signatures',
  'sectors',
  'hostKinds',
  'distances',
  'delays',
  'trend',
  'map',
  'unplaced',
  'students',
] as const;
export const exportQuerySchema = dashboardQuerySchema.extend({
  table: z.enum(EXPORT_TABLES),
  format: z.enum(['csv', 'xlsx']),
});

/** An IEN's circonscription: the offers of its écoles (and those waiting for the IEN). */
export const circonscriptionFiguresSchema = z.object({
  scope: scopeSchema,
  offers: z.object({
    draft: count,
    submitted: count,
    published: count,
    full: count,
    returned: count,
    unpublished: count,
  }),
  places: z.object({ week1: count, week2: count, taken1: count, taken2: count }),
  oldestWaitingSince: z.string().nullable(),
  ecoles: z.array(
    z.object({
      uai: z.string(),
      name: z.string(),
      commune: z.string().nullable(),
      offers: count,
      submitted: count,
      places: count,
      taken: count,
    }),
  ),
});
export type CirconscriptionFigures = z.infer<typeof circonscriptionFiguresSchema>;

/** Where a viewer lands on the dashboards. */
export const steeringHomeSchema = z.object({
  scope: scopeSchema.describe(
    'Le périmètre d’arrivée : académie, département, lycée, première classe ou circonscription',
  ),
});
