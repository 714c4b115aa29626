import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { Header } from '@codegouvfr/react-dsfr/Header/index.js';
import { Footer } from '@codegouvfr/react-dsfr/Footer.js';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks.js';
import { headerFooterDisplayItem } from '@codegouvfr/react-dsfr/Display/index.js';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { focusPageHeading, MAIN_ID } from '../lib/focus.ts';
import { PATHS, SITE } from '../lib/site.ts';
import { useSession } from '../lib/session.ts';
import { useAccountHeaderItems } from './accountHeaderItems.tsx';
import { navigationFor } from './navigation.ts';
import type { LayoutContext, Notice } from './notice.ts';

const brandTop = (
  <>
    République
    <br />
    Française
  </>
);

const homeLinkProps = { to: PATHS.home, title: `Accueil - ${SITE.name}` };

export const FOOTER_ID = 'pied-de-page';

/**
 * Frame of every page: skip links, DSFR header, the page in <main>, DSFR footer with the
 * mandatory links (accessibility, legal notice, personal data). After a client-side navigation,
 * focus goes to the new page's <h1> so that screen-reader and keyboard users start from there.
 */
export function Layout() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const previousPathname = useRef(pathname);
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback((next: Notice) => setNotice(next), []);
  const outletContext = useMemo<LayoutContext>(() => ({ notify }), [notify]);
  const accountItems = useAccountHeaderItems(notify);
  const session = useSession();
  const role = session.data?.authenticated ? session.data.role : undefined;
  const navigation = navigationFor(role).map((entry) => ({
    text: entry.text,
    linkProps: { to: entry.to },
    isActive: pathname === entry.to || pathname.startsWith(`${entry.to}/`),
  }));

  useEffect(() => {
    // Not on the first load (the browser starts from the top of the document), only when the
    // route changes in the page.
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    setNotice((current) => (current && current.path !== pathname ? null : current));
    focusPageHeading(mainRef.current);
  }, [pathname]);

  return (
    <>
      <SkipLinks
        links={[
          { label: 'Contenu', anchor: `#${MAIN_ID}` },
          { label: 'Pied de page', anchor: `#${FOOTER_ID}` },
        ]}
      />
      <Header
        brandTop={brandTop}
        serviceTitle={SITE.name}
        serviceTagline={SITE.tagline}
        homeLinkProps={homeLinkProps}
        // display settings stay in the footer: with the account items, the header would squeeze the
        // République Française block (DSFR allows three quick-access items)
        quickAccessItems={accountItems}
        navigation={navigation.length > 0 ? navigation : undefined}
      />
      <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="sts-main">
        {notice && notice.path === pathname && (
          <div className="fr-container fr-mt-3w">
            <Alert
              severity={notice.severity}
              small
              role={notice.severity === 'error' ? 'alert' : 'status'}
              description={notice.text}
              closable
              onClose={() => setNotice(null)}
            />
          </div>
        )}
        <Outlet context={outletContext} />
      </main>
      <Footer
        id={FOOTER_ID}
        brandTop={brandTop}
        homeLinkProps={homeLinkProps}
        accessibility="non compliant"
        accessibilityLinkProps={{ to: PATHS.accessibility }}
        termsLinkProps={{ to: PATHS.legalNotice }}
        websiteMapLinkProps={{ to: PATHS.siteMap }}
        contentDescription={`${SITE.name} : la plateforme des stages d’observation des élèves de seconde générale et technologique, opérée pour l’${SITE.academy}. Offres des organismes d’accueil, candidatures des élèves, conventions de stage et suivi par les établissements.`}
        bottomItems={[
          { text: 'Données personnelles', linkProps: { to: PATHS.personalData } },
          { text: 'Vérifier une convention', linkProps: { to: '/verifier' } },
          headerFooterDisplayItem,
        ]}
      />
      <ScrollRestoration />
    </>
  );
}
