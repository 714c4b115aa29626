import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';
import { signInAs } from './helpers.ts';

/**
 * Issue 6 §2: the rectorat opens « Modèles de convention » from the header, sees the platform's
 * default published for the year, writes a version with an unknown placeholder (refused, the
 * placeholder named in the error summary, nothing stored), loads a corrected .txt file, saves it
 * as a draft, opens its PDF preview and publishes it after confirming. axe on the page, the
 * error summary shown.
 */
test('the rectorat writes, previews and publishes a convention template', async ({ page }) => {
  await signInAs(page, 'Rectorat');
  await page.getByRole('banner').getByRole('link', { name: 'Modèles de convention' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Modèles de convention' })).toBeVisible();
  const main = page.getByRole('main');
  const defaultRow = main.getByRole('row').filter({ hasText: 'Modèle académique par défaut' });
  await expect(defaultRow.first()).toBeVisible();
  await expect(defaultRow.first()).toContainText('Modèle par défaut de la plateforme');
  await expect(main.getByRole('table', { name: /Les \d+ champs/ })).toContainText('{{eleve.nom}}');
  await expectNoSeriousAxeViolation(page);

  const name = `Modèle de l’académie ${Date.now()}`;
  await main.getByLabel('Nom de la version').fill(name);
  const textArea = main.getByLabel('Texte du modèle');
  const current = await textArea.inputValue();
  expect(current).toContain('{{eleve.nom}}');
  // a typo in a placeholder: refused, named in the summary
  await textArea.fill(current.replaceAll('{{eleve.nom}}', '{{eleve.nom_famille}}'));
  await main.getByRole('button', { name: 'Enregistrer comme brouillon' }).click();
  const summary = main.getByRole('alert').filter({ hasText: 'La version n’a pas été enregistrée' });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('{{eleve.nom_famille}} : champ inconnu');
  await expect(summary).toContainText('{{eleve.nom}} : champ obligatoire absent (Nom de l’élève)');
  await expect(main.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);

  // the corrected text, from a file, with the académie's own article
  const fixed = current.replace(
    /^## /m,
    '### Article de l’académie\n\nLes trajets sont encadrés par l’établissement.\n\n## ',
  );
  await main.getByLabel(/Charger un fichier/).setInputFiles({
    name: 'modele-academie.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(fixed, 'utf8'),
  });
  await expect(textArea).toHaveValue(fixed);
  await main.getByRole('button', { name: 'Enregistrer comme brouillon' }).click();
  await expect(page.getByText(`« ${name} » est enregistrée comme brouillon`)).toBeVisible();
  const row = main.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Brouillon');

  // the preview: a PDF
  const href = await row.getByRole('link', { name: /Aperçu PDF/ }).getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // publish, after confirming
  await row.getByRole('button', { name: /^Publier/ }).click();
  await row.getByRole('button', { name: 'Confirmer la publication' }).click();
  await expect(page.getByText(`« ${name} » est publiée pour`)).toBeVisible();
  await expect(main.getByRole('row').filter({ hasText: name })).toContainText('Publiée');
  await expectNoSeriousAxeViolation(page);
});
