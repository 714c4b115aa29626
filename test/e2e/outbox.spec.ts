import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

test('la boîte d’envoi de démonstration montre les courriels et leurs liens à l’administrateur', async ({
  page,
  request,
}) => {
  // a sign-in link is asked for the demo head: the mail lands in the outbox
  const asked = await request.post('/api/auth/link/request', {
    data: { email: 'demo.proviseur@example.net' },
  });
  expect(asked.status()).toBe(202);

  // another role than admin is told the page is not theirs
  await page.goto('/connexion');
  await page
    .getByRole('button', { name: 'Se connecter en tant que Chef d’établissement', exact: true })
    .click();
  await expect(page).toHaveURL('/compte');
  await page.goto('/boite-d-envoi');
  await expect(page.getByRole('main')).toContainText('Page réservée aux administrateurs');

  // the admin reads it
  await page.goto('/connexion');
  await page
    .getByRole('button', { name: 'Se connecter en tant que Administrateur de la plateforme', exact: true })
    .click();
  await expect(page).toHaveURL('/compte');
  await page.getByRole('banner').getByRole('link', { name: 'Boîte d’envoi' }).first().click();
  await expect(page).toHaveURL('/boite-d-envoi');
  await expect(page).toHaveTitle('Boîte d’envoi de démonstration - Stages de seconde');
  await page.getByLabel('Destinataire').fill('demo.proviseur@example.net');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/destinataire=demo.proviseur/);
  const row = page.getByRole('row').filter({ hasText: 'demo.proviseur@example.net' }).first();
  await expect(row).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('connexion');
  const link = page.getByRole('main').getByRole('link', { name: /\/connexion\/lien#/ });
  await expect(link).toBeVisible();
  await expectNoSeriousAxeViolation(page);
});
