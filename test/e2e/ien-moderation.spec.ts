import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { signInApi } from './helpers.ts';

const HOURS = [1, 2, 4, 5].map((day) => ({ day, from: '09:00', to: '16:30', breakMinutes: 60 }));

/** The école director creates an offer and submits it to the IEN, through the API. */
async function submitOffer(api: APIRequestContext, csrf: string, title: string): Promise<string> {
  const created = await api.post('/api/offers', {
    headers: { 'x-csrf-token': csrf },
    data: {
      title,
      description:
        'Découvrir la vie d’une école maternelle : accueil des élèves, classe, récréation.\nDeux lignes.',
      activities: 'Observer une classe de grande section',
      sectorCode: 'enseignement',
      weeks: [{ week: 1, places: 2 }],
      hours: HOURS,
      contactName: 'Sophie Guégan',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  const submitted = await api.post(`/api/offers/${id}/events/submit`, { headers: { 'x-csrf-token': csrf } });
  expect(submitted.ok(), await submitted.text()).toBe(true);
  return id;
}

const queueItem = (page: Page, title: string) =>
  page
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 2, name: title }) });

test('l’IEN renvoie une offre d’école avec un motif et en publie une autre ; un visiteur signale une offre, la modération la dépublie', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const returnedTitle = `Une semaine en maternelle ${stamp}`;
  const publishedTitle = `Découverte de l’école élémentaire ${stamp}`;

  // the demo école director submits two offers (the first one first: it is the oldest in the queue)
  const director = await signInApi(page.request, 'school_director');
  const returnedId = await submitOffer(page.request, director.csrf, returnedTitle);
  const publishedId = await submitOffer(page.request, director.csrf, publishedTitle);

  // the demo IEN signs in: the header leads to the queue
  await signInApi(page.request, 'ien');
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'Offres à valider' }).first().click();
  await expect(page).toHaveURL('/validation-des-offres');
  await expect(page).toHaveTitle('Offres à valider - Stages de seconde');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Offres à valider');
  const headings = page.getByRole('main').getByRole('heading', { level: 2 });
  await expect(headings.filter({ hasText: stamp })).toHaveText([returnedTitle, publishedTitle]);
  const first = queueItem(page, returnedTitle);
  await expect(first).toContainText('depuis moins d’une heure');
  await expect(first).toContainText('semaine 1 : 2 places');
  await expectNoSeriousAxeViolation(page);

  // the return form opens on the reason, and Escape closes it back to its button
  const returnButton = first.getByRole('button', { name: `Renvoyer à l’école l’offre « ${returnedTitle} »` });
  await returnButton.click();
  const reason = first.getByRole('textbox', { name: /Motif du renvoi/ });
  await expect(reason).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(reason).toHaveCount(0);
  await expect(returnButton).toBeFocused();
  // return without a reason: refused with a message, nothing sent
  await page.keyboard.press('Enter');
  await expect(reason).toBeFocused();
  await first.getByRole('button', { name: 'Renvoyer l’offre' }).click();
  await expect(first).toContainText('Indiquez le motif du renvoi');
  await expect(reason).toBeFocused();
  await reason.fill('Horaires');
  await first.getByRole('button', { name: 'Renvoyer l’offre' }).click();
  await expect(first).toContainText('Le motif est trop court');
  await expectNoSeriousAxeViolation(page);
  await reason.fill('Précisez les horaires du mercredi et le repas.');
  await first.getByRole('button', { name: 'Renvoyer l’offre' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'est renvoyée à l’école' })).toBeVisible();
  await expect(queueItem(page, returnedTitle)).toHaveCount(0);
  await expect(queueItem(page, publishedTitle)).toHaveCount(1);

  // the second one: read it in full, then publish it
  await queueItem(page, publishedTitle)
    .getByRole('link', { name: `Lire toute l’offre « ${publishedTitle} »` })
    .click();
  await expect(page).toHaveURL(`/validation-des-offres/${publishedId}`);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2, name: publishedTitle })).toBeVisible();
  await expect(main).toContainText('Découvrir la vie d’une école maternelle');
  await expect(main).toContainText('Observer une classe de grande section');
  await expect(main.getByRole('table', { name: 'Horaires quotidiens' }).getByRole('row')).toHaveCount(5);
  await expect(main).toContainText('Sophie Guégan');
  await expect(main.getByRole('definition').filter({ hasText: /^Enseignement/ })).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  await main.getByRole('button', { name: `Publier l’offre « ${publishedTitle} »` }).click();
  await expect(page).toHaveURL('/validation-des-offres');
  await expect(page.getByRole('status').filter({ hasText: 'est publiée' })).toBeVisible();
  await expect(queueItem(page, publishedTitle)).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText('Aucune offre n’attend votre validation');
  await expectNoSeriousAxeViolation(page);
  // moderation is not the IEN's
  await page.goto('/moderation');
  await expect(page.getByRole('main')).toContainText('Page réservée à la modération');
  await expect(page.getByRole('button', { name: /Classer sans suite/ })).toHaveCount(0);

  // the director finds the reason on the returned offer; the published one is public
  await signInApi(page.request, 'school_director');
  const returned = (await (await page.request.get(`/api/offers/${returnedId}`)).json()) as {
    status: string;
    statusReason: string;
  };
  expect(returned).toMatchObject({
    status: 'draft',
    statusReason: 'Précisez les horaires du mercredi et le repas.',
  });

  // a visitor (signed out) flags an offer of the demo host from its page
  const host = await signInApi(page.request, 'host_member');
  const hostOffers = (await (await page.request.get(`/api/hosts/${host.hostId}/offers`)).json()) as {
    items: { id: string; title: string; status: string }[];
  };
  const flagged = hostOffers.items.filter((o) => o.status === 'published').at(-1);
  expect(flagged, 'une offre publiée de l’organisme de démonstration').toBeDefined();
  const visitorContext = await browser.newContext({ baseURL: baseURL!, locale: 'fr-FR' });
  const visitor = await visitorContext.newPage();
  // signed out, the IEN's page asks to sign in
  await visitor.goto('/validation-des-offres');
  await expect(visitor).toHaveURL('/connexion');
  expect(await (await visitor.request.get(`/api/offers/${publishedId}`)).json()).toMatchObject({
    status: 'published',
  });
  await visitor.goto(`/offres/${flagged!.id}`);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(flagged!.title);
  const toggle = visitor.getByRole('button', { name: 'Signaler cette offre' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const form = visitor.getByRole('form', { name: 'Signaler cette offre' });
  await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(form).toContainText('Choisissez le motif du signalement.');
  await expectNoSeriousAxeViolation(visitor);
  // the error sends the focus to the reasons; the keyboard picks one (DSFR labels cover the inputs)
  const suspicious = form.getByRole('radio', { name: /Offre suspecte/ });
  await expect(suspicious).toBeFocused();
  await visitor.keyboard.press('Space');
  await expect(suspicious).toBeChecked();
  await expect(form).not.toContainText('Choisissez le motif du signalement.');
  await form
    .getByRole('textbox', { name: /Commentaire/ })
    .fill('On me demande de payer des frais de dossier.');
  await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(visitor.getByText('Merci, votre signalement est transmis')).toBeVisible();
  await expectNoSeriousAxeViolation(visitor);
  await visitorContext.close();

  // the demo admin sees it in moderation and unpublishes it with a message to the host
  await signInApi(page.request, 'admin');
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'Modération' }).first().click();
  await expect(page).toHaveURL('/moderation');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Modération des offres');
  const card = queueItem(page, flagged!.title);
  await expect(card).toContainText('1 signalement');
  await expect(card).toContainText('Suspecte');
  await expect(card).toContainText('On me demande de payer des frais de dossier.');
  await expect(card.getByRole('link', { name: `Voir l’offre « ${flagged!.title} »` })).toHaveAttribute(
    'href',
    `/offres/${flagged!.id}`,
  );
  await expectNoSeriousAxeViolation(page);
  await card.getByRole('button', { name: /^Dépublier et prévenir l’organisme/ }).click();
  const message = card.getByRole('textbox', { name: /Message à l’organisme/ });
  await expect(message).toBeFocused();
  await card.getByRole('button', { name: 'Dépublier et envoyer le message' }).click();
  await expect(card).toContainText('Écrivez le message à l’organisme');
  await message.fill('Une offre de stage ne demande jamais de paiement : retirez ces frais.');
  await card.getByRole('button', { name: 'Dépublier et envoyer le message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'est dépubliée' })).toBeVisible();
  await expect(queueItem(page, flagged!.title)).toHaveCount(0);

  // the resolved view shows the decision; the offer is no longer public; the host got the mail
  await page.getByRole('link', { name: 'Traités' }).click();
  await expect(page).toHaveURL('/moderation?vue=traites');
  const row = page
    .getByRole('table', { name: /Signalements traités/ })
    .getByRole('row')
    .filter({ hasText: flagged!.title });
  await expect(row).toContainText('Offre dépubliée');
  await expect(row).toContainText('retirez ces frais');
  await expectNoSeriousAxeViolation(page);
  const anonymous = await browser.newContext({ baseURL: baseURL! });
  expect((await anonymous.request.get(`/api/offers/${flagged!.id}`)).status()).toBe(404);
  await expect
    .poll(async () => {
      const list = (await (
        await page.request.get(`/api/outbox?to=${encodeURIComponent('demo.entreprise@example.net')}`)
      ).json()) as { items: { template: string }[] };
      return list.items.some((m) => m.template === 'offer_unpublished');
    })
    .toBe(true);

  // the rectorat dismisses an unfounded flag of the école's offer: it stays published
  const unfounded = await anonymous.request.post(`/api/offers/${publishedId}/flags`, {
    data: { reason: 'wrong_address', comment: 'Je crois que l’adresse est fausse.' },
  });
  expect(unfounded.status()).toBe(201);
  await signInApi(page.request, 'rectorat');
  await page.goto('/moderation');
  const schoolCard = queueItem(page, publishedTitle);
  await expect(schoolCard).toContainText('Adresse erronée');
  await expect(schoolCard).toContainText('Je crois que l’adresse est fausse.');
  await schoolCard.getByRole('button', { name: /^Classer sans suite/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'classé sans suite' })).toBeVisible();
  await expect(queueItem(page, publishedTitle)).toHaveCount(0);
  await page.getByRole('link', { name: 'Traités' }).click();
  await expect(
    page
      .getByRole('table', { name: /Signalements traités/ })
      .getByRole('row')
      .filter({ hasText: publishedTitle }),
  ).toContainText('Classé sans suite');
  expect((await anonymous.request.get(`/api/offers/${publishedId}`)).status()).toBe(200);
  await anonymous.close();
});
