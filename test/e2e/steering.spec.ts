import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { signInAs } from './helpers.ts';

/**
 * Steering (issue 7): the rectorat drills down from the académie to a class by the children's
 * links, opens the map without its tile server, lists the students without a stage above the
 * lycée (counts) and exports the list as CSV and Excel; a school head sees the names of their
 * lycée's students without a stage and reminds them. axe on every page.
 */

/** No request leaves the platform: the map's tile server is out of reach, as in CI. */
async function cutExternalRequests(page: Page, baseURL: string): Promise<string[]> {
  const origin = new URL(baseURL).origin;
  const refused: string[] = [];
  await page.route(
    (url) => url.origin !== origin && url.protocol.startsWith('http'),
    async (route) => {
      refused.push(route.request().url());
      await route.abort('internetdisconnected');
    },
  );
  return refused;
}

/** Waits until the refresh job has computed the figures once (it runs at start, then every minute). */
async function waitForFigures(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        const home = await page.request.get('/api/steering/home');
        if (!home.ok()) return `home ${home.status()}`;
        const { scope } = (await home.json()) as { scope: { ref: string } };
        const dashboard = await page.request.get(
          `/api/steering/dashboard?scope=${encodeURIComponent(scope.ref)}`,
        );
        if (!dashboard.ok()) return `dashboard ${dashboard.status()}`;
        return ((await dashboard.json()) as { computedAt: string | null }).computedAt === null
          ? 'pas calculé'
          : 'ok';
      },
      { timeout: 90_000, intervals: [1_000, 2_000, 5_000] },
    )
    .toBe('ok');
}

const INTEGER = /^\d{1,3}([\s\u202f]\d{3})*$/;

/** The figures of the page's headline are integers, the share a percentage (or a dash: no student). */
async function expectNumbers(page: Page): Promise<void> {
  await expect(page.getByTestId('pilotage-part')).toHaveText(/^(\d{1,3}\s%|—)$/);
  for (const id of ['eleves', 'places', 'couverts', 'dispenses', 'non-places'])
    await expect(page.getByTestId(`pilotage-${id}`)).toHaveText(INTEGER);
}

/** The drill-down table of the page; clicking its first child (after sorting by students, most first). */
async function drillDown(page: Page, level: string): Promise<string> {
  const table = page.getByRole('table', { name: new RegExp(`^Détail par ${level}`) });
  await expect(table).toBeVisible();
  // the column « Élèves » sorts, most students first: the first child has students
  await table.getByRole('button', { name: /^Élèves/ }).click();
  await expect(table.getByRole('columnheader', { name: /^Élèves/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  const link = table.getByRole('rowheader').first().getByRole('link');
  const name = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expectNumbers(page);
  return name;
}

function parisDay(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

async function download(page: Page, linkName: RegExp): Promise<Download> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName }).click(),
  ]);
  return file;
}

test('le rectorat descend de l’académie à une classe, voit la carte et exporte les élèves sans stage', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(360_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const refused = await cutExternalRequests(page, baseURL!);
  await signInAs(page, 'Rectorat');
  await waitForFigures(page);

  // the académie, from the header's « Pilotage »
  await page.getByRole('banner').getByRole('link', { name: 'Pilotage', exact: true }).first().click();
  await expect(page).toHaveURL(/\/pilotage$/);
  const academie = page.getByRole('heading', { level: 1 });
  await expect(academie).toHaveText(/^Académie/);
  const academieName = (await academie.textContent())!;
  await expect(page.getByText(/^Chiffres à jour du /)).toBeVisible();
  await expectNumbers(page);
  await expect(page.getByRole('heading', { name: 'Élèves par situation' })).toBeVisible();
  await expect(page.getByRole('figure', { name: /Évolution de la part des élèves placés/ })).toBeVisible();
  await expect(
    page.getByRole('link', { name: /télécharger les élèves par situation au format CSV/ }),
  ).toHaveAttribute(
    'href',
    /\/api\/steering\/export\?scope=academie%3A\w+&schoolType=all&table=statuses&format=csv/,
  );
  await expectNoSeriousAxeViolation(page);

  // the public/private filter is kept in the address
  await page.getByText('Publics', { exact: true }).click();
  await expect(page).toHaveURL(/type=public/);
  await expect(page.getByText(/Lycées publics seulement/)).toBeVisible();
  await page.getByText('Tous', { exact: true }).click();
  await expect(page).not.toHaveURL(/type=/);

  // down to a département, a bassin, a lycée, a class
  const departement = await drillDown(page, 'département');
  await expect(page).toHaveURL(/scope=departement%3A/);
  await expectNoSeriousAxeViolation(page);
  const bassin = await drillDown(page, 'bassin');
  const bassinUrl = page.url();
  const lycee = await drillDown(page, 'lycée');
  await expect(page).toHaveURL(/scope=lycee%3A/);
  await expectNoSeriousAxeViolation(page);
  await drillDown(page, 'classe');
  await expect(page).toHaveURL(/scope=classe%3A/);
  const crumbs = page.locator('.fr-breadcrumb');
  for (const name of [academieName, departement, bassin, lycee])
    await expect(crumbs.getByRole('link', { name, exact: true })).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // back up by the breadcrumb, then the bassin's map: no tiles, a notice, the circles stay
  await crumbs.getByRole('link', { name: bassin, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(bassin);
  expect(page.url()).toBe(bassinUrl);
  await page.getByRole('link', { name: 'Carte des places par élève' }).click();
  await expect(page).toHaveURL(/\/pilotage\/carte\?scope=bassin%3A/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Carte des places par élève : ${bassin}`);
  await expect.poll(() => page.locator('.sts-map-marker').count()).toBeGreaterThan(0);
  await expect(page.getByText('Le fond de carte n’a pas pu être chargé')).toBeVisible();
  expect(refused.length, 'les tuiles ont été demandées au serveur de tuiles').toBeGreaterThan(0);
  await page.getByText('Voir les données en tableau').click();
  await expect(
    page.getByRole('table', { name: 'Places par élève, par lycée' }).getByRole('row'),
  ).not.toHaveCount(1);
  await expectNoSeriousAxeViolation(page);
  await page.getByText(/^Communes \(/).click();
  await expect(page.getByRole('table', { name: 'Places par élève, par commune' })).toBeVisible();

  // the students without a stage of the département: counts per lycée, no names
  await crumbs.getByRole('link', { name: bassin, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(bassin);
  await crumbs.getByRole('link', { name: departement, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(departement);
  const departementScope = new URL(page.url()).searchParams.get('scope')!;
  await page.getByRole('link', { name: 'Élèves sans stage' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Élèves sans stage : ${departement}`);
  const counts = page.getByRole('table', { name: 'Élèves sans stage par lycée' });
  await expect(counts).toBeVisible();
  await expect(counts.getByRole('columnheader', { name: 'Sans stage' })).toBeVisible();
  await expect(counts.getByRole('rowheader').first().getByRole('link')).toHaveAttribute(
    'href',
    /scope=lycee%3A/,
  );
  await expectNoSeriousAxeViolation(page);

  // exported as CSV and Excel: the scope and the date in the file's name and its first lines
  const slug = departementScope.replace(':', '-');
  const csv = await download(page, /télécharger les élèves sans stage par lycée au format CSV/);
  expect(csv.suggestedFilename()).toMatch(new RegExp(`^pilotage_${slug}_.*${parisDay()}\\.csv$`));
  const text = (await readFile((await csv.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const lines = parse(text, { delimiter: ';', relaxColumnCount: true, skipEmptyLines: false }) as string[][];
  expect(lines[0]![0]).not.toBe('');
  expect(lines.slice(0, 4).flat().join(' ')).toContain(departement);
  expect(lines.slice(0, 4).flat().join(' ')).toMatch(/Chiffres du/);
  const header = lines.find((l) => l.some((cell) => /Lycée/.test(cell)));
  expect(header, 'la ligne des titres des colonnes').toBeDefined();
  expect(lines.flat().join(' ')).not.toMatch(/@/);

  const xlsx = await download(page, /télécharger les élèves sans stage par lycée au format Excel/);
  expect(xlsx.suggestedFilename()).toMatch(new RegExp(`^pilotage_${slug}_.*${parisDay()}\\.xlsx$`));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await xlsx.path())!);
  const sheet = workbook.worksheets[0]!;
  const top: string[] = [];
  for (let r = 1; r <= 4; r++) top.push(String(sheet.getRow(r).getCell(1).text ?? ''));
  expect(top.join(' ')).toContain(departement);

  // a reminder to the heads, after a confirmation
  await page.getByRole('button', { name: 'Relancer les chefs d’établissement' }).click();
  await expect(page.getByRole('heading', { name: 'Confirmer la relance' })).toBeFocused();
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('button', { name: 'Envoyer les relances' }).click();
  // a mail per student or head, sent in the request: long on the embedded database
  await expect(page.getByText(/^(Relances envoyées|Aucune relance envoyée)$/)).toBeVisible({
    timeout: 120_000,
  });
});

test('un chef d’établissement voit les noms des élèves sans stage de son lycée et les relance', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAs(page, 'Chef d’établissement');
  await waitForFigures(page);
  await page.getByRole('banner').getByRole('link', { name: 'Pilotage', exact: true }).first().click();
  // the title is « Pilotage » until the lycée's figures arrive
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Lycée/);
  const lycee = (await page.getByRole('heading', { level: 1 }).textContent())!;
  await expectNumbers(page);
  await expect(page.getByRole('table', { name: /^Détail par classe/ })).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  await page.getByRole('link', { name: 'Élèves sans stage' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Élèves sans stage : ${lycee}`);
  const names = page.getByRole('table', { name: 'Élèves sans stage, par classe' });
  await expect(names).toBeVisible();
  await expect(names.getByRole('columnheader', { name: 'Élève' })).toBeVisible();
  // a name per row (last and first names), a status among « À placer » and « En cours »
  await expect(names.getByRole('rowheader').first()).toHaveText(/\p{L}+ \p{L}+/u);
  await expect(names.getByRole('row').nth(1)).toContainText(/À placer|En cours/);
  await expect(page.getByRole('link', { name: /Le détail de chaque élève/ })).toHaveAttribute(
    'href',
    '/etablissement/eleves',
  );
  await expectNoSeriousAxeViolation(page);

  await page.getByRole('button', { name: 'Relancer tous les élèves à placer' }).click();
  // a mail per student or head, sent in the request: long on the embedded database
  await expect(page.getByText(/^(Relances envoyées|Aucune relance envoyée)$/)).toBeVisible({
    timeout: 120_000,
  });
  await expectNoSeriousAxeViolation(page);
});
