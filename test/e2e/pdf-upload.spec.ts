import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { PDF, publishOffer, sectorCode, signInApi, signInAs } from './helpers.ts';

/**
 * The PDF upload field (web/src/components/PdfUpload.tsx) in a real browser, on the CV of the
 * apply form: the browser's own checks (size, type), the server's verdict on the content shown
 * next to the field, a good file sent with the CSRF token, removed again, and sent with the
 * application; then the host downloads it. Accessibility checked with axe at each state.
 */

test('le champ PDF vérifie le fichier, affiche le refus du serveur, envoie et retire un CV', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // the demo host publishes an offer
  const hostContext = await browser.newContext();
  const host = await signInApi(hostContext.request, 'host_member');
  const offerId = await publishOffer(hostContext.request, host.csrf, {
    title: `Atelier de reliure ${Date.now().toString(36)}`,
    description: 'Découvrir la reliure : couture des cahiers, dorure, restauration de livres anciens.',
    sectorCode: await sectorCode(hostContext.request),
    weeks: [{ week: 1, places: 2 }],
    contactName: 'Yann Le Goff',
  });

  // the student opens the offer
  await signInAs(page, 'Élève');
  await page.goto(`/offres/${offerId}`);
  const form = page.getByTestId('apply-form');
  const input = form.getByLabel(/Votre CV/);
  await expect(input).toHaveAttribute('accept', 'application/pdf,.pdf');

  // 1. too big: refused in the browser, nothing sent
  let uploads = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/files') && r.method() === 'POST') uploads += 1;
  });
  await input.setInputFiles({
    name: 'gros.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)]),
  });
  await expect(form.getByText('Le fichier dépasse 2 Mo.').first()).toBeVisible();
  // 2. not a PDF by its type
  await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('png') });
  await expect(form.getByText('Le fichier n’est pas un PDF.').first()).toBeVisible();
  expect(uploads).toBe(0);
  await expectNoSeriousAxeViolation(page);

  // 3. named .pdf but not one: the server says so, next to the field, and it is announced
  await input.setInputFiles({
    name: 'faux.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html>pas un pdf</html>'),
  });
  await expect(form.locator('.fr-error-text')).toHaveText(
    'Le fichier n’est pas un PDF (son contenu a été vérifié).',
  );
  await expect(form.getByRole('status').filter({ hasText: 'son contenu a été vérifié' })).toHaveCount(1);
  expect(uploads).toBe(1);
  await expectNoSeriousAxeViolation(page);

  // 4. a real PDF: sent, shown, then removed (focus back on the field), then sent again
  await input.setInputFiles({ name: 'mon CV.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(form.locator('.fr-valid-text')).toContainText('Fichier envoyé : mon CV.pdf');
  await expectNoSeriousAxeViolation(page);
  await form.getByRole('button', { name: 'Retirer ce fichier' }).click();
  await expect(input).toBeFocused();
  await expect(form.locator('.fr-valid-text')).toHaveCount(0);
  await input.setInputFiles({ name: 'mon CV.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(form.locator('.fr-valid-text')).toContainText('Fichier envoyé : mon CV.pdf');

  // 5. sent with the application: the host finds it and downloads the same bytes
  await form.getByRole('radio', { name: /Semaine 1/ }).check();
  await form.getByRole('textbox', { name: /Votre motivation/ }).fill('J’aime les vieux livres et le papier.');
  await form.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(page.getByTestId('apply-state')).toContainText('Candidature envoyée');
  const inbox = (await (
    await hostContext.request.get(`/api/hosts/${host.hostId}/applications?offerId=${offerId}`)
  ).json()) as { items: { cv: { id: string; fileName: string } | null }[] };
  expect(inbox.items[0]!.cv?.fileName).toBe('mon CV.pdf');
  const download = await hostContext.request.get(`/api/files/${inbox.items[0]!.cv!.id}`);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(Buffer.from(await download.body()).equals(PDF)).toBe(true);
  await hostContext.close();
});
