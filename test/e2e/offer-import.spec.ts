import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

const HEADER =
  'titre;description;code_secteur;adresse;code_postal;commune;semaine_1_places;semaine_2_places;horaires;accessible';
const stamp = Date.now().toString(36);
const good = (title: string) =>
  `${title} ${stamp};Une semaine de découverte du métier.;sante;2 rue Henri Le Guilloux;35000;Rennes;2;1;lun-ven 9:00-12:00,13:30-16:30;oui`;

function csv(lines: string[]) {
  return {
    name: 'offres.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${[HEADER, ...lines].join('\n')}\n`),
  };
}

test('l’organisme d’accueil importe un fichier d’offres, corrige la ligne en erreur et publie', async ({
  page,
}) => {
  await page.goto('/connexion');
  await page
    .getByRole('button', { name: 'Se connecter en tant que Organisme d’accueil', exact: true })
    .click();
  await expect(page).toHaveURL('/compte');

  await page.goto('/mes-offres');
  await page.getByRole('link', { name: 'Importer des offres (fichier CSV)' }).click();
  await expect(page).toHaveURL('/mes-offres/import');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importer des offres');
  await expect(page.getByRole('link', { name: /Télécharger le modèle de fichier/ })).toHaveAttribute(
    'download',
    'modele-offres.csv',
  );
  await page.getByRole('button', { name: 'Format du fichier : les colonnes' }).click();
  await expect(page.getByRole('table', { name: 'Colonnes du fichier des offres' })).toContainText(
    'semaine_1_places',
  );
  await expectNoSeriousAxeViolation(page);

  // a file with one bad line: the preview names the line and column, nothing can be published yet
  const bad = `Accueil ${stamp};Une semaine à l’accueil.;sante;;35000;Rennes;deux;0;;non`;
  await page
    .getByLabel('Fichier des offres')
    .setInputFiles(csv([good('Laboratoire'), bad, good('Radiologie')]));
  await expect(page.getByRole('heading', { name: 'Aperçu de l’import' })).toBeVisible();
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('3 lignes lues');
  await expect(counts).toContainText('2 offres prêtes à publier');
  await expect(counts).toContainText('1 ligne en erreur');
  const errors = page.getByRole('table', { name: 'Lignes en erreur' });
  await expect(errors.getByRole('row').nth(1)).toContainText('3');
  await expect(errors.getByRole('row').nth(1)).toContainText('semaine_1_places');
  await expect(errors.getByRole('row').nth(1)).toContainText('nombre de places « deux » invalide');
  await expect(page.getByRole('button', { name: 'Publier les 2 offres' })).toBeDisabled();
  await expect(page.getByRole('table', { name: /telles qu’elles seront publiées/ })).toContainText(
    `Laboratoire ${stamp}`,
  );
  await expectNoSeriousAxeViolation(page);

  // the fixed file: three offers, no error
  await page
    .getByLabel('Fichier des offres')
    .setInputFiles(csv([good('Laboratoire'), bad.replace(';deux;0;', ';1;0;'), good('Radiologie')]));
  await expect(counts).toContainText('3 offres prêtes à publier');
  await expect(counts).toContainText('0 ligne en erreur');
  await expect(page.getByRole('table', { name: 'Lignes en erreur' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Publier les 3 offres' }).click();
  await expect(page.getByRole('heading', { name: 'Offres publiées' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('3 offres publiées');
  await expectNoSeriousAxeViolation(page);

  // published: the offer is in the public search API
  const found = await page.request.get(
    `/api/offers?q=${encodeURIComponent(`Accueil ${stamp}`)}&near=48.11,-1.68`,
  );
  expect(found.ok()).toBe(true);
  expect(JSON.stringify(await found.json())).toContain(`Accueil ${stamp}`);
});
