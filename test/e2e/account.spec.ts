import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

interface DemoAccount {
  membershipId: string;
  role: string;
  roleLabel: string;
  name: string;
  email: string;
  scopeLabel: string;
}

const REQUIRED_ROLES = [
  'Élève',
  'Représentant légal',
  'Chef d’établissement',
  'Rectorat',
  'Administrateur de la plateforme',
];

/** The header of the page (the desktop copy of its items; the mobile menu is hidden). */
const header = (page: Page) => page.getByRole('banner');

test('connexion de démonstration, mon compte, déconnexion de tous les appareils', async ({
  page,
  request,
}) => {
  const response = await request.get('/api/demo/accounts');
  expect(response.ok(), 'la démo est active').toBe(true);
  const accounts = ((await response.json()) as { items: DemoAccount[] }).items;
  const head = accounts.find((a) => a.role === 'school_head');
  expect(head, 'un compte de chef d’établissement').toBeDefined();

  // signed out: the header offers to sign in
  await page.goto('/');
  await expect(header(page).getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await header(page).getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL('/connexion');
  await expect(page).toHaveTitle('Se connecter - Stages de seconde');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se connecter');
  await expect(page.getByRole('main')).toContainText('académie de démonstration');

  // one card per role, each with its button
  const main = page.getByRole('main');
  for (const label of REQUIRED_ROLES) {
    await expect(main.getByRole('heading', { level: 3, name: label, exact: true })).toBeVisible();
    await expect(
      main.getByRole('button', { name: `Se connecter en tant que ${label}`, exact: true }),
    ).toBeVisible();
  }
  await expect(main.getByRole('heading', { level: 3 })).toHaveCount(accounts.length);
  await expect(main).toContainText(head!.name);
  await expect(main).toContainText(head!.scopeLabel);
  await expectNoSeriousAxeViolation(page);

  await main.getByRole('button', { name: 'Se connecter en tant que Chef d’établissement' }).click();
  await expect(page).toHaveURL('/compte');
  await expect(page).toHaveTitle('Mon compte - Stages de seconde');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
  const identity = page.getByTestId('identity');
  await expect(identity).toContainText(head!.name);
  await expect(identity).toContainText('Chef d’établissement');
  await expect(identity).toContainText(head!.email);
  await expect(identity).toContainText(head!.scopeLabel);
  expect(head!.scopeLabel).toMatch(/^Lycée /);

  // the header shows who is signed in
  await expect(header(page)).toContainText(head!.name);
  await expect(header(page)).toContainText('Chef d’établissement');
  await expect(header(page).getByRole('link', { name: 'Mon compte' })).toHaveAttribute('href', '/compte');
  await expect(header(page).getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await expect(header(page).getByRole('link', { name: 'Se connecter' })).toHaveCount(0);

  // my sessions: this one is marked
  const sessions = page.getByRole('table', { name: 'Mes sessions ouvertes' });
  await expect(sessions).toBeVisible();
  await expect(sessions.getByRole('row').filter({ hasText: /cette session/i })).toHaveCount(1);
  await expect(sessions.getByRole('columnheader')).toHaveText([
    'Appareil',
    'Adresse IP',
    'Ouverte le',
    'Dernière activité',
  ]);

  // my data, as a JSON download
  const data = page.getByRole('link', { name: 'Télécharger mes données (JSON)' });
  await expect(data).toHaveAttribute('href', '/api/account/data');
  const [download] = await Promise.all([page.waitForEvent('download'), data.click()]);
  expect(download.suggestedFilename()).toBe('mes-donnees-stage-seconde.json');

  await expectNoSeriousAxeViolation(page);

  // sign out everywhere, after a confirmation
  await page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
  const dialog = page.getByRole('dialog', { name: 'Se déconnecter de tous les appareils ?' });
  await expect(dialog).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('identity')).toBeVisible();

  await page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Me déconnecter partout' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('status').filter({ hasText: 'Déconnexion effectuée' })).toBeVisible();
  await expect(header(page).getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(header(page)).not.toContainText(head!.name);

  // the server agrees: no session any more, and the account page sends to the sign-in page
  const session = await page.request.get('/api/session');
  expect(await session.json()).toEqual({ authenticated: false });
  await page.goto('/compte');
  await expect(page).toHaveURL('/connexion');
});

test('se déconnecter depuis l’en-tête ramène à l’accueil', async ({ page }) => {
  await page.goto('/connexion');
  await page.getByRole('button', { name: 'Se connecter en tant que Rectorat', exact: true }).click();
  await expect(page).toHaveURL('/compte');
  await expect(page.getByTestId('identity')).toContainText('Rectorat');

  await header(page).getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(header(page).getByRole('link', { name: 'Se connecter' })).toBeVisible();
  expect(await (await page.request.get('/api/session')).json()).toEqual({ authenticated: false });
});

test('au clavier : les boutons de connexion se parcourent avec Tab et s’activent avec Entrée', async ({
  page,
}) => {
  await page.goto('/connexion');
  const first = page.getByRole('button', { name: 'Se connecter en tant que Élève', exact: true });
  await expect(first).toBeVisible();

  // from the top of the page, Tab until the first sign-in button has the focus
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await first.evaluate((el) => el === document.activeElement);
  }
  expect(reached, 'le premier bouton de connexion est atteint avec Tab').toBe(true);

  // the next Tab goes to the next account's button
  await page.keyboard.press('Tab');
  await expect(
    page.getByRole('button', { name: 'Se connecter en tant que Représentant légal', exact: true }),
  ).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/compte');
  await expect(page.getByTestId('identity')).toContainText('Représentant légal');
  // focus moved to the new page's title
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  await header(page).getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(header(page).getByRole('link', { name: 'Se connecter' })).toBeVisible();
});

test('/compte sans session renvoie vers la connexion', async ({ page }) => {
  await page.goto('/compte');
  await expect(page).toHaveURL('/connexion');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se connecter');
});

test('un onglet resté ouvert après une connexion ailleurs peut encore changer de compte', async ({
  context,
}) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto('/connexion');
  await a.getByRole('button', { name: 'Se connecter en tant que Chef d’établissement', exact: true }).click();
  await expect(a).toHaveURL('/compte');
  await b.goto('/connexion');
  await expect(b.getByRole('main')).toContainText('Session ouverte');

  // tab A switches account: tab B's anti-CSRF token is now stale
  await a.goto('/connexion');
  await a.getByRole('button', { name: 'Se connecter en tant que Rectorat', exact: true }).click();
  await expect(a).toHaveURL('/compte');

  // a write without the token is refused by the server
  const refused = await b.request.post('/api/account/sign-out-everywhere');
  expect(refused.status()).toBe(403);

  await b.getByRole('button', { name: 'Se connecter en tant que Élève', exact: true }).click();
  await expect(b).toHaveURL('/compte');
  await expect(b.getByTestId('identity')).toContainText('Élève');
  await header(b).getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(header(b).getByRole('link', { name: 'Se connecter' })).toBeVisible();
});

test('sans démo, la page de connexion garde la connexion par courriel, sans comptes de démonstration', async ({
  page,
}) => {
  await page.route('/api/demo/accounts', (route) =>
    route.fulfill({
      status: 404,
      contentType: 'application/problem+json; charset=utf-8',
      body: JSON.stringify({
        type: 'urn:stage-seconde:probleme:introuvable',
        title: 'Mode démo désactivé',
        status: 404,
        detail: 'Les comptes de démonstration ne sont pas disponibles.',
      }),
    }),
  );
  await page.goto('/connexion');
  const main = page.getByRole('main');
  // the host e-mail form is real; no demo account, no demo button
  await expect(main.getByRole('region', { name: 'Organisme d’accueil' })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'Comptes de démonstration' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: /^Se connecter en tant que/ })).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);
});
