/**
 * Prints "<suite>: N passed, N failed" from a vitest or Playwright JSON report.
 * Usage: node --import tsx scripts/ci-summary.ts <suite> <report.json>
 */
import { existsSync, readFileSync } from 'node:fs';

const [suite = 'tests', file = ''] = process.argv.slice(2);
if (!existsSync(file)) {
  process.stdout.write(`${suite}: 0 passed, 1 failed\n`);
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  stats?: { expected: number; unexpected: number; flaky: number; skipped: number };
};
let passed: number;
let failed: number;
let skipped: number;
if (report.stats) {
  passed = report.stats.expected + report.stats.flaky;
  failed = report.stats.unexpected;
  skipped = report.stats.skipped;
} else {
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = report.numPendingTests ?? 0;
}
process.stdout.write(
  `${suite}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);
