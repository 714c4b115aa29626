import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { Header } from '@codegouvfr/react-dsfr/Header/index.js';
import { Footer } from '@codegouvfr/react-dsfr/Footer.js';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks.js';
import { headerFooterDisplayItem } from '@codegouvfr/react-dsfr/Display/index.js';
import { PATHS, SITE } from '../lib/site.ts';

const brandTop = (
  <>
    République
    <br />
    Française
  </>
);

const homeLinkProps = { to: PATHS.home, title: `Accueil - ${SITE.name}` };

export const MAIN_ID = 'contenu';
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

  useEffect(() => {
    // Not on the first load (the browser starts from the top of the document), only when the
    // route changes in the page.
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    const heading = mainRef.current?.querySelector('h1');
    const target = heading ?? mainRef.current;
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
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
        quickAccessItems={[headerFooterDisplayItem]}
      />
      <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="sts-main">
        <Outlet />
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
          headerFooterDisplayItem,
        ]}
      />
      <ScrollRestoration />
    </>
  );
}
