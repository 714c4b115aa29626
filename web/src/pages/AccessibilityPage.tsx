import { ContentPage, PostalAddress } from '../components/ContentPage.tsx';
import { formatDate } from '../lib/format.ts';
import { SITE } from '../lib/site.ts';

/** Déclaration d’accessibilité, in the format of the RGAA 4.1 model statement. */
export function AccessibilityPage() {
  const siteUrl = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <ContentPage title="Déclaration d’accessibilité">
      <p>
        Le {SITE.publisher.name.charAt(0).toLowerCase() + SITE.publisher.name.slice(1)} s’engage à rendre ses
        services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
      </p>
      <p>
        Cette déclaration d’accessibilité s’applique au service « {SITE.name} »{siteUrl && ` (${siteUrl})`}.
      </p>

      <h2>État de conformité</h2>
      <p>
        Le service « {SITE.name} » est <strong>non conforme</strong> avec le RGAA 4.1.2 (référentiel général
        d’amélioration de l’accessibilité). Le service n’a encore pas été audité.
      </p>

      <h2>Résultats des tests</h2>
      <p>
        Aucun audit de conformité n’a encore été réalisé : le taux de conformité aux critères du RGAA n’est
        donc pas connu. Un audit sera mené avant l’ouverture du service aux élèves et cette déclaration sera
        alors mise à jour.
      </p>
      <p>En attendant, le service est conçu et vérifié ainsi :</p>
      <ul>
        <li>
          il utilise les composants du système de design de l’État (DSFR), conçus pour être accessibles ;
        </li>
        <li>
          chaque page est vérifiée automatiquement à chaque modification du code (outil axe-core, critères
          WCAG 2.1 de niveaux A et AA) ;
        </li>
        <li>
          les graphiques sont accompagnés de leurs données sous forme de tableau, et toutes les fonctions sont
          utilisables au clavier.
        </li>
      </ul>

      <h2>Contenus non accessibles</h2>
      <p>
        En l’absence d’audit, la liste des contenus non accessibles n’est pas encore établie. Si vous
        rencontrez une difficulté, signalez-la (voir ci-dessous) : elle sera corrigée ou une alternative vous
        sera proposée.
      </p>

      <h2>Établissement de cette déclaration d’accessibilité</h2>
      <p>
        Cette déclaration a été établie le{' '}
        {formatDate(SITE.accessibilityStatementDate, { withWeekday: false })}.
      </p>
      <h3>Technologies utilisées pour la réalisation du service</h3>
      <ul>
        <li>HTML5</li>
        <li>CSS</li>
        <li>JavaScript (React)</li>
        <li>WAI-ARIA</li>
      </ul>
      <h3>Environnement de test</h3>
      <p>
        Les vérifications automatiques sont faites avec le navigateur Chromium et l’outil axe-core. Les tests
        avec les technologies d’assistance (lecteurs d’écran NVDA, JAWS, VoiceOver) seront décrits à l’issue
        de l’audit.
      </p>

      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le responsable du
        service pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme :
      </p>
      <ul>
        <li>
          par courrier :
          <PostalAddress
            lines={[`${SITE.publisher.name} – service « ${SITE.name} »`, ...SITE.publisher.address]}
          />
        </li>
      </ul>
      <p>
        Les élèves et leurs familles peuvent aussi s’adresser au lycée de l’élève, qui transmettra la demande.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé au responsable du service un défaut d’accessibilité qui vous empêche d’accéder à
        un contenu ou à l’une de ses fonctions, et que vous n’avez pas obtenu de réponse satisfaisante, vous
        pouvez saisir le Défenseur des droits :
      </p>
      <ul>
        <li>
          en lui écrivant par le{' '}
          <a
            href="https://formulaire.defenseurdesdroits.fr/"
            target="_blank"
            rel="noopener noreferrer"
            title="formulaire en ligne du Défenseur des droits - nouvelle fenêtre"
          >
            formulaire en ligne
          </a>{' '}
          ;
        </li>
        <li>
          en contactant{' '}
          <a
            href="https://www.defenseurdesdroits.fr/carte-des-delegues"
            target="_blank"
            rel="noopener noreferrer"
            title="les délégués du Défenseur des droits dans votre région - nouvelle fenêtre"
          >
            le délégué du Défenseur des droits dans votre région
          </a>{' '}
          ;
        </li>
        <li>
          en envoyant un courrier par la poste (gratuit, ne pas mettre de timbre) :
          <PostalAddress lines={['Défenseur des droits', 'Libre réponse 71120', '75342 Paris CEDEX 07']} />
        </li>
      </ul>
    </ContentPage>
  );
}
