/** What the templates page computes from the API's list (pure, tested). */

export interface TemplateVersion {
  id: string;
  academyCode: string | null;
  isDefault: boolean;
  schoolYear: string;
  version: number;
  name: string;
  status: 'draft' | 'published' | 'retired';
  body: string;
  sha256: string;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  placeholders: string[];
  conventionCount: number;
}

/** The version in force for a year: the académie's published one, else the default. */
export function inForce(items: TemplateVersion[], year: string): TemplateVersion | undefined {
  const ofYear = items.filter((t) => t.schoolYear === year && t.status === 'published');
  return ofYear.find((t) => !t.isDefault) ?? ofYear.find((t) => t.isDefault);
}
