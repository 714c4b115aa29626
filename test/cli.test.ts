import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
});
