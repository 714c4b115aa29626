import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { getJson } from '../lib/api.ts';

/** The path of the class-code activation page. */
export const ACTIVATION_PATH = '/activation';

/** French explanation of each /connexion?erreur=… code sent back by the OpenID Connect callback. */
export const SIGN_IN_ERRORS: Record<string, { title: string; description: string }> = {
  'compte-inconnu': {
    title: 'Compte inconnu',
    description:
      'Votre identité a bien été vérifiée, mais aucun compte de la plateforme ne vous correspond. Élèves et familles : votre établissement doit d’abord vous inscrire, ou activez votre compte avec le code de classe. Personnels : demandez une invitation à votre chef d’établissement.',
  },
  'consentement-refuse': {
    title: 'Connexion annulée',
    description: 'La connexion a été annulée auprès du fournisseur d’identité. Vous pouvez recommencer.',
  },
  'demande-expiree': {
    title: 'Demande de connexion expirée',
    description:
      'La demande de connexion a expiré ou a déjà servi (elle est valable 10 minutes). Recommencez depuis cette page.',
  },
  'echec-connexion': {
    title: 'La connexion a échoué',
    description:
      'Le fournisseur d’identité a renvoyé une réponse que la plateforme n’a pas pu vérifier. Recommencez ; si le problème persiste, contactez votre établissement.',
  },
  'fournisseur-indisponible': {
    title: 'Fournisseur d’identité indisponible',
    description:
      'Ce moyen de connexion n’est pas disponible pour le moment. Réessayez plus tard, ou utilisez un autre moyen de connexion.',
  },
};

const UNKNOWN_ERROR = {
  title: 'La connexion a échoué',
  description: 'Recommencez depuis cette page.',
};

/**
 * On the sign-in page: the ÉduConnect and ProConnect buttons (only for the configured providers),
 * the link to the class-code activation, and the message of a failed OpenID Connect sign-in.
 */
export function IdentityProviders() {
  const [params] = useSearchParams();
  const code = params.get('erreur');
  const error = code === null ? null : (SIGN_IN_ERRORS[code] ?? UNKNOWN_ERROR);
  const providers = useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: ({ signal }) =>
      getJson<{ educonnect: boolean; proconnect: boolean }>('/api/auth/providers', signal),
    staleTime: 5 * 60_000,
  });
  const next = params.get('next') ?? '/compte';
  const start = (provider: string) => `/api/auth/oidc/${provider}/start?next=${encodeURIComponent(next)}`;

  return (
    <>
      {error && (
        <Alert
          className="fr-mb-4w"
          severity="error"
          role="alert"
          title={error.title}
          description={error.description}
        />
      )}
      {providers.data && (providers.data.educonnect || providers.data.proconnect) && (
        <section className="fr-mb-6w" aria-labelledby="fournisseurs-titre">
          <h2 id="fournisseurs-titre" className="fr-h4">
            Avec votre compte de l’Éducation nationale
          </h2>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            {providers.data.educonnect && (
              <li>
                <a className="fr-btn" href={start('educonnect')} data-testid="oidc-educonnect">
                  Élèves et familles : Se connecter avec ÉduConnect
                </a>
              </li>
            )}
            {providers.data.proconnect && (
              <li>
                <a
                  className="fr-btn fr-btn--secondary"
                  href={start('proconnect')}
                  data-testid="oidc-proconnect"
                >
                  Personnels : Se connecter avec ProConnect
                </a>
              </li>
            )}
          </ul>
        </section>
      )}
      <p className="fr-mb-4w">
        Élève ou représentant légal, vous avez reçu un code de classe ?{' '}
        <Link to={ACTIVATION_PATH}>Activer mon compte avec le code de classe</Link>
      </p>
    </>
  );
}
