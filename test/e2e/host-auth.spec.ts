import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

/** The demo admin, signed in through the API, reads the outbox (as a newcomer would on the outbox page). */
async function adminApi(baseURL: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  const accounts = (await (await api.get('/api/demo/accounts')).json()) as {
    items: { membershipId: string; role: string }[];
  };
  const admin = accounts.items.find((a) => a.role === 'admin')!;
  expect((await api.post('/api/demo/sign-in', { data: { membershipId: admin.membershipId } })).ok()).toBe(
    true,
  );
  return api;
}

/** The link (path and fragment) of the last mail of `template` sent to `to`. */
async function linkFromOutbox(api: APIRequestContext, to: string, template: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(async () => {
      const page = (await (await api.get(`/api/outbox?to=${encodeURIComponent(to)}`)).json()) as {
        items: { id: string; template: string }[];
      };
      id = page.items.find((m) => m.template === template)?.id;
      return id;
    })
    .toBeDefined();
  const mail = (await (await api.get(`/api/outbox/${id}`)).json()) as { text: string };
  const url = mail.text.match(/https?:\/\/\S+#[A-Za-z0-9_-]+/)?.[0];
  expect(url, 'lien dans le courriel').toBeDefined();
  const parsed = new URL(url!);
  return `${parsed.pathname}${parsed.hash}`;
}

const PASSWORD = 'cheval agrafe batterie correcte';

test('un organisme d’accueil crée son compte, confirme son adresse et se connecte', async ({
  page,
  baseURL,
}) => {
  const email = `hote.${Date.now()}@example.net`;
  const api = await adminApi(baseURL!);

  await page.goto('/connexion');
  const hostSection = page.getByRole('region', { name: 'Organisme d’accueil' });
  await expect(hostSection).toBeVisible();
  await expect(hostSection.getByRole('link', { name: 'Mot de passe oublié ?' })).toBeVisible();
  await expect(
    hostSection.getByRole('link', { name: 'Recevoir un lien de connexion par courriel' }),
  ).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  await hostSection.getByRole('link', { name: 'Créer un compte organisme d’accueil' }).click();

  // sign-up: inline errors, focus on the first field in error
  await expect(page).toHaveURL('/inscription');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créer un compte organisme d’accueil');
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByLabel('Prénom')).toBeFocused();
  await expect(page.getByText('Indiquez votre prénom.')).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  await page.getByLabel('Prénom').fill('Anne');
  await page.getByLabel('Nom', { exact: true }).fill('Kervella');
  await page.getByLabel('Adresse électronique').fill(email);
  const password = page.getByLabel('Mot de passe', { exact: true });
  await password.fill('court');
  await expect(page.getByText('Au moins 12 caractères', { exact: true })).toHaveClass(/fr-message--error/);
  await password.fill('qwerty123456');
  await expect(page.getByText('Au moins 12 caractères', { exact: true })).toHaveClass(/fr-message--valid/);
  await page.getByLabel('Nom de l’organisme').fill('Boulangerie Kervella');
  await page.getByLabel('SIRET (facultatif)').fill('732 829 320 00075');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  // the server refuses the common password and the SIRET's key, each under its field
  await expect(page.getByText(/mots de passe les plus courants/)).toBeVisible();
  await expect(page.getByText(/clé de contrôle incorrecte/)).toBeVisible();
  await expect(password).toBeFocused();
  await expectNoSeriousAxeViolation(page);

  await password.fill(PASSWORD);
  await page.getByLabel('SIRET (facultatif)').fill('');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByText('Vérifiez votre messagerie')).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // not confirmed yet: signing in says so
  await page.goto('/connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page.getByText(/pas encore confirmée/)).toBeVisible();

  // the verification link from the outbox
  const link = await linkFromOutbox(api, email, 'verify_email');
  expect(link).toMatch(/^\/verification#/);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirmation de votre adresse');
  // the token left the address bar
  await expect(page).toHaveURL('/verification');
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(page.getByText('Adresse confirmée')).toBeVisible();
  await page.locator('#verification-resultat').getByRole('link', { name: 'Se connecter' }).click();

  // a wrong password, then the right one
  await expect(page).toHaveURL('/connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page.getByText('Adresse électronique ou mot de passe incorrect.')).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page).toHaveURL('/compte');
  const identity = page.getByTestId('identity');
  await expect(identity).toContainText('Anne Kervella');
  await expect(identity).toContainText('Organisme d’accueil');
  await expect(identity).toContainText('Boulangerie Kervella');
  await api.dispose();
});

test('mot de passe oublié, puis connexion par lien à usage unique', async ({ page, baseURL, context }) => {
  const email = `hote.lien.${Date.now()}@example.net`;
  const api = await adminApi(baseURL!);
  // an account, created through the API
  expect(
    (
      await api.post('/api/auth/sign-up', {
        data: {
          email,
          password: PASSWORD,
          firstName: 'Paul',
          lastName: 'Le Bras',
          organisation: { name: 'Atelier Le Bras' },
        },
        headers: { 'x-csrf-token': await csrfOf(api) },
      })
    ).status(),
  ).toBe(202);

  await page.goto('/mot-de-passe-oublie');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mot de passe oublié');
  await expectNoSeriousAxeViolation(page);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await expect(page.getByText('Vérifiez votre messagerie')).toBeVisible();

  await page.goto(await linkFromOutbox(api, email, 'password_reset'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouveau mot de passe');
  await expectNoSeriousAxeViolation(page);
  await page.getByLabel('Nouveau mot de passe').fill('un nouveau mot de passe solide');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByText('Mot de passe modifié')).toBeVisible();

  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Recevoir un lien de connexion par courriel' }).click();
  await expect(page).toHaveURL('/connexion/lien');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recevoir un lien de connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await expect(page.getByText('Vérifiez votre messagerie')).toBeVisible();

  const link = await linkFromOutbox(api, email, 'sign_in_link');
  expect(link).toMatch(/^\/connexion\/lien#/);
  // opening the page consumes nothing: it can be opened twice
  await page.goto(link);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion par lien');
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).toHaveURL('/compte');
  await expect(page.getByTestId('identity')).toContainText('Paul Le Bras');

  // a second use is refused
  await context.clearCookies();
  await page.goto(link);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page.getByText(/Ce lien a déjà servi ou a expiré/)).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  await api.dispose();
});

async function csrfOf(api: APIRequestContext): Promise<string> {
  return ((await (await api.get('/api/session')).json()) as { csrfToken: string }).csrfToken;
}
