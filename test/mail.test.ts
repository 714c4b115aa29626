import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mails } from '../src/db/schema/index.ts';
import { installProblemHandlers } from '../src/http/problem.ts';
import { escapeHtml } from '../src/infra/mail/templates.ts';
import {
  DEFAULT_MAIL_FROM,
  outboxOnlyTransport,
  smtpTransport,
  type MailTransport,
} from '../src/infra/mail/transport.ts';
import { notificationRoutes, OUTBOX_PAGE_SIZE } from '../src/notifications/routes.ts';
import { getMail, listOutbox, MAX_MAIL_ATTEMPTS, queueMail } from '../src/notifications/service.ts';
import { claimDueMails } from '../src/notifications/store.ts';
import { retryDelayMs, startMailWorker } from '../src/notifications/worker.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { parseMessage, startSmtpServer, type TestSmtpServer } from './helpers/smtp.ts';

z.config(z.locales.fr());

const T0 = new Date('2026-11-28T10:00:00Z');
const LINK = 'https://stages.example.fr/connexion/lien?jeton=abc&x=1';

let database: TestDatabase;
let smtp: TestSmtpServer;
let refusing: TestSmtpServer;
let now: Date;
const clock = () => now;
const transports: MailTransport[] = [];

/** An SMTP transport closed after the test. */
function transportTo(server: TestSmtpServer, from?: string): MailTransport {
  const t = smtpTransport({ url: server.url, from });
  transports.push(t);
  return t;
}

function advance(ms: number) {
  now = new Date(now.getTime() + ms);
}

async function mailRow(id: string) {
  const [row] = await database.db.select().from(mails).where(eq(mails.id, id));
  if (!row) throw new Error(`courriel ${id} absent`);
  return row;
}

function queueSignIn(to: string, name = 'Léa') {
  return queueMail(database.db, clock, { to, template: 'sign_in_link', data: { name, link: LINK } });
}

beforeAll(async () => {
  [database, smtp, refusing] = await Promise.all([
    createTestDatabase(),
    startSmtpServer(),
    startSmtpServer({ rejectRecipients: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([smtp.close(), refusing.close()]);
  await database.destroy();
});
beforeEach(async () => {
  await database.db.delete(mails); // the only table these tests touch (a full truncate costs ~1.5 s on PGlite)
  now = T0;
  smtp.messages.length = 0;
  refusing.rejected.length = 0;
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close?.()));
});

describe('queueMail', () => {
  it('renders the template into the outbox without talking to any mail server', async () => {
    const { id } = await queueSignIn(' Lea.Martin@Example.FR ');
    const row = await mailRow(id);
    expect(row).toMatchObject({
      to: 'lea.martin@example.fr',
      template: 'sign_in_link',
      subject: 'Votre lien de connexion – Stages de seconde',
      sentAt: null,
      attempts: 0,
      lastError: null,
    });
    expect(row.createdAt.toISOString()).toBe(T0.toISOString());
    expect(row.nextAttemptAt.toISOString()).toBe(T0.toISOString());
    expect(row.text).toContain(LINK);
    expect(row.html).toContain(escapeHtml(LINK));
    expect(smtp.messages).toHaveLength(0);
  });

  it('queues atomically with the caller’s transaction (nothing left when it rolls back)', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await queueMail(tx, clock, { to: 'a@example.fr', template: 'verify_email', data: { link: LINK } });
        throw new Error('annulé');
      }),
    ).rejects.toThrow('annulé');
    expect((await listOutbox(database.db, { limit: 10, offset: 0 })).total).toBe(0);
  });
});

describe('mail worker over a real SMTP server', () => {
  it('delivers a queued mail: recipient, From, French subject, text and HTML parts', async () => {
    const { id } = await queueSignIn('lea.martin@example.fr', 'Léa <b>');
    const worker = startMailWorker({ db: database.db, transport: transportTo(smtp), clock, poll: false });
    expect(await worker.drain()).toBe(1);
    await worker.stop();

    expect(smtp.messages).toHaveLength(1);
    const received = smtp.messages[0]!;
    expect(received.to).toEqual(['lea.martin@example.fr']);
    expect(received.from).toBe('ne-pas-repondre@stage-seconde.invalid');
    const parsed = parseMessage(received.raw);
    expect(parsed.headers.get('to')).toBe('lea.martin@example.fr');
    expect(parsed.headers.get('from')).toBe(DEFAULT_MAIL_FROM);
    expect(parsed.subject).toBe('Votre lien de connexion – Stages de seconde');
    expect(parsed.text).toContain('Bonjour Léa <b>,');
    expect(parsed.text).toContain(LINK);
    expect(parsed.text).toContain('Ce lien est valable 15 minutes');
    expect(parsed.html).toContain('Bonjour Léa &lt;b&gt;,');
    expect(parsed.html).toContain(`href="${escapeHtml(LINK)}"`);

    const row = await mailRow(id);
    expect(row.sentAt?.toISOString()).toBe(T0.toISOString());
    expect(row.attempts).toBe(0);
    expect((await getMail(database.db, id))?.status).toBe('sent');
  });

  it('uses the configured From address', async () => {
    await queueSignIn('a@example.fr');
    const worker = startMailWorker({
      db: database.db,
      transport: transportTo(smtp, 'Rectorat de Rennes <stages@ac-rennes.example>'),
      clock,
      poll: false,
    });
    await worker.drain();
    await worker.stop();
    expect(smtp.messages[0]?.from).toBe('stages@ac-rennes.example');
    expect(parseMessage(smtp.messages[0]!.raw).headers.get('from')).toBe(
      'Rectorat de Rennes <stages@ac-rennes.example>',
    );
  });

  it('keeps a refused mail unsent with its error, and retries it after the backoff', async () => {
    const { id } = await queueSignIn('inconnu@example.fr');
    const failing = startMailWorker({
      db: database.db,
      transport: transportTo(refusing),
      clock,
      poll: false,
    });
    expect(await failing.drain()).toBe(0);
    expect(refusing.rejected).toEqual(['inconnu@example.fr']);
    let row = await mailRow(id);
    expect(row.sentAt).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/550/);
    expect(row.nextAttemptAt.getTime()).toBe(T0.getTime() + retryDelayMs(1));
    expect((await getMail(database.db, id))?.status).toBe('pending');

    // not due yet: nothing is tried again
    advance(retryDelayMs(1) - 1_000);
    expect(await failing.drain()).toBe(0);
    expect(refusing.rejected).toHaveLength(1);
    await failing.stop();

    // due: the mail server now accepts it
    advance(1_000);
    const worker = startMailWorker({ db: database.db, transport: transportTo(smtp), clock, poll: false });
    expect(await worker.drain()).toBe(1);
    await worker.stop();
    expect(smtp.messages.map((m) => m.to)).toEqual([['inconnu@example.fr']]);
    row = await mailRow(id);
    expect(row.sentAt?.toISOString()).toBe(now.toISOString());
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBeNull();
  });

  it(`gives up after ${MAX_MAIL_ATTEMPTS} attempts, waiting longer each time`, async () => {
    const { id } = await queueSignIn('inconnu@example.fr');
    const worker = startMailWorker({ db: database.db, transport: transportTo(refusing), clock, poll: false });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_MAIL_ATTEMPTS; attempt++) {
      await worker.drain();
      const row = await mailRow(id);
      expect(row.attempts).toBe(attempt);
      delays.push(row.nextAttemptAt.getTime() - now.getTime());
      now = row.nextAttemptAt;
    }
    expect(delays.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 60].map((m) => m * 60_000));
    expect((await getMail(database.db, id))?.status).toBe('failed');
    advance(24 * 3_600_000);
    expect(await worker.drain()).toBe(0);
    await worker.stop();
    expect(refusing.rejected).toHaveLength(MAX_MAIL_ATTEMPTS);
  });

  it('never sends a mail twice when two workers drain the same database at once', async () => {
    const count = 40;
    for (let i = 0; i < count; i++) {
      await queueMail(database.db, clock, {
        to: `eleve${i}@example.fr`,
        template: 'verify_email',
        data: { name: `Élève ${i}`, link: `${LINK}&n=${i}` },
      });
    }
    const a = startMailWorker({
      db: database.db,
      transport: transportTo(smtp),
      clock,
      poll: false,
      batchSize: 3,
    });
    const b = startMailWorker({
      db: database.db,
      transport: transportTo(smtp),
      clock,
      poll: false,
      batchSize: 3,
    });
    const [byA, byB] = await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(byA + byB).toBe(count);
    const recipients = smtp.messages.flatMap((m) => m.to);
    expect(recipients).toHaveLength(count);
    expect(new Set(recipients).size).toBe(count);
    const sent = await database.db.select({ sentAt: mails.sentAt }).from(mails);
    expect(sent.every((m) => m.sentAt !== null)).toBe(true);
    if (database.kind === 'postgres') {
      // with a real connection pool both workers took part
      expect(byA).toBeGreaterThan(0);
      expect(byB).toBeGreaterThan(0);
    }
  });

  it('leaves a claimed mail to its worker until the lease ends (a crashed worker’s mail is retried)', async () => {
    await queueSignIn('a@example.fr');
    const leaseMs = 15 * 60_000;
    const claimed = await claimDueMails(
      database.db,
      now,
      new Date(now.getTime() + leaseMs),
      10,
      MAX_MAIL_ATTEMPTS,
    );
    expect(claimed).toHaveLength(1);
    // the worker that claimed it "crashes" before sending
    const worker = startMailWorker({ db: database.db, transport: transportTo(smtp), clock, poll: false });
    expect(await worker.drain()).toBe(0);
    advance(leaseMs);
    expect(await worker.drain()).toBe(1);
    await worker.stop();
    expect(smtp.messages).toHaveLength(1);
  });

  it('polls on its own and stops cleanly', async () => {
    const worker = startMailWorker({ db: database.db, transport: transportTo(smtp), clock, intervalMs: 20 });
    await queueSignIn('a@example.fr');
    const deadline = Date.now() + 5_000;
    while (smtp.messages.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(smtp.messages).toHaveLength(1);
    await queueSignIn('b@example.fr');
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.messages).toHaveLength(1);
  });

  it('in the embedded demo, marks mails delivered without sending them (the outbox is the mailbox)', async () => {
    const { id } = await queueSignIn('a@example.fr');
    const worker = startMailWorker({ db: database.db, transport: outboxOnlyTransport(), clock, poll: false });
    expect(await worker.drain()).toBe(1);
    await worker.stop();
    expect(smtp.messages).toHaveLength(0);
    expect((await mailRow(id)).sentAt?.toISOString()).toBe(T0.toISOString());
  });
});

describe('outbox routes', () => {
  async function buildApp(demo: boolean) {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installProblemHandlers(app);
    await app.register(notificationRoutes({ db: database.db, demo }));
    await app.ready();
    return app;
  }

  it('lists the outbox newest first, filtered by recipient, page by page', async () => {
    for (let i = 0; i < OUTBOX_PAGE_SIZE + 5; i++) {
      await queueSignIn(i % 5 === 0 ? 'Lea@example.fr' : `autre${i}@example.fr`);
      advance(1_000);
    }
    const app = await buildApp(true);
    const first = await app.inject('/api/outbox');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ total: OUTBOX_PAGE_SIZE + 5, page: 1, pageSize: OUTBOX_PAGE_SIZE });
    expect(body.items).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(body.items[0]).toMatchObject({
      to: 'autre24@example.fr',
      subject: 'Votre lien de connexion – Stages de seconde',
      template: 'sign_in_link',
      status: 'pending',
      sentAt: null,
      createdAt: new Date(T0.getTime() + 24_000).toISOString(),
    });
    expect(body.items[0]).not.toHaveProperty('text');
    const second = (await app.inject('/api/outbox?page=2')).json();
    expect(second.items).toHaveLength(5);
    expect(second.items.at(-1).createdAt).toBe(T0.toISOString());

    const filtered = (await app.inject('/api/outbox?to=LEA%40example.fr')).json();
    expect(filtered.total).toBe(5);
    expect(filtered.items.every((m: { to: string }) => m.to === 'lea@example.fr')).toBe(true);
    await app.close();
  });

  it('shows one mail with its text and HTML', async () => {
    const { id } = await queueSignIn('lea@example.fr');
    const app = await buildApp(true);
    const res = await app.inject(`/api/outbox/${id}`);
    expect(res.statusCode).toBe(200);
    const mail = res.json();
    expect(mail).toMatchObject({ id, to: 'lea@example.fr', status: 'pending', attempts: 0, lastError: null });
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(escapeHtml(LINK));
    await app.close();
  });

  it('answers a bad identifier with a French 400 and an unknown one with a 404', async () => {
    const app = await buildApp(true);
    const bad = await app.inject('/api/outbox/pas-un-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json()).toMatchObject({ title: 'Requête invalide' });
    expect(bad.json().detail).toContain('attendu : l’identifiant d’un courriel (UUID)');

    const unknown = await app.inject('/api/outbox/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, title: 'Courriel introuvable' });

    const badPage = await app.inject('/api/outbox?page=0');
    expect(badPage.statusCode).toBe(400);
    expect(badPage.json().detail).toContain('numéro de page');
    await app.close();
  });

  it('does not exist outside the demo', async () => {
    const { id } = await queueSignIn('lea@example.fr');
    const app = await buildApp(false);
    for (const url of ['/api/outbox', `/api/outbox/${id}`, '/api/outbox/pas-un-uuid']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ status: 404, title: 'Boîte d’envoi indisponible' });
    }
    await app.close();
  });
});
