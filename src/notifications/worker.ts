/**
 * The job that delivers queued mails.
 *
 * Why a table-backed job and not pg-boss (which DESIGN.md names for jobs): pg-boss 10 on PGlite
 * needs an `executeSql` adapter over the single embedded connection, and would keep a second copy
 * of every mail in its own job table; the `mails` table is the source of truth anyway (the demo's
 * outbox page reads it, and a mail's state — sent, attempts, last error — belongs with the mail).
 * So the table is the queue: `next_attempt_at` says when a mail is due, a claim moves it forward by
 * a lease, a success sets `sent_at`, a failure counts an attempt and sets an exponential backoff.
 *
 * Each delivery round is claim → commit → send → update:
 * - claim: one short statement that locks due rows with FOR UPDATE SKIP LOCKED and leases them
 *   (see claimDueMails), so several server processes sharing one PostgreSQL never pick the same
 *   mail, and none waits for another;
 * - send: over SMTP, with no transaction open and no lock held (on PGlite, whose one connection is
 *   shared by every request, a transaction held during an SMTP exchange would stall the server);
 * - update: sent_at on success; attempts + 1, last_error and the next try on failure.
 * Delivery is at least once: a process that dies between sending and recording leaves the mail to
 * be sent again after its lease.
 */
import type { BaseLogger } from 'pino';
import type { Db } from '../db/client.ts';
import type { MailTransport } from '../infra/mail/transport.ts';
import { MAX_MAIL_ATTEMPTS } from './service.ts';
import { claimDueMails, markFailed, markSent } from './store.ts';

export type WorkerLogger = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface MailWorkerOptions {
  db: Db;
  transport: MailTransport;
  clock?: () => Date;
  logger?: WorkerLogger;
  /** pause between two polls when nothing is due (default 1 s) */
  intervalMs?: number;
  /** mails claimed per round (default 10) */
  batchSize?: number;
  /** how long a claimed mail stays hidden from other workers (default 15 min, longer than a batch of sends can take) */
  leaseMs?: number;
  /** false: no polling, only drain() (tests) ; default true */
  poll?: boolean;
}

export interface MailWorker {
  /** stops polling and waits for the round in progress */
  stop(): Promise<void>;
  /** delivers everything due now; resolves with the number of mails delivered */
  drain(): Promise<number>;
}

/** Delay before the next try after the n-th failed attempt: 1, 2, 4 … minutes, at most 1 hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}

const silent: WorkerLogger = { debug() {}, info() {}, warn() {}, error() {} };

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
}

export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, transport } = options;
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? silent;
  const intervalMs = options.intervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 15 * 60_000;

  /** One round: claims a batch, sends it, records the outcomes. Returns [claimed, delivered]. */
  async function round(): Promise<[number, number]> {
    const now = clock();
    const claimed = await claimDueMails(
      db,
      now,
      new Date(now.getTime() + leaseMs),
      batchSize,
      MAX_MAIL_ATTEMPTS,
    );
    let delivered = 0;
    for (const mail of claimed) {
      try {
        await transport.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      } catch (err) {
        const attempt = mail.attempts + 1;
        const at = clock();
        const retryAt = new Date(at.getTime() + retryDelayMs(attempt));
        await markFailed(db, mail.id, describe(err), retryAt);
        if (attempt >= MAX_MAIL_ATTEMPTS) {
          logger.error(
            { mailId: mail.id, attempt, err: describe(err) },
            'courriel abandonné après le dernier essai',
          );
        } else {
          logger.warn(
            { mailId: mail.id, attempt, retryAt: retryAt.toISOString(), err: describe(err) },
            'courriel non remis, nouvel essai plus tard',
          );
        }
        continue;
      }
      await markSent(db, mail.id, clock());
      delivered += 1;
      logger.debug({ mailId: mail.id, transport: transport.kind }, 'courriel remis');
    }
    return [claimed.length, delivered];
  }

  async function drainNow(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const [claimed, sent] = await round();
      delivered += sent;
      if (claimed === 0) return delivered;
    }
  }

  // Rounds of this worker run one at a time: the poller and drain() queue behind each other.
  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = tail.then(work);
    tail = next.catch(() => undefined);
    return next;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  function schedule() {
    if (stopped || options.poll === false) return;
    timer = setTimeout(() => {
      timer = undefined;
      serial(drainNow)
        .catch((err: unknown) => logger.error({ err: describe(err) }, 'file des courriels : tour en erreur'))
        .finally(schedule);
    }, intervalMs);
    // the poller alone never keeps the process alive
    timer.unref();
  }
  schedule();

  return {
    drain: () => serial(drainNow),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await tail;
    },
  };
}
