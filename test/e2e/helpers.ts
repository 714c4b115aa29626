import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** Pieces shared by the browser specs: signing in (page or API), signing out, publishing an offer. */

/** One line of GET /api/demo/accounts (only what the helpers read). */
export interface DemoAccount {
  membershipId: string;
  role: string;
}

/** Signs the page in as the demo account labelled `roleLabel` on /connexion; lands on /compte. */
export async function signInAs(page: Page, roleLabel: string): Promise<void> {
  await page.goto('/connexion');
  await page
    .getByRole('main')
    .getByRole('button', { name: `Se connecter en tant que ${roleLabel}`, exact: true })
    .click();
  await expect(page).toHaveURL('/compte');
}

/** Signs the page out through the header's button. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).first().click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).first()).toBeVisible();
}

/** Signs the context of `api` in as the demo account of `role`; returns its CSRF token and host. */
export async function signInApi(
  api: APIRequestContext,
  role: string,
): Promise<{ csrf: string; hostId?: string }> {
  const accounts = ((await (await api.get('/api/demo/accounts')).json()) as { items: DemoAccount[] }).items;
  const account = accounts.find((a) => a.role === role);
  expect(account, `un compte de démonstration ${role}`).toBeDefined();
  // signed in already: switching accounts is a write of the current session, with its token
  const current = (await (await api.get('/api/session')).json()) as { csrfToken?: string };
  const signedIn = await api.post('/api/demo/sign-in', {
    data: { membershipId: account!.membershipId },
    headers: current.csrfToken ? { 'x-csrf-token': current.csrfToken } : {},
  });
  expect(signedIn.ok(), await signedIn.text()).toBe(true);
  const session = (await (await api.get('/api/session')).json()) as { csrfToken: string; hostId?: string };
  return { csrf: session.csrfToken, ...(session.hostId ? { hostId: session.hostId } : {}) };
}

/** Monday to Friday, 09:00–16:30 with an hour's break. */
export const WEEKDAY_HOURS = [1, 2, 3, 4, 5].map((day) => ({
  day,
  from: '09:00',
  to: '16:30',
  breakMinutes: 60,
}));

/** The code of the sector named `name`, or of the first sector. */
export async function sectorCode(api: APIRequestContext, name?: string): Promise<string> {
  const sectors = (
    (await (await api.get('/api/sectors')).json()) as { items: { code: string; name: string }[] }
  ).items;
  return (sectors.find((s) => s.name === name) ?? sectors[0]!).code;
}

/** What a spec says of the offer it publishes (in Rennes, on weekdays unless told). */
export interface OfferDraft {
  title: string;
  description: string;
  sectorCode: string;
  weeks: { week: number; places: number }[];
  contactName: string;
  place?: { postalCode: string; communeName: string; lat?: number; lon?: number };
  hours?: { day: number; from: string; to: string; breakMinutes: number }[];
}

/** A host (signed in on `api`) creates the offer and publishes it through the API; returns its id. */
export async function publishOffer(api: APIRequestContext, csrf: string, offer: OfferDraft): Promise<string> {
  const { place, hours, ...rest } = offer;
  const created = await api.post('/api/offers', {
    headers: { 'x-csrf-token': csrf },
    data: {
      ...rest,
      place: place ?? { postalCode: '35000', communeName: 'Rennes', lat: 48.11, lon: -1.68 },
      hours: hours ?? WEEKDAY_HOURS,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  const published = await api.post(`/api/offers/${id}/events/publish`, { headers: { 'x-csrf-token': csrf } });
  expect(published.ok(), await published.text()).toBe(true);
  return id;
}

/** A tiny valid PDF (the server checks the %PDF- header). */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
