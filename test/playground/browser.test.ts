import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHaven } from '../../src/runtime/node/start.js';
import { startSandboxHaven } from './support.js';

/** Debian's chromium; never a browser download. `.ci/run` installs it when it is missing. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots of each run, for a human to look at (not committed). */
const ARTEFACTS = join(process.cwd(), 'test-artifacts');
mkdirSync(ARTEFACTS, { recursive: true });

// In CI a missing browser must fail the run, not skip the test; on a developer machine it is skipped.
const runs = existsSync(CHROMIUM) || process.env.CI !== undefined;

/**
 * "New person", then waits until the page has switched to them: the composer writes as the person the page
 * shows, and the switch arrives with the next refresh of the panes.
 */
async function newPerson(page: Page): Promise<void> {
  const before = await page.locator('#person-select option').count();
  await page.click('#new-person');
  await page.waitForFunction((count) => {
    const select = document.querySelector<HTMLSelectElement>('#person-select');
    return (
      select !== null && select.options.length > count && select.selectedIndex === select.options.length - 1
    );
  }, before);
}

describe.runIf(runs)('the playground in a browser', () => {
  let haven: RunningHaven;
  let stopHaven: () => Promise<void>;
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'haven-chromium-'));

  beforeAll(async () => {
    ({ haven, stop: stopHaven } = await startSandboxHaven());
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await context?.close();
    await stopHaven?.();
    rmSync(profile, { recursive: true, force: true });
  });

  it('carries a message from the phone pane to an inbox thread, and the reply back', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${haven.url}/`);

    await page.fill('#composer-text', 'They took my passport at the farm');
    await page.press('#composer-text', 'Enter');
    await page.locator('.tg-person .tg-text', { hasText: 'They took my passport at the farm' }).waitFor();
    // The welcome, completed with one tap; the case card appears in the inbox.
    await page.getByRole('button', { name: 'Talk to a person now' }).click({ timeout: 10_000 });
    await page.locator('.tg-bot .tg-text', { hasText: 'A person from our team will answer you' }).waitFor();
    await page
      .locator('.sl-header', { hasText: /Case 0\d{3}/ })
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTEFACTS, 'playground-welcome.png'), fullPage: true });

    const thread = page.locator('.sl-thread', { hasText: 'They took my passport at the farm' });
    await thread.waitFor({ timeout: 5_000 });
    await thread
      .locator('.sl-reply-input')
      .fill('Hello, this is Els from Payoke. You can keep writing here.');
    await thread.getByRole('button', { name: 'Reply', exact: true }).click();

    await page
      .locator('.tg-bot .tg-text', { hasText: 'Hello, this is Els from Payoke. You can keep writing here.' })
      .waitFor({ timeout: 5_000 });
    // The reply is in the thread on the inbox side too, under the case it belongs to.
    await thread.locator('.sl-msg', { hasText: 'Hello, this is Els from Payoke.' }).waitFor();
    expect(await thread.locator('.sl-author', { hasText: 'Caseworker' }).count()).toBe(1);
    await page.screenshot({ path: join(ARTEFACTS, 'playground-reply.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it("answers through the card's Reply… dialog and its preview, and sends information from the ⋯ menu", async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${haven.url}/`);
    await newPerson(page);
    await page.fill('#composer-text', 'Can someone explain my contract?');
    await page.press('#composer-text', 'Enter');
    const thread = page.locator('.sl-thread', { hasText: 'Can someone explain my contract?' });
    await thread.waitFor({ timeout: 10_000 });

    await thread.getByRole('button', { name: 'Reply…' }).click();
    const dialog = page.locator('form.sl-dialog');
    await dialog.locator('textarea, input.sl-field').first().fill('Yes: we can read it with you tomorrow.');
    await dialog.locator('button[type="submit"]').click();
    // The preview shows what the person will receive; nothing is sent before the second submit.
    await dialog.locator('.sl-dialog-title', { hasText: 'Check your reply' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('.tg-bot .tg-text', { hasText: 'we can read it with you' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTEFACTS, 'playground-reply-dialog.png'), fullPage: true });
    await dialog.locator('button[type="submit"]').click();
    await page
      .locator('.tg-bot .tg-text', { hasText: 'Yes: we can read it with you tomorrow.' })
      .waitFor({ timeout: 5_000 });
    await dialog.waitFor({ state: 'detached', timeout: 5_000 });

    await thread.locator('select.sl-overflow').selectOption('reflection');
    await page.locator('.tg-bot .tg-text', { hasText: '45 days' }).waitFor({ timeout: 5_000 });

    // Close…: the dialog's checkbox asks for a goodbye to the person.
    await thread.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.locator('input[type="checkbox"]').check();
    await dialog.locator('button[type="submit"]').click();
    await page
      .locator('.tg-bot .tg-text', { hasText: 'Our team has closed this conversation' })
      .waitFor({ timeout: 5_000 });
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('renders an Arabic conversation right to left', async () => {
    const page = await context.newPage();
    await page.goto(`${haven.url}/`);
    await page.selectOption('#language-select', 'ar');
    await newPerson(page);
    await page.fill('#composer-text', 'مرحبا، أحتاج إلى مساعدة');
    await page.press('#composer-text', 'Enter');
    // The page re-renders as messages arrive: ask the live DOM, until Haven's Arabic welcome is shown.
    await page.waitForFunction(
      () => {
        const bubble = document.querySelector('.tg-bot .tg-text');
        return (
          bubble !== null &&
          /[\u0600-\u06ff]/.test(bubble.textContent ?? '') &&
          getComputedStyle(bubble).direction === 'rtl'
        );
      },
      null,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: join(ARTEFACTS, 'playground-arabic.png'), fullPage: true });
  }, 30_000);
});
