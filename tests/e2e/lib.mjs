// Shared helpers for the end-to-end tests: launch Debian's Chromium through
// playwright-core, open the release build that `cargo xtask test` serves, and
// collect every console error and failed request so each test can assert
// there were none.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BASE_URL = process.env.LOOPSCOPE_URL;
export const OUT_DIR = process.env.LOOPSCOPE_E2E_OUT ?? '../../target/e2e';

if (!BASE_URL) {
  throw new Error('LOOPSCOPE_URL is not set: run these tests through `cargo xtask test`.');
}

mkdirSync(OUT_DIR, { recursive: true });

/**
 * Context options for every test but the offline ones: the release site
 * registers a service worker, which would download the whole build a second
 * time beside each test's page (skewing the timing tests) and answer
 * requests that `page.route` then never sees.  Browser contexts never share
 * a worker or its cache, so blocking it here only keeps it out of the way;
 * offline.test.mjs tests it.
 */
export const NO_SERVICE_WORKER = { serviceWorkers: 'block' };

/** Starts a headless Chromium with the flags this machine's closed network needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.LOOPSCOPE_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens the app in a fresh page of `browser` and returns the page together
 * with the lists of console errors and failed requests seen so far.
 */
export async function openApp(browser, { hash = '', viewport = { width: 1440, height: 900 }, colorScheme = 'light', locale = 'en-US', hasTouch = false } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, locale, hasTouch, ...NO_SERVICE_WORKER });
  const page = await context.newPage();
  const problems = { consoleErrors: [], failedRequests: [], pageErrors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText;
    // On a loaded machine Chromium sometimes cancels a download of the
    // app's own wasm that it no longer needs (the `preload` Trunk writes,
    // once the initializer's `fetch` has the same file): `net::ERR_ABORTED`
    // on the `.wasm`, after the app has started from it.  That is nothing a
    // person sees; every other failed request, and that one when the app
    // did not start (openApp waits for the diagram), fails the test.
    if (error === 'net::ERR_ABORTED' && req.url().endsWith('_bg.wasm')) return;
    problems.failedRequests.push(`${req.url()} ${error}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.url()} HTTP ${res.status()}`);
  });
  await page.goto(BASE_URL + hash);
  // The app is ready once yew has mounted the shell and the engine's worker
  // has answered the first run.
  await page.waitForSelector('[data-testid=diagram]');
  await settled(page);
  return { context, page, problems };
}

/**
 * Waits until the page shows the run of the code in its editor: no edit
 * waits for its re-run and no run is on its way from the engine's worker.
 */
export async function settled(page, timeout = 30_000) {
  await page.waitForSelector('.app:not(.stale)', { timeout });
}

/** Saves a full-page screenshot under target/e2e/. */
export async function screenshot(page, name) {
  const path = join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The serious and critical axe-core (WCAG 2.1 A and AA) violations on the page. */
export async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
