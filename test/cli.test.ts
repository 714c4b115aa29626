import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { mails, memberships } from '../src/db/schema/index.ts';

const CLI = ['--import', 'tsx', 'src/cli.ts'];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  return { ...base, LOG_LEVEL: 'warn', ...extra };
}

describe('command line', () => {
  it('stops at once with one French line naming a wrong variable', () => {
    const r = spawnSync('node', [...CLI, 'start', '--skip-web-build'], {
      env: env({ PORT: 'abc' }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Configuration invalide : la variable PORT vaut « abc » ; attendu : un numéro de port entre 0 et 65535.',
    );
  });

  it('refuses an unknown command in French', () => {
    const r = spawnSync('node', [...CLI, 'demarrer'], { env: env({}), encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Commande inconnue : demarrer/);
  });

  it('starts on the embedded database, serves health, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
    dirs.push(dir);
    const child = spawn('node', [...CLI, 'start', '--skip-web-build'], {
      env: env({ PORT: '0', DATA_DIR: dir, DEMO: 'false', LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pas démarré : ${out}`)), 60_000);
      child.stdout.on('data', () => {
        const m = /est prêt \([^)]*\) : (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toMatch(/arrêt terminé/);
  });

  it('admin create: creates the administrator once, queues a one-time sign-in link each time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-cli-admin-'));
    dirs.push(dir);
    const run = (...args: string[]) =>
      spawnSync('node', [...CLI, 'admin', 'create', ...args], {
        env: env({ DATA_DIR: dir, DEMO: 'false' }),
        encoding: 'utf8',
      });
    const args = ['--email', 'Anne.Admin@Example.net', '--first-name', 'Anne', '--last-name', 'Admin'];
    const first = run(...args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Compte créé : anne.admin@example.net.');
    expect(first.stdout).toContain('Rôle administrateur ajouté.');
    const second = run(...args);
    expect(second.stdout).toContain('Compte existant : anne.admin@example.net.');
    expect(second.stdout).toContain('Il était déjà administrateur.');
    const bad = run('--email', 'pas-une-adresse', '--first-name', 'A', '--last-name', 'B');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('Adresse électronique manquante ou invalide (--email).');

    const database = await openDatabase({ pgliteDir: join(dir, 'pglite') });
    try {
      const roles = await database.db.select().from(memberships);
      expect(roles.map((m) => m.role)).toEqual(['admin']);
      const queued = await database.db.select().from(mails);
      expect(queued.map((m) => [m.to, m.template])).toEqual([
        ['anne.admin@example.net', 'sign_in_link'],
        ['anne.admin@example.net', 'sign_in_link'],
      ]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
