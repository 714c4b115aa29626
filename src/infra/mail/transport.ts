import { createTransport } from 'nodemailer';

/** One message, already rendered. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers one message; rejects when the mail server refuses it or cannot be reached. */
export interface MailTransport {
  /** short name for the logs: "smtp", "outbox" */
  readonly kind: string;
  send(mail: OutgoingMail): Promise<void>;
  /** closes pooled connections (clean shutdown, end of a test) */
  close?(): Promise<void>;
}

export const DEFAULT_MAIL_FROM = 'Stages de seconde <ne-pas-repondre@stage-seconde.invalid>';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:port or smtps://… ; query parameters of nodemailer are honoured */
  url: string;
  /** the From header, e.g. the MAIL_FROM setting */
  from?: string | undefined;
  /** simultaneous connections to the mail server (default 2) */
  maxConnections?: number;
}

/**
 * Sends over SMTP with nodemailer, through a small connection pool. Timeouts are short so that
 * an unresponsive mail server fails a delivery within about a minute (the worker then retries
 * later) instead of holding it for nodemailer's default ten minutes.
 */
export function smtpTransport(options: SmtpTransportOptions): MailTransport {
  const transporter = createTransport(
    {
      url: options.url,
      pool: true,
      maxConnections: options.maxConnections ?? 2,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    },
    { from: options.from ?? DEFAULT_MAIL_FROM },
  );
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    async close() {
      transporter.close();
    },
  };
}

/**
 * The embedded demo's transport: sends nothing. The worker marks each mail delivered, and the
 * outbox page (GET /api/outbox) is the mailbox where the demo admin reads it.
 */
export function outboxOnlyTransport(): MailTransport {
  return {
    kind: 'outbox',
    async send() {},
  };
}
