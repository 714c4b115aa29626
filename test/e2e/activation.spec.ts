import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectNoSeriousAxeViolation } from './axe.ts';

interface DemoAccount {
  membershipId: string;
  role: string;
  name: string;
  email: string;
}

interface Student {
  firstName: string;
  lastName: string;
  birthDate: string;
  className: string;
}

async function demoAccount(request: APIRequestContext, role: string): Promise<DemoAccount> {
  const items = ((await (await request.get('/api/demo/accounts')).json()) as { items: DemoAccount[] }).items;
  const account = items.find((a) => a.role === role);
  expect(account, `un compte de démonstration ${role}`).toBeDefined();
  return account!;
}

/** The mail most recently sent to an address, read from the outbox as the demo admin. */
async function lastMailTo(request: APIRequestContext, to: string): Promise<{ text: string }> {
  const admin = await demoAccount(request, 'admin');
  expect((await request.post('/api/demo/sign-in', { data: { membershipId: admin.membershipId } })).ok()).toBe(
    true,
  );
  const list = (await (await request.get(`/api/outbox?to=${encodeURIComponent(to)}`)).json()) as {
    items: { id: string }[];
  };
  expect(list.items.length, `un courriel pour ${to}`).toBeGreaterThan(0);
  return (await (await request.get(`/api/outbox/${list.items[0]!.id}`)).json()) as { text: string };
}

test('un enseignant crée un code de classe, un élève active son compte et se connecte par le lien reçu', async ({
  page,
  browser,
  request,
}) => {
  const teacher = await demoAccount(request, 'school_staff');
  const student = await demoAccount(request, 'student');

  // the teacher signs in (demo) and opens "Codes de classe"
  await page.goto('/connexion');
  await page
    .getByRole('main')
    .getByRole('button', { name: 'Se connecter en tant que Personnel de l’établissement' })
    .click();
  await expect(page).toHaveURL('/compte');
  await expect(page.getByTestId('identity')).toContainText(teacher.name);

  // the demo student's record, from the teacher's list of the lycée's students
  const session = (await (await page.request.get('/api/session')).json()) as { schoolUai: string };
  const search = (await (
    await page.request.get(
      `/api/schools/${session.schoolUai}/students?q=${encodeURIComponent(student.name.split(' ').slice(-1)[0]!)}`,
    )
  ).json()) as { items: Student[] };
  const record = search.items.find((s) => `${s.firstName} ${s.lastName}` === student.name);
  expect(record, 'la fiche de l’élève de démonstration').toBeDefined();

  await page.goto('/etablissement/codes');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Codes de classe');
  await expect(page).toHaveTitle('Codes de classe - Stages de seconde');
  const row = page.getByTestId(`classe-${record!.className}`);
  await expect(row).toBeVisible();
  await expectNoSeriousAxeViolation(page);
  await row.getByRole('button', { name: `Créer un code pour la classe ${record!.className}` }).click();
  const shown = page.getByTestId('code-cree');
  await expect(shown).toHaveText(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  const code = (await shown.textContent())!;
  await expect(row).toContainText(code);
  await expectNoSeriousAxeViolation(page);

  // the student, on another browser, activates their account from the sign-in page
  const studentContext = await browser.newContext();
  const studentPage = await studentContext.newPage();
  await studentPage.goto('/connexion');
  await studentPage.getByRole('link', { name: 'Activer mon compte avec le code de classe' }).click();
  await expect(studentPage).toHaveURL('/activation');
  await expect(studentPage.getByRole('heading', { level: 1 })).toHaveText('Activer mon compte');
  await expectNoSeriousAxeViolation(studentPage);

  // an empty form: inline errors, nothing sent
  await studentPage.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
  await expect(studentPage.getByText('Indiquez le code de classe donné par le professeur.')).toBeVisible();
  await expect(studentPage.getByLabel('Code de classe')).toBeFocused();
  await expectNoSeriousAxeViolation(studentPage);

  // a wrong birth date: one generic message
  await studentPage.getByLabel('Code de classe').fill(code.toLowerCase());
  await studentPage.getByLabel('Nom de l’élève', { exact: true }).fill(record!.lastName.toUpperCase());
  await studentPage.getByLabel('Prénom de l’élève', { exact: true }).fill(record!.firstName);
  await studentPage.getByLabel('Date de naissance de l’élève').fill('2001-01-01');
  await studentPage.getByLabel('Adresse électronique').fill(student.email);
  await studentPage.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
  await expect(studentPage.getByText('Activation impossible')).toBeVisible();
  await expect(studentPage.getByRole('main')).toContainText('ne correspondent à aucun élève');

  await studentPage.getByLabel('Date de naissance de l’élève').fill(record!.birthDate);
  await studentPage.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
  await expect(studentPage.getByRole('main')).toContainText(
    `Un lien de connexion vient d’être envoyé à ${student.email}`,
  );
  await expectNoSeriousAxeViolation(studentPage);

  // the link arrives in the outbox; the student follows it and confirms
  const mail = await lastMailTo(request, student.email);
  const link = /https?:\/\/\S+\/connexion\/lien#[\w-]+/.exec(mail.text)?.[0];
  expect(link, 'le lien de connexion du courriel').toBeDefined();
  const url = new URL(link!);
  await studentPage.goto(`${url.pathname}${url.hash}`);
  await expect(studentPage.getByRole('heading', { level: 1 })).toHaveText('Connexion par lien');
  await expectNoSeriousAxeViolation(studentPage);
  await studentPage.getByRole('button', { name: 'Me connecter' }).click();
  await expect(studentPage).toHaveURL('/compte');
  await expect(studentPage.getByTestId('identity')).toContainText(student.name);
  await expect(studentPage.getByTestId('identity')).toContainText('Élève');
  await expectNoSeriousAxeViolation(studentPage);
  await studentContext.close();
});

test('la page de connexion explique un échec de connexion par ÉduConnect', async ({ page }) => {
  await page.goto('/connexion?erreur=compte-inconnu');
  await expect(page.getByRole('alert')).toContainText('Compte inconnu');
  await expect(page.getByRole('alert')).toContainText('aucun compte de la plateforme ne vous correspond');
  // no provider is configured in the demo: no button
  await expect(page.getByTestId('oidc-educonnect')).toHaveCount(0);
  await expectNoSeriousAxeViolation(page);
});
