import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { publishOffer, sectorCode, signInApi, signInAs, signOut } from './helpers.ts';

/**
 * Issue 5's journey through the pages of three people: the student applies from an offer's page,
 * the host accepts from its inbox, the student confirms in « Mes candidatures »; the head sees the
 * student « En cours » (one week covered), then « Couvert » once the second week is confirmed the
 * same way. Only the offers are set up through the API (their editor has its own journey).
 */

/** The demo host publishes a joinery's offer for one week through the API. */
async function publishJoineryOffer(
  api: APIRequestContext,
  csrf: string,
  title: string,
  week: number,
): Promise<string> {
  return publishOffer(api, csrf, {
    title,
    description: 'Découvrir une menuiserie : lecture de plans, débit du bois, assemblage, finitions.',
    sectorCode: await sectorCode(api),
    weeks: [{ week, places: 2 }],
    contactName: 'Soazig Le Bihan',
  });
}
/** Withdraws every live application of the demo student, so that the journey starts (and ends) clean. */
async function withdrawAll(api: APIRequestContext, csrf: string): Promise<void> {
  const mine = (await (await api.get('/api/applications/mine')).json()) as {
    items: { id: string; status: string }[];
  };
  for (const a of mine.items) {
    if (['pending', 'accepted', 'split_pending', 'confirmed'].includes(a.status)) {
      const r = await api.post(`/api/applications/${a.id}/withdraw`, { headers: { 'x-csrf-token': csrf } });
      expect(r.ok(), await r.text()).toBe(true);
    }
  }
}

async function studentApplies(page: Page, offerId: string, week: 1 | 2) {
  await page.goto(`/offres/${offerId}`);
  const form = page.getByTestId('apply-form');
  // one week offered: it is chosen already
  await expect(form.getByRole('radio', { name: new RegExp(`Semaine ${week}`) })).toBeChecked();
  await form
    .getByRole('textbox', { name: /Votre motivation/ })
    .fill('Je fabrique des meubles avec mon oncle et voudrais voir un vrai atelier.');
  await form.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(page.getByTestId('apply-state')).toContainText('Candidature envoyée');
}

async function hostAccepts(page: Page, title: string) {
  await page
    .getByRole('navigation', { name: /menu principal/i })
    .getByRole('link', { name: 'Candidatures' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Candidatures reçues');
  const line = page.getByTestId('inbox-item').filter({ hasText: title });
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('Nouvelle');
  await line.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Candidature de /);
  await page.getByLabel('Message à l’élève').fill('Bienvenue à l’atelier, rendez-vous à 9 h.');
  await page.getByRole('button', { name: 'Accepter', exact: true }).click();
  await expect(page.getByText(/Candidature acceptée : l’élève est prévenu par courriel/)).toBeVisible();
}

async function studentConfirms(page: Page, title: string) {
  await page.getByRole('banner').getByRole('link', { name: 'Mes candidatures' }).first().click();
  await expect(page).toHaveURL('/candidatures');
  const card = page.getByTestId('group-to_confirm').getByTestId('application-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(title);
  await card.getByRole('button', { name: /Confirmer ce stage/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Confirmer le stage « ${title} » ?`);
  await dialog.getByRole('button', { name: 'Oui, je confirme ce stage' }).click();
  await expect(page.getByTestId('applications-notice')).toContainText('Stage confirmé');
}

async function headSees(page: Page, firstName: string, lastName: string, status: string) {
  await page.goto('/etablissement/eleves');
  await page.getByLabel('Rechercher un élève').fill(lastName);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const row = page.getByTestId('student-row').filter({ hasText: firstName });
  await expect(row).toHaveCount(1);
  await expect(row.locator('.fr-badge')).toHaveText(status);
  await expectNoSeriousAxeViolation(page);
}

test('un élève postule, l’organisme accepte, l’élève confirme : le chef d’établissement le voit « En cours » puis « Couvert »', async ({
  page,
  browser,
}) => {
  // nine sign-ins and three people's pages: long on a loaded machine (each page has its own
  // browser test with axe at every state; here axe checks the states the journey adds)
  test.setTimeout(420_000);
  const stamp = Date.now().toString(36);
  const titleW1 = `Menuiserie d’agencement ${stamp}`;
  const titleW2 = `Ébénisterie d’art ${stamp}`;

  const hostContext = await browser.newContext();
  const host = await signInApi(hostContext.request, 'host_member');
  const offerW1 = await publishJoineryOffer(hostContext.request, host.csrf, titleW1, 1);
  const offerW2 = await publishJoineryOffer(hostContext.request, host.csrf, titleW2, 2);
  const studentContext = await browser.newContext();
  const student = await signInApi(studentContext.request, 'student');
  await withdrawAll(studentContext.request, student.csrf);
  const me = (await (await studentContext.request.get('/api/session')).json()) as {
    user: { firstName: string; lastName: string };
  };

  try {
    // week 1: apply, accept, confirm
    await signInAs(page, 'Élève');
    await studentApplies(page, offerW1, 1);
    await signOut(page);
    await signInAs(page, 'Organisme d’accueil');
    await hostAccepts(page, titleW1);
    await signOut(page);
    await signInAs(page, 'Élève');
    await studentConfirms(page, titleW1);
    await expect(page.getByTestId('placement-status')).toHaveText('En cours');
    await expect(page.getByTestId('week-1')).toContainText('couverte par');
    await expect(page.getByTestId('week-2')).toContainText('à trouver');
    await expectNoSeriousAxeViolation(page);
    await signOut(page);

    // the head: one week covered, the student is « En cours »
    await signInAs(page, 'Chef d’établissement');
    await headSees(page, me.user.firstName, me.user.lastName, 'En cours');
    await signOut(page);

    // week 2 with the same host (no split to approve): apply, accept, confirm
    await signInAs(page, 'Élève');
    await studentApplies(page, offerW2, 2);
    await signOut(page);
    await signInAs(page, 'Organisme d’accueil');
    await hostAccepts(page, titleW2);
    await signOut(page);
    await signInAs(page, 'Élève');
    await studentConfirms(page, titleW2);
    await expect(page.getByTestId('placement-status')).toHaveText('Couvert');
    await expect(page.getByTestId('week-2')).toContainText('couverte par');
    await signOut(page);

    // the head: both weeks covered
    await signInAs(page, 'Chef d’établissement');
    await headSees(page, me.user.firstName, me.user.lastName, 'Couvert');
  } finally {
    // the other specs start from a student without a placement
    await withdrawAll(studentContext.request, student.csrf);
    await hostContext.close();
    await studentContext.close();
  }
});
