/**
 * The convention's template (issue 6 §2): the placeholders every template may use, the default
 * template (the official model's structure and obligations, in the project's own words), the
 * values of a convention, and the rendering of a template into document blocks (document.ts).
 * Also the evidence page of the sealed document and the attestation de stage. Pure.
 *
 * Template syntax, one construct per line:
 * - `# Title`, `## Heading` (a part), `### Subheading` (an article, a section);
 * - `- text`: a bullet;
 * - `Label : text with {{placeholders}}`: a field (bold label, value);
 * - `{{tableau_horaires}}`, `{{tableau_signataires}}`, `{{representants_legaux}}` alone on a line:
 *   a table;
 * - `---`: a page break;
 * - other lines: text, consecutive lines joined into one paragraph; a blank line ends a paragraph.
 * `{{key}}` anywhere is replaced by its value (« — » when empty).
 */
import { DEFAULT_LIMITS, addDays, dayOfWeek, type CampaignLimits } from './campaign.ts';
import {
  SIGNATORY_ROLE_LABELS,
  signatoriesOf,
  type ConventionHostPart,
  type ConventionParties,
  type ConventionSchoolPart,
} from './convention.ts';
import type { DocBlock } from './document.ts';
import { DAY_NAMES, formatDuration, parseTime, presenceMinutes } from './hours.ts';
import { FRENCH_MONTHS } from './text.ts';

export interface PlaceholderInfo {
  label: string;
  /** every template must use it (checkTemplate reports it missing) */
  required: boolean;
  /** a table, alone on its line */
  block?: true;
}

/** Every placeholder a template may use. Those not required may be left out of a template. */
export const PLACEHOLDERS: Record<string, PlaceholderInfo> = {
  reference: { label: 'Référence de la convention', required: true },
  'modele.version': { label: 'Nom et version du modèle', required: true },
  annee_scolaire: { label: 'Année scolaire', required: false },

  'organisme.nom': { label: 'Nom de l’organisme d’accueil', required: true },
  'organisme.siret': { label: 'SIRET de l’organisme d’accueil', required: true },
  'organisme.statut': { label: 'Statut de l’organisme (public ou privé)', required: false },
  'organisme.adresse': { label: 'Adresse du siège de l’organisme', required: true },
  'organisme.representant.nom': { label: 'Représentant de l’organisme : nom', required: true },
  'organisme.representant.qualite': { label: 'Représentant de l’organisme : fonction', required: true },
  'organisme.representant.email': { label: 'Représentant de l’organisme : courriel', required: true },
  'organisme.representant.telephone': { label: 'Représentant de l’organisme : téléphone', required: false },

  'etablissement.nom': { label: 'Nom de l’établissement', required: true },
  'etablissement.uai': { label: 'UAI de l’établissement', required: true },
  'etablissement.statut': {
    label: 'Statut de l’établissement (public ou privé sous contrat)',
    required: true,
  },
  'etablissement.adresse': { label: 'Adresse de l’établissement', required: true },
  'etablissement.email': { label: 'Courriel de l’établissement', required: false },
  'etablissement.representant.nom': { label: 'Chef d’établissement ou délégué : nom', required: true },
  'etablissement.representant.qualite': {
    label: 'Chef d’établissement ou délégué : fonction',
    required: true,
  },
  'etablissement.representant.email': { label: 'Chef d’établissement ou délégué : courriel', required: true },
  'etablissement.representant.telephone': {
    label: 'Chef d’établissement ou délégué : téléphone',
    required: true,
  },
  'etablissement.deliberation_ca': {
    label: 'Date de la délibération du conseil d’administration (établissement public)',
    required: true,
  },

  'eleve.nom': { label: 'Nom de l’élève', required: true },
  'eleve.prenom': { label: 'Prénom de l’élève', required: true },
  'eleve.date_naissance': { label: 'Date de naissance de l’élève', required: true },
  'eleve.classe': { label: 'Classe de l’élève', required: true },
  'eleve.pai': { label: 'Projet d’accueil individualisé (oui ou non)', required: true },
  'eleve.pai_trousse': { label: 'Qui fournit la trousse d’urgence du PAI', required: false },
  representants_legaux: { label: 'Tableau des représentants légaux', required: true, block: true },

  'referent.nom': { label: 'Professeur référent : nom', required: true },
  'referent.email': { label: 'Professeur référent : courriel', required: true },
  'referent.telephone': { label: 'Professeur référent : téléphone', required: true },
  'tuteur.nom': { label: 'Tuteur : nom', required: true },
  'tuteur.qualite': { label: 'Tuteur : fonction', required: true },
  'tuteur.email': { label: 'Tuteur : courriel', required: true },
  'tuteur.telephone': { label: 'Tuteur : téléphone', required: false },

  'stage.debut': { label: 'Premier jour de la séquence', required: true },
  'stage.fin': { label: 'Dernier jour de la séquence', required: true },
  'stage.duree': { label: 'Durée (une semaine, deux semaines consécutives)', required: false },
  'stage.semaines': { label: 'Semaines de la campagne', required: false },
  'stage.lieu': { label: 'Adresse du lieu de la séquence', required: true },
  'offre.intitule': { label: 'Intitulé de l’offre', required: false },
  'offre.secteur': { label: 'Secteur d’activité de l’offre', required: false },
  tableau_horaires: { label: 'Tableau des horaires du lundi au samedi', required: true, block: true },
  'stage.activites': { label: 'Activités prévues', required: true },
  'stage.preparation': { label: 'Modalités de préparation et de restitution', required: true },
  'stage.repas': { label: 'Modalités de la pause déjeuner', required: true },
  'assurance.assureur': { label: 'Assureur de l’organisme d’accueil', required: true },
  'assurance.contrat': { label: 'Numéro du contrat d’assurance', required: false },

  'limites.jour': { label: 'Plafond de présence par jour', required: false },
  'limites.semaine': { label: 'Plafond de présence par semaine', required: false },
  'limites.jours_minimum': { label: 'Nombre minimal de jours de présence par semaine', required: false },
  'limites.pause': { label: 'Pause due et seuil de présence', required: false },
  'limites.plage': { label: 'Plage horaire autorisée', required: false },
  'limites.repos_quotidien': { label: 'Repos consécutif entre deux journées', required: false },
  'limites.repos_hebdomadaire': { label: 'Jours de repos consécutifs par semaine', required: false },

  tableau_signataires: { label: 'Tableau des signataires', required: true, block: true },
};

/**
 * The platform's default template: the structure and obligations of the official model (parties,
 * Titre I articles 1–9, Titre II annexe pédagogique, annexe financière, signatures, texts cited),
 * in the project's own words.
 */
export const DEFAULT_TEMPLATE = {
  name: 'Modèle académique par défaut',
  body: `# Convention relative à la séquence d’observation en milieu professionnel des élèves de seconde générale et technologique

Référence de la convention : {{reference}}
Modèle : {{modele.version}}
Année scolaire : {{annee_scolaire}}

La présente convention est conclue en application du code de l’éducation (articles D. 331-1 à D. 331-9, qui encadrent les visites d’information et les séquences d’observation et imposent une convention entre l’établissement et l’organisme d’accueil, et article D. 333-3-1, qui institue la séquence d’observation de seconde générale et technologique), de l’arrêté du 29 novembre 2023 et de la circulaire du 28 mars 2024 relative à cette séquence (complétée par celle du 12 juillet 2024). Les textes cités sont rappelés à la fin du document.

## Entre

### L’organisme d’accueil

Nom : {{organisme.nom}}
SIRET : {{organisme.siret}}
Statut : {{organisme.statut}}
Adresse du siège : {{organisme.adresse}}
Représenté par : {{organisme.representant.nom}}
Fonction : {{organisme.representant.qualite}}
Courriel : {{organisme.representant.email}}
Téléphone : {{organisme.representant.telephone}}

### Et l’établissement scolaire

Nom : {{etablissement.nom}}
UAI : {{etablissement.uai}}
Statut : {{etablissement.statut}}
Adresse : {{etablissement.adresse}}
Courriel de l’établissement : {{etablissement.email}}
Représenté par : {{etablissement.representant.nom}}
Fonction : {{etablissement.representant.qualite}}
Courriel : {{etablissement.representant.email}}
Téléphone : {{etablissement.representant.telephone}}
Délibération du conseil d’administration autorisant la signature (établissement public) : {{etablissement.deliberation_ca}}

## Titre I – Dispositions générales

### Article 1 – Objet

La présente convention organise, pour l’élève {{eleve.prenom}} {{eleve.nom}}, une séquence d’observation en milieu professionnel au sein de l’organisme d’accueil. Cette séquence fait partie de la scolarité de seconde générale et technologique.

### Article 2 – Annexes

L’annexe pédagogique fixe les objectifs de la séquence, ses dates, ses horaires et la manière dont l’élève est suivi. L’annexe financière précise qui prend en charge l’hébergement, les repas et les transports, et rappelle les assurances. Les deux annexes font partie de la convention.

### Article 3 – Organisation

Le chef d’établissement et le représentant de l’organisme d’accueil arrêtent ensemble l’organisation de la séquence, en lien avec le professeur référent et le tuteur désignés dans l’annexe pédagogique. L’élève et ses représentants légaux en prennent connaissance et l’approuvent en signant la convention.

### Article 4 – Statut de l’élève

Pendant toute la séquence, l’élève reste sous statut scolaire. Il demeure sous l’autorité et la responsabilité du chef d’établissement. Il ne reçoit de l’organisme d’accueil ni rémunération ni gratification d’aucune sorte. Il respecte les règles de l’organisme d’accueil, notamment en matière d’horaires, d’hygiène, de sécurité et de confidentialité.

### Article 5 – Une séquence d’observation, sans travail

- L’élève observe. Il n’accomplit aucun travail de production, pas même les travaux légers que le code du travail permet de confier à des mineurs.
- Il n’utilise ni ne manipule aucune machine, aucun appareil et aucun produit que les articles D. 4153-15 à D. 4153-37 du code du travail interdisent aux mineurs (par exemple agents chimiques ou biologiques dangereux, rayonnements, risque électrique, travail en hauteur, machines et outils dangereux, animaux dangereux), ni aucun autre équipement de production.
- Il peut mener des enquêtes en lien avec ses enseignements, et assister aux activités, essais ou démonstrations de l’organisme, sous le contrôle des personnes chargées de l’encadrer.
- L’organisme d’accueil présente à l’élève, dès son arrivée, les consignes de sécurité et les risques propres aux lieux.
- Si l’élève bénéficie d’un projet d’accueil individualisé (PAI), il garde sa trousse d’urgence avec lui pendant la séquence ; l’annexe pédagogique indique qui la fournit.

### Article 6 – Assurance et responsabilité civile

- L’organisme d’accueil couvre sa responsabilité civile pour les dommages que pourrait causer ou subir l’élève du fait de l’accueil (articles 1240 à 1242 du code civil), par un contrat spécifique ou par une extension de son contrat de responsabilité civile ; un service de l’État, qui est son propre assureur, n’a pas à souscrire de contrat.
- Le chef d’établissement veille à ce que la responsabilité civile de l’élève soit couverte pendant la séquence, en dehors de l’établissement comme sur le trajet.
- Les représentants légaux souscrivent une assurance de responsabilité civile pour l’élève et en fournissent l’attestation à l’établissement ; une garantie individuelle accident est vivement recommandée.
- Pour la responsabilité civile des personnels enseignants, l’État se substitue à eux (article L. 911-4 du code de l’éducation).

### Article 7 – Accident

Si l’élève est victime d’un accident pendant la séquence ou sur le trajet, le représentant de l’organisme d’accueil prévient sans délai le chef d’établissement, par tout moyen, et lui envoie le jour même la déclaration d’accident complétée. Les coordonnées utiles figurent dans la présente convention.

### Article 8 – Prévention du sexisme et du harcèlement

L’organisme d’accueil protège l’élève contre tout agissement sexiste, tout harcèlement moral ou sexuel et toute violence sexiste ou sexuelle (articles L. 1142-2-1, L. 1152-1 et L. 1153-1 du code du travail). Dès l’arrivée de l’élève, il lui explique comment signaler une telle situation. L’élève peut à tout moment s’adresser à son tuteur, à son professeur référent ou au chef d’établissement, dont les coordonnées figurent dans l’annexe pédagogique.

### Article 9 – Information mutuelle, absences et durée

- Le chef d’établissement et le représentant de l’organisme d’accueil se tiennent informés de toute difficulté, notamment d’assiduité ou de comportement, et décident ensemble de la suite à donner, y compris l’interruption de la séquence.
- Toute absence de l’élève est signalée sans délai au chef d’établissement.
- La séquence dure une semaine, ou deux semaines consécutives, pendant les semaines officielles fixées pour la campagne à la fin de l’année scolaire. Elle a lieu du {{stage.debut}} au {{stage.fin}} inclus ({{stage.duree}}).

---

## Titre II – Annexe pédagogique

### L’élève

Nom : {{eleve.nom}}
Prénom : {{eleve.prenom}}
Date de naissance : {{eleve.date_naissance}}
Classe : {{eleve.classe}}
Projet d’accueil individualisé (PAI) : {{eleve.pai}}
Trousse d’urgence fournie par : {{eleve.pai_trousse}}

### Les représentants légaux

{{representants_legaux}}

### Le suivi de l’élève

Professeur référent : {{referent.nom}}
Courriel du professeur référent : {{referent.email}}
Téléphone du professeur référent : {{referent.telephone}}
Tuteur dans l’organisme d’accueil : {{tuteur.nom}}
Fonction du tuteur : {{tuteur.qualite}}
Courriel du tuteur : {{tuteur.email}}
Téléphone du tuteur : {{tuteur.telephone}}

### Dates et lieu

Dates : du {{stage.debut}} au {{stage.fin}} inclus
Semaines de la campagne : {{stage.semaines}}
Lieu de la séquence : {{stage.lieu}}
Offre : {{offre.intitule}}
Secteur d’activité : {{offre.secteur}}

### Horaires journaliers

Les règles protectrices du code du travail pour les jeunes (articles L. 3162-1 et suivants, L. 3164-1 et suivants) servent ici de plafonds, bien que l’élève ne travaille pas :

- au plus {{limites.jour}} de présence par jour et {{limites.semaine}} par semaine, sur au moins {{limites.jours_minimum}} jours ;
- une pause d’au moins {{limites.pause}} ;
- aucune présence en dehors de la plage {{limites.plage}} ;
- au moins {{limites.repos_quotidien}} de repos consécutif entre deux journées et {{limites.repos_hebdomadaire}} jours de repos consécutifs par semaine.

Les horaires ci-dessous valent pour chaque semaine de la séquence.

{{tableau_horaires}}

### Objectifs

La séquence fait découvrir à l’élève le monde économique et professionnel, un métier et les personnes qui l’exercent. Elle l’aide à préciser son projet d’orientation, dans le cadre du parcours Avenir.

### Activités prévues

{{stage.activites}}

### Compétences visées

- Observer : décrire l’environnement professionnel, les lieux, les métiers et l’organisation du travail.
- Communiquer : adopter une attitude adaptée, poser des questions, faire des propositions.
- Comprendre : se montrer curieux, saisir les enjeux du métier, le rôle de chacun et les étapes de la production ou du service.
- S’impliquer : montrer sa motivation et proposer de participer aux activités qui peuvent lui être ouvertes.

### Préparation et restitution

{{stage.preparation}}

---

## Annexe financière

### 1. Hébergement

L’hébergement de l’élève n’est pas pris en charge.

### 2. Repas

L’élève peut déjeuner au restaurant de l’organisme d’accueil, s’il en existe un, aux conditions faites à son personnel. Les repas restent à la charge des représentants légaux, sauf si l’organisme d’accueil décide de les prendre en charge en tout ou partie.

Modalités prévues par l’organisme d’accueil : {{stage.repas}}

### 3. Transport

Le trajet entre le domicile et le lieu de la séquence, au début et à la fin de la journée, est assimilé au trajet habituel entre le domicile et l’établissement (circulaire n° 96-248 du 25 octobre 1996) ; l’élève peut l’effectuer seul. Les frais de transport restent à la charge de la famille.

### 4. Assurance

Chaque partie est assurée dans les conditions prévues à l’article 6.

Assureur de l’organisme d’accueil : {{assurance.assureur}}
Numéro de contrat : {{assurance.contrat}}

---

## Signatures

Le représentant de l’organisme d’accueil et le chef d’établissement (ou son délégué) signent la convention ; l’élève et ses représentants légaux la signent pour approuver l’organisation de la séquence. Chacun signe électroniquement, avec un code à usage unique envoyé à l’adresse indiquée pour lui dans la présente convention. Une fois toutes les signatures recueillies, le document est scellé par la plateforme ; sa dernière page, dite page de preuve, indique pour chaque signature sa date et l’empreinte du document signé.

{{tableau_signataires}}

### Textes cités

- Code de l’éducation : articles D. 331-1 à D. 331-9 (visites d’information et séquences d’observation, convention obligatoire), D. 333-3-1 (séquence d’observation en seconde générale et technologique), L. 911-4 (responsabilité civile des enseignants).
- Arrêté du 29 novembre 2023 relatif à la séquence d’observation en milieu professionnel en classe de seconde générale et technologique.
- Circulaire du 28 mars 2024 relative à la séquence d’observation en milieu professionnel des élèves de seconde générale et technologique (BO n° 13 du 28 mars 2024), et circulaire du 12 juillet 2024 (BO n° 29) pour les élèves de collège et de seconde.
- Code du travail : articles L. 4153-1 et suivants (travail des jeunes de moins de dix-huit ans), D. 4153-15 à D. 4153-37 (travaux interdits aux mineurs), L. 3162-1 et suivants et L. 3164-1 et suivants (durée du travail et repos des jeunes), L. 1142-2-1, L. 1152-1 et L. 1153-1 (agissements sexistes, harcèlement).
- Code civil : articles 1240 à 1242 (responsabilité civile).
- Circulaire n° 96-248 du 25 octobre 1996 (surveillance des élèves, trajets) et circulaire du 10 février 2021 (projet d’accueil individualisé).

Modèle : {{modele.version}}
`,
} as const;

// ---------------------------------------------------------------------------------------------
// Values

export type TableValue = { head: string[]; rows: string[][] };
export type TemplateValues = Record<string, string | TableValue>;

/** "2026-06-15" → « 15 juin 2026 » (« 1er » for the first day of a month); '' stays ''. */
export function frenchDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return iso.trim();
  const d = Number(m[3]);
  return `${d === 1 ? '1er' : String(d)} ${FRENCH_MONTHS[Number(m[2]) - 1] ?? '?'} ${m[1]}`;
}

/** "2026-06-15" → « lundi 15 juin 2026 ». */
export function frenchDayDate(iso: string): string {
  const dow = dayOfWeek(iso);
  return `${DAY_NAMES[dow === 0 ? 7 : dow]!} ${frenchDate(iso)}`;
}

/** An ISO instant in Paris time: « 15 juin 2026 à 14:03:27 (heure de Paris) ». */
export function parisDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(date);
  const p = (type: string) => Number(parts.find((x) => x.type === type)?.value ?? 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = p('day');
  return `${day === 1 ? '1er' : String(day)} ${FRENCH_MONTHS[p('month') - 1] ?? '?'} ${p('year')} à ${two(p('hour'))}:${two(p('minute'))}:${two(p('second'))} (heure de Paris)`;
}

function clock(hhmm: string): string {
  const t = parseTime(hhmm);
  return t === null ? hhmm : formatDuration(t).replace(/^0 min$/, '0 h');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The hours table, Monday to Saturday, and the week's total. */
function hoursTable(hostPart: ConventionHostPart): TableValue {
  const rows: string[][] = [];
  let total = 0;
  for (let day = 1; day <= 6; day++) {
    const d = hostPart.hours.find((h) => h.day === day);
    const name = capitalize(DAY_NAMES[day]!);
    if (!d) {
      rows.push([name, '—', '—', '—', 'repos']);
      continue;
    }
    const presence = Math.max(0, presenceMinutes(d));
    total += presence;
    rows.push([
      name,
      clock(d.from),
      clock(d.to),
      d.breakMinutes > 0 ? formatDuration(d.breakMinutes) : 'aucune',
      formatDuration(presence),
    ]);
  }
  rows.push(['Total de la semaine', '', '', '', formatDuration(total)]);
  return { head: ['Jour', 'Arrivée', 'Départ', 'Pause', 'Présence'], rows };
}

/**
 * The values of a convention for its template. `limits` (the campaign's, printed in the
 * regulatory box) defaults to DEFAULT_LIMITS.
 */
export function templateValues(input: {
  reference: string;
  templateLabel: string;
  parties: ConventionParties;
  hostPart: ConventionHostPart;
  schoolPart: ConventionSchoolPart;
  startDate: string;
  endDate: string;
  weeks: number[];
  limits?: CampaignLimits;
}): TemplateValues {
  const { parties, hostPart, schoolPart } = input;
  const limits = input.limits ?? DEFAULT_LIMITS;
  const weeks = [...new Set(input.weeks)].sort();
  const campaignWeek = (n: number) => parties.campaign.weeks.find((w) => w.number === n);
  const weekText = (n: number) => {
    const w = campaignWeek(n);
    return w
      ? `semaine ${n} (du ${frenchDate(w.start)} au ${frenchDate(addDays(w.start, 4))})`
      : `semaine ${n}`;
  };
  const guardians = schoolPart.guardians.slice(0, 2);
  const signatories = signatoriesOf(hostPart, schoolPart, {
    firstName: parties.student.firstName,
    lastName: parties.student.lastName,
    email: null,
  });
  return {
    reference: input.reference,
    'modele.version': input.templateLabel,
    annee_scolaire: parties.campaign.schoolYear,

    'organisme.nom': parties.host.name,
    'organisme.siret': parties.host.siret ?? '',
    'organisme.statut': parties.host.isPublic ? 'organisme public' : 'organisme privé',
    'organisme.adresse': parties.host.address,
    'organisme.representant.nom': hostPart.representative.name,
    'organisme.representant.qualite': hostPart.representative.role,
    'organisme.representant.email': hostPart.representative.email,
    'organisme.representant.telephone': hostPart.representative.phone,

    'etablissement.nom': parties.school.name,
    'etablissement.uai': parties.school.uai,
    'etablissement.statut': parties.school.isPublic
      ? 'établissement public local d’enseignement'
      : 'établissement privé sous contrat',
    'etablissement.adresse': parties.school.address,
    'etablissement.email': parties.school.email ?? '',
    'etablissement.representant.nom': schoolPart.representative.name,
    'etablissement.representant.qualite': schoolPart.representative.role,
    'etablissement.representant.email': schoolPart.representative.email,
    'etablissement.representant.telephone': schoolPart.representative.phone,
    'etablissement.deliberation_ca': parties.school.isPublic
      ? frenchDate(schoolPart.caDeliberationDate)
      : 'sans objet (établissement privé sous contrat)',

    'eleve.nom': parties.student.lastName,
    'eleve.prenom': parties.student.firstName,
    'eleve.date_naissance': frenchDate(parties.student.birthDate),
    'eleve.classe': schoolPart.className || parties.student.className,
    'eleve.pai': schoolPart.pai.has ? 'oui' : 'non',
    'eleve.pai_trousse': !schoolPart.pai.has
      ? 'sans objet'
      : schoolPart.pai.kitBy === 'family'
        ? 'la famille'
        : schoolPart.pai.kitBy === 'school'
          ? 'l’établissement'
          : '',
    representants_legaux: {
      head: ['', 'Nom', 'Courriel', 'Téléphone'],
      rows:
        guardians.length === 0
          ? [['Représentant légal 1', '—', '—', '—']]
          : guardians.map((g, i) => [
              `Représentant légal ${i + 1}`,
              `${g.firstName} ${g.lastName}`.trim() || '—',
              g.email.trim() || '—',
              g.phone.trim() || '—',
            ]),
    },

    'referent.nom': schoolPart.referentTeacher.name,
    'referent.email': schoolPart.referentTeacher.email,
    'referent.telephone': schoolPart.referentTeacher.phone,
    'tuteur.nom': hostPart.tutor.name,
    'tuteur.qualite': hostPart.tutor.role,
    'tuteur.email': hostPart.tutor.email,
    'tuteur.telephone': hostPart.tutor.phone,

    'stage.debut': frenchDate(input.startDate),
    'stage.fin': frenchDate(input.endDate),
    'stage.duree': weeks.length >= 2 ? 'deux semaines consécutives' : 'une semaine',
    'stage.semaines': weeks.map(weekText).join(' et '),
    'stage.lieu': hostPart.placeAddress.trim() || parties.host.address,
    'offre.intitule': parties.offer.title,
    'offre.secteur': parties.offer.sector ?? '',
    tableau_horaires: hoursTable(hostPart),
    'stage.activites': hostPart.activities,
    'stage.preparation': schoolPart.preparation,
    'stage.repas': hostPart.lunch,
    'assurance.assureur': hostPart.insurance.insurer,
    'assurance.contrat': hostPart.insurance.policyNumber,

    'limites.jour': formatDuration(limits.maxMinutesPerDay),
    'limites.semaine': formatDuration(limits.maxMinutesPerWeek),
    'limites.jours_minimum': String(limits.minDaysPerWeek),
    'limites.pause': `${formatDuration(limits.breakMinutes)} au-delà de ${formatDuration(limits.breakAfterMinutes)} de présence dans la journée`,
    'limites.plage': `de ${clock(limits.earliestStart)} à ${clock(limits.latestEnd)}`,
    'limites.repos_quotidien': `${limits.minRestHours} h`,
    'limites.repos_hebdomadaire': String(limits.consecutiveRestDays),

    tableau_signataires: {
      head: ['Qualité', 'Nom', 'Signature'],
      rows: signatories.map((s) => [
        SIGNATORY_ROLE_LABELS[s.role],
        s.name || '—',
        'électronique, voir la page de preuve',
      ]),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const ALONE = /^\{\{\s*([^{}]*?)\s*\}\}$/;
const FIELD = /^([^:{}]{1,120}?)\s+:\s+(.*\{\{.*)$/;
const EMPTY = '—';

function tableText(t: TableValue): string {
  return t.rows.map((r) => r.filter((c) => c !== '').join(', ')).join(' ; ');
}

/**
 * The template's blocks with the values filled in. `unfilled`: the placeholders without a value
 * (unknown ones included), each once; they render as « — », as empty values do. No `{{` is left
 * in any block.
 */
export function renderTemplate(
  body: string,
  values: TemplateValues,
): { blocks: DocBlock[]; unfilled: string[] } {
  const blocks: DocBlock[] = [];
  const unfilled: string[] = [];
  const miss = (key: string) => {
    if (!unfilled.includes(key)) unfilled.push(key);
  };
  const valueOf = (rawKey: string, multiline: boolean): string => {
    const key = rawKey.trim();
    const v = Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined;
    if (v === undefined) {
      miss(key);
      return EMPTY;
    }
    const text = typeof v === 'string' ? v : tableText(v);
    const clean = multiline ? text.trim() : text.replace(/\s*\n\s*/g, ' ').trim();
    return clean === '' ? EMPTY : clean;
  };
  const fill = (text: string, multiline = false) =>
    text.replace(PLACEHOLDER, (_m, key: string) => valueOf(key, multiline)).replace(/\{\{|\}\}/g, '');

  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    const only = paragraph.length === 1 ? ALONE.exec(paragraph[0]!) : null;
    if (only) {
      // a text placeholder alone: its own lines become paragraphs (activities, preparation),
      // those starting with « - » or « • » bullets
      for (const raw of fill(paragraph[0]!, true).split('\n')) {
        const line = raw.trim();
        const bullet = /^[-•*]\s+(.*)$/.exec(line);
        if (bullet) blocks.push({ type: 'bullet', text: bullet[1]!.trim() });
        else if (line !== '') blocks.push({ type: 'paragraph', text: line });
      }
    } else blocks.push({ type: 'paragraph', text: fill(paragraph.join(' ')) });
    paragraph = [];
  };

  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    if (line === '---') {
      flush();
      blocks.push({ type: 'pagebreak' });
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const text = fill(heading[2]!);
      const level = heading[1]!.length;
      blocks.push({ type: level === 1 ? 'title' : level === 2 ? 'heading' : 'subheading', text });
      continue;
    }
    if (line.startsWith('- ')) {
      flush();
      blocks.push({ type: 'bullet', text: fill(line.slice(2).trim()) });
      continue;
    }
    const alone = ALONE.exec(line);
    if (alone) {
      const key = alone[1]!;
      const v = Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined;
      if (PLACEHOLDERS[key]?.block || (v !== undefined && typeof v !== 'string')) {
        flush();
        if (v === undefined) {
          miss(key);
          blocks.push({ type: 'paragraph', text: EMPTY });
        } else if (typeof v === 'string') blocks.push({ type: 'paragraph', text: v.trim() || EMPTY });
        else
          blocks.push({
            type: 'table',
            head: v.head.map((c) => c.replace(/\{\{|\}\}/g, '')),
            rows: v.rows.map((r) => r.map((c) => c.replace(/\{\{|\}\}/g, ''))),
          });
        continue;
      }
    }
    const field = FIELD.exec(line);
    if (field) {
      flush();
      blocks.push({ type: 'field', label: fill(field[1]!.trim()), value: fill(field[2]!.trim()) });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return { blocks, unfilled };
}

/**
 * What is wrong with a template: placeholders it uses that do not exist, required ones it does not
 * use, table placeholders not alone on their line; `message` in French when anything is wrong.
 */
export function checkTemplate(body: string): {
  unknown: string[];
  missingRequired: string[];
  misplaced: string[];
  message?: string;
} {
  const used = new Set<string>();
  const unknown: string[] = [];
  for (const m of body.matchAll(PLACEHOLDER)) {
    const key = m[1]!.trim();
    used.add(key);
    if (!Object.prototype.hasOwnProperty.call(PLACEHOLDERS, key) && !unknown.includes(key)) unknown.push(key);
  }
  // an opening without closing (or the reverse) is an unknown placeholder too
  const stray = body.replace(PLACEHOLDER, '');
  for (const m of stray.matchAll(/\{\{[^\n]{0,30}|[^\n]{0,30}\}\}/g))
    if (!unknown.includes(m[0].trim())) unknown.push(m[0].trim());
  const missingRequired = Object.entries(PLACEHOLDERS)
    .filter(([key, info]) => info.required && !used.has(key))
    .map(([key]) => key);
  const misplaced: string[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    for (const m of line.matchAll(PLACEHOLDER)) {
      const key = m[1]!.trim();
      if (PLACEHOLDERS[key]?.block && !ALONE.test(line) && !misplaced.includes(key)) misplaced.push(key);
    }
  }
  const parts: string[] = [];
  if (unknown.length > 0)
    parts.push(
      `${unknown.length > 1 ? 'Champs inconnus' : 'Champ inconnu'} : ${unknown.map((k) => (k.startsWith('{{') || k.endsWith('}}') ? `« ${k} » (accolades non refermées)` : `{{${k}}}`)).join(', ')}.`,
    );
  if (missingRequired.length > 0)
    parts.push(
      `${missingRequired.length > 1 ? 'Champs obligatoires absents' : 'Champ obligatoire absent'} : ${missingRequired.map((k) => `{{${k}}} (${PLACEHOLDERS[k]!.label})`).join(', ')}.`,
    );
  if (misplaced.length > 0)
    parts.push(
      `${misplaced.length > 1 ? 'Ces tableaux doivent' : 'Ce tableau doit'} être seul${misplaced.length > 1 ? 's' : ''} sur sa ligne : ${misplaced.map((k) => `{{${k}}}`).join(', ')}.`,
    );
  return {
    unknown,
    missingRequired,
    misplaced,
    ...(parts.length > 0 ? { message: `Le modèle ne peut pas être publié. ${parts.join(' ')}` } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Evidence page and attestation

/** How a signature was given (the method stored with it), in French. */
export const SIGNATURE_METHOD_LABELS: Record<string, string> = {
  email_code: 'code à usage unique reçu par courriel',
  sms_code: 'code à usage unique reçu par SMS',
  account_code: 'compte authentifié et code à usage unique',
  bulk_code: 'signature groupée, compte authentifié et code à usage unique',
};

/**
 * The evidence page of the sealed document (the caller puts it after a page break): the
 * signatures with their time, IP and the hash of the document each one signed, the document's
 * hash, and how to verify the file.
 */
export function evidenceBlocks(input: {
  reference: string;
  documentSha256: string;
  templateLabel: string;
  sealedAt: string;
  signatures: {
    roleLabel: string;
    name: string;
    method: string;
    signedAt: string;
    ip: string | null;
    documentSha256: string;
  }[];
}): DocBlock[] {
  const sameDoc = input.signatures.every((s) => s.documentSha256 === input.documentSha256);
  return [
    { type: 'heading', text: 'Page de preuve' },
    {
      type: 'paragraph',
      text: `Cette page fait partie du document scellé par la plateforme. Elle récapitule les signatures de la convention ${input.reference} et permet d’en vérifier l’authenticité.`,
    },
    { type: 'field', label: 'Référence', value: input.reference },
    { type: 'field', label: 'Modèle', value: input.templateLabel },
    { type: 'field', label: 'Empreinte SHA-256 du document signé', value: input.documentSha256 },
    { type: 'field', label: 'Scellé le', value: parisDateTime(input.sealedAt) },
    { type: 'subheading', text: 'Signatures' },
    {
      type: 'table',
      head: ['Qualité', 'Nom', 'Méthode', 'Date', 'Adresse IP', 'Document signé'],
      rows: input.signatures.map((s) => [
        s.roleLabel,
        s.name,
        SIGNATURE_METHOD_LABELS[s.method] ?? s.method,
        parisDateTime(s.signedAt),
        s.ip ?? '—',
        s.documentSha256 === input.documentSha256 ? 'empreinte identique' : `SHA-256 ${s.documentSha256}`,
      ]),
    },
    {
      type: 'paragraph',
      text: sameDoc
        ? 'Chaque partie a signé exactement le même document, dont l’empreinte SHA-256 figure ci-dessus : les pages qui précèdent celle-ci.'
        : 'Attention : toutes les parties n’ont pas signé le même document (voir la colonne « Document signé »).',
    },
    { type: 'subheading', text: 'Vérifier ce document' },
    {
      type: 'bullet',
      text: 'Déposez ce fichier PDF sur la page publique « Vérifier une convention » de la plateforme : elle indique s’il est authentique, quel modèle il suit et quelles signatures il porte.',
    },
    {
      type: 'bullet',
      text: `Sans le fichier, saisissez la référence ${input.reference} sur la même page : elle indique si la convention existe et si elle est signée.`,
    },
    {
      type: 'bullet',
      text: 'Le fichier porte un cachet électronique (signature PAdES) de la plateforme : un lecteur PDF, ou l’outil pdfsig, signale toute modification intervenue après le scellement, même d’un seul octet.',
    },
  ];
}

/** The attestation de stage, signed by the host once the stage took place. */
export function attestationBlocks(input: {
  parties: ConventionParties;
  startDate: string;
  endDate: string;
  attendedDays: string[];
  hostRepresentative: string;
  reference: string;
}): DocBlock[] {
  const { parties } = input;
  const days = [...new Set(input.attendedDays)].sort();
  const student = `${parties.student.firstName} ${parties.student.lastName}`;
  const siret = parties.host.siret ? ` (SIRET ${parties.host.siret})` : '';
  return [
    { type: 'title', text: 'Attestation de stage' },
    {
      type: 'paragraph',
      text: 'Séquence d’observation en milieu professionnel des élèves de seconde générale et technologique (article D. 333-3-1 du code de l’éducation).',
    },
    {
      type: 'paragraph',
      text: `Je soussigné(e), ${input.hostRepresentative}, représentant ${parties.host.name}${siret}, atteste que ${student}, né(e) le ${frenchDate(parties.student.birthDate)}, élève de la classe ${parties.student.className} de l’établissement ${parties.school.name} (UAI ${parties.school.uai}), a effectué une séquence d’observation au sein de notre organisme, prévue du ${frenchDate(input.startDate)} au ${frenchDate(input.endDate)} inclus.`,
    },
    {
      type: 'field',
      label: 'Jours de présence',
      value: `${days.length} jour${days.length > 1 ? 's' : ''}`,
    },
    { type: 'table', head: ['Date'], rows: days.map((d) => [capitalize(frenchDayDate(d))]) },
    { type: 'field', label: 'Lieu', value: parties.host.address },
    { type: 'field', label: 'Référence de la convention', value: input.reference },
    { type: 'paragraph', text: 'Attestation délivrée pour servir et valoir ce que de droit.' },
    { type: 'field', label: 'Pour l’organisme d’accueil', value: input.hostRepresentative },
  ];
}
