/**
 * Text messages (SMS). The platform sends one kind only: a signature code, to a signatory who has a
 * phone number and asks for it by SMS (codes go by e-mail by default).
 *
 * The embedded implementation writes each SMS to the mail outbox (`mails`), addressed to the phone
 * number with the template 'sms_code', already marked sent: the demo's mailbox page shows it, and
 * the mail delivery worker never tries to send it over SMTP. A real provider implements the same
 * interface.
 */
import type { Db } from '../db/client.ts';
import { mails } from '../db/schema/index.ts';

export interface SmsSender {
  /** short name for the logs: "outbox", or the provider's */
  readonly kind: string;
  send(to: string, text: string): Promise<void>;
}

/** French and international numbers: digits, spaces, dots, dashes, an optional leading "+". */
export function normalizePhone(phone: string): string | null {
  const compact = phone.replace(/[\s.\-()]/g, '');
  return /^\+?\d{8,15}$/.test(compact) ? compact : null;
}

/** The outbox implementation: the SMS becomes a row of the mail outbox, marked sent. */
export function outboxSmsSender(deps: { db: Db; clock: () => Date }): SmsSender {
  return {
    kind: 'outbox',
    async send(to, text) {
      const number = normalizePhone(to);
      if (!number) throw new Error(`numéro de téléphone invalide : ${to}`);
      const now = deps.clock();
      await deps.db.insert(mails).values({
        to: number,
        subject: `SMS : ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`,
        text,
        html: `<p>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</p>`,
        template: 'sms_code',
        createdAt: now,
        sentAt: now,
        nextAttemptAt: now,
      });
    },
  };
}
