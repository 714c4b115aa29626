import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  createAccounts,
  loadOfferPlaces,
  loadSmallAcademy,
  signIn,
  type Account,
  type SmallAcademy,
} from '../fixtures.ts';
import { buildTestServer, FIXED_NOW, type TestApp } from './app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** What a test file of the API works with: fresh for each test, the same server for the file. */
export interface AcademyApp {
  readonly database: TestDatabase;
  readonly app: TestApp;
  readonly academy: SmallAcademy;
  readonly accounts: Awaited<ReturnType<typeof createAccounts>>;
  /** the server's clock; a test may move it, each test starts again at `start` */
  now: Date;
}

/**
 * Registers the file's hooks: one test database and one server for the file; before each test,
 * empty tables, the small académie, an account inside and outside the scope of each role, and
 * (unless told otherwise) the communes that place offers.
 */
export function useAcademyApp(options: { start?: Date; offerPlaces?: boolean } = {}): AcademyApp {
  const start = options.start ?? FIXED_NOW;
  const state = {} as { -readonly [K in keyof AcademyApp]: AcademyApp[K] };
  state.now = start;
  beforeAll(async () => {
    state.database = await createTestDatabase();
    state.app = await buildTestServer(state.database, () => state.now);
  });
  afterAll(async () => {
    await state.app?.close();
    await state.database?.destroy();
  });
  beforeEach(async () => {
    state.now = start;
    await state.database.truncate();
    state.academy = await loadSmallAcademy(state.database.db);
    state.accounts = await createAccounts(state.database.db, state.academy);
    if (options.offerPlaces !== false) await loadOfferPlaces(state.database.db);
  });
  return state;
}

/**
 * One request to the file's server, signed in as `account` (cookie and CSRF token) or as a
 * visitor (null), with an optional JSON body.
 */
export async function callAs(
  t: AcademyApp,
  account: Account | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  const headers: Record<string, string> = {};
  if (account) {
    const s = await signIn(t.database.db, account, () => t.now);
    headers.cookie = s.cookie;
    headers['x-csrf-token'] = s.csrf;
  }
  return t.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}
