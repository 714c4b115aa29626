import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { signInAs } from './helpers.ts';

/**
 * The school head follows the placement of the lycée's students: counts per status, the students
 * without a stage, reminders, a student's history, a split to approve, the CSV export. The split
 * is prepared through the API: the demo student confirms week 1 with the demo host, and week 2
 * with a second host that signs up for the occasion.
 */

interface DemoAccount {
  membershipId: string;
  role: string;
  name: string;
}

interface Api {
  api: APIRequestContext;
  csrf: string;
}

async function demoAccount(api: APIRequestContext, role: string): Promise<DemoAccount> {
  const items = ((await (await api.get('/api/demo/accounts')).json()) as { items: DemoAccount[] }).items;
  const account = items.find((a) => a.role === role);
  expect(account, `un compte de démonstration ${role}`).toBeDefined();
  return account!;
}

async function csrfOf(api: APIRequestContext): Promise<string> {
  const session = (await (await api.get('/api/session')).json()) as { csrfToken: string };
  return session.csrfToken;
}

async function demoApi(baseURL: string, role: string): Promise<Api & { account: DemoAccount }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const account = await demoAccount(api, role);
  expect((await api.post('/api/demo/sign-in', { data: { membershipId: account.membershipId } })).ok()).toBe(
    true,
  );
  return { api, csrf: await csrfOf(api), account };
}

async function send(who: Api, method: 'POST' | 'GET', url: string, data?: unknown) {
  const res = await who.api.fetch(url, {
    method,
    headers: { 'x-csrf-token': who.csrf },
    ...(data === undefined ? {} : { data }),
  });
  expect(res.ok(), `${method} ${url} : ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

const HOURS = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '16:30', breakMinutes: 60 }));

async function publishOffer(host: Api, title: string, week: 1 | 2, sectorCode: string): Promise<string> {
  const offer = await send(host, 'POST', '/api/offers', {
    title,
    description: 'Une semaine de découverte du métier.',
    sectorCode,
    place: { postalCode: '35000', communeName: 'Rennes' },
    weeks: [{ week, places: 3 }],
    hours: HOURS,
    contactEmail: 'stages@example.net',
  });
  await send(host, 'POST', `/api/offers/${offer.id}/events/publish`);
  return offer.id as string;
}

/** A second host: signs up, confirms its address (link read in the outbox by the admin), signs in. */
async function newHost(baseURL: string): Promise<Api> {
  const api = await playwrightRequest.newContext({ baseURL });
  const email = `second.organisme.${Date.now()}@example.net`;
  const password = 'ornithorynque vélo lanterne 42';
  const signUp = await api.post('/api/auth/sign-up', {
    data: {
      email,
      password,
      firstName: 'Morgane',
      lastName: 'Le Du',
      organisation: { name: `Atelier Le Du ${Date.now()}` },
    },
  });
  expect(signUp.status()).toBe(202);
  const admin = await demoApi(baseURL, 'admin');
  let mailId: string | undefined;
  await expect
    .poll(async () => {
      const page = (await (await admin.api.get(`/api/outbox?to=${encodeURIComponent(email)}`)).json()) as {
        items: { id: string; template: string }[];
      };
      mailId = page.items.find((m) => m.template === 'verify_email')?.id;
      return mailId;
    })
    .toBeDefined();
  const mail = (await (await admin.api.get(`/api/outbox/${mailId}`)).json()) as { text: string };
  const token = mail.text.match(/#([A-Za-z0-9_-]+)/)?.[1];
  expect(token, 'jeton de confirmation').toBeDefined();
  expect((await api.post('/api/auth/verify-email', { data: { token } })).ok()).toBe(true);
  expect((await api.post('/api/auth/sign-in', { data: { email, password } })).ok()).toBe(true);
  return { api, csrf: await csrfOf(api) };
}

/** The demo student withdraws every live application (the other specs find them without a placement). */
async function withdrawAll(student: Api) {
  const mine = (await send(student, 'GET', '/api/applications/mine')) as {
    items: { id: string; status: string }[];
  };
  for (const a of mine.items)
    if (['pending', 'accepted', 'split_pending', 'confirmed'].includes(a.status))
      await send(student, 'POST', `/api/applications/${a.id}/withdraw`);
}

/** The demo student: week 1 confirmed with the demo host, week 2 with a second host waiting for the head. */
async function prepareSplit(baseURL: string): Promise<string> {
  const student = await demoApi(baseURL, 'student');
  // a clean start: the student's live applications (from other tests) are withdrawn
  await withdrawAll(student);
  const host = await demoApi(baseURL, 'host_member');
  const sectors = (await send(host, 'GET', '/api/sectors')) as { items: { code: string }[] };
  const sector = sectors.items[0]!.code;
  const second = await newHost(baseURL);
  const stamp = Date.now();
  const a = await publishOffer(host, `Semaine 1 chez l’organisme de démonstration ${stamp}`, 1, sector);
  const b = await publishOffer(second, `Semaine 2 à l’atelier ${stamp}`, 2, sector);
  const motivation = 'Je souhaite découvrir ce métier.';
  const appA = await send(student, 'POST', `/api/offers/${a}/applications`, { weeks: [1], motivation });
  const appB = await send(student, 'POST', `/api/offers/${b}/applications`, { weeks: [2], motivation });
  await send(host, 'POST', `/api/applications/${appA.id}/decision`, { decision: 'accept' });
  await send(second, 'POST', `/api/applications/${appB.id}/decision`, { decision: 'accept' });
  expect((await send(student, 'POST', `/api/applications/${appA.id}/confirm`)).status).toBe('confirmed');
  expect((await send(student, 'POST', `/api/applications/${appB.id}/confirm`)).status).toBe('split_pending');
  return student.account.name;
}

test('le chef d’établissement suit le placement : élèves sans stage, relances, historique, partage, export', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const studentName = await prepareSplit(baseURL!);

  await signInAs(page, 'Chef d’établissement');
  await page.goto('/etablissement/eleves');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Élèves');
  await expect(page.getByRole('heading', { name: 'Élèves par statut de placement' })).toBeVisible();
  await expect(page.getByTestId('student-row').first()).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // the split waiting for the head: approved
  const split = page.getByTestId('split-row').filter({ hasText: studentName });
  await expect(split).toBeVisible();
  await split.getByRole('button', { name: `Accepter le stage en deux lieux de ${studentName}` }).click();
  await expect(page.getByText(`Stage en deux lieux accepté pour ${studentName}.`)).toBeVisible();
  await expect(page.getByTestId('split-row').filter({ hasText: studentName })).toHaveCount(0);

  // the students without a stage
  await page.getByRole('link', { name: 'Voir les élèves sans stage' }).click();
  await expect(page).toHaveURL(/statut=to_place/);
  await expect(page.getByLabel(/^À placer/)).toBeChecked();
  const rows = page.getByTestId('student-row');
  await expect(rows.first()).toBeVisible();
  for (const badge of await rows.locator('.fr-badge').allTextContents()) expect(badge).toBe('À placer');
  await expectNoSeriousAxeViolation(page);

  // two of them reminded, after a confirmation; the result is announced
  const firstTwo = [rows.nth(0), rows.nth(1)];
  for (const row of firstTwo) await row.getByRole('checkbox').check({ force: true });
  await page.getByRole('button', { name: 'Relancer les élèves sélectionnés (2)' }).click();
  await expect(page.getByRole('heading', { name: 'Confirmer la relance' })).toBeFocused();
  await expectNoSeriousAxeViolation(page);
  await page.getByRole('button', { name: 'Envoyer les relances' }).click();
  await expect(page.getByText(/élèves? relancés?|Aucun élève relancé/).first()).toBeVisible();
  await expect(page.getByText(/Relances envoyées|Aucune relance envoyée/)).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // the CSV export keeps the filter
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Exporter (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^eleves-0350024L-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(path!, 'utf8');
  expect(csv.startsWith('\uFEFFClasse;Nom;Prénom;INE;Statut')).toBe(true);
  expect(csv).toContain(';À placer;');
  expect(csv).not.toContain(';Couvert;');

  // the student's history: the split approved, two hosts
  await page.goto('/etablissement/eleves');
  const [first, ...rest] = studentName.split(' ');
  await page.getByLabel('Rechercher un élève').fill(rest.join(' '));
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const row = page.getByTestId('student-row').filter({ hasText: first! });
  await expect(row.locator('.fr-badge')).toHaveText('Couvert');
  await row.getByRole('link', { name: `${studentName} : historique du stage` }).click();
  await expect(page).toHaveURL(/\/etablissement\/eleves\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('student-name')).toContainText(studentName);
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('Stage en deux lieux accepté');
  await expect(timeline).toContainText('Stage confirmé par l’élève');
  await expect(page.getByRole('table', { name: 'Semaines de stage' })).toContainText('Stage (une semaine)');
  await expect(
    page.getByText('Les deux semaines sont couvertes : ni dispense ni repli à décider.'),
  ).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // the demo student is left without a placement for the other specs
  await withdrawAll(await demoApi(baseURL!, 'student'));
});
