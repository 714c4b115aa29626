import type { ReactNode } from 'react';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

interface ContentPageProps {
  /** The page's <h1>, its breadcrumb label and the first part of its document title. */
  title: string;
  /** Short introduction under the title. */
  lead?: ReactNode;
  children: ReactNode;
}

/** A text page (legal pages, site map): breadcrumb, title, readable column. */
export function ContentPage({ title, lead, children }: ContentPageProps) {
  useDocumentTitle(title);
  return (
    <div className="fr-container fr-pb-10w">
      <Breadcrumb currentPageLabel={title} homeLinkProps={{ to: '/' }} segments={[]} />
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-lg-9 sts-prose">
          <h1>{title}</h1>
          {lead !== undefined && <p className="fr-text--lead">{lead}</p>}
          {children}
        </div>
      </div>
    </div>
  );
}

/** A postal address, one line per part. */
export function PostalAddress({ lines }: { lines: readonly string[] }) {
  return (
    <address className="sts-address">
      {lines.map((line, i) => (
        <span key={i}>
          {line}
          {i < lines.length - 1 && <br />}
        </span>
      ))}
    </address>
  );
}
