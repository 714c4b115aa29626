/**
 * The rectorat's convention templates (issue 6 §2): the versions of its académie and the
 * platform's default for each school year, a new draft version (checked: unknown placeholder,
 * required one missing, misplaced table → refused, nothing stored), a PDF preview marked
 * « APERÇU » rendered with a real convention of the académie (or example values), and the
 * publication: the previous published version of the académie and year is retired in the same
 * transaction, conventions not yet validated switch to the new version (an entry
 * 'template_changed' in their chain), validated and signed ones keep theirs.
 */
import type { AuditContext } from '../audit/service.ts';
import type { Db } from '../db/client.ts';
import { PLACEHOLDERS, checkTemplate } from '../domain/convention-template.ts';
import {
  parties as exampleParties,
  hostPart as exampleHost,
  schoolPart as exampleSchool,
} from '../domain/convention.fixtures.ts';
import { authorize, type Location, type Principal } from '../domain/permissions.ts';
import { renderPdf } from '../infra/pdf.ts';
import { documentModel } from './document.ts';
import { appendConventionEvent, sha256Hex } from './events.store.ts';
import { findConvention, findTemplate, type TemplateRow } from './store.ts';
import { templateForYear } from './templates.ts';
import {
  campaignYears,
  conventionAcademy,
  conventionsToSwitch,
  firstConvention,
  insertTemplate,
  listTemplates,
  lockYear,
  markPublished,
  nextVersion,
  retirePublished,
  setConventionTemplate,
  type TemplateListRow,
} from './templates.store.ts';

export interface TemplatesDeps {
  db: Db;
  clock: () => Date;
}

export const PREVIEW_TEMPLATE_WATERMARK = 'APERÇU';
const NOT_FOUND = 'Aucun modèle de convention de votre périmètre ne correspond.';
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

export type TemplateError =
  | { ok: false; error: 'not_found'; message: string }
  | { ok: false; error: 'invalid_state' | 'bad_request'; message: string }
  | {
      ok: false;
      error: 'invalid_template';
      message: string;
      problems: { placeholder: string; message: string }[];
    };

export interface TemplateView {
  id: string;
  academyCode: string | null;
  isDefault: boolean;
  schoolYear: string;
  version: number;
  name: string;
  status: TemplateRow['status'];
  body: string;
  sha256: string;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  placeholders: string[];
  conventionCount: number;
}

/** The placeholders a body uses, in order of first use. */
export function usedPlaceholders(body: string): string[] {
  const seen: string[] = [];
  for (const m of body.matchAll(PLACEHOLDER)) {
    const key = m[1]!.trim();
    if (!seen.includes(key)) seen.push(key);
  }
  return seen;
}

function view(r: TemplateListRow): TemplateView {
  return {
    id: r.id,
    academyCode: r.academyCode,
    isDefault: r.academyCode === null,
    schoolYear: r.schoolYear,
    version: r.version,
    name: r.name,
    status: r.status,
    body: r.body,
    sha256: r.sha256,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdByName,
    publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
    placeholders: usedPlaceholders(r.body),
    conventionCount: r.conventionCount,
  };
}

/** The académie of a rectorat; undefined for the admin (every académie). */
function academyOf(p: Principal): string | undefined {
  return p.scope.kind === 'academie' ? p.scope.code : undefined;
}

/** Reading: an académie's template in its scope; the platform's default to every permitted role. */
function mayRead(p: Principal, t: TemplateRow): boolean {
  if (t.academyCode === null) return authorize(p, 'conventions.templates', locationFor(p)).ok;
  return authorize(p, 'conventions.templates', { academyCode: t.academyCode }).ok;
}

function locationFor(p: Principal): Location {
  const code = academyOf(p);
  return code === undefined ? {} : { academyCode: code };
}

/** Changing: an académie's template in its scope; the platform's default, the admin only. */
function mayChange(p: Principal, t: TemplateRow): boolean {
  if (t.academyCode === null) return p.role === 'admin';
  return authorize(p, 'conventions.templates', { academyCode: t.academyCode }).ok;
}

export function placeholderDocs() {
  return Object.entries(PLACEHOLDERS).map(([key, info]) => ({
    key,
    code: `{{${key}}}`,
    label: info.label,
    required: info.required,
    block: info.block === true,
  }));
}

/** The versions of the principal's académie (all for the admin), the default of each year ensured. */
export async function listTemplateVersions(deps: TemplatesDeps, p: Principal) {
  const academy = academyOf(p);
  for (const y of await campaignYears(deps.db, academy))
    await deps.db.transaction((t) => templateForYear(t, y.academyCode, y.schoolYear, deps.clock()));
  return { items: (await listTemplates(deps.db, academy)).map(view) };
}

/** The French problems of a body, one per placeholder (empty: the body may be stored). */
export function templateProblems(body: string) {
  const c = checkTemplate(body);
  const list: { placeholder: string; message: string }[] = [];
  for (const k of c.unknown)
    list.push(
      k.startsWith('{{') || k.endsWith('}}')
        ? { placeholder: k, message: `« ${k} » : accolades non refermées.` }
        : { placeholder: k, message: `{{${k}}} : champ inconnu (voir la liste des champs).` },
    );
  for (const k of c.missingRequired)
    list.push({
      placeholder: k,
      message: `{{${k}}} : champ obligatoire absent (${PLACEHOLDERS[k]!.label}).`,
    });
  for (const k of c.misplaced)
    list.push({ placeholder: k, message: `{{${k}}} : ce tableau doit être seul sur sa ligne.` });
  return { message: c.message, problems: list };
}

export async function createTemplateVersion(
  deps: TemplatesDeps,
  p: Principal,
  input: { schoolYear: string; name: string; body: string; academyCode?: string | undefined },
): Promise<{ ok: true; template: TemplateView } | TemplateError> {
  const academyCode = academyOf(p) ?? input.academyCode ?? null;
  if (academyOf(p) !== undefined && input.academyCode !== undefined && input.academyCode !== academyOf(p))
    return { ok: false, error: 'not_found', message: NOT_FOUND };
  const [a, b] = input.schoolYear.split('-').map(Number);
  if (!a || !b || b !== a + 1)
    return {
      ok: false,
      error: 'bad_request',
      message: `Année scolaire « ${input.schoolYear} » : deux années consécutives attendues, par exemple 2026-2027.`,
    };
  if (input.body.trim() === '')
    return { ok: false, error: 'bad_request', message: 'Le texte du modèle est vide.' };
  const checked = templateProblems(input.body);
  if (checked.problems.length > 0)
    return {
      ok: false,
      error: 'invalid_template',
      message: checked.message ?? 'Le modèle ne peut pas être enregistré.',
      problems: checked.problems,
    };
  const now = deps.clock();
  const row = await deps.db.transaction(async (t) => {
    // the platform's default is v1 of the year: make sure it exists before numbering
    if (academyCode !== null) await templateForYear(t, academyCode, input.schoolYear, now);
    await lockYear(t, academyCode, input.schoolYear);
    return insertTemplate(t, {
      academyCode,
      schoolYear: input.schoolYear,
      version: await nextVersion(t, academyCode, input.schoolYear),
      name: input.name.trim(),
      body: input.body,
      sha256: sha256Hex(input.body),
      status: 'draft',
      createdBy: p.userId,
      createdAt: now,
      publishedAt: null,
    });
  });
  const [listed] = (await listTemplates(deps.db, academyCode ?? undefined)).filter((r) => r.id === row.id);
  return { ok: true, template: view(listed!) };
}

/** The preview: a real convention of the académie (the one asked, else the first), else examples. */
export async function templatePreview(
  deps: TemplatesDeps,
  p: Principal,
  id: string,
  conventionId: string | undefined,
): Promise<{ ok: true; pdf: Uint8Array; fileName: string; source: string } | TemplateError> {
  const t = await findTemplate(deps.db, id);
  if (!t || !mayRead(p, t)) return { ok: false, error: 'not_found', message: NOT_FOUND };
  const academy = t.academyCode ?? academyOf(p);
  let cid = conventionId;
  if (cid) {
    const where = await conventionAcademy(deps.db, cid);
    if (!where || (academy !== undefined && where.academyCode !== academy))
      return {
        ok: false,
        error: 'not_found',
        message:
          'Aucune convention de cette académie ne correspond : l’aperçu prend une convention de l’académie.',
      };
  } else cid = await firstConvention(deps.db, academy, t.schoolYear);
  const record = cid ? await findConvention(deps.db, cid) : undefined;
  const year = Number(t.schoolYear.slice(5)) || 2027;
  const example = exampleParties();
  const input = record
    ? record.convention
    : {
        reference: 'CS-0000-APER-CU00',
        parties: {
          ...example,
          campaign: {
            schoolYear: t.schoolYear,
            weeks: [
              { number: 1 as const, start: `${year}-06-14`, end: `${year}-06-19` },
              { number: 2 as const, start: `${year}-06-21`, end: `${year}-06-26` },
            ],
          },
        },
        hostPart: exampleHost({ placeAddress: example.host.address }),
        schoolPart: exampleSchool(),
        startDate: `${year}-06-14`,
        endDate: `${year}-06-19`,
        weeks: 1,
      };
  const pdf = await renderPdf(
    documentModel({
      reference: input.reference,
      parties: input.parties,
      hostPart: input.hostPart,
      schoolPart: input.schoolPart,
      startDate: input.startDate,
      endDate: input.endDate,
      weeks: input.weeks,
      template: t,
      watermark: PREVIEW_TEMPLATE_WATERMARK,
    }),
    { createdAt: deps.clock() },
  );
  return {
    ok: true,
    pdf,
    fileName: `apercu-modele-${t.schoolYear}-v${t.version}.pdf`,
    source: record ? record.convention.reference : 'exemple',
  };
}

export async function publishTemplate(
  deps: TemplatesDeps,
  p: Principal,
  id: string,
  context: AuditContext,
): Promise<{ ok: true; template: TemplateView; retired: string[]; switched: number } | TemplateError> {
  const t = await findTemplate(deps.db, id);
  if (!t || !mayRead(p, t)) return { ok: false, error: 'not_found', message: NOT_FOUND };
  if (!mayChange(p, t))
    return {
      ok: false,
      error: 'not_found',
      message: 'Le modèle par défaut de la plateforme ne se publie que par l’administrateur.',
    };
  if (t.status !== 'draft')
    return {
      ok: false,
      error: 'invalid_state',
      message:
        t.status === 'published'
          ? `La version ${t.version} est déjà publiée.`
          : `La version ${t.version} a été retirée : créez une nouvelle version à partir de son texte.`,
    };
  // a body stored before a change of the placeholders is checked again
  const checked = templateProblems(t.body);
  if (checked.problems.length > 0)
    return {
      ok: false,
      error: 'invalid_template',
      message: checked.message ?? 'Le modèle ne peut pas être publié.',
      problems: checked.problems,
    };
  const now = deps.clock();
  const done = await deps.db.transaction(async (tx) => {
    await lockYear(tx, t.academyCode, t.schoolYear);
    const retired = await retirePublished(tx, t.academyCode, t.schoolYear);
    const published = await markPublished(tx, t.id, now);
    if (!published) return null;
    const list = await conventionsToSwitch(tx, {
      academyCode: t.academyCode,
      schoolYear: t.schoolYear,
      id: t.id,
      retired,
    });
    for (const c of list) {
      await setConventionTemplate(tx, c.id, t.id, now);
      await appendConventionEvent(tx, {
        conventionId: c.id,
        kind: 'template_changed',
        at: now,
        actorUserId: p.userId,
        actorRole: p.role,
        ip: context.ip ?? null,
        userAgent: context.userAgent ?? null,
        details: {
          from: c.templateId,
          to: t.id,
          name: t.name,
          version: t.version,
          schoolYear: t.schoolYear,
          sha256: t.sha256,
        },
      });
    }
    return { retired, switched: list.length };
  });
  if (!done)
    return {
      ok: false,
      error: 'invalid_state',
      message: `La version ${t.version} vient d’être publiée ou retirée.`,
    };
  const [listed] = (await listTemplates(deps.db, t.academyCode ?? undefined)).filter((r) => r.id === t.id);
  return { ok: true, template: view(listed!), ...done };
}
