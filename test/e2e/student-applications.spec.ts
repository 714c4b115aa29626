import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { PDF, publishOffer, sectorCode, signInApi, signInAs } from './helpers.ts';

/**
 * The student's side of applications, in a real browser: « Postuler » on an offer's page
 * (visitor, errors inline, keyboard only, CV), « Mes candidatures » (placement summary, groups),
 * the host's acceptance through the API, the confirmation (what it cancels), the withdrawal.
 */

/** The demo host publishes a bicycle workshop's offer through the API. */
async function publishWorkshop(
  api: APIRequestContext,
  csrf: string,
  title: string,
  weeks: { week: number; places: number }[],
): Promise<string> {
  return publishOffer(api, csrf, {
    title,
    description: 'Découvrir un atelier de réparation de vélos : accueil des clients, diagnostic, réparation.',
    sectorCode: await sectorCode(api, 'Maintenance'),
    weeks,
    contactName: 'Yann Le Goff',
  });
}
test('un élève postule depuis l’offre, suit « Mes candidatures », confirme un stage accepté puis se désiste', async ({
  page,
  browser,
}) => {
  test.setTimeout(360_000);
  const stamp = Date.now().toString(36);
  const titleA = `Atelier vélo ${stamp}`;
  const titleB = `Atelier cycles ${stamp}`;

  // the demo host publishes two offers (through the API, in its own browser context)
  const hostContext = await browser.newContext();
  const host = await signInApi(hostContext.request, 'host_member');
  expect(host.hostId).toBeDefined();
  const offerA = await publishWorkshop(hostContext.request, host.csrf, titleA, [
    { week: 1, places: 2 },
    { week: 2, places: 2 },
  ]);
  const offerB = await publishWorkshop(hostContext.request, host.csrf, titleB, [{ week: 1, places: 1 }]);

  // 1. a visitor is invited to sign in, with the way back to the offer
  await page.goto(`/offres/${offerA}`);
  const apply = page.getByRole('region', { name: 'Postuler' });
  const signInLink = apply.getByRole('link', { name: 'Connectez-vous pour postuler' });
  await expect(signInLink).toHaveAttribute(
    'href',
    `/connexion?next=${encodeURIComponent(`/offres/${offerA}`)}`,
  );
  await expectNoSeriousAxeViolation(page);

  // 2. the student: nothing yet in « Mes candidatures »
  await signInAs(page, 'Élève');
  await page.getByRole('banner').getByRole('link', { name: 'Mes candidatures' }).first().click();
  await expect(page).toHaveURL('/candidatures');
  await expect(page).toHaveTitle('Mes candidatures - Stages de seconde');
  await expect(page.getByTestId('placement-status')).toHaveText('À placer');
  await expect(page.getByTestId('week-1')).toContainText('à trouver');
  // no live application; the other specs may have left ended ones (withdrawn, refused) before this one
  for (const group of ['group-to_confirm', 'group-waiting', 'group-confirmed'])
    await expect(page.getByTestId(group)).toHaveCount(0);
  const before = (await (await page.request.get('/api/applications/mine')).json()) as { items: unknown[] };
  if (before.items.length === 0) await expect(page.getByTestId('applications-empty')).toBeVisible();
  else await expect(page.getByTestId('group-ended')).toBeVisible();
  await expect(page.getByRole('link', { name: 'J’ai trouvé un stage par moi-même' })).toHaveAttribute(
    'href',
    '/candidatures/stage-trouve',
  );
  await expectNoSeriousAxeViolation(page);

  // 3. on the offer's page: the form; sent empty, the errors are listed, focused, and on their fields
  await page.goto(`/offres/${offerA}`);
  const form = page.getByTestId('apply-form');
  await expect(form.getByRole('radio')).toHaveCount(3);
  await expectNoSeriousAxeViolation(page);
  await form.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  const summary = form.getByRole('alert');
  await expect(summary).toContainText('Votre candidature n’est pas envoyée');
  await expect(summary).toContainText('Semaines : choisissez la semaine 1, la semaine 2 ou les deux.');
  await expect(summary).toContainText('Motivation : quelques lignes sont demandées.');
  await expect(page.locator('.sts-apply__summary')).toBeFocused();
  await expect(page.getByRole('textbox', { name: /Votre motivation/ })).toHaveAttribute(
    'aria-describedby',
    /desc-error/,
  );
  await expectNoSeriousAxeViolation(page);

  // 4. keyboard only: from the summary to the weeks, both weeks, the motivation, then send
  await page.keyboard.press('Tab');
  await expect(summary.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Enter');
  const week1 = form.getByRole('radio', { name: /Semaine 1/ });
  await expect(week1).toBeFocused();
  await page.keyboard.press('Space');
  await expect(week1).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(form.getByRole('radio', { name: 'Les deux semaines' })).toBeChecked();
  await page.keyboard.press('Tab');
  const motivation = page.getByRole('textbox', { name: /Votre motivation/ });
  await expect(motivation).toBeFocused();
  await page.keyboard.type('J’aime réparer des vélos avec mon grand-père.');
  await expect(page.getByTestId('motivation-counter')).toHaveText('45 / 1 500 caractères');
  await form.getByRole('button', { name: 'Envoyer ma candidature' }).focus();
  await page.keyboard.press('Enter');
  const state = page.getByTestId('apply-state');
  await expect(state).toContainText('Candidature envoyée');
  await expect(state).toContainText('les semaines 1 et 2');
  await expect(state).toBeFocused();
  await expect(state.getByRole('link', { name: 'Mes candidatures' })).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  // coming back: the state instead of the form
  await page.reload();
  await expect(page.getByTestId('apply-state')).toContainText('Vous avez déjà postulé à cette offre');
  await expect(page.getByTestId('apply-form')).toHaveCount(0);

  // 5. the second offer, week 1, with a CV; a motivation too long is refused inline first
  await page.goto(`/offres/${offerB}`);
  const formB = page.getByTestId('apply-form');
  // one week only: chosen already
  await expect(formB.getByRole('radio', { name: /Semaine 1/ })).toBeChecked();
  await formB.getByRole('textbox', { name: /Votre motivation/ }).fill('x'.repeat(1501));
  await expect(page.getByTestId('motivation-counter')).toContainText('1 de trop');
  await formB.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(formB.getByRole('alert')).toContainText('Motivation : 1 500 caractères au plus (1501 reçus).');
  await formB.getByRole('textbox', { name: /Votre motivation/ }).fill('Les vélos, c’est ma passion.');
  await formB
    .getByLabel(/Votre CV/)
    .setInputFiles({ name: 'mon-cv.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(formB.locator('.fr-valid-text')).toHaveText('Fichier envoyé : mon-cv.pdf (1 ko).');
  await expectNoSeriousAxeViolation(page);
  await formB.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(page.getByTestId('apply-state')).toContainText('Candidature envoyée');

  // 6. « Mes candidatures »: both waiting
  await page.getByTestId('apply-state').getByRole('link', { name: 'Mes candidatures' }).click();
  await expect(page).toHaveURL('/candidatures');
  await expect(page.getByTestId('placement-status')).toHaveText('En cours');
  await expect(page.getByTestId('week-1')).toContainText('en attente');
  await expect(page.getByTestId('week-2')).toContainText('en attente');
  const waiting = page.getByTestId('group-waiting');
  await expect(waiting.getByRole('heading', { level: 2 })).toContainText('En attente de réponse');
  await expect(waiting.getByTestId('application-card')).toHaveCount(2);
  await expectNoSeriousAxeViolation(page);

  // 7. the host accepts the first one (through the API)
  const inbox = (await (
    await hostContext.request.get(`/api/hosts/${host.hostId}/applications?offerId=${offerA}`)
  ).json()) as { items: { id: string }[] };
  expect(inbox.items).toHaveLength(1);
  const accepted = await hostContext.request.post(`/api/applications/${inbox.items[0]!.id}/decision`, {
    headers: { 'x-csrf-token': host.csrf },
    data: { decision: 'accept', message: 'Bienvenue à l’atelier !' },
  });
  expect(accepted.ok(), await accepted.text()).toBe(true);

  // 8. the student confirms: the dialog says the other application on week 1 will be cancelled
  await page.reload();
  const toConfirm = page.getByTestId('group-to_confirm').getByTestId('application-card');
  await expect(toConfirm).toHaveCount(1);
  await expect(toConfirm).toContainText(titleA);
  await expect(toConfirm).toContainText('Bienvenue à l’atelier !');
  await expect(toConfirm).toContainText(/À confirmer avant le/);
  await expect(page.getByTestId('week-1')).toContainText('Une acceptation à confirmer');
  await expectNoSeriousAxeViolation(page);
  await toConfirm.getByRole('button', { name: /Confirmer ce stage/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Confirmer le stage « ${titleA} » ?`);
  await expect(dialog).toContainText('Votre autre candidature sur ces semaines sera annulée');
  await expect(dialog).toContainText(titleB);
  await expectNoSeriousAxeViolation(page);
  await dialog.getByRole('button', { name: 'Oui, je confirme ce stage' }).click();
  const notice = page.getByTestId('applications-notice');
  await expect(notice).toContainText('Stage confirmé');
  await expect(notice).toBeFocused();
  await expect(page.getByTestId('placement-status')).toHaveText('Couvert');
  await expect(page.getByTestId('week-1')).toContainText('couverte par');
  await expect(page.getByTestId('week-2')).toContainText('couverte par');
  await expect(page.getByTestId('group-confirmed').getByTestId('application-card')).toContainText(titleA);
  const ended = page.getByTestId('group-ended').getByTestId('application-card').filter({ hasText: stamp });
  await expect(ended).toContainText(titleB);
  await expect(ended).toContainText('Annulée automatiquement');
  await expectNoSeriousAxeViolation(page);

  // 9. the student withdraws after confirmation: the dialog says the place is freed and the host told
  await page
    .getByTestId('group-confirmed')
    .getByRole('button', { name: /Me désister/ })
    .click();
  const withdrawDialog = page.getByRole('dialog');
  await expect(withdrawDialog).toContainText('sera libérée pour un autre élève, et l’organisme sera prévenu');
  await withdrawDialog.getByRole('button', { name: 'Oui, je me désiste' }).click();
  await expect(notice).toContainText('Désistement enregistré');
  await expect(notice).toBeFocused();
  await expect(page.getByTestId('placement-status')).toHaveText('À placer');
  await expect(page.getByTestId('group-confirmed')).toHaveCount(0);
  await expect(
    page.getByTestId('group-ended').getByTestId('application-card').filter({ hasText: stamp }),
  ).toHaveCount(2);
  await expect(page.getByTestId('group-ended')).toContainText('la place a été libérée');
  await expectNoSeriousAxeViolation(page);

  // the host's places came back
  const offer = (await (await hostContext.request.get(`/api/offers/${offerA}`)).json()) as {
    weeks: { week: number; left: number }[];
  };
  expect(offer.weeks.map((w) => w.left)).toEqual([2, 2]);
  await hostContext.close();
});

test('« Mes candidatures » n’est pas pour les autres rôles ; un visiteur est mené à la connexion', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/candidatures');
  await expect(page).toHaveURL(/\/connexion\?next=%2Fcandidatures$/);
  await signInAs(page, 'Organisme d’accueil');
  await page.goto('/candidatures');
  await expect(page.getByText('Page réservée aux élèves')).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Mes candidatures' })).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);
});
