// The page shows itself at once: before the wasm has arrived, index.html
// paints a skeleton with a progress bar, and a failure to load says so in
// the reader's language instead of leaving the page blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, BASE_URL, NO_SERVICE_WORKER } from './lib.mjs';

/** Opens the page with the wasm request held until `release()` is called. */
async function openHeld(browser, { locale = 'en-US' } = {}) {
  const context = await browser.newContext({ ...NO_SERVICE_WORKER, viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route(/\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(BASE_URL, { waitUntil: 'commit' });
  return { context, page, release };
}

test('the skeleton and its progress bar paint before the wasm arrives, and go once the app runs', async () => {
  const browser = await launch();
  try {
    const { page, release } = await openHeld(browser);
    const loading = page.locator('[data-testid=loading]');
    await loading.waitFor({ state: 'visible' });
    assert.match(await loading.innerText(), /Loading… \d+%/);
    assert.equal(await page.locator('[data-testid=loading] [role=progressbar]').getAttribute('aria-valuenow'), '0');
    // How long after the HTML arrived the skeleton painted.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    const afterHtml = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return performance.getEntriesByName('first-contentful-paint')[0].startTime - nav.responseEnd;
    });
    console.log(`  skeleton painted ${afterHtml.toFixed(1)} ms after the HTML arrived`);
    assert.ok(afterHtml <= 100, `the skeleton painted ${afterHtml} ms after the HTML`);
    await screenshot(page, 'loading-skeleton');
    release();
    await page.waitForSelector('[data-testid=diagram]');
    await loading.waitFor({ state: 'detached' });
  } finally {
    await browser.close();
  }
});

test('a wasm that does not load is reported, in English and in Japanese', async () => {
  const browser = await launch();
  try {
    for (const [locale, words] of [['en-US', /could not start: a file did not load/], ['ja-JP', /起動できませんでした: ファイルを読み込めませんでした/]]) {
      const context = await browser.newContext({ ...NO_SERVICE_WORKER, locale });
      const page = await context.newPage();
      await page.route(/\.wasm$/, (route) => route.abort('blockedbyclient'));
      await page.goto(BASE_URL);
      const alert = page.locator('[data-testid=loading][role=alert]');
      await alert.waitFor({ state: 'visible' });
      assert.match(await alert.innerText(), words);
      await screenshot(page, `loading-failed-${locale}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});

test('a browser without WebAssembly is told so', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ ...NO_SERVICE_WORKER, locale: 'ja-JP' });
    await context.addInitScript(() => { delete globalThis.WebAssembly; });
    const page = await context.newPage();
    await page.goto(BASE_URL);
    const alert = page.locator('[data-testid=loading][role=alert]');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.innerText(), /WebAssembly を実行できません/);
  } finally {
    await browser.close();
  }
});
