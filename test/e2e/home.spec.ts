import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import type { PublicStats } from '../../src/steering/schemas.ts';

/** Fails the test if the page asks anything from another host (CDN, fonts, analytics…). */
function forbidExternalRequests(page: Page, baseURL: string): string[] {
  const external: string[] = [];
  const origin = new URL(baseURL).origin;
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
      external.push(url);
  });
  return external;
}

const digits = (text: string): string => text.replace(/\D/g, '');
const dayOf = (iso: string): string => String(Number(iso.slice(8, 10)));

test('la page d’accueil montre la campagne et les chiffres de l’API', async ({ page, request, baseURL }) => {
  const external = forbidExternalRequests(page, baseURL!);
  const response = await request.get('/api/public/stats');
  expect(response.ok()).toBe(true);
  const stats = (await response.json()) as PublicStats;
  expect(stats.campaign, 'la démo ouvre une campagne').not.toBeNull();
  expect(stats.offersBySector.length, 'la démo publie des offres').toBeGreaterThan(0);

  await page.goto('/');
  await expect(page).toHaveTitle('Accueil - Stages de seconde');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stages d’observation de seconde');

  const figures: [string, number][] = [
    ['stat-lycees', stats.counts.lycees],
    ['stat-students', stats.counts.students],
    ['stat-offers', stats.counts.offers],
    ['stat-places-week1', stats.counts.placesWeek1],
    ['stat-places-week2', stats.counts.placesWeek2],
    ['stat-hosts', stats.counts.hosts],
    ['stat-public-hosts-share', Math.round(stats.counts.publicHostsShare * 100)],
  ];
  for (const [testId, expected] of figures) {
    await expect(page.getByTestId(testId)).toBeVisible();
    expect(digits(await page.getByTestId(testId).innerText()), testId).toBe(String(expected));
  }
  // French formatting: a space (narrow no-break) between thousands
  if (stats.counts.students >= 1000)
    await expect(page.getByTestId('stat-students')).toHaveText(/^\d{1,3}(\s\d{3})+$/);

  const campaign = stats.campaign!;
  await expect(
    page.getByRole('heading', { level: 2, name: new RegExp(`campagne ${campaign.schoolYear}`) }),
  ).toBeVisible();
  for (const week of campaign.weeks) {
    await expect(page.getByTestId(`week-${week.number}`)).toContainText(
      `du lundi ${dayOf(week.start)} juin au vendredi ${dayOf(week.end)} juin ${week.end.slice(0, 4)}`,
    );
  }

  // the chart is readable as a table listing every sector with its figures
  const chart = page.getByRole('figure', { name: 'Offres publiées par secteur d’activité' });
  await expect(chart).toBeVisible();
  await chart.getByText('Voir les données en tableau').click();
  const table = chart.getByRole('table', { name: 'Offres publiées par secteur d’activité' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(stats.offersBySector.length + 1);
  for (const sector of stats.offersBySector) {
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: sector.name, exact: true }) });
    await expect(row).toHaveCount(1);
    const cells = row.getByRole('cell');
    expect(digits(await cells.nth(0).innerText()), `offres ${sector.name}`).toBe(String(sector.offers));
    expect(digits(await cells.nth(1).innerText()), `places ${sector.name}`).toBe(String(sector.places));
  }

  await expectNoSeriousAxeViolation(page);
  expect(external, 'aucune requête vers un autre hôte').toEqual([]);
});

test('le premier élément focalisable est le lien d’évitement vers le contenu', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('stat-lycees')).toBeVisible();
  await page.keyboard.press('Tab');
  const skipLink = page.locator(':focus');
  await expect(skipLink).toHaveText('Contenu');
  await expect(skipLink).toHaveAttribute('href', '#contenu');
  await page.keyboard.press('Enter');
  await expect(page.locator('main#contenu')).toBeFocused();
  // the next Tab goes on inside the content, not back to the header
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
});

const FOOTER_PAGES = [
  {
    link: 'Accessibilité : non conforme',
    path: '/accessibilite',
    title: 'Déclaration d’accessibilité',
    text: 'non conforme',
  },
  {
    link: 'Mentions légales',
    path: '/mentions-legales',
    title: 'Mentions légales',
    text: 'académie de Rennes',
  },
  {
    link: 'Données personnelles',
    path: '/donnees-personnelles',
    title: 'Données personnelles',
    text: 'dpo@ac-rennes.fr',
  },
  { link: 'Plan du site', path: '/plan-du-site', title: 'Plan du site', text: 'Mentions légales' },
];

for (const footerPage of FOOTER_PAGES) {
  test(`pied de page : ${footerPage.title}`, async ({ page, baseURL }) => {
    const external = forbidExternalRequests(page, baseURL!);
    await page.goto('/');
    await page.getByRole('contentinfo').getByRole('link', { name: footerPage.link, exact: true }).click();
    await expect(page).toHaveURL(footerPage.path);
    await expect(page).toHaveTitle(`${footerPage.title} - Stages de seconde`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toHaveText(footerPage.title);
    await expect(heading).toBeFocused();
    await expect(page.getByRole('main')).toContainText(footerPage.text);
    await expectNoSeriousAxeViolation(page);

    // the same page loaded directly (the server falls back to index.html)
    await page.goto(footerPage.path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(footerPage.title);
    expect(external).toEqual([]);
  });
}

test('une adresse inconnue affiche « Page non trouvée »', async ({ page }) => {
  const response = await page.goto('/cette-page-n-existe-pas');
  expect(response?.ok()).toBe(true);
  await expect(page).toHaveTitle('Page non trouvée - Stages de seconde');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page non trouvée');
  await expect(page.getByRole('link', { name: 'Page d’accueil' })).toHaveAttribute('href', '/');
  await expectNoSeriousAxeViolation(page);
});

test.describe('thème sombre', () => {
  test.use({ colorScheme: 'dark' });
  test('la page d’accueil reste accessible', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-fr-theme', 'dark');
    await expect(page.getByTestId('stat-lycees')).toBeVisible();
    // every chart's table (the offers by sector, and the placement figures' when there are some)
    const tables = page.getByText('Voir les données en tableau');
    await expect(tables.first()).toBeVisible();
    for (const toggle of await tables.all()) await toggle.click();
    await expectNoSeriousAxeViolation(page);
  });
});
