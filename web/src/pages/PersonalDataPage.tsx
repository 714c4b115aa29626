import { ContentPage, PostalAddress } from '../components/ContentPage.tsx';
import { SITE } from '../lib/site.ts';

/** Données personnelles: the information due under articles 13 and 14 of the GDPR. */
export function PersonalDataPage() {
  return (
    <ContentPage
      title="Données personnelles"
      lead="Les élèves de seconde sont pour la plupart mineurs. Le service ne collecte que les données nécessaires à l’organisation des stages et à l’établissement des conventions, et les anonymise à la fin de chaque campagne."
    >
      <h2>Responsable du traitement</h2>
      <p>
        Le responsable du traitement est le recteur de l’{SITE.academy}, pour la plateforme « {SITE.name} »
        opérée pour l’académie.
      </p>

      <h2>À quoi servent les données</h2>
      <ul>
        <li>publier et rechercher des offres de stage d’observation ;</li>
        <li>permettre aux élèves de candidater et aux organismes d’accueil de répondre ;</li>
        <li>établir, compléter et signer électroniquement la convention de stage de chaque élève ;</li>
        <li>
          permettre aux lycées de suivre leurs élèves (stage trouvé, convention signée, dispense, accueil au
          lycée) ;
        </li>
        <li>
          produire des indicateurs statistiques agrégés, sans donnée personnelle, pour le pilotage de la
          campagne par les services départementaux et académiques.
        </li>
      </ul>
      <p>Aucune donnée n’est utilisée à des fins commerciales, ni cédée à des tiers.</p>

      <h2>Base légale</h2>
      <p>
        Le traitement est nécessaire à l’exécution d’une mission d’intérêt public (article 6, paragraphe 1,
        point e) du règlement général sur la protection des données, RGPD) : l’organisation de la séquence
        d’observation en milieu professionnel obligatoire en classe de seconde générale et technologique,
        prévue par le code de l’éducation (articles D. 331-1 à D. 331-9 et D. 333-3-1) et l’arrêté du 29
        novembre 2023.
      </p>

      <h2>Données collectées</h2>
      <div className="fr-table fr-table--multiline">
        <div className="fr-table__wrapper">
          <div className="fr-table__container">
            <div className="fr-table__content">
              <table>
                <caption>Données personnelles traitées, par catégorie de personnes</caption>
                <thead>
                  <tr>
                    <th scope="col">Personnes</th>
                    <th scope="col">Données</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">Élèves</th>
                    <td>
                      nom, prénom, date de naissance, lycée et classe, adresse électronique, commune de
                      résidence (pour rechercher des offres à proximité), candidatures et messages de
                      motivation, existence d’un projet d’accueil individualisé (oui ou non, sans aucun détail
                      médical), stage et convention, dispense éventuelle et son motif
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Représentants légaux</th>
                    <td>
                      nom, prénom, adresse électronique, numéro de téléphone, signature de la convention
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Personnels des établissements et des services académiques</th>
                    <td>nom, prénom, fonction, adresse électronique et téléphone professionnels</td>
                  </tr>
                  <tr>
                    <th scope="row">Organismes d’accueil, représentants et tuteurs</th>
                    <td>
                      nom, prénom, fonction, adresse électronique et téléphone professionnels ; pour
                      l’organisme : raison sociale, numéro SIRET, adresse du lieu de stage
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Tous les signataires</th>
                    <td>
                      preuves de signature : identité, date et heure, adresse IP, navigateur utilisé,
                      empreinte du document signé
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      <p>
        Les comptes des élèves et des personnels sont créés par leur établissement ou leur service ; les
        organismes d’accueil créent eux-mêmes leur compte. Chaque consultation de données personnelles par un
        personnel est journalisée.
      </p>

      <h2>Qui peut voir les données</h2>
      <ul>
        <li>l’élève et ses représentants légaux : sa candidature, sa convention ;</li>
        <li>
          l’organisme d’accueil : les candidatures reçues pour ses offres et les conventions des élèves qu’il
          accueille ;
        </li>
        <li>
          le lycée de l’élève (chef d’établissement, professeurs référents, personnels habilités) : ses
          propres élèves ;
        </li>
        <li>
          les services départementaux et académiques : des indicateurs agrégés et, pour les besoins du suivi,
          les données des élèves de leur seul territoire ;
        </li>
        <li>les administrateurs de la plateforme, pour l’assistance et la modération.</li>
      </ul>
      <p>Les données sont hébergées en France et ne sont pas transférées hors de l’Union européenne.</p>

      <h2>Durée de conservation</h2>
      <p>
        Les données personnelles sont conservées le temps de la campagne de stages de l’année scolaire. À la
        clôture de la campagne, après la période de stage, elles sont anonymisées : seuls des indicateurs
        statistiques agrégés sont conservés. Chaque signataire reçoit la convention signée au format PDF,
        scellée par la plateforme, qu’il conserve selon ses propres obligations.
      </p>

      <h2>Vos droits</h2>
      <p>
        Vous disposez d’un droit d’accès, de rectification et de limitation du traitement de vos données,
        ainsi que d’un droit d’opposition dans les conditions de l’article 21 du RGPD. Un élève mineur peut
        exercer ces droits lui-même ou par l’intermédiaire de ses représentants légaux. Vous pouvez aussi
        demander une copie de vos données.
      </p>
      <p>
        Pour exercer vos droits ou pour toute question sur le traitement de vos données, contactez le délégué
        à la protection des données (DPO) de l’{SITE.academy} :
      </p>
      <ul>
        <li>
          par courriel : <a href={`mailto:${SITE.dpo.email}`}>{SITE.dpo.email}</a>
        </li>
        <li>
          par courrier :
          <PostalAddress lines={SITE.dpo.address} />
        </li>
      </ul>
      <p>
        Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez
        adresser une réclamation à la Commission nationale de l’informatique et des libertés (CNIL) :{' '}
        <a
          href="https://www.cnil.fr/fr/plaintes"
          target="_blank"
          rel="noopener noreferrer"
          title="www.cnil.fr/fr/plaintes - nouvelle fenêtre"
        >
          www.cnil.fr/fr/plaintes
        </a>
        .
      </p>

      <h2>Cookies</h2>
      <p>
        Le service n’utilise aucun outil de mesure d’audience ni cookie publicitaire. Seul un cookie de
        session, indispensable à la connexion, est déposé ; votre choix de thème d’affichage est enregistré
        dans votre navigateur.
      </p>
    </ContentPage>
  );
}
