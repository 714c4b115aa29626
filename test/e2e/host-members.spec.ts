import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

test('un membre d’organisme invite un collègue, qui accepte et arrive sur les offres de l’organisme', async ({
  page,
  request,
  browser,
}, testInfo) => {
  const email = `collegue.${Date.now()}@example.net`;
  await page.goto('/connexion');
  await page
    .getByRole('button', { name: 'Se connecter en tant que Organisme d’accueil', exact: true })
    .click();
  await expect(page).toHaveURL('/compte');
  const host = (await (await page.request.get('/api/session')).json()) as { scopeLabel: string };

  // "Membres" in the header's navigation
  await page
    .getByRole('navigation', { name: /menu principal/i })
    .getByRole('link', { name: 'Membres' })
    .click();
  await expect(page).toHaveURL('/organisme/membres');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Membres de l’organisme');
  const members = page.getByRole('table', { name: 'Membres de l’organisme' });
  await expect(members).toContainText('(vous)');
  await expect(members).toContainText('Seul membre');
  await expectNoSeriousAxeViolation(page);

  // empty or bad fields: French messages next to the fields, the focus on the first one
  const form = page.getByRole('form', { name: 'Inviter un collègue' });
  await form.getByLabel('Adresse électronique').fill('pas-une-adresse');
  await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(form.getByText('Adresse électronique invalide')).toBeVisible();
  await expect(form.getByText('Indiquez le prénom.')).toBeVisible();
  await expect(form.getByLabel('Adresse électronique')).toBeFocused();
  await expectNoSeriousAxeViolation(page);

  // the member's own address: refused by the server, in French, beside the field
  const me = (await (await page.request.get('/api/session')).json()) as { user: { email: string } };
  await form.getByLabel('Adresse électronique').fill(me.user.email);
  await form.getByLabel('Prénom').fill('Moi');
  await form.getByLabel('Nom', { exact: true }).fill('Même');
  await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(form.getByText(/déjà celle d’un membre/)).toBeVisible();

  await form.getByLabel('Adresse électronique').fill(email);
  await form.getByLabel('Prénom').fill('Maëlle');
  await form.getByLabel('Nom', { exact: true }).fill('Riou');
  await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitation envoyée' })).toContainText(email);
  await expect(page.getByRole('table', { name: 'Invitations en attente' })).toContainText(email);
  await expectNoSeriousAxeViolation(page);

  // the demo admin reads the invitation in the outbox
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
  expect(mail.subject).toContain(host.scopeLabel);
  const url = new URL(/https?:\/\/\S+\/invitation#\S+/.exec(mail.text)![0]);

  // the colleague, in another browser, opens the link, accepts and lands on the host's offers
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'fr-FR' });
  const colleague = await context.newPage();
  await colleague.goto(`${url.pathname}${url.hash}`);
  await expect(colleague.getByRole('heading', { level: 1 })).toHaveText('Accepter l’invitation');
  await expect(colleague.getByRole('main')).toContainText('organisme d’accueil');
  await expectNoSeriousAxeViolation(colleague);
  await colleague.getByRole('button', { name: 'Accepter l’invitation' }).click();
  await expect(colleague).toHaveURL('/mes-offres');
  const session = (await (await colleague.request.get('/api/session')).json()) as {
    role: string;
    scopeLabel: string;
    user: { email: string };
  };
  expect(session).toMatchObject({ role: 'host_member', scopeLabel: host.scopeLabel, user: { email } });
  await expectNoSeriousAxeViolation(colleague);

  // the first member sees the colleague, and removes them after confirming
  await page.reload();
  const row = members.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Maëlle Riou');
  await row.getByRole('button', { name: 'Retirer Maëlle Riou' }).click();
  const confirm = row.getByRole('button', { name: 'Confirmer le retrait de Maëlle Riou' });
  await expect(confirm).toBeFocused();
  await expectNoSeriousAxeViolation(page);
  await confirm.click();
  await expect(members).not.toContainText(email);
  await expect(members).toContainText('Seul membre');

  // the colleague's session ended with the membership
  expect(await (await colleague.request.get('/api/session')).json()).toEqual({ authenticated: false });
  await context.close();
});
