import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { PDF, publishOffer, signInApi, signInAs } from './helpers.ts';

/**
 * The host's side of applications, in a real browser: « Candidatures reçues » (oldest first,
 * « Nouvelle » on unread ones, counts and filters), one application (read receipt, CV, refusal
 * that needs a message, acceptance with the student's deadline), bulk acceptance with a result per
 * line (one fails: the student withdrew meanwhile), cancellation of a confirmed stage after a
 * dialog, the daily digest setting. The demo student applies through the API; keyboard only where
 * it matters (selection, opening an application).
 */

/** The demo host publishes an offer (weeks 1 and 2, 2 places each) through the API. */
function publishAgencyOffer(api: APIRequestContext, csrf: string, title: string): Promise<string> {
  return publishOffer(api, csrf, {
    title,
    description: 'Découvrir une agence de communication : rédaction, graphisme, relation client.',
    sectorCode: 'maintenance',
    weeks: [
      { week: 1, places: 2 },
      { week: 2, places: 2 },
    ],
    contactName: 'Gwenaëlle Pérès',
  });
}
/** The inbox line of one offer (each offer of this test gets one application). */
const line = (page: Page, title: string): Locator =>
  page.getByTestId('inbox-item').filter({ hasText: title });

const tag = (page: Page, label: RegExp) =>
  page.getByRole('navigation', { name: 'États des candidatures' }).getByRole('button', { name: label });

test('un organisme trie ses candidatures, en refuse une avec un message, en accepte, en accepte deux d’un coup et annule un stage confirmé', async ({
  page,
  playwright,
  baseURL,
}) => {
  // a long journey with an axe audit at each state (slow on a loaded machine)
  test.setTimeout(480_000);
  const stamp = Date.now();
  const titles = ['Rédaction', 'Graphisme', 'Accueil', 'Studio photo', 'Réseaux sociaux'].map(
    (t) => `${t} ${stamp}`,
  );
  const [refusedT, acceptedT, bulk1T, bulk2T, lastT] = titles as [string, string, string, string, string];

  // the host publishes five offers; the demo student applies to each, in this order
  const host = await playwright.request.newContext({ baseURL: baseURL! });
  const { csrf: hostCsrf } = await signInApi(host, 'host_member');
  const offers: string[] = [];
  for (const t of titles) offers.push(await publishAgencyOffer(host, hostCsrf, t));
  const student = await playwright.request.newContext({ baseURL: baseURL! });
  const { csrf: studentCsrf } = await signInApi(student, 'student');
  const uploaded = await student.post('/api/files', {
    headers: { 'x-csrf-token': studentCsrf },
    multipart: { purpose: 'cv', file: { name: 'cv.pdf', mimeType: 'application/pdf', buffer: PDF } },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const cvFileId = ((await uploaded.json()) as { id: string }).id;
  const ids: string[] = [];
  const weeksOf = [[1], [2], [1], [1], [2]];
  for (const [i, offerId] of offers.entries()) {
    const res = await student.post(`/api/offers/${offerId}/applications`, {
      headers: { 'x-csrf-token': studentCsrf },
      data: {
        weeks: weeksOf[i],
        motivation: `Je voudrais découvrir ce métier (${i + 1}).\nJe suis curieuse.`,
        ...(i === 0 ? { cvFileId } : {}),
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }

  // 1. the inbox from the header's navigation: oldest first, all new, days left
  await signInAs(page, 'Organisme d’accueil');
  await page
    .getByRole('navigation', { name: /menu principal/i })
    .getByRole('link', { name: 'Candidatures' })
    .click();
  await expect(page).toHaveURL('/organisme/candidatures');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Candidatures reçues');
  await expect(page).toHaveTitle('Candidatures reçues - Stages de seconde');
  await expect(tag(page, /^À traiter \(\d+\)$/)).toHaveAttribute('aria-pressed', 'true');
  const order = (await page.getByTestId('inbox-item').allInnerTexts())
    .map((text) => titles.findIndex((t) => text.includes(t)))
    .filter((i) => i >= 0);
  expect(order).toEqual([0, 1, 2, 3, 4]);
  for (const t of titles) {
    await expect(line(page, t)).toContainText('Nouvelle');
    await expect(line(page, t)).toContainText('expire dans 15 jours');
    await expect(line(page, t)).toContainText('Lycée Emile Zola');
  }
  await expect(line(page, refusedT)).toContainText(
    /Semaine 1 \(du lundi \d+ juin au vendredi \d+ juin 20\d\d\)/,
  );
  await expectNoSeriousAxeViolation(page);

  // filter by offer and week; the counts follow
  await page.getByLabel('Offre', { exact: true }).selectOption({ label: acceptedT });
  await expect(page).toHaveURL(/offre=/);
  await expect(page.getByTestId('inbox-item')).toHaveCount(1);
  await expect(tag(page, /^Toutes \(1\)$/)).toBeVisible();
  await page.getByLabel('Semaine', { exact: true }).selectOption('1');
  await expect(page.getByTestId('inbox-item')).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: 'Aucune candidature n’attend votre réponse.' }),
  ).toBeVisible();
  await page.getByLabel('Semaine', { exact: true }).selectOption('');
  await page.getByLabel('Offre', { exact: true }).selectOption('');
  await expectNoSeriousAxeViolation(page);

  // 2. open the first: read receipt, lycée, CV, motivation
  await line(page, refusedT).getByRole('link').click();
  await expect(page).toHaveURL(`/organisme/candidatures/${ids[0]}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Candidature de /);
  await expect(page.getByTestId('read-receipt')).toContainText('Ouverte pour la première fois');
  await expect(page.getByRole('main')).toContainText('Lycée Emile Zola');
  await expect(page.getByRole('main')).toContainText('Je voudrais découvrir ce métier (1).');
  const cv = page.getByRole('link', { name: /Télécharger le CV/ });
  await expect(cv).toHaveAttribute('href', `/api/files/${cvFileId}`);
  expect((await page.request.get(`/api/files/${cvFileId}`)).status()).toBe(200);
  await expectNoSeriousAxeViolation(page);

  // refuse without a message: said beside the field, focus on it; then with one
  await page.getByRole('button', { name: 'Refuser', exact: true }).click();
  const messageField = page.getByLabel('Message à l’élève');
  await expect(page.getByText('Indiquez un message à l’élève pour expliquer le refus.')).toBeVisible();
  await expect(messageField).toBeFocused();
  await expectNoSeriousAxeViolation(page);
  await messageField.fill('Nos places sont prises par des élèves du quartier, désolée.');
  await page.getByRole('button', { name: 'Refuser', exact: true }).click();
  await expect(page.getByText('Candidature refusée : l’élève est prévenu par courriel')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Message à l’élève : Nos places sont prises');
  await expect(page.getByRole('button', { name: 'Accepter', exact: true })).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);

  // 3. back to the inbox: no longer new nor waiting; open the second with the keyboard and accept
  await page.getByRole('link', { name: 'Retour aux candidatures reçues' }).click();
  await expect(page).toHaveURL('/organisme/candidatures');
  await expect(line(page, refusedT)).toHaveCount(0);
  await tag(page, /^Closes/).click();
  await expect(line(page, refusedT)).toContainText('Refusée');
  await expect(line(page, refusedT)).not.toContainText('Nouvelle');
  await tag(page, /^À traiter/).click();
  await line(page, acceptedT).getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/organisme/candidatures/${ids[1]}`);
  await page.getByLabel('Message à l’élève').fill('Rendez-vous le lundi à 9 h à l’accueil.');
  await page.getByRole('button', { name: 'Accepter', exact: true }).click();
  await expect(
    page.getByText(
      /Candidature acceptée : l’élève est prévenu par courriel\. L’élève a jusqu’au .+ pour confirmer\./,
    ),
  ).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // 4. bulk: select two with the keyboard; the student withdraws one meanwhile
  await page.getByRole('link', { name: 'Retour aux candidatures reçues' }).click();
  const box1 = page.locator(`#choisir-${ids[2]}`);
  const box2 = page.locator(`#choisir-${ids[3]}`);
  await expect(box1).toHaveAccessibleName(new RegExp(`Sélectionner la candidature de .+ \\(${bulk1T}\\)`));
  await box1.focus();
  await page.keyboard.press('Space');
  await box2.focus();
  await page.keyboard.press('Space');
  await expect(box1).toBeChecked();
  await expect(box2).toBeChecked();
  await expect(page.getByRole('heading', { name: 'Répondre à la sélection (2 candidatures)' })).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  // refusing the selection needs a message
  await page.getByRole('button', { name: 'Refuser la sélection' }).click();
  await expect(page.getByText('Indiquez un message aux élèves pour expliquer le refus.')).toBeVisible();
  await expect(page.getByLabel('Message aux élèves')).toBeFocused();
  const withdrawn = await student.post(`/api/applications/${ids[3]}/withdraw`, {
    headers: { 'x-csrf-token': studentCsrf },
  });
  expect(withdrawn.ok(), await withdrawn.text()).toBe(true);
  await page.getByLabel('Message aux élèves').fill('Bienvenue parmi nous !');
  await page.getByRole('button', { name: 'Accepter la sélection' }).click();
  const summary = page.locator('.sts-inbox__summary');
  await expect(summary).toContainText('1 candidature acceptée, 1 non traitée');
  await expect(summary).toContainText(
    `(${bulk2T}) : Impossible de « accepter » une candidature retirée par l’élève.`,
  );
  await expect(summary).toBeFocused();
  await expect(line(page, bulk1T)).toHaveCount(0);
  await tag(page, /^Acceptées/).click();
  await expect(line(page, bulk1T)).toContainText(/L’élève a jusqu’au .+ pour confirmer\./);
  await expect(line(page, acceptedT)).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // 5. the student confirms the second; the host cancels that stage after the dialog
  const confirmed = await student.post(`/api/applications/${ids[1]}/confirm`, {
    headers: { 'x-csrf-token': studentCsrf },
  });
  expect(confirmed.ok(), await confirmed.text()).toBe(true);
  await page.goto('/organisme/candidatures?etat=confirmees');
  await expect(line(page, acceptedT)).toContainText('Confirmée');
  await line(page, acceptedT).getByRole('link').click();
  await page.getByRole('button', { name: 'Annuler le stage' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    'l’élève est prévenu par courriel avec votre motif, et le chef d’établissement',
  );
  await expectNoSeriousAxeViolation(page);
  await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
  await expect(dialog.getByText('Indiquez le motif de l’annulation')).toBeVisible();
  await expect(dialog.getByLabel('Motif de l’annulation')).toBeFocused();
  await dialog.getByLabel('Motif de l’annulation').fill('Notre agence ferme pour travaux en juin.');
  await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Stage annulé : l’élève est prévenu par courriel')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Annulée par votre organisme');
  await expect(page.getByRole('main')).toContainText('Motif : Notre agence ferme pour travaux en juin.');
  await expect(page.getByRole('button', { name: 'Annuler le stage' })).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);

  // 6. the daily digest setting, kept after a reload
  await page.goto('/organisme/candidatures');
  const digest = page.getByLabel('Recevoir les nouvelles candidatures en un seul e-mail par jour');
  await expect(digest).not.toBeChecked();
  await digest.check({ force: true });
  await expect(
    page.getByText('Réglage enregistré : les nouvelles candidatures vous arriveront'),
  ).toBeVisible();
  await page.reload();
  await expect(digest).toBeChecked();
  await expectNoSeriousAxeViolation(page);
  await digest.uncheck({ force: true });
  await expect(page.getByText('Réglage enregistré : chaque nouvelle candidature')).toBeVisible();

  // the « Mes offres » page links each offer to its applications
  await page.getByRole('banner').getByRole('link', { name: 'Mes offres' }).click();
  await page
    .getByTestId('my-offer-row')
    .filter({ hasText: lastT })
    .getByRole('link', { name: 'Candidatures', exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`/organisme/candidatures\\?etat=toutes&offre=${offers[4]}`));
  await expect(page.getByTestId('inbox-item')).toHaveCount(1);
  await expect(line(page, lastT)).toBeVisible();

  await host.dispose();
  await student.dispose();
});

test('une candidature d’un autre organisme ou inconnue : introuvable, en français', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, 'Organisme d’accueil');
  await page.goto('/organisme/candidatures/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Candidature');
  await expect(page.getByRole('alert')).toContainText('Candidature introuvable');
  await expectNoSeriousAxeViolation(page);
});
