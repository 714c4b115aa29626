import { describe, expect, it } from 'vitest';
import { isLongWait, returnReasonIssue, waitingSince } from './waiting.ts';

const now = new Date('2026-11-28T10:00:00Z');

describe('waiting time of an offer in the IEN queue', () => {
  it('says hours under a day, whole days after', () => {
    expect(waitingSince('2026-11-28T09:30:00Z', now)).toBe('depuis moins d’une heure');
    expect(waitingSince('2026-11-28T09:00:00Z', now)).toBe('depuis 1 heure');
    expect(waitingSince('2026-11-27T11:00:00Z', now)).toBe('depuis 23 heures');
    expect(waitingSince('2026-11-27T10:00:00Z', now)).toBe('depuis 1 jour');
    expect(waitingSince('2026-11-25T09:00:00Z', now)).toBe('depuis 3 jours');
  });

  it('treats a date in the future as just now, and an invalid one as nothing', () => {
    expect(waitingSince('2026-11-28T12:00:00Z', now)).toBe('depuis moins d’une heure');
    expect(waitingSince('hier', now)).toBe('');
  });

  it('points out a wait of a week or more', () => {
    expect(isLongWait('2026-11-21T10:00:00Z', now)).toBe(true);
    expect(isLongWait('2026-11-21T10:00:01Z', now)).toBe(false);
    expect(isLongWait('n’importe quoi', now)).toBe(false);
  });
});

describe('reason to return an offer to the école', () => {
  it('is required, 10 characters at least once trimmed, 1,000 at most', () => {
    expect(returnReasonIssue('   ')).toMatch(/Indiquez le motif/);
    expect(returnReasonIssue('  Horaires  ')).toMatch(/trop court : 10 caractères au moins/);
    expect(returnReasonIssue('Précisez les horaires.')).toBeNull();
    expect(returnReasonIssue('x'.repeat(1001))).toMatch(/trop long/);
    expect(returnReasonIssue('x'.repeat(1000))).toBeNull();
  });
});
