import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import iconv from 'iconv-lite';

const header = (page: Page) => page.getByRole('banner');

/** A small export of the school's information system, in Windows-1252, with one bad line. */
function studentCsv(): Buffer {
  const lines = [
    'INE;Nom;Prénom;Date de naissance;Division;Nom responsable 1;Prénom responsable 1;Courriel responsable 1;Téléphone responsable 1',
    '987654321ZA;Le Bras;Hélène;12/04/2011;2NDE E2E;Le Bras;Gaëlle;gaelle.lebras@example.net;06 11 22 33 44',
    '987654321ZB;Quéméner;Loïc;2011-09-30;2NDE E2E;Quéméner;René;;02 99 00 11 22',
    '12AB;Sans;Ine;01/01/2011;2NDE E2E;Sans;Parent;;',
  ];
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252');
}

test('le chef d’établissement importe des élèves et invite un professeur, qui accepte', async ({
  page,
  request,
  browser,
}, testInfo) => {
  // eleven pages with axe on each, the students page now with every student's placement: about
  // 30 s on a quiet machine, more than the default limit
  test.setTimeout(120_000);
  // the demo head signs in
  await page.goto('/connexion');
  await page
    .getByRole('button', { name: 'Se connecter en tant que Chef d’établissement', exact: true })
    .click();
  await expect(page).toHaveURL('/compte');

  await header(page).getByRole('link', { name: 'Mon établissement' }).click();
  await expect(page).toHaveURL('/etablissement/eleves');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Élèves');
  await expect(page.getByRole('status').filter({ hasText: /élèves?$/ })).toBeVisible();
  await expectNoSeriousAxeViolation(page);

  // import: the preview first, nothing written
  await page.getByRole('link', { name: 'Importer des élèves depuis un fichier CSV' }).click();
  await expect(page).toHaveURL('/etablissement/eleves/import');
  await expectNoSeriousAxeViolation(page);
  await page.getByLabel('Fichier des élèves').setInputFiles({
    name: 'export-siecle.csv',
    mimeType: 'text/csv',
    buffer: studentCsv(),
  });
  await expect(page.getByRole('heading', { name: 'Aperçu de l’import' })).toBeVisible();
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('2 nouveaux élèves');
  await expect(counts).toContainText('1 ligne en erreur');
  await expect(page.getByRole('main')).toContainText('Windows-1252');
  const errors = page.getByRole('table', { name: 'Lignes en erreur' });
  await expect(errors.getByRole('row').nth(1)).toContainText('4');
  await expect(errors.getByRole('row').nth(1)).toContainText('INE invalide « 12AB »');
  const rows = page.getByRole('table', { name: /telles qu’elles seront enregistrées/ });
  await expect(rows).toContainText('Hélène');
  await expect(rows).toContainText('Quéméner');
  await expectNoSeriousAxeViolation(page);

  await page.getByRole('button', { name: 'Confirmer l’import de 2 élèves' }).click();
  await expect(page.getByText('Import terminé')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('2 élèves ajoutés');

  // the students are listed
  await page.getByRole('link', { name: 'Voir la liste des élèves' }).click();
  await page.getByLabel('Rechercher un élève').fill('Hélène');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('table', { name: 'Élèves du lycée' })).toContainText('Le Bras');

  // invite a teacher
  const email = `prof.${Date.now()}@example.net`;
  await page
    .getByRole('navigation', { name: 'Mon établissement' })
    .getByRole('link', { name: 'Personnels' })
    .click();
  await expect(page).toHaveURL('/etablissement/personnels');
  await page.getByLabel('Prénom').fill('Gwenaëlle');
  await page.getByLabel('Nom', { exact: true }).fill('Le Bihan');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Fonction').selectOption('professeur');
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(page.getByText(`Invitation envoyée à ${email}.`)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Invitations en attente' })).toContainText(email);
  await expectNoSeriousAxeViolation(page);

  // the head's audit trail shows the import
  await page
    .getByRole('navigation', { name: 'Mon établissement' })
    .getByRole('link', { name: 'Journal des accès' })
    .click();
  await expect(page.getByRole('table', { name: 'Journal des accès' })).toContainText('Import d’élèves');
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
  const mail = (await (await request.get(`/api/outbox/${mailId}`)).json()) as { text: string };
  const link = /https?:\/\/\S+\/invitation#\S+/.exec(mail.text)![0];
  const url = new URL(link);

  // the teacher, in another browser, follows the link and accepts
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'fr-FR' });
  const teacher = await context.newPage();
  await teacher.goto(`${url.pathname}${url.hash}`);
  await expect(teacher.getByRole('heading', { level: 1 })).toHaveText('Accepter l’invitation');
  await expectNoSeriousAxeViolation(teacher);
  // opening the page consumed nothing: no session yet
  expect(await (await teacher.request.get('/api/session')).json()).toEqual({ authenticated: false });
  await teacher.getByRole('button', { name: 'Accepter l’invitation' }).click();
  await expect(teacher).toHaveURL('/compte');
  const identity = teacher.getByTestId('identity');
  await expect(identity).toContainText('Gwenaëlle Le Bihan');
  await expect(identity).toContainText('Personnel de l’établissement');
  await expect(identity).toContainText(email);
  await expectNoSeriousAxeViolation(teacher);

  // the same link a second time is refused, in French
  await teacher.goto(`${url.pathname}${url.hash}`);
  await teacher.getByRole('button', { name: 'Accepter l’invitation' }).click();
  await expect(teacher.getByRole('alert')).toContainText('déjà été acceptée');
  await context.close();
});

test('un organisme d’accueil crée une clé d’API, la voit une fois, puis la révoque', async ({ page }) => {
  await page.goto('/connexion');
  await page
    .getByRole('button', { name: 'Se connecter en tant que Organisme d’accueil', exact: true })
    .click();
  await expect(page).toHaveURL('/compte');
  await header(page).getByRole('link', { name: 'Clés d’API' }).click();
  await expect(page).toHaveURL('/organisme/cles-api');
  await expectNoSeriousAxeViolation(page);

  await page.getByLabel('Nom de la nouvelle clé').fill('SIRH');
  await page.getByRole('button', { name: 'Créer la clé' }).click();
  const key = await page.getByTestId('api-key').textContent();
  expect(key).toMatch(/^ss_live_[A-Za-z0-9_-]{32}$/);
  await expect(page.getByRole('main')).toContainText('elle ne sera plus jamais affichée');
  await expectNoSeriousAxeViolation(page);

  // the key works, without cookie
  const me = await page.request.get('/api/partner/me', {
    headers: { authorization: `Bearer ${key}`, cookie: '' },
  });
  expect(me.status()).toBe(200);

  // reloaded, the page no longer shows the key
  await page.reload();
  await expect(page.getByTestId('api-key')).toHaveCount(0);
  const table = page.getByRole('table', { name: 'Clés de l’organisme' });
  await expect(table).toContainText(key!.slice(0, 16));
  await table.getByRole('button', { name: 'Révoquer la clé « SIRH »' }).first().click();
  await table.getByRole('button', { name: 'Confirmer la révocation de « SIRH »' }).click();
  await expect(table).toContainText('Révoquée le');
  const after = await page.request.get('/api/partner/me', { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
});
