import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

interface Answer {
  total: number;
  items: { id: string; title: string; distanceKm: number | null; sector: { code: string; name: string } }[];
}

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

/** "à 3,2 km" → 3.2, "à 400 m" → 0.4, "à moins de 100 m" → 0. */
function km(text: string): number {
  const t = text.replace(/\s/g, ' ');
  if (t.includes('moins de 100 m')) return 0;
  const m = /à ([\d ,]+) (km|m)/.exec(t);
  if (!m) throw new Error(`distance illisible : ${text}`);
  const n = Number(m[1]!.replace(/ /g, '').replace(',', '.'));
  return m[2] === 'm' ? n / 1000 : n;
}

async function distances(page: Page): Promise<number[]> {
  return (await page.getByTestId('results').getByTestId('distance').allInnerTexts()).map(km);
}

async function cardTitles(page: Page): Promise<string[]> {
  return page.getByTestId('results').getByRole('heading', { level: 3 }).allInnerTexts();
}

test('recherche d’offres autour de Rennes au clavier, filtre, rechargement, page d’offre et retour', async ({
  page,
  request,
  baseURL,
}) => {
  await cutExternalRequests(page, baseURL!);
  await page.goto('/');
  await page
    .getByRole('navigation', { name: /menu principal/i })
    .getByRole('link', { name: 'Trouver un stage' })
    .click();
  await expect(page).toHaveURL('/offres');
  await expect(page).toHaveTitle('Trouver un stage - Stages de seconde');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trouver un stage');
  await expectNoSeriousAxeViolation(page);

  // the commune, with the keyboard only
  const commune = page.getByRole('combobox', { name: /Commune de départ/ });
  await commune.focus();
  await commune.pressSequentially('renn', { delay: 30 });
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option', { name: 'Rennes (35000)' })).toBeVisible();
  await expect(commune).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  const first = list.getByRole('option').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(commune).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  // Échap closes the list, ↓ opens it again
  await page.keyboard.press('Escape');
  await expect(commune).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowDown');
  await expect(commune).toHaveAttribute('aria-expanded', 'true');
  await expect(list.getByRole('option', { name: 'Rennes (35000)' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(commune).toHaveValue('Rennes (35000)');
  await expect(commune).toHaveAttribute('aria-expanded', 'false');
  // the second Entrée sends the form
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/offres\?commune=35238&lieu=Rennes/);
  await expect(page).toHaveTitle('Trouver un stage, Rennes (35000) - Stages de seconde');

  const api = (await (await request.get('/api/offers?commune=35238')).json()) as Answer;
  expect(api.total, 'la démo publie des offres autour de Rennes').toBeGreaterThan(20);
  const count = page.getByTestId('result-count');
  await expect(count).toHaveAttribute('role', 'status');
  await expect(count).toContainText('offres trouvées dans un rayon de 20 km autour de Rennes (35000)');
  expect(/^[\d\s]+/.exec(await count.innerText())![0].replace(/\D/g, '')).toBe(String(api.total));
  await expect(page.getByTestId('results').getByTestId('offer-card')).toHaveCount(20);
  expect(await cardTitles(page)).toEqual(api.items.map((i) => i.title));
  const ds = await distances(page);
  expect(ds).toEqual([...ds].sort((a, b) => a - b));
  await expectNoSeriousAxeViolation(page);

  // the next page: its address, its results, the focus on the results' heading
  await page
    .getByRole('navigation', { name: /Pagination/i })
    .getByRole('link', { name: '2', exact: true })
    .click();
  await expect(page).toHaveURL(/page=2/);
  const page2 = (await (await request.get('/api/offers?commune=35238&page=2')).json()) as Answer;
  await expect.poll(() => cardTitles(page)).toEqual(page2.items.map((i) => i.title));
  await expect(page.getByRole('heading', { level: 2, name: 'Résultats' })).toBeFocused();
  await expect(count).toContainText('page 2 sur');
  await expect(page).toHaveTitle('Trouver un stage, Rennes (35000), page 2 - Stages de seconde');
  await page.goBack();
  await expect.poll(() => cardTitles(page)).toEqual(api.items.map((i) => i.title));

  // a sector filter: the address changes, the results follow
  const sector = api.items[0]!.sector;
  await page.getByRole('button', { name: /Secteurs d’activité/ }).click();
  // the box is drawn by its label (DSFR): click it as a user would
  await page
    .getByRole('group', { name: /Secteurs d’activité/ })
    .getByText(sector.name, { exact: true })
    .click();
  await expect(page.getByRole('checkbox', { name: sector.name, exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(new RegExp(`sector=${sector.code}`));
  const filtered = (await (
    await request.get(`/api/offers?commune=35238&sector=${sector.code}`)
  ).json()) as Answer;
  await expect.poll(() => cardTitles(page)).toEqual(filtered.items.map((i) => i.title));
  for (const text of await page.getByTestId('results').getByTestId('offer-card').allInnerTexts())
    expect(text).toContain(sector.name);
  const filteredUrl = page.url();

  // the same address, loaded again, gives the same search
  await page.reload();
  await expect(page.getByRole('combobox', { name: /Commune de départ/ })).toHaveValue('Rennes (35000)');
  await expect(page.getByRole('checkbox', { name: sector.name, exact: true })).toBeChecked();
  await expect.poll(() => cardTitles(page)).toEqual(filtered.items.map((i) => i.title));

  // the offer page, and back to the results
  const offer = filtered.items[0]!;
  await page.getByTestId('results').locator(`a[href="/offres/${offer.id}"]`).click();
  await expect(page).toHaveURL(`/offres/${offer.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(offer.title);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByTestId('offer-weeks')).toBeVisible();
  await expect(page.getByRole('region', { name: /Carte : lieu du stage/ })).toBeVisible();
  await expect(page.locator('.leaflet-marker-icon')).toHaveCount(1);
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('link', { name: 'Retour aux résultats de la recherche' }).click();
  await expect(page).toHaveURL(filteredUrl);
  await expect.poll(() => cardTitles(page)).toEqual(filtered.items.map((i) => i.title));

  // the browser's back button too
  await page.getByTestId('results').locator(`a[href="/offres/${offer.id}"]`).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(offer.title);
  await page.goBack();
  await expect(page).toHaveURL(filteredUrl);
  await expect(page.getByRole('checkbox', { name: sector.name, exact: true })).toBeChecked();
});

test('la carte montre les offres en groupes même sans fond de carte', async ({ page, request, baseURL }) => {
  // no zoom animation: axe reads the colours of markers at rest
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const refused = await cutExternalRequests(page, baseURL!);
  const map = (await (await request.get('/api/offers/map?commune=35238&radiusKm=10')).json()) as {
    total: number;
    points: unknown[];
  };
  expect(map.points.length).toBeGreaterThan(0);
  await page.goto('/offres?commune=35238&lieu=Rennes+(35000)&radiusKm=10');
  await page.getByText('Carte', { exact: true }).click();
  await expect(page).toHaveURL(/vue=carte/);
  await expect(page.getByTestId('map-summary')).toContainText(`${map.points.length} offres sur la carte`);
  await expect(page.getByRole('region', { name: /Carte des offres autour de Rennes/ })).toBeVisible();
  await expect.poll(() => page.locator('.leaflet-marker-icon').count()).toBeGreaterThan(1);
  // the starting point and at least one group of offers
  await expect(page.locator('.sts-marker--origin')).toHaveCount(1);
  await expect(page.locator('.sts-cluster').first()).toBeVisible();
  await expect(page.getByText('Le fond de carte n’a pas pu être chargé')).toBeVisible();
  expect(refused.length, 'les tuiles ont été demandées au serveur de tuiles').toBeGreaterThan(0);
  await expectNoSeriousAxeViolation(page);

  // a group opens on a click; an offer's popup links to its page
  const single = page.locator('.sts-marker:not(.sts-marker--origin)');
  for (let i = 0; i < 8 && (await single.count()) === 0; i++) {
    await page.locator('.sts-cluster').first().click();
    await page.waitForTimeout(600);
  }
  await single.first().click();
  const popupLink = page.locator('.leaflet-popup a[data-offer-link]');
  await expect(popupLink).toBeVisible();
  const title = await popupLink.innerText();
  await popupLink.click();
  await expect(page).toHaveURL(/\/offres\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await page.getByRole('link', { name: 'Retour aux résultats de la recherche' }).click();
  await expect(page).toHaveURL(/vue=carte/);

  // the list stays one click away
  await page.getByRole('button', { name: 'voir la liste' }).click();
  await expect(page).not.toHaveURL(/vue=carte/);
  await expect(page.getByTestId('results').getByTestId('offer-card').first()).toBeVisible();
});

test('une recherche sans résultat donne des pistes, une offre inconnue « Page non trouvée »', async ({
  page,
}) => {
  await page.goto('/offres?commune=35238&lieu=Rennes+(35000)&radiusKm=5&q=xylophoniste+astronaute+zzz');
  await expect(
    page.getByRole('heading', { name: 'Aucune offre ne correspond à votre recherche' }),
  ).toBeVisible();
  await expect(page.getByTestId('result-count')).toContainText('0 offre trouvée');
  await page.getByRole('button', { name: 'chercher à 60 km' }).click();
  await expect(page).toHaveURL(/radiusKm=60/);
  await expectNoSeriousAxeViolation(page);

  // a typo: no result, but approaching ones, under their own heading
  const typo = (await (
    await page.request.get('/api/offers?commune=35238&radiusKm=5&q=fleuristre')
  ).json()) as Answer & { nearMatches?: Answer['items'] };
  expect(typo.total).toBe(0);
  expect(typo.nearMatches?.length).toBeGreaterThan(0);
  await page.goto('/offres?commune=35238&lieu=Rennes+(35000)&radiusKm=5&q=fleuristre');
  await expect(page.getByRole('heading', { level: 2, name: 'Résultats approchants' })).toBeVisible();
  await expect(page.getByTestId('near-matches').getByTestId('offer-card')).toHaveCount(
    typo.nearMatches!.length,
  );
  await expect(page.getByRole('main')).toContainText('ne contiennent pas exactement « fleuristre »');

  await page.goto('/offres/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page non trouvée');
  await page.goto('/offres/pas-une-offre');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page non trouvée');
});

test('sans commune choisie dans la liste, la recherche ne part pas et le dit', async ({ page }) => {
  await page.goto('/offres');
  await page.getByRole('combobox', { name: /Commune de départ/ }).fill('Xyzville');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByText('Choisissez une commune dans la liste proposée')).toBeVisible();
  await expect(page).toHaveURL('/offres');
  await expect(page.getByRole('combobox', { name: /Commune de départ/ })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
});

test('un élève connecté cherche d’emblée autour de chez lui (ou de son lycée)', async ({ page, baseURL }) => {
  await cutExternalRequests(page, baseURL!);
  await page.goto('/connexion');
  await page.getByRole('button', { name: 'Se connecter en tant que Élève', exact: true }).click();
  await expect(page).not.toHaveURL(/connexion/);

  const answer = (await (await page.request.get('/api/offers')).json()) as Answer & {
    origin: { source: 'home' | 'school' };
  };
  expect(['home', 'school']).toContain(answer.origin.source);
  await page.goto('/offres');
  await expect(page.getByRole('radio', { name: 'Autour de chez moi (ou de mon lycée)' })).toBeChecked();
  await expect(page.getByTestId('result-count')).toContainText(
    answer.origin.source === 'home' ? 'autour de votre domicile' : 'autour de votre lycée',
  );
  await expect.poll(() => cardTitles(page)).toEqual(answer.items.map((i) => i.title));
  await expectNoSeriousAxeViolation(page);

  // another start: a commune, chosen in the list
  await page.getByText('Autour d’une commune', { exact: true }).click();
  const commune = page.getByRole('combobox', { name: /Commune de départ/ });
  await commune.pressSequentially('saint-mal', { delay: 30 });
  await page
    .getByRole('option', { name: /^Saint-Malo/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/commune=35288/);
  await expect(page.getByTestId('result-count')).toContainText('autour de Saint-Malo');
});

test.describe('thème sombre, petit écran', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 375, height: 800 } });
  test('la recherche reste accessible, la liste des communes ouverte', async ({ page, baseURL }) => {
    await cutExternalRequests(page, baseURL!);
    await page.goto('/offres?commune=35238&lieu=Rennes+(35000)&accessible=true');
    await expect(page.locator('html')).toHaveAttribute('data-fr-theme', 'dark');
    await expect(page.getByTestId('results').getByTestId('offer-card').first()).toBeVisible();
    const commune = page.getByRole('combobox', { name: /Commune de départ/ });
    await commune.fill('');
    await commune.pressSequentially('brest', { delay: 30 });
    await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expectNoSeriousAxeViolation(page);
    // every offer of the list is accessible, as asked
    for (const text of await page.getByTestId('results').getByTestId('offer-card').allInnerTexts())
      expect(text).toMatch(/accessible/i);
  });
});

test('une panne du service est dite en français, avec un nouvel essai', async ({ page }) => {
  let down = true;
  await page.route(
    (url) => url.pathname === '/api/offers',
    async (route) => {
      if (!down) return route.continue();
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Service indisponible', detail: 'La base de données ne répond pas.' }),
      });
    },
  );
  await page.goto('/offres?commune=35238&lieu=Rennes+(35000)');
  await expect(page.getByText('La recherche n’a pas abouti')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('La base de données ne répond pas.')).toBeVisible();
  await expect(page.getByTestId('result-count')).toHaveText('La recherche a échoué.');
  await expectNoSeriousAxeViolation(page);
  down = false;
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await expect(page.getByTestId('results').getByTestId('offer-card').first()).toBeVisible();
});
