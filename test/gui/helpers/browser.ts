import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findCommand } from '../../helpers/clients.js';
import { CHROMIUM } from './php-apps.js';

/**
 * Debian's headless Chromium through puppeteer-core (nothing downloaded).
 * The flags keep it off the network this machine does not have (see
 * docs/gui-tools.md): no background networking, no component updates.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'gui-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1024, height: 700 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--font-render-hinting=none',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: docs/images/gui/ with UPDATE_SCREENSHOTS=1, otherwise a temporary directory. */
export function screenshotDir(): string {
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const dir = fileURLToPath(new URL('../../../docs/images/gui/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  return mkdtempSync(join(tmpdir(), 'gui-screenshots-'));
}

/** Removes a temporary screenshot directory (never docs/images/gui/). */
export function removeScreenshotDir(dir: string): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1') rmSync(dir, { recursive: true, force: true });
}

/**
 * A PNG of the viewport (1024x700). With UPDATE_SCREENSHOTS=1, pngquant (Debian's
 * package) brings it to 64 colours, about 40 KiB instead of 170, to be committed.
 */
export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, type: 'png' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    if (findCommand('pngquant')) execFileSync('pngquant', ['--force', '--speed', '1', '--nofs', '--output', path, '64', path]);
    else console.warn('pngquant is not installed (apt-get install pngquant): screenshots stay unquantised');
  }
  return path;
}

/** The texts of the visible error boxes on a page (selectors per tool). */
export async function errorBoxes(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) =>
    els
      .filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null && (e.textContent ?? '').trim() !== '')
      .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
}
