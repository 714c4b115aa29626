/**
 * The rectorat's convention templates through HTTP (issue 6 §2): the default listed for the
 * campaign's year, a version with an unknown placeholder refused in French (nothing stored), a
 * valid one stored as draft v2, its preview rendered with a real convention (no placeholder left,
 * the rectorat's wording, « APERÇU »), the publication (previous retired, a convention in
 * completion switches with an entry in its chain, a validated one keeps its template, a new
 * convention uses it), and who may do it (a DSDEN, a head, another académie's rectorat: refused).
 * PGlite by default, PostgreSQL with TEST_DATABASE_URL.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  academies,
  conventionEvents,
  conventionTemplates,
  conventions,
  memberships,
  users,
} from '../src/db/schema/index.ts';
import { DEFAULT_TEMPLATE } from '../src/domain/convention-template.ts';
import { verifyConventionTrail } from '../src/conventions/events.store.ts';
import { makeConvention } from './convention-fixtures.ts';
import type { Account } from './fixtures.ts';
import { callAs, useAcademyApp } from './helpers/academy-app.ts';

const OPEN = new Date('2027-02-01T09:00:00Z');
const t = useAcademyApp({ start: OPEN });
const YEAR = '2026-2027';
const WORDING = 'Article académique breton : la sortie du midi est encadrée par le tuteur.';
/** the default's text with the rectorat's own article */
const OWN_BODY = DEFAULT_TEMPLATE.body.replace(/^## /m, `### Article propre\n\n${WORDING}\n\n## `);

function hasPdftotext() {
  return spawnSync('pdftotext', ['-v']).error === undefined;
}

function pdfText(pdf: Buffer, mode = '-layout'): string {
  const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
  try {
    const file = join(dir, 'a.pdf');
    writeFileSync(file, pdf);
    const r = spawnSync('pdftotext', [mode, file, '-'], { encoding: 'utf8' });
    return r.stdout.replace(/\u00a0/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Who = keyof typeof t.accounts.inside;
async function call(who: Who | Account | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return callAs(t, typeof who === 'string' ? t.accounts.inside[who] : who, method, url, payload);
}

async function templatesRows() {
  return t.database.db.select().from(conventionTemplates);
}

/** A rectorat of another académie (Normandie). */
async function otherRectorat(): Promise<Account> {
  await t.database.db
    .insert(academies)
    .values({ code: '70', name: 'Normandie', regionCode: '28', regionName: 'Normandie' })
    .onConflictDoNothing();
  const [u] = await t.database.db
    .insert(users)
    .values({ email: 'rectorat.normandie@example.net', firstName: 'Rectorat', lastName: 'Normandie' })
    .returning();
  const [m] = await t.database.db
    .insert(memberships)
    .values({ userId: u!.id, role: 'rectorat', academyCode: '70' })
    .returning();
  return { userId: u!.id, membershipId: m!.id };
}

async function createOwn(body = OWN_BODY) {
  return call('rectorat', 'POST', '/api/convention-templates', {
    schoolYear: YEAR,
    name: 'Modèle de l’académie de Rennes',
    body,
  });
}

describe('convention templates', () => {
  it('lists the default of the campaign’s year and documents the placeholders', async () => {
    const res = await call('rectorat', 'GET', '/api/convention-templates');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      isDefault: boolean;
      status: string;
      version: number;
      schoolYear: string;
      placeholders: string[];
    }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ isDefault: true, status: 'published', version: 1, schoolYear: YEAR });
    expect(items[0]!.placeholders).toContain('eleve.nom');
    const ph = await call('rectorat', 'GET', '/api/convention-templates/placeholders');
    expect(ph.statusCode).toBe(200);
    const list = ph.json().items as { code: string; label: string; required: boolean; block: boolean }[];
    expect(list).toContainEqual(
      expect.objectContaining({ code: '{{tableau_horaires}}', required: true, block: true }),
    );
    expect(list.find((p) => p.code === '{{eleve.nom}}')?.label).toBe('Nom de l’élève');
  });

  it('refuses an unknown placeholder or a missing required one in French, storing nothing', async () => {
    await call('rectorat', 'GET', '/api/convention-templates');
    const before = (await templatesRows()).length;
    const bad = OWN_BODY.replaceAll('{{eleve.nom}}', '{{eleve.nom_de_famille}}');
    const res = await createOwn(bad);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const p = res.json();
    expect(p.detail).toContain('Champ inconnu : {{eleve.nom_de_famille}}');
    expect(p.detail).toContain('Champ obligatoire absent : {{eleve.nom}} (Nom de l’élève)');
    expect(p.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'body.eleve.nom_de_famille',
          message: '{{eleve.nom_de_famille}} : champ inconnu (voir la liste des champs).',
        },
        { field: 'body.eleve.nom', message: '{{eleve.nom}} : champ obligatoire absent (Nom de l’élève).' },
      ]),
    );
    const misplaced = await createOwn(
      OWN_BODY.replace('{{tableau_horaires}}', 'Horaires : {{tableau_horaires}}'),
    );
    expect(misplaced.statusCode).toBe(422);
    expect(misplaced.json().detail).toContain(
      'Ce tableau doit être seul sur sa ligne : {{tableau_horaires}}',
    );
    expect((await templatesRows()).length).toBe(before);
  });

  it('stores a valid text as draft v2 and previews it with a real convention of the académie', async () => {
    const c = await makeConvention(t.database.db, t.academy, t.now);
    const res = await createOwn();
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      status: 'draft',
      version: 2,
      academyCode: '14',
      isDefault: false,
      schoolYear: YEAR,
    });
    expect(created.createdBy).toBe('rectorat in');
    const preview = await call('rectorat', 'GET', `/api/convention-templates/${created.id}/preview.pdf`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect(preview.headers['x-apercu-source']).toBe(c.reference);
    if (hasPdftotext()) {
      const text = pdfText(preview.rawPayload);
      expect(text).not.toContain('{{');
      expect(text).toContain('Article académique breton');
      expect(text).toContain(c.reference);
      // the watermark, drawn letter by letter across each page
      expect(pdfText(preview.rawPayload, '-raw')).toMatch(/A\s*P\s*E\s*R\s*Ç\s*U/);
    }
    // asked for by its id, the same convention; one of another académie is not found
    const byId = await call(
      'rectorat',
      'GET',
      `/api/convention-templates/${created.id}/preview.pdf?conventionId=${c.id}`,
    );
    expect(byId.statusCode).toBe(200);
    // the stored draft changed nothing of the convention
    const [row] = await t.database.db.select().from(conventions).where(eq(conventions.id, c.id));
    expect(row!.templateId).not.toBe(created.id);
  });

  it('previews with example values when the académie has no convention yet', async () => {
    const created = (await createOwn()).json();
    const preview = await call('rectorat', 'GET', `/api/convention-templates/${created.id}/preview.pdf`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['x-apercu-source']).toBe('exemple');
    if (hasPdftotext()) {
      const text = pdfText(preview.rawPayload);
      expect(text).not.toContain('{{');
      expect(text).toContain('Boulangerie Le Fournil');
    }
  });

  it('publishes: the previous version retired, conventions in completion switch, validated ones keep theirs', async () => {
    const inCompletion = await makeConvention(t.database.db, t.academy, t.now);
    const validated = await makeConvention(t.database.db, t.academy, t.now, {
      studentIndex: 1,
      complete: true,
    });
    await t.database.db
      .update(conventions)
      .set({ status: 'validated' })
      .where(eq(conventions.id, validated.id));
    const defaultId = inCompletion.templateId;
    const created = (await createOwn()).json();

    const res = await call('rectorat', 'POST', `/api/convention-templates/${created.id}/publish`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ template: { status: 'published', version: 2 }, switched: 1 });

    const rows = await templatesRows();
    expect(rows.find((r) => r.id === created.id)).toMatchObject({ status: 'published', academyCode: '14' });
    // the platform's default stays published for the other académies
    expect(rows.find((r) => r.id === defaultId)).toMatchObject({ status: 'published', academyCode: null });

    const [a] = await t.database.db.select().from(conventions).where(eq(conventions.id, inCompletion.id));
    expect(a!.templateId).toBe(created.id);
    const events = await t.database.db
      .select()
      .from(conventionEvents)
      .where(
        and(
          eq(conventionEvents.conventionId, inCompletion.id),
          eq(conventionEvents.kind, 'template_changed'),
        ),
      );
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ from: defaultId, to: created.id, version: 2 });
    expect(await verifyConventionTrail(t.database.db, inCompletion.id)).toEqual({ ok: true });
    const detail = await call('school_head', 'GET', `/api/conventions/${inCompletion.id}`);
    expect(detail.json().template).toMatchObject({ id: created.id, version: 2 });

    const [b] = await t.database.db.select().from(conventions).where(eq(conventions.id, validated.id));
    expect(b!.templateId).toBe(defaultId);
    const none = await t.database.db
      .select()
      .from(conventionEvents)
      .where(
        and(eq(conventionEvents.conventionId, validated.id), eq(conventionEvents.kind, 'template_changed')),
      );
    expect(none).toHaveLength(0);

    // a convention created afterwards uses it
    const later = await makeConvention(t.database.db, t.academy, t.now, { studentIndex: 2 });
    expect(later.templateId).toBe(created.id);

    // a second version retires the first; publishing again is refused
    const again = await call('rectorat', 'POST', `/api/convention-templates/${created.id}/publish`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('La version 2 est déjà publiée.');
    const v3 = (await createOwn(OWN_BODY.replace(WORDING, 'Troisième rédaction de l’article.'))).json();
    expect(v3.version).toBe(3);
    const p3 = await call('rectorat', 'POST', `/api/convention-templates/${v3.id}/publish`);
    expect(p3.json()).toMatchObject({ retired: [created.id], switched: 2 });
    const after = await templatesRows();
    expect(after.find((r) => r.id === created.id)!.status).toBe('retired');
    expect(after.filter((r) => r.status === 'published' && r.academyCode === '14')).toHaveLength(1);

    const list = (await call('rectorat', 'GET', '/api/convention-templates')).json().items as {
      id: string;
      status: string;
      conventionCount: number;
    }[];
    expect(list.map((i) => i.status)).toEqual(['published', 'published', 'retired']);
    expect(list.find((i) => i.id === v3.id)!.conventionCount).toBe(2);
  });

  it('numbers concurrent versions apart and keeps one published version when two are published at once', async () => {
    await call('rectorat', 'GET', '/api/convention-templates');
    const [a, b] = await Promise.all([createOwn(), createOwn()]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect([a.json().version, b.json().version].sort()).toEqual([2, 3]);
    const [pa, pb] = await Promise.all([
      call('rectorat', 'POST', `/api/convention-templates/${a.json().id}/publish`),
      call('rectorat', 'POST', `/api/convention-templates/${b.json().id}/publish`),
    ]);
    expect([pa.statusCode, pb.statusCode]).toEqual([200, 200]);
    const rows = (await templatesRows()).filter((r) => r.academyCode === '14');
    expect(rows.filter((r) => r.status === 'published')).toHaveLength(1);
    expect(rows.filter((r) => r.status === 'retired')).toHaveLength(1);
  });

  it('is the rectorat’s of the académie (and the admin’s) only', async () => {
    const created = (await createOwn()).json();
    for (const who of ['dsden', 'school_head', 'school_staff', 'host_member', 'student'] as const) {
      expect((await call(who, 'GET', '/api/convention-templates')).statusCode, who).toBe(403);
      expect(
        (await call(who, 'POST', `/api/convention-templates/${created.id}/publish`)).statusCode,
        who,
      ).toBe(403);
    }
    expect((await call(null, 'GET', '/api/convention-templates')).statusCode).toBe(401);
    const other = await otherRectorat();
    expect((await call(other, 'GET', `/api/convention-templates/${created.id}/preview.pdf`)).statusCode).toBe(
      404,
    );
    const refused = await call(other, 'POST', `/api/convention-templates/${created.id}/publish`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().detail).toBe('Aucun modèle de convention de votre périmètre ne correspond.');
    const listed = (await call(other, 'GET', '/api/convention-templates')).json().items as { id: string }[];
    expect(listed.map((i) => i.id)).not.toContain(created.id);
    // its own version cannot name another académie
    const cross = await call(other, 'POST', '/api/convention-templates', {
      schoolYear: YEAR,
      name: 'Intrus',
      body: OWN_BODY,
      academyCode: '14',
    });
    expect(cross.statusCode).toBe(404);
    // a convention of Rennes is not previewed by Normandie's own draft
    const c = await makeConvention(t.database.db, t.academy, t.now);
    const own = (
      await call(other, 'POST', '/api/convention-templates', {
        schoolYear: YEAR,
        name: 'Normandie',
        body: OWN_BODY,
      })
    ).json();
    expect(own.academyCode).toBe('70');
    expect(
      (await call(other, 'GET', `/api/convention-templates/${own.id}/preview.pdf?conventionId=${c.id}`))
        .statusCode,
    ).toBe(404);
    // the rectorat may not publish the platform's default; the admin publishes any
    const byAdmin = await call('admin', 'POST', `/api/convention-templates/${created.id}/publish`);
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().switched).toBe(1);
  });
});
