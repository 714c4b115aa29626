import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { signInAs, signOut } from './helpers.ts';

/**
 * The journey, end to end through the pages only: a host publishes an offer with the
 * editor; a student signed in finds it in the list and on the map of the search page. No request
 * leaves the platform (the tile server is out of reach, as in CI).
 */

const next = (page: Page) => page.getByRole('button', { name: 'Étape suivante' }).click();

test('un organisme publie une offre ; un élève la trouve dans la liste et sur la carte', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  await page.route(
    (url) => url.origin !== origin && url.protocol.startsWith('http'),
    (route) => route.abort('internetdisconnected'),
  );
  // a trade no demo offer mentions, so that the search finds this one alone
  const title = `Découverte de l’héliciculture ${Date.now()}`;

  // 1. the host publishes, step by step
  await signInAs(page, 'Organisme d’accueil');
  await page.getByRole('banner').getByRole('link', { name: 'Mes offres' }).click();
  await page.getByRole('link', { name: 'Nouvelle offre' }).click();
  await page.getByLabel('Titre de l’offre').fill(title);
  await page
    .getByLabel('Description')
    .fill('Élevage d’escargots : soins, alimentation, vente sur les marchés.');
  await page.getByLabel('Secteur').selectOption({ index: 1 });
  await next(page);
  await page.getByLabel('Code postal').fill('35000');
  await page.getByLabel('Commune', { exact: true }).fill('Rennes');
  await page.getByRole('button', { name: 'Placer l’épingle au centre de la commune' }).click();
  await expect(page.getByText(/Épingle placée au centre de Rennes/)).toBeVisible();
  await next(page);
  await page.getByLabel('Places la semaine 1').fill('2');
  await next(page);
  await expect(page.getByRole('table').getByText('Conforme', { exact: true })).toHaveCount(5);
  await next(page);
  await next(page);
  await expect(page.getByTestId('offer-preview').getByRole('heading', { name: title })).toBeVisible();
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.getByText(`L’offre « ${title} » est publiée`)).toBeVisible();
  await signOut(page);

  // 2. a student searches around Rennes with the trade's name, and finds it in the list
  await signInAs(page, 'Élève');
  await page.getByRole('banner').getByRole('link', { name: 'Trouver un stage' }).click();
  await page.getByText('Autour d’une commune', { exact: true }).click();
  const commune = page.getByRole('combobox', { name: /Commune de départ/ });
  await commune.pressSequentially('rennes', { delay: 30 });
  await page.getByRole('listbox').getByRole('option', { name: 'Rennes (35000)' }).click();
  await page.getByLabel(/Mots-clés/).fill('heliciculture');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/q=heliciculture/);
  const card = page.getByTestId('results').getByTestId('offer-card').filter({ hasText: title });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('2 places');
  await expectNoSeriousAxeViolation(page);

  // 3. and on the map: its marker, whose popup leads to the offer's page
  await page.getByText('Carte', { exact: true }).click();
  await expect(page).toHaveURL(/vue=carte/);
  await expect(page.getByTestId('map-summary')).toContainText('1 offre sur la carte');
  const marker = page.locator('.sts-marker:not(.sts-marker--origin)');
  await expect(marker).toHaveCount(1);
  await marker.click();
  const link = page.locator('.leaflet-popup a[data-offer-link]');
  await expect(link).toHaveText(title);
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expectNoSeriousAxeViolation(page);
});
