import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rows, type Database } from '../../src/db/client.ts';

export interface TestDatabase extends Database {
  /** empties every table (keeps the schema and migrations) */
  truncate(): Promise<void>;
  /** drops the database created for this file (PostgreSQL) or closes the embedded one */
  destroy(): Promise<void>;
}

/**
 * One database per test file: an in-memory PGlite by default, a fresh database on the
 * PostgreSQL server of TEST_DATABASE_URL when it is set (created here, dropped by destroy()).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let url: string | undefined;
  let dropName: string | undefined;
  if (serverUrl) {
    dropName = `ss_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${dropName}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${dropName}`;
    url = u.toString();
  }
  const database = await openDatabase({ url, poolSize: 20 });
  await database.migrate();
  return {
    ...database,
    async truncate() {
      const tables = await rows<{ tablename: string }>(
        database.db,
        sql`select tablename from pg_tables where schemaname = 'public'`,
      );
      if (tables.length === 0) return;
      await database.db.execute(
        sql.raw(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} restart identity cascade`),
      );
    },
    async destroy() {
      await database.close();
      if (serverUrl && dropName) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${dropName} with (force)`);
        await admin.end();
      }
    },
  };
}
