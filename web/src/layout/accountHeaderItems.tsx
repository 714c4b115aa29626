import type { HeaderProps } from '@codegouvfr/react-dsfr/Header/index.js';
import { useLocation, useNavigate } from 'react-router';
import { focusPageHeading } from '../lib/focus.ts';
import { fullName, useSession, useSignOut } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import { API_KEYS_PATH } from '../school/ApiKeysPage.tsx';
import { SCHOOL_PATHS } from '../school/SchoolPages.tsx';
import type { LayoutContext } from './notice.ts';

type QuickAccessItems = NonNullable<HeaderProps['quickAccessItems']>;

/**
 * The header's account items: "Se connecter" for a visitor; for a signed-in user, their name and
 * role, "Mon compte" and "Se déconnecter" (then the home page, with a notice). Nothing while the
 * session is loading, so that "Se connecter" does not flash before the user's name.
 */
export function useAccountHeaderItems(notify: LayoutContext['notify']): QuickAccessItems {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  if (session.isPending) return [];

  if (!session.data?.authenticated) {
    return [{ iconId: 'fr-icon-lock-line', text: 'Se connecter', linkProps: { to: PATHS.signIn } }];
  }

  const onSignOut = () => {
    if (signOut.isPending) return;
    signOut.mutate(undefined, {
      onSuccess: () => {
        notify({
          severity: 'success',
          text: 'Déconnexion effectuée : votre session est fermée.',
          path: PATHS.home,
        });
        if (pathname === PATHS.home) focusPageHeading();
        else void navigate(PATHS.home);
      },
      onError: (error) =>
        notify({ severity: 'error', text: `La déconnexion a échoué. ${error.message}`, path: pathname }),
    });
  };

  return [
    <p className="sts-header-user">
      <span className="fr-sr-only">Session ouverte : </span>
      <span className="sts-header-user__name">{fullName(session.data)}</span>
      <span className="fr-sr-only">, </span>
      <span className="sts-header-user__role">{session.data.roleLabel}</span>
    </p>,
    { iconId: 'fr-icon-account-circle-line', text: 'Mon compte', linkProps: { to: PATHS.account } },
    ...(session.data.role === 'school_head' || session.data.role === 'school_staff'
      ? [
          {
            iconId: 'fr-icon-building-line' as const,
            text: 'Mon établissement',
            linkProps: { to: SCHOOL_PATHS.students },
          },
        ]
      : []),
    ...(session.data.role === 'host_member'
      ? [{ iconId: 'ri-key-2-line' as const, text: 'Clés d’API', linkProps: { to: API_KEYS_PATH } }]
      : []),
    ...(session.data.role === 'admin'
      ? [{ iconId: 'fr-icon-mail-line' as const, text: 'Boîte d’envoi', linkProps: { to: PATHS.outbox } }]
      : []),
    {
      iconId: 'fr-icon-logout-box-r-line',
      text: signOut.isPending ? 'Déconnexion…' : 'Se déconnecter',
      buttonProps: { type: 'button', onClick: onSignOut, 'aria-busy': signOut.isPending },
    },
  ];
}
