import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { signInAs } from './helpers.ts';

test('un élève déclare un stage trouvé hors plateforme, l’organisme ouvre le lien du courriel et confirme l’accueil', async ({
  page,
  request,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const email = `representant.${Date.now()}@example.net`;
  await signInAs(page, 'Élève');
  const me = (await (await page.request.get('/api/session')).json()) as { user: { firstName: string } };

  await page.goto('/candidatures/stage-trouve');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('J’ai trouvé un stage par moi-même');
  await expect(page).toHaveTitle('J’ai trouvé un stage par moi-même - Stages de seconde');
  await expect(page.getByText('Aucun stage déclaré pour l’instant.')).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // nothing filled: French messages beside the fields, the focus on the first one
  const form = page.getByRole('form', { name: 'Déclarer un stage trouvé par moi-même' });
  await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(form.getByText('Choisissez la semaine 1, la semaine 2 ou les deux.')).toBeVisible();
  await expect(form.getByText('Indiquez le nom de l’organisme.')).toBeVisible();
  await expect(form.getByRole('radio', { name: /^Semaine 1/ })).toBeFocused();
  await expectNoSeriousAxeViolation(page);

  // a SIRET with a wrong key: refused by the server, beside the field
  await form.getByRole('radio', { name: /^Semaine 2/ }).check({ force: true });
  await form.getByLabel('Nom de l’organisme').fill('Boulangerie du Fournil');
  await form.getByRole('textbox', { name: /^SIRET/ }).fill('123 456 789 00014');
  await form.getByLabel('Adresse du lieu du stage').fill('3 rue de la Monnaie');
  await form.getByLabel('Code postal').fill('35000');
  await form.getByRole('textbox', { name: /^Commune/ }).fill('Rennes');
  await form.getByLabel('Prénom et nom du représentant').fill('Jeanne Riou');
  await form.getByLabel('Adresse électronique du représentant').fill(email);
  await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(form.getByText(/clé de contrôle incorrecte/)).toBeVisible();
  await expect(form.getByRole('textbox', { name: /^SIRET/ })).toBeFocused();

  await form.getByRole('textbox', { name: /^SIRET/ }).fill('123 456 789 00015');
  await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitation envoyée' })).toContainText(
    `Nous avons écrit à Jeanne Riou (${email})`,
  );
  const row = page.getByTestId('external-stage-row').filter({ hasText: 'Boulangerie du Fournil' });
  await expect(row).toContainText('invitation envoyée');
  await expect(row).toContainText('semaine 2 : du');
  await expectNoSeriousAxeViolation(page);

  // the demo admin reads the mail in the outbox
  const accounts = (await (await request.get('/api/demo/accounts')).json()) as {
    items: { role: string; membershipId: string }[];
  };
  const admin = accounts.items.find((a) => a.role === 'admin')!;
  expect((await request.post('/api/demo/sign-in', { data: { membershipId: admin.membershipId } })).ok()).toBe(
    true,
  );
  let mailId: string | undefined;
  await expect(async () => {
    const list = await (await request.get(`/api/outbox?to=${encodeURIComponent(email)}`)).json();
    mailId = (list as { items: { id: string }[] }).items[0]?.id;
    expect(mailId).toBeDefined();
  }).toPass();
  const mail = (await (await request.get(`/api/outbox/${mailId}`)).json()) as {
    subject: string;
    text: string;
  };
  expect(mail.subject).toContain(me.user.firstName);
  const path = /\/accueil-stage\/[A-Za-z0-9_-]+/.exec(mail.text)![0];

  // the representative, in another browser without an account, opens the link
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'fr-FR' });
  const host = await context.newPage();
  await host.goto(path);
  await expect(host.getByRole('heading', { level: 1 })).toHaveText('Accueil d’un élève en stage de seconde');
  await expect(host.getByRole('main')).toContainText(`${me.user.firstName}, élève de seconde au`);
  await expect(host.getByRole('main')).toContainText('semaine 2 : du');
  const answer = host.getByRole('form', { name: 'Confirmer l’accueil' });
  await expect(answer.getByLabel('Nom de l’organisme')).toHaveValue('Boulangerie du Fournil');
  await expect(answer.getByLabel('Prénom', { exact: true })).toHaveValue('Jeanne');
  await expectNoSeriousAxeViolation(host);

  // the sector and the activities are asked
  await answer.getByRole('button', { name: 'Confirmer l’accueil' }).click();
  await expect(answer.getByText('Choisissez le secteur de l’organisme.')).toBeVisible();
  await expect(answer.getByLabel('Secteur d’activité')).toBeFocused();
  await expectNoSeriousAxeViolation(host);
  await answer.getByLabel('Secteur d’activité').selectOption({ index: 1 });
  await answer.getByLabel('Activités proposées à l’élève').fill('Fabrication du pain, accueil des clients.');
  await answer.getByRole('button', { name: 'Confirmer l’accueil' }).click();
  await expect(host.getByRole('heading', { level: 1 })).toHaveText('Accueil confirmé');
  await expect(host.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(host.getByRole('main')).toContainText(`Nous vous avons envoyé à ${email} un lien`);
  await expectNoSeriousAxeViolation(host);

  // the link no longer works
  await host.goto(path);
  await expect(host.getByText('Vous avez déjà confirmé cet accueil : ce lien ne sert plus.')).toBeVisible();
  await context.close();

  // the student sees it confirmed by the host, to confirm among their applications
  await page.reload();
  await expect(row).toContainText('accueil confirmé par l’organisme');
  await expect(row.getByRole('link', { name: 'Confirmer dans mes candidatures' })).toBeVisible();
});
