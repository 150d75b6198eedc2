/**
 * A real headless Chromium (Debian's chromium, driven by playwright-core; nothing is downloaded) with one page on a
 * phone-sized screen, as the Alexa app shows the account pages, and numbered full-page screenshots in a folder of
 * test-artifacts/ (gitignored; CI keeps it as an artefact).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PhoneBrowser {
  readonly page: Page;
  /** Saves the page as `NN-name.png` in the artefact folder. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens the browser; `artifacts` is the folder under test-artifacts/, emptied first. */
export async function openPhoneBrowser(artifacts: string): Promise<PhoneBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const folder = join(__dirname, '../../../test-artifacts', artifacts);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  let shot = 0;
  return {
    page,
    async screenshot(name) {
      shot += 1;
      await page.screenshot({ path: join(folder, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    close: () => browser.close(),
  };
}
