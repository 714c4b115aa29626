import { describe, expect, it } from 'vitest';
import { inForce, type TemplateVersion } from './logic.ts';

const version = (v: Partial<TemplateVersion>): TemplateVersion => ({
  id: 'x',
  academyCode: '14',
  isDefault: false,
  schoolYear: '2026-2027',
  version: 1,
  name: 'v',
  status: 'draft',
  body: '',
  sha256: '',
  createdAt: '2027-01-01T00:00:00Z',
  createdBy: null,
  publishedAt: null,
  placeholders: [],
  conventionCount: 0,
  ...v,
});

describe('inForce', () => {
  it('is the académie’s published version, else the default, of the year asked', () => {
    const def = version({ id: 'def', academyCode: null, isDefault: true, status: 'published' });
    const own = version({ id: 'own', version: 2, status: 'published' });
    const draft = version({ id: 'draft', version: 3 });
    const other = version({ id: 'other', schoolYear: '2027-2028', status: 'published' });
    expect(inForce([def, draft], '2026-2027')?.id).toBe('def');
    expect(inForce([def, own, draft, other], '2026-2027')?.id).toBe('own');
    expect(inForce([def, own], '2027-2028')).toBeUndefined();
  });
});
