import { Link } from 'react-router';
import { ContentPage } from '../components/ContentPage.tsx';
import { PATHS } from '../lib/site.ts';

/** Plan du site (RGAA 12.1: a second way to reach every page). */
export function SiteMapPage() {
  return (
    <ContentPage title="Plan du site">
      <ul>
        <li>
          <Link to={PATHS.home}>Accueil : le service, la campagne en cours et ses chiffres</Link>
        </li>
        <li>
          <Link to="/offres">Trouver un stage : rechercher des offres, en liste ou sur une carte</Link>, puis
          la page de chaque offre
        </li>
        <li>
          <Link to="/candidatures">Mes candidatures</Link> : suivre ses candidatures, confirmer un stage, se
          désister (élèves)
        </li>
        <li>
          <Link to={PATHS.signIn}>Se connecter</Link>
        </li>
        <li>
          <Link to={PATHS.account}>Mon compte</Link> (après connexion)
        </li>
        <li>
          <Link to="/validation-des-offres">Offres à valider</Link> (inspecteurs de l’Éducation nationale)
        </li>
        <li>
          <Link to="/moderation">Modération des offres</Link> (administrateurs et rectorat)
        </li>
        <li>
          <Link to="/modeles-de-convention">Modèles de convention</Link> : charger, prévisualiser et publier
          le texte des conventions de l’académie (rectorat)
        </li>
        <li>
          <Link to="/organisme/candidatures">Candidatures reçues</Link> : répondre aux élèves, seul ou par
          lot, annuler un stage (organismes d’accueil)
        </li>
        <li>
          <Link to="/organisme/membres">Membres de l’organisme</Link> : inviter un collègue, retirer un membre
          (organismes d’accueil)
        </li>
        <li>
          <Link to="/conventions">Conventions de stage</Link> : compléter, valider et signer les conventions
          (élèves, représentants légaux, organismes d’accueil, lycées)
        </li>
        <li>
          <Link to="/pilotage">Pilotage</Link> : la part des élèves placés et les indicateurs de la campagne
          par académie, département, bassin, lycée et classe, la carte des places par élève et la liste des
          élèves sans stage (chefs d’établissement, professeurs référents, IEN, services départementaux,
          rectorat)
        </li>
        <li>
          <Link to="/verifier">Vérifier une convention</Link> : l’authenticité d’une convention signée, par
          son fichier PDF ou sa référence
        </li>
        <li>
          <Link to={PATHS.accessibility}>Accessibilité</Link>
        </li>
        <li>
          <Link to={PATHS.legalNotice}>Mentions légales</Link>
        </li>
        <li>
          <Link to={PATHS.personalData}>Données personnelles</Link>
        </li>
        <li>
          <Link to={PATHS.siteMap}>Plan du site</Link>
        </li>
      </ul>
    </ContentPage>
  );
}
