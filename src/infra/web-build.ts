import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when web/dist is missing or older than the web app's sources. */
export function webBuildIsStale(root = ROOT): boolean {
  const built = join(root, 'web/dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(root, s)) > builtAt);
}

/** Builds the web app (npm run build:web) when it is missing or stale. Returns false on failure. */
export function ensureWebBuild(log: (message: string) => void, root = ROOT): boolean {
  if (!existsSync(join(root, 'web/index.html'))) return true;
  if (!webBuildIsStale(root)) return true;
  log('Construction de l’application web (npm run build:web)…');
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    // the build's own output only when it failed: it says why
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    return false;
  }
  log(`Application web construite en ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
