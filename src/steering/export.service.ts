/**
 * Exports of the dashboards (issue 7 §4): every table of a scope as CSV or XLSX, streamed. The
 * scope, the viewer's right to see it and the figures come from the dashboards' service (the
 * same answers as the pages); the students table pages through the per-student statuses of the
 * refresh (studentStatusRows, keyset on the id), so that half a million rows never sit in memory.
 * Names only where the unplaced list shows them (a head or a referent teacher, in a lycée or a
 * class), and then the export is written to the audit trail.
 */
import type { Readable } from 'node:stream';
import { recordAudit, type AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import type { Principal } from '../domain/permissions.ts';
import { seesNames, type SchoolType } from '../domain/steering.ts';
import {
  csvStream,
  parisDateTimeLabel,
  parisDay,
  xlsxStream,
  type RowPages,
  type SheetRow,
  type SheetSpec,
} from '../infra/spreadsheet.ts';
import {
  STUDENTS_TABLE,
  dashboardTable,
  exportFileName,
  mapTable,
  studentCells,
  studentColumns,
  unplacedTable,
  type ExportTable,
  type TableContent,
} from './export.ts';
import { lyceeNames, studentNames } from './export.store.ts';
import { studentStatusRows } from './refresh.store.ts';
import type { ScopeView } from './schemas.ts';
import {
  getDashboard,
  getMap,
  getUnplaced,
  schoolSelectionOf,
  scopeFor,
  steeringSchoolYear,
  viewerOf,
  type SteeringResult,
} from './service.ts';
import { childScopes } from './store.ts';

export interface ExportDeps {
  db: Db;
  clock: () => Date;
  /** students read per query of the students table (default 5,000) */
  pageSize?: number;
}

export const EXPORT_PAGE_SIZE = 5000;

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportQuery {
  scope: string;
  schoolType: SchoolType;
  table: ExportTable;
  format: ExportFormat;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  /** the file's bytes, produced as they are read */
  stream: Readable;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const SCHOOL_TYPE_LABELS: Record<SchoolType, string | null> = {
  all: null,
  public: 'lycées publics',
  private: 'lycées privés sous contrat',
};

/** The lines above the table: its title, the scope (and the filter), the date of the figures. */
export function headerLines(
  title: string,
  scope: ScopeView,
  schoolType: SchoolType,
  figuresAt: Date | null,
): string[] {
  const filter = SCHOOL_TYPE_LABELS[schoolType];
  return [
    title,
    filter ? `${scope.name} — ${filter}` : scope.name,
    figuresAt ? `Chiffres du ${parisDateTimeLabel(figuresAt)}` : 'Chiffres pas encore calculés',
  ];
}

async function* onePage(rows: readonly SheetRow[]): RowPages {
  yield rows;
}

function fileOf(
  deps: ExportDeps,
  q: ExportQuery,
  scope: ScopeView,
  content: Pick<TableContent, 'slug' | 'title' | 'columns'>,
  figuresAt: Date | null,
  pages: RowPages,
): ExportFile {
  const spec: SheetSpec = {
    sheetName: content.title,
    headerLines: headerLines(content.title, scope, q.schoolType, figuresAt),
    columns: content.columns,
  };
  return {
    fileName: exportFileName(scope, content.slug, parisDay(deps.clock()), q.format),
    contentType: CONTENT_TYPES[q.format],
    stream: q.format === 'csv' ? csvStream(spec, pages) : xlsxStream(spec, pages),
  };
}

const dateOf = (iso: string | null) => (iso === null ? null : new Date(iso));

/**
 * One table of a scope as a file. Refusals (malformed or unknown scope, outside the viewer's
 * perimeter, a table that does not exist at this level) come back before anything is written.
 */
export async function exportSteeringTable(
  deps: ExportDeps,
  principal: Principal,
  q: ExportQuery,
  context: AuditContext = {},
): Promise<SteeringResult<ExportFile>> {
  const viewer = await viewerOf(deps, principal);
  switch (q.table) {
    case 'map': {
      const r = await getMap(deps, viewer, q.scope);
      if (!r.ok) return r;
      const content = mapTable(r.value);
      const file = fileOf(
        deps,
        { ...q, schoolType: 'all' },
        r.value.scope,
        content,
        dateOf(r.value.computedAt),
        onePage(content.rows),
      );
      return { ok: true, value: file };
    }
    case 'unplaced': {
      const r = await getUnplaced(deps, viewer, q.scope, context);
      if (!r.ok) return r;
      const u = r.value;
      const content = unplacedTable(u);
      if (u.kind === 'names') await auditNames(deps, principal, q, u.scope, u.students.length, context);
      const at = u.kind === 'names' ? deps.clock() : dateOf(u.computedAt);
      const file = fileOf(deps, { ...q, schoolType: 'all' }, u.scope, content, at, onePage(content.rows));
      return { ok: true, value: file };
    }
    case 'students':
      return exportStudents(deps, viewer, principal, q, context);
    default: {
      const r = await getDashboard(deps, viewer, q.scope, q.schoolType);
      if (!r.ok) return r;
      const content = dashboardTable(q.table, r.value);
      const file = fileOf(deps, q, r.value.scope, content, dateOf(r.value.computedAt), onePage(content.rows));
      return { ok: true, value: file };
    }
  }
}

async function auditNames(
  deps: ExportDeps,
  principal: Principal,
  q: ExportQuery,
  scope: ScopeView,
  rows: number | null,
  context: AuditContext,
) {
  const uai = principal.scope.kind === 'lycee' ? principal.scope.uai : null;
  await recordAudit(
    deps,
    {
      action: 'steering.exported',
      actor: principal,
      schoolUai: uai,
      details: { scope: scope.ref, table: q.table, format: q.format, ...(rows === null ? {} : { rows }) },
    },
    context,
  );
}

/** The lycées a scope sums (as the dashboard does), with the public/private filter. */
/**
 * One row per student of the scope: lycée, class, status, exemption, weeks covered, hosts,
 * distances; names only for a head or a referent teacher (lycée, class). Streamed page by page.
 */
async function exportStudents(
  deps: ExportDeps,
  viewer: Awaited<ReturnType<typeof viewerOf>>,
  principal: Principal,
  q: ExportQuery,
  context: AuditContext,
): Promise<SteeringResult<ExportFile>> {
  const found = await scopeFor(deps, viewer, q.scope);
  if (!found.ok) return found;
  const r = found.value;
  if (r.ref.kind === 'circonscription')
    return {
      ok: false,
      error: { code: 'not_applicable', detail: 'Une circonscription n’a pas d’élèves de seconde.' },
    };
  const schoolYear = steeringSchoolYear(deps.clock);
  const lycees = await childScopes(deps.db, schoolYear, 'lycee', schoolSelectionOf(r, q.schoolType));
  // every lycée of the country: no list to pass (and the names of all, refreshed or not)
  const everywhere = r.ref.kind === 'national' && q.schoolType === 'all';
  const names = everywhere ? await lyceeNames(deps.db) : new Map(lycees.map((l) => [l.code, l.name]));
  const schoolUais = everywhere ? null : [...names.keys()];
  const classId = r.ref.kind === 'classe' ? r.ref.code : undefined;
  const withNames = (r.ref.kind === 'lycee' || r.ref.kind === 'classe') && seesNames(viewer.role);
  if (withNames) await auditNames(deps, principal, q, r.view, null, context);
  const now = deps.clock();
  const pageSize = deps.pageSize ?? EXPORT_PAGE_SIZE;
  const db = deps.db;
  async function* pages(): RowPages {
    let afterId: string | undefined;
    for (;;) {
      const page = await studentStatusRows(db, { schoolYear, now, schoolUais, afterId, limit: pageSize });
      if (page.length === 0) return;
      afterId = page[page.length - 1]!.id;
      const kept = classId ? page.filter((s) => s.classId === classId) : page;
      const who = withNames
        ? await studentNames(
            db,
            kept.map((s) => s.id),
          )
        : null;
      yield kept.map((s) => studentCells(s, names.get(s.schoolUai) ?? '', who?.get(s.id) ?? null));
      if (page.length < pageSize) return;
    }
  }
  const file = fileOf(
    deps,
    q,
    r.view,
    { ...STUDENTS_TABLE, columns: studentColumns(withNames) },
    // the statuses are live: as of now
    now,
    pages(),
  );
  return { ok: true, value: file };
}
