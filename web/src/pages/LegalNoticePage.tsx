import { Link } from 'react-router';
import { ContentPage, PostalAddress } from '../components/ContentPage.tsx';
import { PATHS, SITE } from '../lib/site.ts';

/** Mentions légales (loi n° 2004-575 du 21 juin 2004 pour la confiance dans l’économie numérique, art. 6). */
export function LegalNoticePage() {
  return (
    <ContentPage title="Mentions légales">
      <h2>Éditeur</h2>
      <p>
        Le service « {SITE.name} » est la plateforme des stages d’observation des élèves de seconde générale
        et technologique, opérée pour l’{SITE.academy}. Il est édité par :
      </p>
      <PostalAddress lines={[SITE.publisher.name, ...SITE.publisher.address]} />
      <p>
        Site de l’académie :{' '}
        <a
          href={SITE.publisher.website}
          target="_blank"
          rel="noopener noreferrer"
          title="www.ac-rennes.fr - nouvelle fenêtre"
        >
          www.ac-rennes.fr
        </a>
      </p>

      <h2>Directeur de la publication</h2>
      <p>Le directeur de la publication est {SITE.publisher.director}.</p>

      <h2>Hébergement</h2>
      <p>Le service est hébergé par :</p>
      <PostalAddress lines={[SITE.hosting.name, ...SITE.hosting.address, SITE.hosting.country]} />
      <p>Les données sont stockées en France.</p>

      <h2>Objet du service</h2>
      <p>
        Tous les élèves de seconde générale et technologique accomplissent une séquence d’observation en
        milieu professionnel de deux semaines, en juin (article D. 333-3-1 du code de l’éducation, arrêté du
        29 novembre 2023). Le service permet aux organismes d’accueil de publier des offres de stage, aux
        élèves de les trouver et d’y candidater, et aux établissements de suivre leurs élèves, d’établir et de
        signer les conventions de stage.
      </p>

      <h2>Propriété intellectuelle et réutilisation</h2>
      <p>
        Sauf mention contraire, les contenus éditoriaux de ce site sont publiés sous{' '}
        <a
          href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
          target="_blank"
          rel="noopener noreferrer"
          title="Licence ouverte Etalab 2.0 - nouvelle fenêtre"
        >
          licence ouverte Etalab 2.0
        </a>
        : vous pouvez les réutiliser en citant leur source. Le bloc-marque « République française », la
        Marianne et la typographie Marianne sont la propriété de l’État ; leur usage est réservé aux services
        de l’État et ne peut être repris.
      </p>
      <p>Le code source de la plateforme est un logiciel libre, publié sous licence MIT.</p>

      <h2>Liens vers ce site</h2>
      <p>
        Tout site public ou privé peut faire un lien vers ce service sans autorisation préalable, à condition
        que les pages ne soient pas imbriquées dans celles d’un autre site et que leur origine soit clairement
        indiquée.
      </p>

      <h2>Cookies et stockage local</h2>
      <p>
        Ce service ne dépose aucun cookie de mesure d’audience ni de publicité. Il utilise uniquement un
        cookie de session, strictement nécessaire à la connexion des utilisateurs, et enregistre dans votre
        navigateur votre choix de thème d’affichage (clair, sombre ou système). Ces traceurs sont exemptés de
        consentement.
      </p>

      <h2>Données personnelles et accessibilité</h2>
      <p>
        Le traitement des données personnelles est décrit dans la page{' '}
        <Link to={PATHS.personalData}>Données personnelles</Link>. L’état de conformité du service au
        référentiel général d’amélioration de l’accessibilité (RGAA) est décrit dans la{' '}
        <Link to={PATHS.accessibility}>déclaration d’accessibilité</Link>.
      </p>

      <h2>Limitation de responsabilité</h2>
      <p>
        Les offres de stage sont publiées sous la responsabilité des organismes d’accueil qui les déposent.
        Toute personne peut signaler une offre inappropriée depuis la page de l’offre ; les offres signalées
        sont examinées par les équipes de modération et retirées si nécessaire.
      </p>
    </ContentPage>
  );
}
