import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { PDF, publishOffer, sectorCode, signInApi, signInAs, signOut } from './helpers.ts';

/**
 * Issue 6's journey: a confirmed placement gives a convention; the host completes its part, the
 * head completes the school's part and validates; four parties sign with one-time codes read from
 * the demo outbox (the head on the convention's page, signed in; the host's representative, the
 * student and the guardian through the personal links of their mails, without an account); the
 * student downloads the sealed PDF, and the verification page says it is authentic. axe on the
 * list, the convention's page, the public signing page and the verification page.
 * The demo student is left without a placement at the end, as the other specs expect.
 */

interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  template: string;
}

/** Withdraws every live application of the demo student (its convention is cancelled with it). */
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

/** The newest mail of `template` to `to` (the admin's outbox), optionally mentioning `text` in its subject. */
async function newestMail(
  admin: APIRequestContext,
  to: string,
  template: string,
  subjectHas?: string,
): Promise<{ id: string; subject: string; text: string }> {
  let found: OutboxItem | undefined;
  await expect(async () => {
    const list = (await (await admin.get(`/api/outbox?to=${encodeURIComponent(to)}`)).json()) as {
      items: OutboxItem[];
    };
    found = list.items.find(
      (m) => m.template === template && (subjectHas === undefined || m.subject.includes(subjectHas)),
    );
    expect(found, `un courriel ${template} à ${to}`).toBeDefined();
  }).toPass({ timeout: 20_000 });
  const mail = (await (await admin.get(`/api/outbox/${found!.id}`)).json()) as {
    subject: string;
    text: string;
  };
  return { id: found!.id, subject: mail.subject, text: mail.text };
}

/** The 6-digit code of the newest signature_code mail to `to` that is not `previousId`. */
async function codeFor(
  admin: APIRequestContext,
  to: string,
  previousId?: string,
): Promise<{ id: string; code: string }> {
  let result: { id: string; code: string } | undefined;
  await expect(async () => {
    const list = (await (await admin.get(`/api/outbox?to=${encodeURIComponent(to)}`)).json()) as {
      items: OutboxItem[];
    };
    const mail = list.items.find((m) => m.template === 'signature_code' && m.id !== previousId);
    expect(mail, `un code de signature pour ${to}`).toBeDefined();
    const code = /(\d{6})/.exec(mail!.subject)?.[1];
    expect(code).toBeDefined();
    result = { id: mail!.id, code: code! };
  }).toPass({ timeout: 20_000 });
  return result!;
}

/** A signatory without an account opens its personal link, reads, asks a code and signs. */
async function signThroughLink(
  browser: Browser,
  baseURL: string,
  admin: APIRequestContext,
  email: string,
  reference: string,
  roleLabel: string,
  runAxe: boolean,
): Promise<void> {
  const mail = await newestMail(admin, email, 'convention_ready_to_sign', reference);
  const path = /\/signature\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(path, `lien de signature dans le courriel à ${email}`).toBeDefined();
  const context = await browser.newContext({ baseURL, locale: 'fr-FR' });
  const page = await context.newPage();
  try {
    await page.goto(path!);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signer une convention de stage');
    await expect(page.getByRole('main')).toContainText(roleLabel);
    await expect(page.getByRole('main')).toContainText(reference);
    const pdf = await context.request.get(`/api${path!.replace('/signature/', '/signatures/')}/document.pdf`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    // the code is asked only once the document is read
    await page.getByRole('button', { name: /^Recevoir un code/ }).click();
    await expect(page.getByRole('alert')).toContainText('J’ai lu la convention');
    await page.getByLabel('J’ai lu la convention').check({ force: true });
    if (runAxe) await expectNoSeriousAxeViolation(page);
    await page.getByRole('button', { name: /^Recevoir un code/ }).click();
    const input = page.getByLabel(/Code de signature/);
    await expect(input).toBeFocused();
    await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
    const { code } = await codeFor(admin, email);
    // a wrong code first: refused in French, nothing signed
    const wrong = code === '000000' ? '111111' : '000000';
    await input.fill(wrong);
    await page.getByRole('button', { name: 'Signer', exact: true }).click();
    await expect(page.getByTestId('code-signature')).toContainText('Code incorrect');
    await expect(page.getByTestId('public-signature-state')).not.toContainText('Signature enregistrée');
    await input.fill(code);
    await page.getByRole('button', { name: 'Signer', exact: true }).click();
    await expect(page.getByTestId('public-signature-state')).toContainText('Signature enregistrée');
    if (runAxe) await expectNoSeriousAxeViolation(page);
  } finally {
    await context.close();
  }
}

async function openConvention(page: Page, offerTitle: string, runAxe = false): Promise<void> {
  await page
    .getByRole('navigation', { name: /menu principal/i })
    .getByRole('link', { name: 'Conventions' })
    .click();
  await expect(page).toHaveURL(/\/conventions/);
  const row = page.getByTestId('convention-row').filter({ hasText: offerTitle });
  await expect(row).toHaveCount(1);
  if (runAxe) await expectNoSeriousAxeViolation(page);
  await row.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Convention CS-/);
}

test('convention : l’organisme complète, le lycée complète et valide, quatre parties signent avec un code, l’élève télécharge le PDF scellé', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const offerTitle = `Atelier de reliure ${stamp}`;
  const hostEmail = `representant-${stamp}@example.org`;
  const guardianEmail = `parent-${stamp}@example.org`;
  const headEmail = `chef-${stamp}@example.org`;

  // the placement: the demo host's offer, the demo student applies, the host accepts, the student confirms
  const hostContext = await browser.newContext({ baseURL: baseURL! });
  const host = await signInApi(hostContext.request, 'host_member');
  const offerId = await publishOffer(hostContext.request, host.csrf, {
    title: offerTitle,
    description: 'Découvrir un atelier de reliure : couture des cahiers, couvrure, dorure.',
    sectorCode: await sectorCode(hostContext.request),
    weeks: [{ week: 1, places: 1 }],
    contactName: 'Gwenaëlle Le Roux',
  });
  const studentContext = await browser.newContext({ baseURL: baseURL! });
  const student = await signInApi(studentContext.request, 'student');
  await withdrawAll(studentContext.request, student.csrf);
  const me = (await (await studentContext.request.get('/api/session')).json()) as {
    user: { firstName: string; lastName: string; email: string };
  };
  const adminContext = await browser.newContext({ baseURL: baseURL! });
  await signInApi(adminContext.request, 'admin');

  try {
    const applied = await studentContext.request.post(`/api/offers/${offerId}/applications`, {
      headers: { 'x-csrf-token': student.csrf },
      data: { weeks: [1], motivation: 'Je relie mes carnets de dessin et voudrais voir un vrai atelier.' },
    });
    expect(applied.status(), await applied.text()).toBe(201);
    const applicationId = ((await applied.json()) as { id: string }).id;
    const accepted = await hostContext.request.post(`/api/applications/${applicationId}/decision`, {
      headers: { 'x-csrf-token': host.csrf },
      data: { decision: 'accept', message: 'Bienvenue à l’atelier.' },
    });
    expect(accepted.ok(), await accepted.text()).toBe(true);
    const confirmed = await studentContext.request.post(`/api/applications/${applicationId}/confirm`, {
      headers: { 'x-csrf-token': student.csrf },
    });
    expect(confirmed.ok(), await confirmed.text()).toBe(true);

    // 1. the host completes its part
    await signInAs(page, 'Organisme d’accueil');
    await openConvention(page, offerTitle);
    await expect(page.getByTestId('convention-step')).toHaveText('À compléter par l’organisme');
    await expectNoSeriousAxeViolation(page);
    await page.locator('#hp-representative-name').fill('Gwenaëlle Le Roux');
    await page.locator('#hp-representative-role').fill('Gérante');
    await page.locator('#hp-representative-email').fill(hostEmail);
    await page.locator('#hp-tutor-name').fill('Yann Kerjean');
    await page.locator('#hp-tutor-role').fill('Relieur');
    await page.locator('#hp-tutor-email').fill(`tuteur-${stamp}@example.org`);
    await page
      .locator('#hp-activities')
      .fill('Observer la couture des cahiers, la couvrure et la dorure ; échanger avec les relieurs.');
    await expect(page.getByText(/caractères restants sur 1500/)).toBeVisible();
    // the live hours check: Tuesday 09:00–17:01 with an hour's break is 7 h 01, beyond 7 h
    const tuesday = page.getByTestId('convention-hours-2');
    await tuesday.getByLabel('Arrivée le mardi').fill('09:00');
    await tuesday.getByLabel('Départ le mardi').fill('17:01');
    await tuesday.getByLabel('Pause le mardi, en minutes').fill('60');
    await expect(tuesday).toContainText('7 h 01');
    await page.getByRole('button', { name: 'Enregistrer et déclarer complet' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeFocused();
    await expect(summary).toContainText('mardi');
    await tuesday.getByLabel('Départ le mardi').fill('16:30');
    await expect(tuesday).toContainText('Conforme');
    await page.locator('#hp-lunch').fill('Repas tiré du sac, pris dans la salle de pause de l’atelier.');
    await page.locator('#hp-insurance-insurer').fill('Mutuelle des artisans');
    await page.getByRole('button', { name: 'Enregistrer et déclarer complet' }).click();
    await expect(page.getByTestId('convention-notice')).toContainText('déclarée complète');
    await expect(page.getByTestId('convention-step')).toHaveText('À compléter par l’établissement');
    await signOut(page);

    // 2. the head completes the school's part and validates
    await signInAs(page, 'Chef d’établissement');
    await openConvention(page, offerTitle, true);
    await expectNoSeriousAxeViolation(page);
    await page.locator('#sp-representative-name').fill('Anne Le Gall');
    await page.locator('#sp-representative-role').fill('Proviseure');
    await page.locator('#sp-representative-email').fill(headEmail);
    await page.locator('#sp-representative-phone').fill('02 99 00 00 00');
    if (await page.locator('#sp-caDeliberationDate').isVisible())
      await page.locator('#sp-caDeliberationDate').fill('2026-09-15');
    await page.locator('#sp-referentTeacher-name').fill('Loïc Morvan');
    await page.locator('#sp-referentTeacher-email').fill(`referent-${stamp}@example.org`);
    await page.locator('#sp-referentTeacher-phone').fill('02 99 00 00 01');
    if ((await page.locator('#sp-className').inputValue()) === '')
      await page.locator('#sp-className').fill('2de 1');
    const addFirst = page.getByRole('button', { name: 'Ajouter le représentant légal 1' });
    if (await addFirst.isVisible()) await addFirst.click();
    const removeSecond = page.getByRole('button', { name: 'Retirer le représentant légal 2' });
    if (await removeSecond.isVisible()) await removeSecond.click();
    await page.locator('#sp-guardians-0-firstName').fill('Morgane');
    await page.locator('#sp-guardians-0-lastName').fill(me.user.lastName);
    await page.locator('#sp-guardians-0-email').fill(guardianEmail);
    // completing without checking the guardians' contacts is refused, the summary names the box
    await page.getByRole('button', { name: 'Enregistrer et déclarer complet' }).click();
    await expect(page.getByTestId('error-summary')).toContainText('représentants légaux');
    await page.getByLabel(/J’ai vérifié les coordonnées des représentants légaux/).check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer et déclarer complet' }).click();
    await expect(page.getByTestId('convention-notice')).toContainText('déclarée complète');
    await expect(page.getByTestId('convention-step')).toHaveText('À valider');
    await page.getByRole('button', { name: 'Valider la convention' }).click();
    await expect(page.getByTestId('convention-notice')).toContainText('Convention validée');
    await expect(page.getByTestId('convention-step')).toHaveText('Signatures en cours');
    const reference = (await page.getByRole('heading', { level: 1 }).textContent())!
      .replace('Convention ', '')
      .trim();
    const conventionId = /\/conventions\/([^/?#]+)/.exec(page.url())![1]!;

    // a PDF that is not one of ours is refused by the verification page, in French
    await page.getByRole('contentinfo').getByRole('link', { name: 'Vérifier une convention' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifier une convention');
    await page
      .locator('#verifier-fichier')
      .setInputFiles({ name: 'autre.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await expect(page.getByTestId('verify-result')).toContainText('Document non authentique');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Convention ${reference}`);

    // 3. the head signs on the page, with a code sent to the e-mail of the convention
    const box = page.getByTestId('sign-as-school');
    await box.getByRole('button', { name: /^Recevoir un code/ }).click();
    const headCode = await codeFor(adminContext.request, headEmail);
    await box.getByLabel(/Code de signature/).fill(headCode.code);
    await box.getByRole('button', { name: 'Signer', exact: true }).click();
    await expect(page.getByTestId('convention-notice')).toContainText('Signature enregistrée');
    await expect(page.getByTestId('convention-signatories')).toContainText('Signé le');
    await signOut(page);

    // 4. the host's representative, the student and the guardian sign through their links
    await signThroughLink(
      browser,
      baseURL!,
      adminContext.request,
      hostEmail,
      reference,
      'Représentant de l’organisme',
      true,
    );
    await signThroughLink(browser, baseURL!, adminContext.request, me.user.email, reference, 'Élève', false);
    await signThroughLink(
      browser,
      baseURL!,
      adminContext.request,
      guardianEmail,
      reference,
      'Représentant légal 1',
      false,
    );

    // 5. the student sees the signed convention and downloads the sealed PDF
    await signInAs(page, 'Élève');
    await page
      .getByRole('navigation', { name: /menu principal/i })
      .getByRole('link', { name: 'Mes conventions' })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes conventions de stage');
    const mine = page.getByTestId('convention-row').filter({ hasText: offerTitle });
    await expect(mine).toContainText('Signée');
    await mine.getByRole('link').first().click();
    await expect(page).toHaveURL(`/conventions/${conventionId}`);
    await expect(page.getByTestId('convention-step')).toHaveText('Signée');
    await expect(page.getByTestId('convention-signatories')).not.toContainText('En attente');
    const href = await page.getByTestId('convention-pdf').getAttribute('href');
    expect(href).toBe(`/api/conventions/${conventionId}/document.pdf`);
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    const pdf = await download.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // 6. the public verification page: the sealed PDF is authentic
    await page.getByRole('contentinfo').getByRole('link', { name: 'Vérifier une convention' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifier une convention');
    await expectNoSeriousAxeViolation(page);
    await page.locator('#verifier-fichier').setInputFiles({
      name: `${reference}.pdf`,
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await expect(page.getByTestId('verify-result')).toContainText('Convention authentique');
    await expect(page.getByTestId('verify-result')).toContainText(reference);
    await expectNoSeriousAxeViolation(page);
    // or the reference typed by hand (lower case accepted)
    await page.getByLabel('Référence de la convention').fill(reference.toLowerCase());
    await page.getByRole('button', { name: 'Vérifier la référence' }).click();
    await expect(page.getByTestId('verify-result')).toContainText(
      'Référence reconnue : convention signée et scellée',
    );
    await page.getByLabel('Référence de la convention').fill('CS-2020-AAAA-BBBB');
    await page.getByRole('button', { name: 'Vérifier la référence' }).click();
    await expect(page.getByLabel('Référence de la convention')).toBeFocused();
    await expect(page.getByText('Aucune convention ne porte la référence CS-2020-AAAA-BBBB')).toBeVisible();
    await signOut(page);

    // 7. the head downloads the class's sealed conventions (ZIP) and opens an avenant
    await signInAs(page, 'Chef d’établissement');
    await page.goto('/conventions');
    const className = (
      (await (await adminContext.request.get(`/api/conventions/${conventionId}`)).json()) as {
        student: { className: string };
      }
    ).student.className;
    await page.getByLabel('Classe').selectOption({ label: className });
    const archive = page.getByTestId('class-archive');
    await expect(archive).toBeVisible();
    const zip = await page.request.get((await archive.getAttribute('href'))!);
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.goto(`/conventions/${conventionId}`);
    await page.getByRole('button', { name: 'Demander un avenant…' }).click();
    await page.getByRole('button', { name: 'Ouvrir l’avenant' }).click();
    await expect(page.getByText('Cochez au moins une modification')).toBeVisible();
    await expect(page.getByLabel('Les dates')).toBeFocused();
    await page.getByLabel('Les horaires').check({ force: true });
    await page.getByLabel('Motif de l’avenant').fill('L’atelier ouvre à 10 h le lundi.');
    await page.getByRole('button', { name: 'Ouvrir l’avenant' }).click();
    await expect(page).not.toHaveURL(`/conventions/${conventionId}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Convention CS-/);
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(`Convention ${reference}`);
    await expect(page.getByTestId('convention-step')).toHaveText('À compléter par l’organisme');
    await page.goto(`/conventions/${conventionId}`);
    await expect(page.getByRole('main')).toContainText('Avenant CS-');
    await expect(page.getByTestId('convention-step')).toHaveText('Signée');
  } finally {
    await withdrawAll(studentContext.request, student.csrf);
    await hostContext.close();
    await studentContext.close();
    await adminContext.close();
  }
});

/** The demo student's confirmed stage at the demo host for `week`; returns the offer's title. */
async function confirmedStage(
  host: { api: APIRequestContext; csrf: string },
  student: { api: APIRequestContext; csrf: string },
  title: string,
  week: 1 | 2,
): Promise<void> {
  const offerId = await publishOffer(host.api, host.csrf, {
    title,
    description: 'Découvrir un atelier de céramique : tournage, émaillage, cuisson.',
    sectorCode: await sectorCode(host.api),
    weeks: [{ week, places: 1 }],
    contactName: 'Gwenaëlle Le Roux',
  });
  const applied = await student.api.post(`/api/offers/${offerId}/applications`, {
    headers: { 'x-csrf-token': student.csrf },
    data: { weeks: [week], motivation: 'Je fais de la poterie au club du lycée.' },
  });
  expect(applied.status(), await applied.text()).toBe(201);
  const id = ((await applied.json()) as { id: string }).id;
  const accepted = await host.api.post(`/api/applications/${id}/decision`, {
    headers: { 'x-csrf-token': host.csrf },
    data: { decision: 'accept' },
  });
  expect(accepted.ok(), await accepted.text()).toBe(true);
  const confirmed = await student.api.post(`/api/applications/${id}/confirm`, {
    headers: { 'x-csrf-token': student.csrf },
  });
  expect(confirmed.ok(), await confirmed.text()).toBe(true);
}

interface Detail {
  id: string;
  version: number;
  offerTitle: string;
  hostPart: Record<string, unknown>;
  schoolPart: { guardians: unknown[] } & Record<string, unknown>;
}

/** Both parts completed through the API (the first test does it through the pages). */
async function completeParts(
  host: { api: APIRequestContext; csrf: string },
  head: { api: APIRequestContext; csrf: string },
  title: string,
  stamp: string,
): Promise<string> {
  const list = (await (await host.api.get('/api/conventions')).json()) as {
    items: { id: string; offerTitle: string }[];
  };
  const item = list.items.find((c) => c.offerTitle === title);
  expect(item, `la convention de « ${title} »`).toBeDefined();
  const h = (await (await host.api.get(`/api/conventions/${item!.id}`)).json()) as Detail;
  const person = (name: string, role: string, email: string) => ({ name, role, email, phone: '' });
  const hostPart = await host.api.put(`/api/conventions/${h.id}/host-part`, {
    headers: { 'x-csrf-token': host.csrf },
    data: {
      version: h.version,
      complete: true,
      hostPart: {
        ...h.hostPart,
        representative: person('Gwenaëlle Le Roux', 'Gérante', `rep-lot-${stamp}@example.org`),
        tutor: person('Yann Kerjean', 'Céramiste', `tuteur-lot-${stamp}@example.org`),
        activities: 'Observer le tournage, l’émaillage et la cuisson.',
        lunch: 'Repas tiré du sac.',
        insurance: { insurer: 'Mutuelle des artisans', policyNumber: '' },
      },
    },
  });
  expect(hostPart.ok(), await hostPart.text()).toBe(true);
  const s = (await (await head.api.get(`/api/conventions/${h.id}`)).json()) as Detail;
  const schoolPart = await head.api.put(`/api/conventions/${h.id}/school-part`, {
    headers: { 'x-csrf-token': head.csrf },
    data: {
      version: s.version,
      complete: true,
      schoolPart: {
        ...s.schoolPart,
        representative: {
          name: 'Catherine Le Bihan',
          role: 'Proviseure',
          email: `chef-lot-${stamp}@example.org`,
          phone: '02 99 00 00 00',
        },
        caDeliberationDate: '2026-09-15',
        referentTeacher: {
          name: 'Loïc Morvan',
          email: `ref-lot-${stamp}@example.org`,
          phone: '02 99 00 00 01',
        },
        guardians: [
          { firstName: 'Morgane', lastName: 'Abgrall', email: `parent-lot-${stamp}@example.org`, phone: '' },
        ],
        guardiansChecked: true,
      },
    },
  });
  expect(schoolPart.ok(), await schoolPart.text()).toBe(true);
  return h.id;
}

test('conventions du lycée : le chef d’établissement valide une sélection, la signe avec un seul code et une barre de progression, puis en annule une avec un motif', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const titles = [`Céramique lot A ${stamp}`, `Céramique lot B ${stamp}`];
  const hostContext = await browser.newContext({ baseURL: baseURL! });
  const host = { api: hostContext.request, csrf: (await signInApi(hostContext.request, 'host_member')).csrf };
  const studentContext = await browser.newContext({ baseURL: baseURL! });
  const student = {
    api: studentContext.request,
    csrf: (await signInApi(studentContext.request, 'student')).csrf,
  };
  const headContext = await browser.newContext({ baseURL: baseURL! });
  const head = { api: headContext.request, csrf: (await signInApi(headContext.request, 'school_head')).csrf };
  const adminContext = await browser.newContext({ baseURL: baseURL! });
  await signInApi(adminContext.request, 'admin');
  const headSession = (await (await headContext.request.get('/api/session')).json()) as {
    user: { email: string };
  };
  await withdrawAll(student.api, student.csrf);
  try {
    await confirmedStage(host, student, titles[0]!, 1);
    await confirmedStage(host, student, titles[1]!, 2);
    for (const t of titles) await completeParts(host, head, t, stamp);

    await signInAs(page, 'Chef d’établissement');
    await page.goto('/conventions');
    await page.getByRole('button', { name: /^À valider \(/ }).click();
    const rows = page.getByTestId('convention-row').filter({ hasText: `lot ` }).filter({ hasText: stamp });
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all()) await row.getByRole('checkbox').check({ force: true });
    await page.getByRole('button', { name: 'Valider la sélection (2)' }).click();
    await expect(page.getByTestId('bulk-result')).toContainText('2 conventions validées');
    await expect(page.getByTestId('bulk-result')).toBeFocused();

    await page.getByRole('button', { name: /^Signatures en cours \(/ }).click();
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all()) await row.getByRole('checkbox').check({ force: true });
    await page.getByRole('button', { name: 'Signer la sélection (2)' }).click();
    const input = page.getByLabel(/Code de signature/);
    await expect(input).toBeFocused();
    const { code } = await codeFor(adminContext.request, headSession.user.email);
    await input.fill(code);
    await page.getByRole('button', { name: 'Signer les 2 conventions' }).click();
    await expect(page.getByTestId('bulk-result')).toContainText('2 conventions signées sur 2');
    await expect(page.locator('progress#bulk-progress')).toHaveAttribute('value', '2');
    await expect(page.locator('progress#bulk-progress')).toHaveAttribute('max', '2');
    await expectNoSeriousAxeViolation(page);
    await expect(rows.first()).toContainText(
      /Signatures manquantes : organisme, élève, représentant légal 1/,
    );

    // the head cancels one of them, with a reason (required)
    await rows.filter({ hasText: titles[1]! }).getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Convention CS-/);
    await page.getByRole('button', { name: 'Annuler la convention…' }).click();
    const reason = page.getByLabel('Motif de l’annulation');
    await expect(reason).toBeFocused();
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await expect(reason).toBeFocused();
    await expect(page.getByText('Indiquez le motif de l’annulation')).toBeVisible();
    await reason.fill('L’atelier ferme pour travaux la semaine du stage.');
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await expect(page.getByTestId('convention-notice')).toContainText('Convention annulée');
    await expect(page.getByTestId('convention-step')).toHaveText('Annulée');
    await expect(page.getByRole('main')).toContainText('L’atelier ferme pour travaux la semaine du stage.');
  } finally {
    await withdrawAll(student.api, student.csrf);
    await hostContext.close();
    await studentContext.close();
    await headContext.close();
    await adminContext.close();
  }
});
