/**
 * Timed work as pg-boss jobs (DESIGN.md: pg-boss 10.x, the last line running on Node 20).
 *
 * One adapter for both databases:
 * - PostgreSQL: pg-boss runs its SQL on the application's own pool (`pool.query`), in its schema
 *   `pgboss`; several server processes sharing the database share the queues, and pg-boss hands
 *   each job to one of them only;
 * - PGlite: pg-boss's `db: { executeSql(text, values) }` option over the embedded connection. pg-boss
 *   sends some multi-statement scripts without parameters (its schema creation and migrations, its
 *   maintenance, each wrapped in BEGIN … COMMIT with an advisory lock): those go through `exec`
 *   (simple protocol), everything else through `query` (one statement, bound parameters).
 *
 * A job is a definition: a queue name, an optional cron schedule (with its time zone), and a
 * handler that receives the application's clock time. The handlers are the service functions
 * themselves, so a test calls `run(name)` with a fake clock instead of waiting for pg-boss.
 */
import type { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Database } from '../db/client.ts';

export interface JobContext {
  /** the application's clock when the job starts */
  now: Date;
}

export interface JobDefinition {
  /** queue name (letters, digits, dashes, dots, underscores) */
  name: string;
  /** cron expression (5 fields), e.g. every ten minutes: `*\/10 * * * *` */
  cron?: string | undefined;
  /** time zone of the cron expression (default Europe/Paris) */
  tz?: string | undefined;
  /** also send one job when the scheduler starts (work that must not wait for the first tick) */
  runAtStart?: boolean | undefined;
  handler: (ctx: JobContext) => Promise<unknown>;
}

export interface JobsLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobsOptions {
  database: Database;
  definitions: readonly JobDefinition[];
  clock?: () => Date;
  logger?: JobsLogger;
  /** pg-boss polling of each queue, in seconds (default 5; at least 0.5) */
  pollingIntervalSeconds?: number;
  /** pg-boss cron monitor and cron worker intervals, in seconds (default 30 and 5; tests: 1) */
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
  /** pg-boss schema (default "pgboss") */
  schema?: string;
}

export interface Jobs {
  /** creates pg-boss's schema if needed, the queues, the schedules, and starts the workers */
  start(): Promise<void>;
  /** stops the workers and waits for the jobs in progress (idempotent) */
  stop(): Promise<void>;
  /** queues one job now (null when the queue's policy refuses a duplicate) */
  send(name: string): Promise<string | null>;
  /** runs a job's handler here and now, outside pg-boss (tests, command line) */
  run(name: string, now?: Date): Promise<unknown>;
  readonly started: boolean;
  /** the pg-boss instance once started (tests look at its schedules) */
  readonly boss: PgBoss | undefined;
}

type Rows = { rows: unknown[]; rowCount?: number | null };

/** pg-boss's `db` adapter over PGlite's single connection. */
export function pgliteExecutor(client: PGlite): {
  executeSql(text: string, values?: unknown[]): Promise<Rows>;
} {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const r = await client.query(text, values);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      }
      const results = await client.exec(text);
      const last = results.at(-1);
      return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
    },
  };
}

/** pg-boss's `db` adapter over a node-postgres pool (multi-statement scripts: simple protocol). */
export function poolExecutor(pool: pg.Pool): { executeSql(text: string, values?: unknown[]): Promise<Rows> } {
  return {
    async executeSql(text, values) {
      const r = (await pool.query(text, values && values.length > 0 ? values : undefined)) as unknown as
        pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(r) ? r.at(-1) : r;
      return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    },
  };
}

/** The driver client behind drizzle (`$client`): PGlite or a pg pool. */
function executorOf(database: Database) {
  const client = (database.db as unknown as { $client: unknown }).$client;
  return database.kind === 'pglite' ? pgliteExecutor(client as PGlite) : poolExecutor(client as pg.Pool);
}

export function createJobs(options: JobsOptions): Jobs {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger;
  const byName = new Map(options.definitions.map((d) => [d.name, d]));
  let boss: PgBoss | undefined;
  let starting: Promise<void> | undefined;

  async function run(name: string, now: Date = clock()): Promise<unknown> {
    const def = byName.get(name);
    if (!def) throw new Error(`tâche inconnue : ${name}`);
    return def.handler({ now });
  }

  async function ensureQueue(b: PgBoss, name: string) {
    if (await b.getQueue(name)) return;
    try {
      // stately: at most one job waiting and one running per queue (a slow run never piles up)
      await b.createQueue(name, { name, policy: 'stately', retryLimit: 2, retryDelay: 60 });
    } catch (err) {
      // another process created it meanwhile
      if (!(await b.getQueue(name))) throw err;
    }
  }

  async function doStart() {
    const b = new PgBoss({
      db: executorOf(options.database) as PgBoss.Db,
      schema: options.schema ?? 'pgboss',
      ...(options.cronMonitorIntervalSeconds
        ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds }
        : {}),
      ...(options.cronWorkerIntervalSeconds
        ? { cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds }
        : {}),
    });
    b.on('error', (err: unknown) => logger?.error({ err }, 'tâches planifiées : erreur de pg-boss'));
    await b.start();
    try {
      const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 5;
      for (const def of options.definitions) {
        await ensureQueue(b, def.name);
        await b.work(def.name, { pollingIntervalSeconds, batchSize: 1 }, async () => {
          const result = await run(def.name);
          // said at info level when it did something (a count above zero), else at debug level
          const did = Object.values((result ?? {}) as Record<string, unknown>).some(
            (v) => typeof v === 'number' && v > 0,
          );
          (did ? logger?.info : logger?.debug)?.call(
            logger,
            { job: def.name, result },
            'tâche planifiée exécutée',
          );
          return result;
        });
        if (def.cron) await b.schedule(def.name, def.cron, {}, { tz: def.tz ?? 'Europe/Paris' });
        else await b.unschedule(def.name);
        if (def.runAtStart) await b.send(def.name, {});
      }
    } catch (err) {
      await b.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
      throw err;
    }
    // started: every queue, worker and schedule is in place
    boss = b;
  }

  return {
    get started() {
      return boss !== undefined;
    },
    get boss() {
      return boss;
    },
    async start() {
      // a failed start may be tried again
      starting ??= doStart().catch((err: unknown) => {
        starting = undefined;
        throw err;
      });
      await starting;
    },
    async stop() {
      const pending = starting;
      if (!pending) return;
      starting = undefined;
      await pending.catch(() => undefined);
      const b = boss;
      boss = undefined;
      // graceful: waits for the jobs in progress; close: false, the database belongs to the caller
      await b?.stop({ graceful: true, close: false, wait: true, timeout: 30_000 });
    },
    async send(name) {
      if (!boss) throw new Error('tâches planifiées non démarrées');
      return boss.send(name, {});
    },
    run,
  };
}
