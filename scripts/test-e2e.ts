/**
 * Browser tests: Playwright driving Debian's chromium (never a downloaded browser).
 * Without chromium on a developer's machine they are skipped with one line; in CI they never skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureWebBuild } from '../src/infra/web-build.ts';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ci = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase());

if (!existsSync(chromium)) {
  if (ci) {
    process.stderr.write(
      `Tests navigateur : chromium introuvable (${chromium}) alors que CI=true : échec.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(
    `Tests navigateur ignorés : chromium introuvable (${chromium}) ; installez-le (apt-get install chromium) ou indiquez CHROMIUM_PATH.\n`,
  );
  process.exit(0);
}

if (!ensureWebBuild((m) => process.stdout.write(`${m}\n`))) process.exit(1);

const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
