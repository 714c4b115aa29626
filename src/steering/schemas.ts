import { z } from 'zod';

export const weekSchema = z.object({
  number: z.union([z.literal(1), z.literal(2)]).describe('Numéro de la semaine officielle'),
  start: z.string().describe('Lundi de la semaine (AAAA-MM-JJ)'),
  end: z.string().describe('Vendredi de la semaine (AAAA-MM-JJ)'),
});

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
  })
  .describe('Chiffres publics de la campagne');

export type PublicStats = z.infer<typeof publicStatsSchema>;
