import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.1 A and AA, the level the RGAA asks for. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page; fails on any violation of impact serious or critical. Waits first for the
 * running CSS transitions and animations (a DSFR dialog fades in: axe measured a half-transparent
 * hint as too pale once, on a slow machine).
 */
export async function expectNoSeriousAxeViolation(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    );
  });
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) ${v.help} : ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `violations axe sur ${page.url()}`).toEqual([]);
}
