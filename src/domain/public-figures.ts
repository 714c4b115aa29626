/**
 * Public figures by lycée (issue 7 §6): small-count suppression, so that nobody can tell from the
 * public page whether a given student of a small lycée has a stage. Pure; shared by the server
 * and the web app (which explains the rule under its tables).
 *
 * The published table has, for each lycée, its 2de GT students (n) and its placed students (p),
 * with the share p / n; each département gives the sums of its lycées; the académie the sum of
 * its départements, always exact. The rule (`PUBLIC_MIN_COUNT` = 10):
 *
 * 1. Primary suppression. A lycée's n is hidden when n < 10 (« moins de 10 »). Its p is hidden
 *    when p < 10, when its complement n − p (students not placed) is < 10 — p and n together
 *    would give it — or when n is hidden. Zero counts as a small count: « 0 placé » or
 *    « 0 non placé » says something about every student of the lycée.
 * 2. A share is shown only when both its numerator p and its denominator n are shown (a share
 *    and either count give the other count, and the complement).
 * 3. Secondary suppression. A département total minus the lycées shown would give back a hidden
 *    cell when it is the only hidden one of its département: then the smallest other cell of the
 *    same département (same figure) is hidden too (« masqué »), so only a sum of two or more
 *    hidden cells can be derived. A hidden n hides its p (rule 1), so students are settled first.
 * 4. A département with a single lycée in the table equals that lycée: its cell is hidden with
 *    the lycée's, and the académie total would then give it back, so the smallest other
 *    département's cell is hidden as well, and in that département one more lycée cell (its
 *    smallest shown one) when none was hidden, so that its lycées do not sum back to it.
 *
 * What remains derivable is only sums of two or more hidden cells. When the académie has a single
 * département and a single lycée, its exact total (always shown) is that lycée's: nothing can hide it.
 */
import { PUBLIC_MIN_COUNT } from './steering.ts';

/** Why a count is not shown: under the threshold, its complement under it, or to protect another. */
export type HiddenReason = 'small' | 'complement' | 'secondary';

export const HIDDEN_LABELS: Record<HiddenReason, string> = {
  small: `moins de ${PUBLIC_MIN_COUNT}`,
  complement: 'masqué (moins de 10 non placés)',
  secondary: 'masqué (secret statistique)',
};

export interface LyceeCounts {
  uai: string;
  departementCode: string;
  /** 2de GT students */
  students: number;
  /** placed students (every convention of their two weeks signed) */
  placed: number;
}

export interface PublicCounts {
  students: number | null;
  placed: number | null;
  share: number | null;
  studentsHidden: HiddenReason | null;
  placedHidden: HiddenReason | null;
}

export type PublicLycee<T extends LyceeCounts> = Omit<T, 'students' | 'placed'> & PublicCounts;
export interface PublicDepartement extends PublicCounts {
  code: string;
}

type Metric = 'students' | 'placed';

interface Cell {
  value: number;
  hidden: HiddenReason | null;
}

interface Row {
  students: Cell;
  placed: Cell;
}

function share(placed: number, students: number): number | null {
  return students === 0 ? null : placed / students;
}

/** The smallest shown cell of `metric` among `rows` (ties: first in order), or undefined. */
function smallestShown<R extends Row>(rows: readonly R[], metric: Metric): R | undefined {
  let best: R | undefined;
  for (const r of rows)
    if (r[metric].hidden === null && (best === undefined || r[metric].value < best[metric].value)) best = r;
  return best;
}

/**
 * Applies the rule above to the lycées of one académie. Lycées keep their order and their other
 * fields; départements come in the order of their first lycée.
 */
export function suppressSmallCounts<T extends LyceeCounts>(
  lycees: readonly T[],
  min: number = PUBLIC_MIN_COUNT,
): { lycees: PublicLycee<T>[]; departements: PublicDepartement[] } {
  const rows = lycees.map((l) => ({
    source: l,
    students: { value: l.students, hidden: null } as Cell,
    placed: { value: l.placed, hidden: null } as Cell,
  }));
  const byDep = new Map<string, typeof rows>();
  for (const r of rows)
    byDep.set(r.source.departementCode, [...(byDep.get(r.source.departementCode) ?? []), r]);
  const deps = [...byDep].map(([code, members]) => ({
    code,
    members,
    students: { value: members.reduce((s, r) => s + r.students.value, 0), hidden: null } as Cell,
    placed: { value: members.reduce((s, r) => s + r.placed.value, 0), hidden: null } as Cell,
  }));

  for (const metric of ['students', 'placed'] as const) {
    // 1. primary
    for (const r of rows) {
      if (r[metric].hidden !== null) continue;
      if (metric === 'students') {
        if (r.students.value < min) r.students.hidden = 'small';
      } else if (r.students.hidden !== null) {
        r.placed.hidden = r.students.hidden;
      } else if (r.placed.value < min) {
        r.placed.hidden = 'small';
      } else if (r.students.value - r.placed.value < min) {
        r.placed.hidden = 'complement';
      }
    }
    // 3. within each département: never a single hidden cell
    for (const d of deps) {
      const hidden = d.members.filter((r) => r[metric].hidden !== null);
      if (hidden.length !== 1) continue;
      const other = smallestShown(d.members, metric);
      if (other) other[metric].hidden = 'secondary';
      // 4. a single lycée: the département is that lycée
      else d[metric].hidden = hidden[0]![metric].hidden;
    }
    // 4. within the académie: never a single hidden département
    const hiddenDeps = deps.filter((d) => d[metric].hidden !== null);
    if (hiddenDeps.length === 1) {
      const other = smallestShown(deps, metric);
      if (other) {
        other[metric].hidden = 'secondary';
        if (!other.members.some((r) => r[metric].hidden !== null)) {
          const lycee = smallestShown(other.members, metric);
          if (lycee) lycee[metric].hidden = 'secondary';
        }
      }
    }
  }

  const view = (c: Row): PublicCounts => ({
    students: c.students.hidden === null ? c.students.value : null,
    placed: c.placed.hidden === null ? c.placed.value : null,
    share:
      c.students.hidden === null && c.placed.hidden === null ? share(c.placed.value, c.students.value) : null,
    studentsHidden: c.students.hidden,
    placedHidden: c.placed.hidden,
  });
  return {
    lycees: rows.map((r) => {
      const { students: _s, placed: _p, ...rest } = r.source;
      return { ...rest, ...view(r) };
    }),
    departements: deps.map((d) => ({ code: d.code, ...view(d) })),
  };
}
