import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

/** Signs in with the demo account of a role, from the sign-in page. */
async function signInAs(page: Page, roleLabel: string) {
  await page.goto('/connexion');
  await page
    .getByRole('main')
    .getByRole('button', { name: `Se connecter en tant que ${roleLabel}`, exact: true })
    .click();
  await expect(page).toHaveURL('/compte');
}

const stepTitle = (page: Page) => page.locator('.fr-stepper__title');
const next = (page: Page) => page.getByRole('button', { name: 'Étape suivante' }).click();

/** Step 1: the offer's text and sector. */
async function fillOffer(page: Page, title: string) {
  await page.getByLabel('Titre de l’offre').fill(title);
  await page.getByLabel('Description').fill('Une semaine au cœur de notre équipe.\nAccueil par la tutrice.');
  await page.getByLabel('Activités observées (facultatif)').fill('Accueil du public, réunions d’équipe.');
  await page.getByLabel('Secteur').selectOption({ index: 1 });
}

test('un organisme crée une offre par étapes, horaires vérifiés en direct, aperçu, publication, dépublication', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const title = `Découverte de l’atelier ${Date.now()}`;
  await signInAs(page, 'Organisme d’accueil');
  await page.getByRole('banner').getByRole('link', { name: 'Mes offres' }).click();
  await expect(page).toHaveURL('/mes-offres');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les offres de mon organisme');
  await expect(page).toHaveTitle('Les offres de mon organisme - Stages de seconde');
  await expect(page.getByTestId('my-offer-row').first()).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  await page.getByRole('link', { name: 'Nouvelle offre' }).click();
  await expect(page).toHaveURL('/mes-offres/nouvelle');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle offre');
  await expect(stepTitle(page)).toContainText('L’offre');
  await expectNoSeriousAxeViolation(page);

  // nothing filled: the step says what is missing, focus on the first field
  await next(page);
  await expect(page.getByText('Indiquez le titre de l’offre.')).toBeVisible();
  await expect(page.getByLabel('Titre de l’offre')).toBeFocused();
  await expectNoSeriousAxeViolation(page);
  await fillOffer(page, title);
  await next(page);

  // the place: postal code and commune, the pin from the commune's centre (no tiles needed)
  await expect(stepTitle(page)).toContainText('Le lieu');
  await expect(page.getByRole('region', { name: 'Carte du lieu du stage' })).toBeVisible();
  await next(page);
  await expect(page.getByText('Indiquez le code postal du lieu du stage.')).toBeVisible();
  await page.getByLabel('Adresse (facultatif)').fill('12 rue de la Monnaie');
  await page.getByLabel('Code postal').fill('35000');
  await page.getByLabel('Commune', { exact: true }).fill('Rennes');
  await page.getByRole('button', { name: 'Placer l’épingle au centre de la commune' }).click();
  await expect(page.getByText(/Épingle placée au centre de Rennes/)).toBeVisible();
  await expect(page.getByLabel('Latitude (facultatif)')).toHaveValue(/^48\./);
  await expect(page.locator('.sts-pin')).toBeVisible();
  // keyboard alternative: the coordinates typed move the pin
  await page.getByLabel('Latitude (facultatif)').fill('48,1115');
  await expectNoSeriousAxeViolation(page);
  await next(page);

  // weeks and places
  await expect(stepTitle(page)).toContainText('Semaines et places');
  await page.getByLabel('Places la semaine 1').fill('0');
  await next(page);
  await expect(page.getByText('Semaine 1 : au moins 1 place.')).toBeVisible();
  await page.getByLabel('Places la semaine 1').fill('3');
  await page.getByLabel('Proposer la semaine 2').uncheck({ force: true });
  await expectNoSeriousAxeViolation(page);
  await next(page);

  // hours: checked live against the campaign's limits
  await expect(stepTitle(page)).toContainText('Horaires');
  const monday = page.getByTestId('hours-1');
  await expect(page.getByRole('table').getByText('Conforme', { exact: true })).toHaveCount(5);
  await page.getByLabel('Départ le lundi').fill('19:00');
  await expect(monday).toContainText('Lundi : 9 h de présence, au-delà de 7 h par jour.');
  await expect(page.getByTestId('hours-week')).toContainText(
    '37 h de présence dans la semaine, au-delà de 35 h.',
  );
  await expectNoSeriousAxeViolation(page);
  await next(page);
  await expect(page.getByText('Corrigez les horaires signalés avant de continuer.')).toBeVisible();
  await expect(stepTitle(page)).toContainText('Horaires');
  await page.getByLabel('Départ le lundi').fill('17:00');
  await expect(monday).toContainText('Conforme');
  await expect(page.getByTestId('hours-week')).toBeEmpty();
  await next(page);

  // conditions
  await expect(stepTitle(page)).toContainText('Conditions et contact');
  await page.getByLabel('Repas du midi (facultatif)').fill('Restaurant d’entreprise');
  await page.getByLabel('Accessible aux élèves en situation de handicap').check({ force: true });
  await page.getByLabel('Courriel du contact (facultatif)').fill('stages@example.net');
  await expectNoSeriousAxeViolation(page);
  await next(page);

  // preview, then publish
  await expect(stepTitle(page)).toContainText('Aperçu');
  const preview = page.getByTestId('offer-preview');
  await expect(preview.getByRole('heading', { name: title })).toBeVisible();
  await expect(preview).toContainText('Accessible');
  await expect(preview).toContainText(/Semaine 1, du lundi \d+ juin au vendredi \d+ juin \d{4} : 3 places/);
  await expect(preview).not.toContainText('Semaine 2');
  await expect(preview).toContainText('Lundi : 9 h – 17 h, pause de 1 h');
  await expect(preview).toContainText('Restaurant d’entreprise');
  await expectNoSeriousAxeViolation(page);
  await expect(page.getByRole('button', { name: 'Enregistrer le brouillon' })).toBeVisible();
  await page.getByRole('button', { name: 'Publier' }).click();

  await expect(page).toHaveURL('/mes-offres');
  await expect(page.getByText(`L’offre « ${title} » est publiée`)).toBeVisible();
  const row = page.getByTestId('my-offer-row').filter({ hasText: title });
  await expect(row).toContainText('Publiée');
  await expect(row).toContainText('3 places : 0 prise, 3 restantes');
  await expect(row).toContainText('Non proposée');
  await expectNoSeriousAxeViolation(page);

  // a row action asks for confirmation first
  await row.getByRole('button', { name: 'Dépublier' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Dépublier « ${title} » ?`);
  await expectNoSeriousAxeViolation(page);
  await dialog.getByRole('button', { name: 'Confirmer : dépublier' }).click();
  await expect(row).toContainText('Dépubliée');
  await expect(page.getByText(/est dépubliée/)).toBeVisible();
  await row.getByRole('button', { name: 'Republier' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirmer : republier' }).click();
  await expect(row).toContainText('Publiée');

  // the edit form comes back filled
  await row.getByRole('link', { name: 'Modifier' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Modifier l’offre');
  await expect(page.getByLabel('Titre de l’offre')).toHaveValue(title);
  await page.getByLabel('Titre de l’offre').fill(`${title} (modifiée)`);
  for (let i = 0; i < 5; i++) await next(page);
  await expect(page.getByRole('button', { name: 'Publier' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page).toHaveURL('/mes-offres');
  await expect(page.getByText(`L’offre « ${title} (modifiée) » est enregistrée.`)).toBeVisible();
  await expect(page.getByTestId('my-offer-row').filter({ hasText: `${title} (modifiée)` })).toContainText(
    'Publiée',
  );
});

test('un directeur d’école crée une offre et la soumet à l’IEN, qui la lui renvoie', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const title = `Une journée en maternelle ${Date.now()}`;
  await signInAs(page, 'Directeur d’école');
  await page.getByRole('banner').getByRole('link', { name: 'Les offres de l’école' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les offres de mon école');
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('link', { name: 'Nouvelle offre' }).click();

  await fillOffer(page, title);
  await next(page);
  // the école's address is used when the place is left empty
  await expect(stepTitle(page)).toContainText('Le lieu');
  await next(page);
  await expect(stepTitle(page)).toContainText('Semaines et places');
  await next(page);
  await expect(stepTitle(page)).toContainText('Horaires');
  await page.getByRole('checkbox', { name: 'Samedi' }).check({ force: true });
  await expect(page.getByTestId('hours-week')).toContainText(
    'Il faut 2 jours de repos consécutifs dans la semaine (dimanche compris).',
  );
  await page.getByRole('checkbox', { name: 'Samedi' }).uncheck({ force: true });
  await next(page);
  // a lycée the platform does not know: only the server can tell
  const reserved = page.getByLabel('Réserver l’offre à certains lycées (facultatif)');
  await reserved.fill('0000000A');
  await next(page);
  await expect(stepTitle(page)).toContainText('Aperçu');
  await expect(page.getByTestId('offer-preview')).toContainText('Éducation nationale');
  await expect(page.getByRole('button', { name: 'Publier' })).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('button', { name: 'Soumettre à l’IEN' }).click();
  // the server's field error goes under its field, on its step, nothing is created
  await expect(stepTitle(page)).toContainText('Conditions et contact');
  await expect(page.getByText('réservation : lycée inconnu (0000000A)').first()).toBeVisible();
  await expect(reserved).toBeFocused();
  await expect(page.getByRole('alert')).toContainText('L’offre n’a pas été enregistrée');
  await expectNoSeriousAxeViolation(page);
  await reserved.fill('');
  await next(page);
  await page.getByRole('button', { name: 'Soumettre à l’IEN' }).click();

  await expect(page).toHaveURL('/mes-offres');
  await expect(page.getByText(`L’offre « ${title} » est soumise à l’IEN`)).toBeVisible();
  const row = page.getByTestId('my-offer-row').filter({ hasText: title });
  await expect(row).toContainText('Soumise à l’IEN');
  // a submitted offer is locked while the IEN examines it
  await expect(row.getByRole('link', { name: 'Modifier' })).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);

  // the IEN returns it with a reason: the director sees it on the dashboard and in the editor
  const mine = (await (await page.request.get('/api/offers/mine')).json()) as {
    items: { id: string; title: string }[];
  };
  const id = mine.items.find((o) => o.title === title)!.id;
  const ien = await playwrightRequest.newContext({ baseURL: baseURL! });
  const accounts = (await (await ien.get('/api/demo/accounts')).json()) as {
    items: { membershipId: string; role: string }[];
  };
  const membershipId = accounts.items.find((a) => a.role === 'ien')!.membershipId;
  expect((await ien.post('/api/demo/sign-in', { data: { membershipId } })).ok()).toBe(true);
  const csrf = ((await (await ien.get('/api/session')).json()) as { csrfToken: string }).csrfToken;
  const returned = await ien.post(`/api/offers/${id}/events/return`, {
    headers: { 'x-csrf-token': csrf },
    data: { reason: 'Précisez les activités de l’après-midi.' },
  });
  expect(returned.ok()).toBe(true);
  await ien.dispose();
  await page.reload();
  await expect(row).toContainText('Renvoyée par l’IEN');
  await expect(row).toContainText('Motif : Précisez les activités de l’après-midi.');
  await expectNoSeriousAxeViolation(page);
  await row.getByRole('link', { name: 'Modifier' }).click();
  await expect(page.getByText('Offre renvoyée par l’IEN')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Motif : Précisez les activités de l’après-midi.');
  await expectNoSeriousAxeViolation(page);
});

test('la DSDEN publie une offre pour l’un de ses services', async ({ page }) => {
  test.setTimeout(90_000);
  const title = `Au service des examens ${Date.now()}`;
  await signInAs(page, 'Services départementaux (DSDEN)');
  await page.getByRole('banner').getByRole('link', { name: 'Les offres de nos services' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les offres de nos services');
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('link', { name: 'Nouvelle offre' }).click();
  await next(page);
  await expect(page.getByText('Choisissez le service qui accueille.')).toBeVisible();
  const service = page.getByLabel('Service qui accueille');
  await expect(service).toBeFocused();
  await service.selectOption({ index: 1 });
  const serviceName = (await service.locator('option:checked').textContent())!;
  await fillOffer(page, title);
  await expectNoSeriousAxeViolation(page);
  for (let i = 0; i < 5; i++) await next(page);
  await expect(stepTitle(page)).toContainText('Aperçu');
  await expect(page.getByTestId('offer-preview')).toContainText(serviceName);
  // an academic service's offer is published at once
  await expect(page.getByRole('button', { name: 'Enregistrer le brouillon' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page).toHaveURL('/mes-offres');
  const row = page.getByTestId('my-offer-row').filter({ hasText: title });
  await expect(row).toContainText('Publiée');
  await expect(row).toContainText(serviceName);
  await expectNoSeriousAxeViolation(page);
});

test('le chef d’établissement publie aussitôt une offre du lycée, à l’adresse du lycée', async ({ page }) => {
  test.setTimeout(90_000);
  const title = `Vie scolaire ${Date.now()}`;
  await signInAs(page, 'Chef d’établissement');
  await page.getByRole('banner').getByRole('link', { name: 'Les offres du lycée' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les offres de mon lycée');
  await expectNoSeriousAxeViolation(page);
  await page
    .getByRole('link', { name: /Nouvelle offre|Créer une première offre/ })
    .first()
    .click();
  await fillOffer(page, title);
  for (let i = 0; i < 5; i++) await next(page);
  await expect(stepTitle(page)).toContainText('Aperçu');
  await expect(page.getByTestId('offer-preview')).toContainText(
    'À l’adresse de l’établissement ou du service',
  );
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page).toHaveURL('/mes-offres');
  const row = page.getByTestId('my-offer-row').filter({ hasText: title });
  await expect(row).toContainText('Publiée');
  await expect(row).toContainText('Rennes');
  await expect(row.getByRole('button', { name: 'Dépublier' })).toBeVisible();
});
