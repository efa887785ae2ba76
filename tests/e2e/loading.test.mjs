// The page shows itself at once: before the wasm has arrived, index.html
// paints a skeleton with a progress bar, and a failure to load says so in
// the reader's language instead of leaving the page blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, BASE_URL, NO_SERVICE_WORKER } from './lib.mjs';

/**
 * Opens the page with every request but the document itself (the
 * stylesheet, the scripts, the wasm) held until `release()` is called, so
 * whatever paints can only have come from index.html.
 */
async function openHeld(browser, { locale = 'en-US' } = {}) {
  const context = await browser.newContext({ ...NO_SERVICE_WORKER, viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route(() => true, async (route) => {
    if (route.request().resourceType() !== 'document') await released;
    await route.continue();
  });
  await page.goto(BASE_URL, { waitUntil: 'commit' });
  return { context, page, release };
}

/** How long after the HTML arrived the page had its first contentful paint. */
async function firstPaint(page) {
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return performance.getEntriesByName('first-contentful-paint')[0].startTime - nav.responseEnd;
  });
}

/** The same figure for a page of one coloured box from the same origin: this browser's floor. */
async function floorPaint(browser) {
  const context = await browser.newContext({ ...NO_SERVICE_WORKER, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route(/paint-floor\.html$/, (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><title>floor</title><div style="width:200px;height:40px;background:#4c6ef5">Loading</div>',
  }));
  await page.goto(new URL('paint-floor.html', BASE_URL).href, { waitUntil: 'commit' });
  const ms = await firstPaint(page);
  await context.close();
  return ms;
}

test('the skeleton and its progress bar paint from the HTML alone, and go once the app runs', async () => {
  const browser = await launch();
  try {
    const { page, release } = await openHeld(browser);
    const loading = page.locator('[data-testid=loading]');
    await loading.waitFor({ state: 'visible' });
    assert.match(await loading.innerText(), /Loading… \d+%/);
    assert.equal(await page.locator('[data-testid=loading] [role=progressbar]').getAttribute('aria-valuenow'), '0');
    // The page painted while nothing but its HTML had arrived: the skeleton
    // waits for no file, which is what makes it fast on any connection.
    const skeleton = [await firstPaint(page)];
    await screenshot(page, 'loading-skeleton');
    release();
    await page.waitForSelector('[data-testid=diagram]');
    await loading.waitFor({ state: 'detached' });
    // The figure, for the note and against gross regressions (a heavy
    // inline script, say).  Headless Chromium without a GPU needs 45-125 ms
    // after the response to paint even a one-box page, and load noise only
    // ever adds, so both are the best of five fresh loads.
    const floor = [await floorPaint(browser)];
    for (let i = 0; i < 4; i++) {
      const again = await openHeld(browser);
      skeleton.push(await firstPaint(again.page));
      again.release();
      await again.context.close();
      floor.push(await floorPaint(browser));
    }
    const best = Math.min(...skeleton);
    const show = (list) => `${list.map((ms) => ms.toFixed(0)).join(', ')} ms (best ${Math.min(...list).toFixed(1)})`;
    console.log(`  first paint after the HTML arrived: the skeleton ${show(skeleton)}; a one-box page ${show(floor)}`);
    assert.ok(best <= 200, `the skeleton painted ${best} ms after the HTML at best`);
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
