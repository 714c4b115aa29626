/**
 * What the steering pages share: the check that the visitor's role steers something, the scope
 * read from the address (or the viewer's landing scope), the breadcrumb, the export links and the
 * French alerts of a failed load.
 */
import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import type { Role } from '../../../src/domain/permissions.ts';
import { ApiError } from '../lib/api.ts';
import { useSession, type SignedInSession } from '../lib/session.ts';
import { PATHS } from '../lib/site.ts';
import {
  exportHref,
  schoolTypeOf,
  STEERING_PATHS,
  steeringHref,
  useHomeScope,
  type ExportTable,
  type SchoolType,
  type ScopeView,
} from './api.ts';
import './steering.css';

/** The roles that have a « Pilotage » (navigation.ts shows them the entry). */
export const STEERING_ROLES: readonly Role[] = [
  'school_head',
  'school_staff',
  'ien',
  'dsden',
  'rectorat',
  'admin',
];

export interface SteeringContext {
  session: SignedInSession;
  /** the scope asked for (?scope=…), or the viewer's landing scope */
  scope: string;
  /** the viewer's landing scope (GET /api/steering/home) */
  home: ScopeView;
  schoolType: SchoolType;
}

/**
 * Checks the visitor (signed in, in a steering role), finds the scope, then renders the page; a
 * visitor signed out goes to the sign-in page.
 */
export function SteeringFrame({ children }: { children: (ctx: SteeringContext) => ReactNode }) {
  const session = useSession();
  const [params] = useSearchParams();
  const signedIn = session.data?.authenticated === true;
  const allowed =
    signedIn && session.data?.authenticated === true && STEERING_ROLES.includes(session.data.role);
  const home = useHomeScope(allowed);

  if (session.isPending) return <Loading text="Chargement…" />;
  if (session.isError) return <LoadError title="La page n’a pas pu être chargée" error={session.error} />;
  if (!session.data.authenticated) return <Navigate to={PATHS.signIn} replace />;
  if (!allowed)
    return (
      <div className="fr-container fr-py-4w">
        <h1>Pilotage</h1>
        <Alert
          severity="info"
          title="Page réservée aux personnels qui suivent les stages"
          description="Le pilotage est ouvert aux chefs d’établissement, aux professeurs référents, aux inspecteurs de l’Éducation nationale, aux services départementaux et au rectorat."
        />
      </div>
    );
  if (home.isPending) return <Loading text="Chargement de votre périmètre…" />;
  if (home.isError)
    return (
      <div className="fr-container fr-py-4w">
        <h1>Pilotage</h1>
        <LoadError title="Votre périmètre n’a pas pu être chargé" error={home.error} />
      </div>
    );
  return (
    <>
      {children({
        session: session.data,
        scope: params.get('scope') || home.data.scope.ref,
        home: home.data.scope,
        schoolType: schoolTypeOf(params.get('type')),
      })}
    </>
  );
}

function Loading({ text }: { text: string }) {
  return (
    <div className="fr-container fr-py-4w">
      <p role="status" className="sts-steering-loading">
        {text}
      </p>
    </div>
  );
}

/** A failed load in French: the API's problem detail, with a title that says what went wrong. */
export function LoadError({ title, error }: { title: string; error: Error }) {
  const status = error instanceof ApiError ? error.status : null;
  const heading =
    status === 403
      ? 'Accès refusé'
      : status === 404
        ? 'Périmètre introuvable'
        : status === 400
          ? 'Adresse incorrecte'
          : title;
  return <Alert severity="error" title={heading} description={error.message} className="fr-mb-3w" />;
}

/** The breadcrumb of a steering page: the scopes from the viewer's top one, then the page. */
export function SteeringBreadcrumb({
  crumbs,
  current,
  schoolType = 'all',
}: {
  crumbs: ScopeView[];
  current: string;
  schoolType?: SchoolType;
}) {
  return (
    <Breadcrumb
      currentPageLabel={current}
      homeLinkProps={{ to: PATHS.home }}
      segments={crumbs.map((c) => ({
        label: c.name,
        linkProps: { to: steeringHref(STEERING_PATHS.dashboard, c.ref, schoolType) },
      }))}
    />
  );
}

/** « CSV » and « Excel » downloads of one table, whose accessible names say which table. */
export function ExportLinks({
  scope,
  schoolType,
  table,
  what,
}: {
  scope: string;
  schoolType: SchoolType;
  table: ExportTable;
  /** the table, as in « Télécharger <what> au format CSV » */
  what: string;
}) {
  return (
    <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left sts-export">
      <li>
        <a
          className="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-download-line"
          href={exportHref(scope, schoolType, table, 'csv')}
          download
        >
          CSV<span className="fr-sr-only"> : télécharger {what} au format CSV</span>
        </a>
      </li>
      <li>
        <a
          className="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-download-line"
          href={exportHref(scope, schoolType, table, 'xlsx')}
          download
        >
          Excel<span className="fr-sr-only"> : télécharger {what} au format Excel (XLSX)</span>
        </a>
      </li>
    </ul>
  );
}
