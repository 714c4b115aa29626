/**
 * Plausible French wording for generated hosts and offers, per sector (keys: slug of the sector
 * name, see secteurs.csv). The public records of 2025 carry no title nor description: these
 * templates stand in for them in the demo and benchmark data.
 *
 * Placeholders: {nom} a surname, {commune} the commune's name, {de_commune} "de Vitré",
 * "d'Auray", "du Rheu"; {a_commune} "à Vitré", "au Rheu"; {host} the host's name.
 * Order matters (draws are by index): append, do not reorder, or seeded data changes.
 */

export interface SectorContent {
  /** names of private hosts */
  readonly hosts: readonly string[];
  readonly titles: readonly string[];
  /** first paragraph of the description */
  readonly intros: readonly string[];
  /** what the student will observe; three or four are drawn per offer */
  readonly activities: readonly string[];
}

export const SECTOR_CONTENT: Readonly<Record<string, SectorContent>> = {
  mode: {
    hosts: ['Atelier de couture {nom}', 'Boutique {nom} Prêt-à-porter', 'Maison {nom} Créations'],
    titles: [
      'Découverte des métiers de la mode',
      'Observation en atelier de confection',
      'Une semaine dans une boutique de prêt-à-porter',
    ],
    intros: [
      '{host} conçoit et vend des vêtements {a_commune}. Vous découvrirez comment une collection passe du croquis au magasin.',
      'Atelier de confection et de retouche, {host} accueille des stagiaires curieux des métiers du textile et de la mode.',
    ],
    activities: [
      'Observer la prise de mesures et la réalisation de patrons',
      'Découvrir les machines de l’atelier (sans les utiliser)',
      'Assister à la préparation d’une vitrine',
      'Suivre le conseil aux clients en boutique',
      'Comprendre la gestion des stocks et des collections',
      'Échanger avec une styliste sur son parcours',
    ],
  },
  'banque-et-assurance': {
    hosts: [
      'Cabinet d’assurances {nom}',
      'Agence bancaire {de_commune}',
      '{nom} Courtage et Assurances',
      'Banque coopérative, agence {de_commune}',
    ],
    titles: [
      'Découverte des métiers de la banque',
      'Observation en agence bancaire',
      'Les métiers de l’assurance au quotidien',
      'Conseiller clientèle : une semaine en agence',
    ],
    intros: [
      '{host} accompagne particuliers et professionnels {a_commune} pour leurs comptes, leurs projets et leurs assurances.',
      'Venez découvrir l’envers du décor d’une agence : accueil, conseil, gestion des contrats et des sinistres.',
    ],
    activities: [
      'Observer l’accueil des clients et la prise de rendez-vous',
      'Assister (avec l’accord des clients) à des entretiens de conseil',
      'Découvrir le traitement d’une déclaration de sinistre',
      'Comprendre les règles de confidentialité et de sécurité',
      'Suivre la préparation d’un dossier de prêt',
      'Échanger avec les conseillers sur leurs parcours',
    ],
  },
  audiovisuel: {
    hosts: [
      'Studio {nom} Production',
      'Société de production {nom} Images',
      'Télévision locale {de_commune}',
    ],
    titles: [
      'Découverte de la production audiovisuelle',
      'Dans les coulisses d’un studio de tournage',
      'Observation des métiers de l’image et du son',
    ],
    intros: [
      '{host} réalise des films institutionnels, des reportages et des contenus pour le web.',
      'Petite équipe de production installée {a_commune}, {host} vous ouvre les portes de ses tournages et de sa salle de montage.',
    ],
    activities: [
      'Assister à la préparation d’un tournage',
      'Observer le travail de cadrage et de prise de son',
      'Découvrir le montage et l’étalonnage',
      'Participer à une réunion de production',
      'Comprendre les droits à l’image',
    ],
  },
  communication: {
    hosts: ['Agence de communication {nom}', '{nom} Conseil en communication', 'Studio graphique {nom}'],
    titles: [
      'Découverte d’une agence de communication',
      'Les métiers de la communication',
      'Observation en agence : du brief à la campagne',
    ],
    intros: [
      '{host} conseille des entreprises et des collectivités de la région pour leur image, leurs supports imprimés et leurs réseaux sociaux.',
      'Une semaine pour comprendre comment naît une campagne de communication, de la demande du client à sa diffusion.',
    ],
    activities: [
      'Assister à une réunion de lancement avec un client',
      'Observer la création d’une maquette graphique',
      'Découvrir la gestion des réseaux sociaux d’une marque',
      'Suivre la préparation d’un communiqué de presse',
      'Échanger avec les chargés de communication',
    ],
  },
  'edition-librairie-bibliotheque': {
    hosts: ['Librairie {nom}', 'Éditions {nom}', 'Librairie-papeterie {de_commune}'],
    titles: [
      'Découverte des métiers du livre',
      'Une semaine en librairie',
      'Observation dans une maison d’édition',
    ],
    intros: [
      '{host} est une librairie indépendante {a_commune} : conseil, commandes, animations et rencontres d’auteurs.',
      'Vous découvrirez le parcours d’un livre, de l’auteur au lecteur, et les métiers qui l’accompagnent.',
    ],
    activities: [
      'Observer la réception et la mise en rayon des nouveautés',
      'Assister au conseil aux lecteurs',
      'Découvrir la préparation d’une rencontre avec un auteur',
      'Comprendre le travail de relecture et de mise en page',
      'Suivre la gestion des commandes',
    ],
  },
  'traduction-interpretation': {
    hosts: [
      'Cabinet de traduction {nom}',
      '{nom} Traductions',
      'Agence de traduction et d’interprétariat {de_commune}',
    ],
    titles: ['Découverte des métiers de la traduction', 'Observation auprès de traducteurs professionnels'],
    intros: [
      '{host} traduit des documents techniques, juridiques et commerciaux et organise des prestations d’interprétariat.',
      'Si vous aimez les langues, venez découvrir le quotidien de traducteurs et d’interprètes.',
    ],
    activities: [
      'Observer la préparation d’une traduction technique',
      'Découvrir les outils de traduction assistée',
      'Comprendre la relecture et le contrôle qualité',
      'Échanger avec une interprète sur son métier',
    ],
  },
  'batiment-et-travaux-publics-btp': {
    hosts: [
      '{nom} Bâtiment',
      'Entreprise {nom} Maçonnerie',
      'Menuiserie {nom}',
      'Charpente {nom} et Fils',
      '{nom} Plomberie Chauffage',
      'Électricité générale {nom}',
      'Travaux publics {nom}',
    ],
    titles: [
      'Découverte des métiers du bâtiment',
      'Observation sur chantier et au bureau d’études',
      'Les métiers des travaux publics',
      'Une semaine dans une entreprise artisanale du bâtiment',
    ],
    intros: [
      '{host} intervient sur des chantiers de construction et de rénovation autour {de_commune}.',
      'Entreprise familiale, {host} vous fait découvrir ses métiers, du devis au chantier, dans le respect strict des règles de sécurité.',
    ],
    activities: [
      'Découvrir l’organisation d’un chantier (à distance des zones dangereuses)',
      'Observer la préparation d’un devis et d’un planning',
      'Assister à une réunion de chantier',
      'Comprendre les équipements de protection et la prévention des risques',
      'Suivre le travail du bureau d’études sur des plans',
      'Échanger avec les compagnons sur leurs parcours',
    ],
  },
  'comptabilite-gestion-ressources-humaines': {
    hosts: [
      'Cabinet d’expertise comptable {nom}',
      '{nom} Expertise et Conseil',
      'Cabinet {nom} Gestion et Paie',
    ],
    titles: [
      'Découverte des métiers de la comptabilité',
      'Observation en cabinet d’expertise comptable',
      'Les ressources humaines au quotidien',
    ],
    intros: [
      '{host} accompagne artisans, commerçants et associations {a_commune} pour leur comptabilité, leur paie et leur gestion.',
      'Vous découvrirez comment les chiffres racontent la vie d’une entreprise, et les métiers qui les font parler.',
    ],
    activities: [
      'Observer la saisie et le classement des pièces comptables',
      'Découvrir la préparation des bulletins de paie',
      'Assister à un rendez-vous de bilan avec un client',
      'Comprendre le recrutement et l’accueil d’un salarié',
      'Échanger avec un expert-comptable sur son parcours',
    ],
  },
  'droit-et-justice': {
    hosts: ['Cabinet d’avocats {nom}', 'Office notarial {nom}', 'Étude de commissaire de justice {nom}'],
    titles: [
      'Découverte des métiers du droit',
      'Observation dans un cabinet d’avocats',
      'Une semaine dans un office notarial',
    ],
    intros: [
      '{host} conseille et accompagne particuliers et entreprises {a_commune}.',
      'Venez découvrir le quotidien des professionnels du droit, entre rendez-vous, rédaction d’actes et audiences.',
    ],
    activities: [
      'Assister à une audience publique au tribunal',
      'Observer la préparation d’un dossier',
      'Découvrir la rédaction d’un acte',
      'Comprendre le secret professionnel',
      'Échanger avec une avocate ou un notaire sur son parcours',
    ],
  },
  enseignement: {
    hosts: [
      'École Diwan {de_commune}',
      'Auto-école {nom}',
      'Centre de soutien scolaire {nom}',
      'École de musique {de_commune}',
    ],
    titles: [
      'Découverte du métier de professeur des écoles',
      'Observation dans une école',
      'Les métiers de l’éducation',
      'Une semaine aux côtés d’une équipe enseignante',
    ],
    intros: [
      '{host} accueille des élèves {a_commune}. Vous découvrirez la vie d’une école et le travail de toute son équipe.',
      'Vous vous demandez si l’enseignement est fait pour vous ? Venez observer une classe, la préparation des séances et la vie de l’établissement.',
    ],
    activities: [
      'Observer des séances en classe',
      'Découvrir la préparation des cours et des supports',
      'Assister à un conseil des maîtres ou de classe',
      'Accompagner une sortie pédagogique en observateur',
      'Comprendre le rôle des AESH et des ATSEM',
      'Échanger avec la direction sur son métier',
    ],
  },
  recherche: {
    hosts: ['Laboratoire {nom} Biotech', 'Centre de recherche {nom}', 'Start-up {nom} Innovation'],
    titles: [
      'Découverte des métiers de la recherche',
      'Une semaine dans un laboratoire',
      'Observation d’une équipe de chercheurs',
    ],
    intros: [
      '{host} mène des travaux de recherche appliquée avec des partenaires universitaires et industriels.',
      'Venez découvrir comment se construit une expérience, de la question scientifique à la publication.',
    ],
    activities: [
      'Observer des manipulations de laboratoire (sans y participer)',
      'Assister à une réunion d’équipe',
      'Découvrir le traitement des données',
      'Comprendre les règles de sécurité en laboratoire',
      'Échanger avec des doctorants sur leurs études',
    ],
  },
  energie: {
    hosts: ['{nom} Énergies renouvelables', 'Bureau d’études thermiques {nom}', 'Installateur solaire {nom}'],
    titles: [
      'Découverte des métiers de l’énergie',
      'Les énergies renouvelables au quotidien',
      'Observation dans une entreprise de la transition énergétique',
    ],
    intros: [
      '{host} conçoit et installe des équipements de production d’énergie renouvelable en Bretagne.',
      'Venez découvrir comment on produit, distribue et économise l’énergie, et les métiers de la transition énergétique.',
    ],
    activities: [
      'Observer une étude de rentabilité d’une installation solaire',
      'Découvrir le suivi de production d’un parc',
      'Assister à une visite technique chez un client',
      'Comprendre la sécurité électrique',
      'Échanger avec un technicien sur son parcours',
    ],
  },
  environnement: {
    hosts: [
      'Bureau d’études environnement {nom}',
      'Association de protection de la nature {de_commune}',
      '{nom} Recyclage',
    ],
    titles: [
      'Découverte des métiers de l’environnement',
      'Observation en bureau d’études environnement',
      'Protéger la nature : une semaine sur le terrain',
    ],
    intros: [
      '{host} agit pour la préservation des milieux naturels et la gestion des déchets.',
      'Vous découvrirez des métiers de terrain et de bureau au service de l’environnement.',
    ],
    activities: [
      'Participer en observateur à un inventaire de la faune et de la flore',
      'Découvrir le tri et la valorisation des déchets',
      'Observer des analyses de la qualité de l’eau',
      'Assister à une animation de sensibilisation',
      'Comprendre la réglementation environnementale',
    ],
  },
  'logistique-et-transport': {
    hosts: ['Transports {nom}', 'Plateforme logistique {nom}', '{nom} Déménagements'],
    titles: [
      'Découverte des métiers de la logistique',
      'Observation sur une plateforme logistique',
      'Les métiers du transport de marchandises',
    ],
    intros: [
      '{host} transporte et stocke des marchandises pour des entreprises de toute la région.',
      'Venez découvrir comment un colis voyage, de l’entrepôt à son destinataire.',
    ],
    activities: [
      'Observer la réception et le contrôle des marchandises',
      'Découvrir la préparation des commandes',
      'Suivre la planification des tournées',
      'Comprendre la sécurité sur un quai de chargement',
      'Échanger avec un exploitant transport',
    ],
  },
  'hotellerie-restauration': {
    hosts: [
      'Restaurant {nom}',
      'Hôtel {nom}',
      'Crêperie {nom}',
      'Brasserie du Port {de_commune}',
      'Hôtel-restaurant {nom}',
    ],
    titles: [
      'Découverte des métiers de la restauration',
      'Observation en cuisine et en salle',
      'Les métiers de l’hôtellerie',
      'Une semaine dans un restaurant',
    ],
    intros: [
      '{host} accueille ses clients {a_commune} toute l’année. Vous découvrirez le rythme d’une cuisine et d’une salle.',
      'De la réception des produits au service, venez observer le travail d’une équipe passionnée.',
    ],
    activities: [
      'Observer la mise en place en cuisine',
      'Découvrir l’accueil des clients et la prise de commande',
      'Comprendre les règles d’hygiène et de sécurité alimentaire',
      'Assister à l’élaboration d’un menu',
      'Suivre le travail de la réception de l’hôtel',
      'Échanger avec le chef sur son parcours',
    ],
  },
  tourisme: {
    hosts: ['Office de tourisme {de_commune}', 'Camping {nom}', 'Agence de voyages {nom}'],
    titles: [
      'Découverte des métiers du tourisme',
      'Observation dans un office de tourisme',
      'Accueillir les visiteurs : une semaine dans le tourisme',
    ],
    intros: [
      '{host} informe et accueille les visiteurs {de_commune} et de sa région.',
      'Venez découvrir comment on fait connaître un territoire et comment on prépare la saison.',
    ],
    activities: [
      'Observer l’accueil et le conseil aux visiteurs',
      'Découvrir la préparation des brochures et du site internet',
      'Assister à une visite guidée',
      'Comprendre l’organisation d’un événement touristique',
      'Échanger avec les conseillers en séjour',
    ],
  },
  agroequipement: {
    hosts: [
      '{nom} Machinisme agricole',
      'Concession de matériel agricole {nom}',
      'Atelier de réparation agricole {nom}',
    ],
    titles: [
      'Découverte des métiers de l’agroéquipement',
      'Observation chez un concessionnaire de matériel agricole',
    ],
    intros: [
      '{host} vend, entretient et répare tracteurs et machines agricoles.',
      'Venez découvrir des métiers techniques au service des agriculteurs.',
    ],
    activities: [
      'Observer le diagnostic d’une panne',
      'Découvrir le magasin de pièces détachées',
      'Assister à la livraison d’une machine',
      'Comprendre les règles de sécurité de l’atelier',
      'Échanger avec un technicien sur son parcours',
    ],
  },
  automobile: {
    hosts: ['Garage {nom}', '{nom} Automobiles', 'Carrosserie {nom}', 'Centre auto {de_commune}'],
    titles: [
      'Découverte des métiers de l’automobile',
      'Observation dans un garage',
      'Une semaine en atelier de réparation automobile',
    ],
    intros: [
      '{host} entretient et répare des véhicules {a_commune}.',
      'Venez découvrir le diagnostic, l’entretien et la relation client dans un garage.',
    ],
    activities: [
      'Observer le diagnostic électronique d’un véhicule',
      'Découvrir l’accueil des clients et l’établissement d’un devis',
      'Assister à un entretien courant',
      'Comprendre la sécurité en atelier',
      'Échanger avec un carrossier sur son métier',
    ],
  },
  'construction-aeronautique-ferroviaire-et-navale': {
    hosts: ['Chantier naval {nom}', '{nom} Composites Marine', 'Atelier de maintenance navale {nom}'],
    titles: [
      'Découverte de la construction navale',
      'Observation dans un chantier naval',
      'Les métiers de l’industrie navale et aéronautique',
    ],
    intros: [
      '{host} construit et entretient des bateaux de pêche et de plaisance.',
      'Venez découvrir comment naît un navire, du bureau d’études à la mise à l’eau.',
    ],
    activities: [
      'Observer le travail du bureau d’études',
      'Découvrir les matériaux composites',
      'Assister au contrôle qualité',
      'Comprendre les règles de sécurité du chantier',
      'Échanger avec un chaudronnier sur son parcours',
    ],
  },
  electronique: {
    hosts: ['{nom} Électronique', 'Société {nom} Systèmes embarqués', 'Atelier de câblage {nom}'],
    titles: [
      'Découverte des métiers de l’électronique',
      'Observation dans une entreprise d’électronique',
      'De la carte électronique au produit fini',
    ],
    intros: [
      '{host} conçoit et fabrique des cartes et systèmes électroniques pour l’industrie.',
      'Venez découvrir comment se conçoit, se fabrique et se teste un équipement électronique.',
    ],
    activities: [
      'Observer la conception d’un circuit sur ordinateur',
      'Découvrir une ligne d’assemblage de cartes',
      'Assister aux tests et au contrôle qualité',
      'Comprendre la protection contre l’électricité statique',
      'Échanger avec un ingénieur sur son parcours',
    ],
  },
  'industrie-alimentaire': {
    hosts: ['Conserverie {nom}', 'Biscuiterie {nom}', 'Laiterie {de_commune}'],
    titles: [
      'Découverte de l’industrie agroalimentaire',
      'Observation dans une conserverie',
      'Les métiers de la fabrication alimentaire',
    ],
    intros: [
      '{host} transforme des produits de la mer et de la terre de Bretagne.',
      'Venez découvrir la fabrication, le contrôle qualité et l’expédition de produits alimentaires.',
    ],
    activities: [
      'Observer une ligne de production',
      'Découvrir les contrôles d’hygiène et de qualité',
      'Assister au travail du laboratoire',
      'Comprendre la traçabilité des produits',
      'Échanger avec une responsable qualité',
    ],
  },
  'industrie-chimique': {
    hosts: ['{nom} Chimie', 'Laboratoire de formulation {nom}', 'Société {nom} Cosmétiques'],
    titles: ['Découverte de l’industrie chimique', 'Observation en laboratoire de formulation'],
    intros: [
      '{host} formule et fabrique des produits pour l’industrie et la cosmétique.',
      'Venez découvrir le travail de laboratoire et de production, dans le respect strict des règles de sécurité.',
    ],
    activities: [
      'Observer la formulation d’un produit (sans manipuler)',
      'Découvrir les contrôles qualité',
      'Comprendre les fiches de sécurité des produits',
      'Assister à une réunion de production',
      'Échanger avec un technicien de laboratoire',
    ],
  },
  maintenance: {
    hosts: ['{nom} Maintenance industrielle', 'Société {nom} Services techniques', 'Atelier {nom} Dépannage'],
    titles: [
      'Découverte des métiers de la maintenance',
      'Observation aux côtés de techniciens de maintenance',
    ],
    intros: [
      '{host} assure l’entretien et le dépannage d’équipements industriels et tertiaires.',
      'Venez découvrir comment on prévient et répare les pannes, et pourquoi ces métiers recrutent.',
    ],
    activities: [
      'Observer une intervention de maintenance préventive',
      'Découvrir la gestion des pièces et des interventions',
      'Assister au diagnostic d’une panne',
      'Comprendre la consignation et la sécurité',
      'Échanger avec un technicien sur son parcours',
    ],
  },
  mecanique: {
    hosts: ['{nom} Mécanique de précision', 'Usinage {nom}', 'Atelier mécanique {nom}'],
    titles: ['Découverte des métiers de la mécanique', 'Observation en atelier d’usinage'],
    intros: [
      '{host} fabrique des pièces mécaniques pour l’industrie de la région.',
      'Venez découvrir comment un plan devient une pièce, et les métiers qui y contribuent.',
    ],
    activities: [
      'Observer la programmation d’une machine à commande numérique',
      'Découvrir la lecture de plans',
      'Assister au contrôle des pièces',
      'Comprendre les règles de sécurité de l’atelier',
      'Échanger avec un technicien méthodes',
    ],
  },
  'verre-beton-ceramique': {
    hosts: ['Faïencerie {nom}', 'Préfabrication béton {nom}', 'Atelier de céramique {nom}'],
    titles: [
      'Découverte des métiers du verre, du béton et de la céramique',
      'Observation dans un atelier de céramique',
    ],
    intros: [
      '{host} façonne et cuit des pièces de céramique et de béton.',
      'Venez découvrir des matériaux anciens et des savoir-faire modernes.',
    ],
    activities: [
      'Observer le façonnage des pièces',
      'Découvrir la préparation des moules',
      'Assister à un contrôle qualité',
      'Comprendre la cuisson et ses risques',
      'Échanger avec un artisan sur son parcours',
    ],
  },
  'informatique-et-reseaux': {
    hosts: [
      '{nom} Informatique',
      'Société de services numériques {nom}',
      'Agence web {nom}',
      '{nom} Réseaux et Télécoms',
    ],
    titles: [
      'Découverte des métiers du numérique',
      'Observation dans une entreprise informatique',
      'Développement web et réseaux : une semaine en entreprise',
    ],
    intros: [
      '{host} développe des logiciels et gère les réseaux informatiques de ses clients.',
      'Venez découvrir le travail d’une équipe de développeurs, d’administrateurs réseaux et de techniciens support.',
    ],
    activities: [
      'Observer une réunion quotidienne d’équipe de développement',
      'Découvrir l’installation d’un poste et d’un réseau',
      'Assister à une intervention de support',
      'Comprendre les bases de la cybersécurité',
      'Échanger avec une développeuse sur son parcours',
    ],
  },
  'jeu-video': {
    hosts: ['Studio de jeu vidéo {nom}', '{nom} Games'],
    titles: ['Découverte des métiers du jeu vidéo', 'Observation dans un studio de jeu vidéo'],
    intros: [
      '{host} conçoit des jeux pour ordinateurs, consoles et mobiles.',
      'Venez découvrir les métiers du jeu vidéo : conception, graphisme, programmation et tests.',
    ],
    activities: [
      'Observer une séance de conception de niveau',
      'Découvrir le travail des graphistes',
      'Assister à une session de tests',
      'Comprendre l’organisation d’un projet de jeu',
      'Échanger avec l’équipe sur ses parcours',
    ],
  },
  'commerce-et-distribution': {
    hosts: [
      'Boulangerie {nom}',
      'Supérette {de_commune}',
      'Fleuriste {nom}',
      'Quincaillerie {nom}',
      'Épicerie fine {nom}',
      'Magasin de sport {nom}',
      'Cave {nom}',
      'Boucherie {nom}',
      'Optique {nom}',
      'Jardinerie {nom}',
    ],
    titles: [
      'Découverte des métiers du commerce',
      'Observation dans un commerce de proximité',
      'Vente et conseil : une semaine en magasin',
      'Les coulisses d’un magasin',
    ],
    intros: [
      '{host} accueille ses clients {a_commune} six jours sur sept. Vous découvrirez la vente, le conseil et la gestion d’un commerce.',
      'Venez découvrir le quotidien d’un commerce : réception des marchandises, mise en rayon, vente et relation client.',
    ],
    activities: [
      'Observer l’accueil et le conseil aux clients',
      'Découvrir la réception et le contrôle des livraisons',
      'Assister à la mise en rayon et à l’aménagement de la vitrine',
      'Comprendre la gestion des stocks et des commandes',
      'Suivre l’encaissement et le service après-vente',
      'Échanger avec le gérant sur la création d’entreprise',
    ],
  },
  'marketing-publicite': {
    hosts: ['Agence de publicité {nom}', '{nom} Marketing', 'Régie publicitaire {nom}'],
    titles: ['Découverte des métiers du marketing', 'Observation en agence de publicité'],
    intros: [
      '{host} conçoit des campagnes publicitaires et des études de marché pour ses clients.',
      'Venez découvrir comment on étudie un marché et comment on fait connaître un produit.',
    ],
    activities: [
      'Assister à une réunion de création',
      'Observer l’analyse d’une étude de marché',
      'Découvrir le suivi d’une campagne en ligne',
      'Comprendre le travail avec les médias',
      'Échanger avec un chef de projet',
    ],
  },
  medical: {
    hosts: ['Cabinet médical {nom}', 'Maison de santé {de_commune}', 'Centre de radiologie {nom}'],
    titles: ['Découverte des métiers de la médecine', 'Observation dans une maison de santé'],
    intros: [
      '{host} regroupe médecins et professionnels de santé {a_commune}.',
      'Venez découvrir l’organisation d’un lieu de soins et les métiers qui s’y côtoient, dans le respect du secret médical.',
    ],
    activities: [
      'Observer l’accueil et le secrétariat médical',
      'Découvrir l’organisation des consultations',
      'Comprendre le secret médical',
      'Assister à une réunion de coordination',
      'Échanger avec un médecin sur ses études',
    ],
  },
  paramedical: {
    hosts: [
      'Cabinet de kinésithérapie {nom}',
      'Pharmacie {nom}',
      'Cabinet infirmier {nom}',
      'Laboratoire d’analyses {de_commune}',
      'Cabinet d’orthophonie {nom}',
    ],
    titles: [
      'Découverte des métiers paramédicaux',
      'Observation en cabinet de kinésithérapie',
      'Une semaine en pharmacie',
      'Les métiers du soin au quotidien',
    ],
    intros: [
      '{host} accueille des patients {a_commune} et vous fait découvrir les métiers du soin.',
      'Venez observer le quotidien de professionnels paramédicaux, dans le respect de la confidentialité des patients.',
    ],
    activities: [
      'Observer l’accueil des patients',
      'Découvrir la préparation des ordonnances (sans manipuler)',
      'Comprendre le secret professionnel',
      'Assister à l’organisation des rendez-vous',
      'Échanger avec un professionnel sur ses études',
    ],
  },
  social: {
    hosts: [
      'Association d’aide à domicile {de_commune}',
      'Centre social {de_commune}',
      'EHPAD {nom}',
      'Maison d’enfants {nom}',
      'Association {nom} Solidarité',
    ],
    titles: [
      'Découverte des métiers du social',
      'Observation dans une structure d’accompagnement',
      'Aider et accompagner : une semaine dans le social',
      'Les métiers de l’animation et de l’accompagnement',
    ],
    intros: [
      '{host} accompagne des personnes âgées, des familles ou des jeunes {a_commune}.',
      'Venez découvrir des métiers humains, au service des autres : éducateur, animateur, aide-soignant, travailleur social.',
    ],
    activities: [
      'Observer l’accueil des personnes accompagnées',
      'Participer en observateur à une animation',
      'Découvrir le travail en équipe pluridisciplinaire',
      'Comprendre la confidentialité et le respect des personnes',
      'Échanger avec une éducatrice sur son parcours',
    ],
  },
  sport: {
    hosts: [
      'Club nautique {de_commune}',
      'Salle de sport {nom}',
      'Club de football {de_commune}',
      'Centre équestre {nom}',
    ],
    titles: [
      'Découverte des métiers du sport',
      'Observation dans un club sportif',
      'Animer et encadrer : les métiers du sport',
    ],
    intros: [
      '{host} accueille des sportifs de tous âges {a_commune}.',
      'Venez découvrir les coulisses d’une structure sportive : encadrement, organisation, accueil.',
    ],
    activities: [
      'Observer des séances d’entraînement',
      'Découvrir l’organisation d’une compétition',
      'Assister à l’accueil des adhérents',
      'Comprendre les règles de sécurité des activités',
      'Échanger avec un éducateur sportif',
    ],
  },
  agriculture: {
    hosts: [
      'EARL {nom}',
      'GAEC {nom}',
      'Ferme maraîchère {nom}',
      'Exploitation laitière {nom}',
      'Pépinière {nom}',
    ],
    titles: [
      'Découverte des métiers de l’agriculture',
      'Une semaine dans une exploitation agricole',
      'Observation dans une ferme',
    ],
    intros: [
      '{host} est une exploitation agricole {a_commune} : élevage, cultures et vente directe.',
      'Venez découvrir le quotidien d’agriculteurs bretons, au rythme des saisons et des animaux.',
    ],
    activities: [
      'Observer les soins aux animaux',
      'Découvrir le suivi des cultures',
      'Assister à la vente directe',
      'Comprendre les règles de sécurité autour des machines',
      'Échanger avec l’exploitant sur son installation',
    ],
  },
  'filiere-bois': {
    hosts: ['Scierie {nom}', 'Ébénisterie {nom}', 'Exploitation forestière {nom}'],
    titles: ['Découverte des métiers du bois', 'Observation dans une scierie', 'De la forêt à l’atelier'],
    intros: [
      '{host} travaille le bois de Bretagne, de la forêt à l’atelier.',
      'Venez découvrir une filière d’avenir, entre gestion forestière et savoir-faire artisanal.',
    ],
    activities: [
      'Observer le tri et le séchage des bois',
      'Découvrir la fabrication d’un meuble',
      'Comprendre la gestion durable des forêts',
      'Assister à un contrôle qualité',
      'Échanger avec un ébéniste',
    ],
  },
  'architecture-urbanisme-et-paysage': {
    hosts: [
      'Cabinet d’architecture {nom}',
      'Paysagiste {nom}',
      '{nom} Architectes associés',
      'Bureau d’études urbanisme {nom}',
    ],
    titles: [
      'Découverte des métiers de l’architecture',
      'Observation dans une agence d’architecture',
      'Concevoir les espaces : architecture et paysage',
    ],
    intros: [
      '{host} conçoit des maisons, des équipements publics et des aménagements paysagers.',
      'Venez découvrir comment un projet naît d’une esquisse et devient un bâtiment ou un jardin.',
    ],
    activities: [
      'Observer la réalisation d’une esquisse',
      'Découvrir la modélisation en 3D',
      'Assister à une réunion avec un client',
      'Visiter un chantier en cours (à distance des zones dangereuses)',
      'Échanger avec une architecte sur ses études',
    ],
  },
  'armee-defense': {
    hosts: ['Entreprise de défense {nom}', '{nom} Systèmes de défense'],
    titles: ['Découverte des métiers de la défense', 'Observation au sein des armées'],
    intros: [
      '{host} vous fait découvrir les métiers de la défense, civils et militaires.',
      'Venez découvrir la diversité des métiers au service de la défense du pays.',
    ],
    activities: [
      'Découvrir l’organisation d’une unité',
      'Observer les métiers techniques et logistiques',
      'Assister à une présentation des parcours de recrutement',
      'Comprendre les règles de sécurité du site',
      'Échanger avec des militaires sur leurs parcours',
    ],
  },
  securite: {
    hosts: ['{nom} Sécurité privée', 'Société de télésurveillance {nom}'],
    titles: ['Découverte des métiers de la sécurité', 'Observation dans une entreprise de sécurité'],
    intros: [
      '{host} assure la protection de sites et d’événements dans la région.',
      'Venez découvrir des métiers de prévention et de protection des personnes et des biens.',
    ],
    activities: [
      'Observer le fonctionnement d’un poste de télésurveillance',
      'Découvrir la préparation d’un événement',
      'Comprendre la prévention des risques',
      'Assister à une formation aux premiers secours (en observateur)',
      'Échanger avec un agent sur son métier',
    ],
  },
  'art-et-design': {
    hosts: ['Studio de design {nom}', 'Atelier {nom} Design graphique'],
    titles: ['Découverte des métiers du design', 'Observation dans un studio de design'],
    intros: [
      '{host} conçoit des objets, des espaces et des identités visuelles.',
      'Venez découvrir comment une idée devient un objet ou une image, du croquis au prototype.',
    ],
    activities: [
      'Observer une séance de recherche graphique',
      'Découvrir la fabrication d’un prototype',
      'Assister à une présentation à un client',
      'Comprendre les outils de création numérique',
      'Échanger avec un designer sur son parcours',
    ],
  },
  'artisanat-d-art': {
    hosts: ['Atelier de poterie {nom}', 'Verrerie d’art {nom}', 'Atelier de reliure {nom}'],
    titles: ['Découverte de l’artisanat d’art', 'Observation dans un atelier d’art'],
    intros: [
      '{host} crée des pièces uniques {a_commune} et les vend en atelier et sur les marchés.',
      'Venez découvrir un savoir-faire rare et le quotidien d’un artisan d’art.',
    ],
    activities: [
      'Observer les étapes de fabrication d’une pièce',
      'Découvrir les outils et les matériaux',
      'Assister à la vente en atelier',
      'Comprendre la gestion d’une petite entreprise',
      'Échanger avec l’artisan sur son parcours',
    ],
  },
  'arts-du-spectacle': {
    hosts: ['Compagnie de théâtre {nom}', 'Salle de spectacles {de_commune}', 'Compagnie {nom} Danse'],
    titles: ['Découverte des métiers du spectacle', 'Dans les coulisses d’une salle de spectacles'],
    intros: [
      '{host} crée et diffuse des spectacles vivants en Bretagne.',
      'Venez découvrir les métiers artistiques et techniques qui font vivre une scène.',
    ],
    activities: [
      'Assister à une répétition',
      'Observer le montage technique (lumière, son)',
      'Découvrir la billetterie et la communication',
      'Comprendre la sécurité en salle',
      'Échanger avec les artistes sur leurs parcours',
    ],
  },
  'culture-et-patrimoine': {
    hosts: ['Association de sauvegarde du patrimoine {de_commune}', 'Galerie {nom}', 'Écomusée {de_commune}'],
    titles: [
      'Découverte des métiers de la culture',
      'Observation dans un lieu patrimonial',
      'Faire vivre le patrimoine : une semaine au musée',
    ],
    intros: [
      '{host} conserve et fait découvrir le patrimoine {de_commune} et de sa région.',
      'Venez découvrir les métiers de la médiation, de la conservation et de l’accueil des publics.',
    ],
    activities: [
      'Observer l’accueil des visiteurs',
      'Découvrir la préparation d’une exposition',
      'Assister à une visite guidée',
      'Comprendre la conservation des collections',
      'Échanger avec une médiatrice culturelle',
    ],
  },
  'fonction-publique': {
    hosts: ['Syndicat intercommunal {de_commune}', 'Centre de gestion de la fonction publique territoriale'],
    titles: [
      'Découverte des métiers de la fonction publique',
      'Observation dans un service public',
      'Au service des usagers : une semaine dans l’administration',
    ],
    intros: [
      '{host} rend chaque jour des services aux habitants {de_commune} et des environs.',
      'Venez découvrir l’organisation d’une administration et la diversité de ses métiers.',
    ],
    activities: [
      'Observer l’accueil des usagers',
      'Découvrir le traitement d’un dossier administratif',
      'Assister à une réunion de service',
      'Comprendre le fonctionnement des institutions',
      'Échanger avec des agents sur leurs concours et parcours',
    ],
  },
  sante: {
    hosts: [
      'Clinique {nom}',
      'Centre de santé {de_commune}',
      'Cabinet dentaire {nom}',
      'Clinique vétérinaire {nom}',
    ],
    titles: [
      'Découverte des métiers de la santé',
      'Observation dans un établissement de santé',
      'Soigner et accompagner : les métiers de la santé',
    ],
    intros: [
      '{host} accueille des patients {a_commune}. Vous découvrirez la diversité des métiers du soin et de l’accompagnement.',
      'Venez observer le fonctionnement d’un lieu de soins, dans le respect du secret médical et de la dignité des patients.',
    ],
    activities: [
      'Observer l’accueil et l’orientation des patients',
      'Découvrir l’organisation d’un service',
      'Comprendre l’hygiène et la prévention des infections',
      'Assister à une transmission d’équipe',
      'Échanger avec une infirmière sur ses études',
    ],
  },
  'bien-etre': {
    hosts: ['Salon de coiffure {nom}', 'Institut de beauté {nom}', 'Spa {nom}'],
    titles: [
      'Découverte des métiers du bien-être',
      'Observation dans un salon de coiffure',
      'Une semaine en institut de beauté',
    ],
    intros: [
      '{host} accueille ses clients {a_commune} pour des soins de coiffure et de beauté.',
      'Venez découvrir des métiers de contact et de savoir-faire.',
    ],
    activities: [
      'Observer l’accueil et le conseil aux clients',
      'Découvrir les produits et leurs précautions d’emploi',
      'Assister à la prise de rendez-vous',
      'Comprendre l’hygiène du salon',
      'Échanger avec la gérante sur son parcours',
    ],
  },
  'industrie-ingenierie-industrielle': {
    hosts: ['{nom} Industrie', 'Bureau d’ingénierie {nom}', 'Usine {nom} Emballages'],
    titles: [
      'Découverte des métiers de l’industrie',
      'Observation dans une usine',
      'Ingénierie industrielle : une semaine en entreprise',
    ],
    intros: [
      '{host} conçoit et fabrique des produits industriels sur son site {de_commune}.',
      'Venez découvrir une usine moderne, ses métiers techniques et ses enjeux de qualité et de sécurité.',
    ],
    activities: [
      'Observer une ligne de production',
      'Découvrir le bureau des méthodes',
      'Assister à une réunion qualité',
      'Comprendre la sécurité au poste de travail',
      'Échanger avec un ingénieur sur son parcours',
    ],
  },
  'immobilier-transactions-immobilieres': {
    hosts: ['Agence immobilière {nom}', '{nom} Immobilier', 'Cabinet de gestion locative {nom}'],
    titles: ['Découverte des métiers de l’immobilier', 'Observation en agence immobilière'],
    intros: [
      '{host} accompagne vendeurs, acheteurs et locataires {a_commune}.',
      'Venez découvrir la vente, la location et la gestion de biens immobiliers.',
    ],
    activities: [
      'Assister à une visite de bien',
      'Observer l’estimation d’un logement',
      'Découvrir la rédaction d’une annonce',
      'Comprendre les étapes d’une vente',
      'Échanger avec un négociateur immobilier',
    ],
  },
  'conseil-et-audit': {
    hosts: ['Cabinet de conseil {nom}', '{nom} Audit et Stratégie'],
    titles: ['Découverte des métiers du conseil', 'Observation dans un cabinet d’audit'],
    intros: [
      '{host} conseille des entreprises et des collectivités sur leur organisation.',
      'Venez découvrir comment des consultants analysent une situation et proposent des solutions.',
    ],
    activities: [
      'Assister à une réunion de cadrage',
      'Observer l’analyse de données',
      'Découvrir la préparation d’une présentation',
      'Comprendre la confidentialité des missions',
      'Échanger avec une consultante sur son parcours',
    ],
  },
  'services-postaux': {
    hosts: ['Agence postale {de_commune}', 'Plateforme de distribution du courrier {de_commune}'],
    titles: ['Découverte des métiers du courrier et du colis', 'Observation dans un service postal'],
    intros: [
      '{host} trie et distribue courrier et colis {a_commune} et dans les communes voisines.',
      'Venez découvrir l’organisation du tri et de la distribution, et les services rendus aux habitants.',
    ],
    activities: [
      'Observer le tri du courrier',
      'Découvrir la préparation des tournées',
      'Assister à l’accueil au guichet',
      'Comprendre la sécurité des envois',
      'Échanger avec un facteur sur son métier',
    ],
  },
  'metiers-d-art': {
    hosts: [
      'Atelier de restauration de meubles {nom}',
      'Atelier de vitrail {nom}',
      'Bijouterie-joaillerie {nom}',
    ],
    titles: ['Découverte des métiers d’art', 'Observation dans un atelier de restauration'],
    intros: [
      '{host} restaure et crée des pièces d’exception {a_commune}.',
      'Venez découvrir la patience et la précision des métiers d’art.',
    ],
    activities: [
      'Observer une restauration en cours',
      'Découvrir les outils traditionnels',
      'Comprendre le choix des matériaux',
      'Assister à l’accueil d’un client',
      'Échanger avec l’artisan sur sa formation',
    ],
  },
  journalisme: {
    hosts: ['Hebdomadaire local {nom}', 'Radio locale {de_commune}', 'Rédaction {nom} Presse'],
    titles: ['Découverte des métiers du journalisme', 'Observation dans une rédaction'],
    intros: [
      '{host} informe les habitants {de_commune} et de sa région chaque semaine.',
      'Venez découvrir comment se fabrique l’information, de la conférence de rédaction à la publication.',
    ],
    activities: [
      'Assister à une conférence de rédaction',
      'Accompagner un journaliste en reportage',
      'Observer la mise en page',
      'Comprendre la vérification des sources',
      'Échanger avec les journalistes sur leurs parcours',
    ],
  },
};

/** Closing sentences of descriptions. */
export const DESCRIPTION_CLOSINGS: readonly string[] = [
  'Vous serez accompagné(e) tout au long du stage par un tuteur ou une tutrice, qui répondra à vos questions.',
  'Un tuteur vous accueillera le premier jour et vous présentera l’équipe et les règles du site.',
  'Curiosité et envie d’apprendre sont les seules qualités demandées : n’hésitez pas à poser des questions !',
  'À la fin du stage, nous prendrons le temps de faire le point avec vous sur ce que vous avez découvert.',
];

/** Lunch arrangements. */
export const LUNCH_OPTIONS: readonly string[] = [
  'Repas à la charge de la famille ; pique-nique possible sur place.',
  'Accès au restaurant d’entreprise ; repas à la charge de la famille.',
  'Repas offert par l’organisme d’accueil.',
  'Pause déjeuner libre ; commerces à proximité.',
  'Restauration collective sur place (ticket à la charge de la famille).',
];

/**
 * Names of public hosts, by public-employer group of the 2025 records (and by sector where the
 * group is broad). Placeholders as above, plus {patron}, a person schools are named after.
 */
export function publicHostNames(group: string, sectorCode: string): readonly string[] {
  const g = group.toLowerCase();
  if (g.includes('éducation nationale')) {
    if (sectorCode === 'enseignement') {
      return [
        'École élémentaire publique {patron}',
        'École maternelle publique {patron}',
        'École primaire publique {de_commune}',
        'Collège {patron}',
        'Lycée {patron}',
      ];
    }
    return [
      'Collège {patron}',
      'Lycée {patron}',
      'Centre d’information et d’orientation {de_commune}',
      'Université, site {de_commune}',
    ];
  }
  if (g.includes('collectivité territoriale')) {
    if (sectorCode === 'culture-et-patrimoine' || sectorCode === 'edition-librairie-bibliotheque') {
      return ['Médiathèque municipale {de_commune}', 'Musée municipal {de_commune}'];
    }
    if (sectorCode === 'sport') return ['Service des sports de la ville {de_commune}'];
    if (sectorCode === 'environnement' || sectorCode === 'architecture-urbanisme-et-paysage') {
      return [
        'Service des espaces verts de la ville {de_commune}',
        'Service urbanisme de la ville {de_commune}',
      ];
    }
    if (sectorCode === 'social') return ['Centre communal d’action sociale {de_commune}'];
    return ['Mairie {de_commune}', 'Communauté de communes {de_commune}'];
  }
  if (g.includes('hospitalière')) return ['Centre hospitalier {de_commune}', 'EHPAD public {de_commune}'];
  if (g.includes('santé') || g.includes('solidarités')) {
    if (['sante', 'paramedical', 'medical'].includes(sectorCode)) {
      return ['Centre hospitalier {de_commune}', 'Centre de soins de suite et de réadaptation {de_commune}'];
    }
    if (sectorCode === 'social')
      return ['Direction départementale de l’emploi, du travail et des solidarités'];
    return ['France Travail, agence {de_commune}'];
  }
  if (g.includes('finances') || g.includes('économie')) {
    return ['Centre des finances publiques {de_commune}', 'Bureau des douanes {de_commune}'];
  }
  if (g.includes('intérieur')) {
    return [
      'Commissariat de police {de_commune}',
      'Brigade de gendarmerie {de_commune}',
      'Sous-préfecture {de_commune}',
    ];
  }
  if (g.includes('armées')) {
    return [
      'Base de défense {de_commune}',
      'Centre d’information et de recrutement des forces armées {de_commune}',
    ];
  }
  if (g.includes('transition écologique')) {
    return [
      'Direction départementale des territoires et de la mer, site {de_commune}',
      'Office français de la biodiversité, service départemental',
    ];
  }
  if (g.includes('agriculture'))
    return [
      'Lycée agricole public {de_commune}',
      'Direction départementale de la protection des populations',
    ];
  if (g.includes('culture')) return ['Archives départementales', 'Musée {de_commune}'];
  if (g.includes('justice')) {
    return [
      'Tribunal judiciaire {de_commune}',
      'Service pénitentiaire d’insertion et de probation {de_commune}',
    ];
  }
  if (g.includes('sports') || g.includes('jeunesse')) {
    return ['Service départemental à la jeunesse, à l’engagement et aux sports'];
  }
  if (g.includes('chambre consulaire')) {
    return [
      'Chambre de commerce et d’industrie, site {de_commune}',
      'Chambre de métiers et de l’artisanat, antenne {de_commune}',
    ];
  }
  return ['Services de l’État, site {de_commune}'];
}
