import type { Db } from '../db/client.ts';
import { renderMail, type TemplateData, type TemplateName } from '../infra/mail/templates.ts';
import { insertMail, selectMail, selectOutboxPage, type MailRow, type NewMail } from './store.ts';

/** A mail that still fails after this many attempts is given up (status "failed"). */
export const MAX_MAIL_ATTEMPTS = 8;

export type MailStatus = 'pending' | 'sent' | 'failed';

export interface QueueMailInput<K extends TemplateName> {
  to: string;
  template: K;
  data: TemplateData[K];
}

/**
 * Renders a template and puts the mail in the outbox. Never talks to the mail server: the
 * delivery worker sends it, so a request that queues a mail stays fast whatever the SMTP server
 * does. Pass a transaction as `db` to queue the mail atomically with the change it announces.
 */
export async function queueMail<K extends TemplateName>(
  db: Db,
  clock: () => Date,
  input: QueueMailInput<K>,
): Promise<{ id: string }> {
  return insertMail(db, mailRow(clock, input));
}

/**
 * The outbox row of a mail, rendered: for a caller that writes it in one statement with other
 * rows of the same change (see insertMailsAndAudit in applications/store.ts).
 */
export function mailRow<K extends TemplateName>(clock: () => Date, input: QueueMailInput<K>): NewMail {
  const to = input.to.trim().toLowerCase();
  if (to === '' || /[\r\n]/.test(to)) throw new Error('destinataire de courriel invalide');
  const rendered = renderMail(input.template, input.data);
  return { to, ...rendered, template: input.template, createdAt: clock() };
}

export interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  template: string;
  status: MailStatus;
  createdAt: Date;
  sentAt: Date | null;
}

export interface Mail extends OutboxItem {
  text: string;
  html: string;
  attempts: number;
  lastError: string | null;
}

export function mailStatus(m: Pick<MailRow, 'sentAt' | 'attempts'>): MailStatus {
  if (m.sentAt !== null) return 'sent';
  return m.attempts >= MAX_MAIL_ATTEMPTS ? 'failed' : 'pending';
}

/** The outbox, newest first; `to` filters on one recipient (case-insensitive). */
export async function listOutbox(
  db: Db,
  q: { to?: string | undefined; limit: number; offset: number },
): Promise<{ items: OutboxItem[]; total: number }> {
  const { items, total } = await selectOutboxPage(db, {
    to: q.to === undefined ? undefined : q.to.trim().toLowerCase(),
    limit: q.limit,
    offset: q.offset,
  });
  return {
    items: items.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      template: m.template,
      status: mailStatus(m),
      createdAt: m.createdAt,
      sentAt: m.sentAt,
    })),
    total,
  };
}

export async function getMail(db: Db, id: string): Promise<Mail | undefined> {
  const m = await selectMail(db, id);
  if (!m) return undefined;
  return {
    id: m.id,
    to: m.to,
    subject: m.subject,
    template: m.template,
    status: mailStatus(m),
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    text: m.text,
    html: m.html,
    attempts: m.attempts,
    lastError: m.lastError,
  };
}
