/**
 * Start-up benchmark (issue 2): time from launching the server until /api/health answers 200,
 * on a first start (empty DATA_DIR: migrations + demo seed, and the web build when web/dist is
 * missing) and on a later start; resident memory of the server once it serves the seeded demo.
 *
 *   node --import tsx bench/startup.ts [--data-dir DIR] [--port N]
 *
 * For the "fresh clone" figure: git clone, npm ci, then run this from the clone (web/dist absent).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '3291' } },
});
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'ss-startup-'));
const port = values.port;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function startOnce(label: string): Promise<{ seconds: number; rss: number }> {
  const t0 = performance.now();
  const child = spawn('node', ['--import', 'tsx', 'src/cli.ts', 'start'], {
    env: { ...process.env, PORT: port, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${label} : pas de réponse en 180 s`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  // exercise the main pages once, then read the resident memory
  await fetch(`http://127.0.0.1:${port}/api/public/stats`);
  await fetch(`http://127.0.0.1:${port}/`);
  const rss = rssMb(child.pid!);
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { seconds, rss };
}

const webBuilt = existsSync('web/dist/index.html');
const first = await startOnce('premier démarrage');
const later = await startOnce('démarrage suivant');
console.log(
  JSON.stringify(
    {
      firstStartSeconds: Number(first.seconds.toFixed(1)),
      firstStartIncludedWebBuild: !webBuilt,
      laterStartSeconds: Number(later.seconds.toFixed(1)),
      rssMbAfterFirstStart: Math.round(first.rss),
      rssMbAfterLaterStart: Math.round(later.rss),
    },
    null,
    2,
  ),
);
if (!values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
