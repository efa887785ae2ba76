// Experiments across runs: a sweep of a slider (one chart, a point per
// run, each point opening its run) and two runs compared on one time axis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { axe, launch, openApp, screenshot, settled } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The seed tutorial's five examples, as preset ids. */
const SEED = ['hello', 'two-tasks', 'blocking', 'thread-pool', 'future'];

/** Picks a preset and waits for its run. */
async function choose(page, id) {
  await page.getByTestId('preset-select').selectOption(id);
  await settled(page);
}

/**
 * Presses the Sweep button of slider `index` and measures, inside the page,
 * the milliseconds until the chart with its points is painted (two frames
 * after the points are in the document).
 */
async function timedSweep(page, index = 0) {
  return page.evaluate(async (index) => {
    const start = performance.now();
    document.querySelectorAll('[data-testid=sweep]')[index].click();
    await new Promise((resolve) => {
      const done = () => document.querySelector('[data-testid=sweep-chart] [data-testid=sweep-point]')
        && !document.querySelector('[data-testid=sweep-running]');
      if (done()) return resolve();
      const observer = new MutationObserver(() => {
        if (done()) { observer.disconnect(); resolve(); }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  }, index);
}

/** The points of the chart: their values and totals. */
async function points(page) {
  return page.getByTestId('sweep-point').evaluateAll((els) => els.map((e) => ({
    value: Number(e.dataset.value),
    total: Number.parseFloat(e.dataset.total),
    failed: e.classList.contains('failed'),
  })));
}

test('a 30-point sweep of each seed preset paints its chart quickly', async () => {
  const { context, page, problems } = await openApp(browser);
  const figures = {};
  for (const id of SEED) {
    await choose(page, id);
    const sweeps = await page.getByTestId('sweep').count();
    assert.ok(sweeps >= 1, `${id} has a Sweep button per slider`);
    assert.equal(sweeps, await page.getByTestId('slider').count());
    // The first sweep of a page starts the sweep's engine; the second is the steady figure.
    const times = [];
    for (let i = 0; i < 2; i++) {
      if (i > 0) await page.getByTestId('sweep-close').click();
      times.push(await timedSweep(page));
    }
    figures[id] = times.map((t) => Math.round(t));
    const ps = await points(page);
    assert.equal(ps.length, 30, `${id}: 30 points`);
    const max = Number(await page.getByTestId('slider').first().getAttribute('max'));
    assert.deepEqual([ps[0].value, ps[29].value], [0, max], `${id}: the slider's whole range`);
    assert.ok(ps.every((p, i) => i === 0 || p.value > ps[i - 1].value));
    assert.ok(ps.every((p) => !p.failed && Number.isFinite(p.total)), `${id}: every run finished`);
    assert.ok(Math.max(...times) < 3000, `${id}: ${times} ms`);
    if (id === 'blocking') {
      // time.sleep(x) in func1 blocks the loop for x, then func2's second: x + 1.
      assert.deepEqual([ps[0].total, ps[29].total], [1, 6]);
    }
    if (id === 'two-tasks') {
      // Both sleep together: the longer of x and 1.
      assert.deepEqual([ps[0].total, ps[29].total], [1, 5]);
    }
  }
  console.log(`sweep of 30 points to the painted chart, ms (first, second) per seed preset: ${JSON.stringify(figures)}`);
  const chart = page.getByTestId('sweep-chart');
  assert.match(await chart.textContent(), /Total virtual time.*Time the loop was blocked/);
  await page.getByTestId('sweep-close').click();
  assert.equal(await chart.count(), 0);
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

test('choosing a sweep point opens that run, by click or by Enter', async () => {
  const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=blocking' });
  await timedSweep(page);
  await page.locator('[data-testid=sweep-point][data-value="5"]').click();
  await settled(page);
  await page.getByTestId('total-time').filter({ hasText: '6.000 s' }).waitFor();
  assert.equal(await page.getByTestId('slider').first().inputValue(), '5');
  assert.match(await page.locator('.slider output').first().textContent(), /^5$/);
  assert.match(await page.getByTestId('code-editor').inputValue(), /time\.sleep\(5\)/);
  assert.equal(await page.locator('[data-testid=sweep-point][aria-pressed=true]').getAttribute('data-value'), '5');
  // The keyboard reaches the points too.
  const point = page.locator('[data-testid=sweep-point][data-value="2.069"]');
  await point.focus();
  await page.keyboard.press('Enter');
  await settled(page);
  await page.getByTestId('total-time').filter({ hasText: '3.069 s' }).waitFor();
  assert.equal(await page.locator('.slider output').first().textContent(), '2.069');
  await screenshot(page, 'sweep-desktop-light');
  // The chart downloads as an SVG file with the same points, and renders alone.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-export').click()]);
  const svg = await readFile(await download.path(), 'utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(svg.match(/data-value=/g).length, 30);
  assert.match(svg, /Time the loop was blocked/);
  const check = await context.newPage();
  await check.setContent(`<img id="i" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
  assert.ok(await check.evaluate(() => new Promise((resolve) => {
    const img = document.getElementById('i');
    if (img.complete) resolve(img.naturalWidth > 0);
    img.onload = () => resolve(img.naturalWidth > 0);
    img.onerror = () => resolve(false);
  })), 'the sweep SVG renders');
  await check.close();
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

test('a sweep of a hanging or erroring program survives and says so', async () => {
  const { context, page, problems } = await openApp(browser);
  // Every run divides by N - 4: N = 4 raises; the others finish.
  await page.getByTestId('code-editor').fill('import time\nN = 3\nfor i in range(N):\n    time.sleep(0.1)\nprint(1 / (N - 4))\n');
  await settled(page);
  await timedSweep(page);
  const ps = await points(page);
  assert.deepEqual(ps.filter((p) => p.failed).map((p) => p.value), [4]);
  assert.match(await page.getByTestId('sweep-failures').textContent(), /1 of 13 runs did not finish normally/);
  // A program that never ends, and whose runs each take a second or so
  // (big multiplications between yields) until the events limit stops
  // them: the sweep stops when its five seconds are up and says how far it got.
  await page.getByTestId('code-editor').fill('import asyncio\nN = 3\nasync def main():\n    x = 3 ** 2000\n    while N:\n        y = x * x\n        await asyncio.sleep(0)\nasyncio.run(main())\n');
  await settled(page, 60_000);
  const start = Date.now();
  await page.getByTestId('sweep').first().click();
  await page.getByTestId('sweep-error').waitFor({ timeout: 30_000 });
  console.log(`a sweep of a program that never ends stopped after ${Date.now() - start} ms`);
  assert.match(await page.getByTestId('sweep-error').textContent(), /^The sweep took too long and stopped after \d+ of 13 runs\.$/);
  assert.match(await page.getByTestId('sweep-failures').textContent(), /runs did not finish normally/);
  assert.ok((await points(page)).some((p) => p.failed));
  // The page goes on: the program's own run still steps.
  await page.getByTestId('step-forward').click();
  await page.locator('.event-count').filter({ hasText: /^event 1 of/ }).waitFor();
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

test('the sweep looks right at both sizes and in both themes and languages', async () => {
  for (const [name, viewport, colorScheme, locale] of [
    ['desktop-dark', { width: 1440, height: 900 }, 'dark', 'en-US'],
    ['narrow-light', { width: 360, height: 740 }, 'light', 'ja-JP'],
    ['narrow-dark', { width: 360, height: 740 }, 'dark', 'en-US'],
  ]) {
    const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=two-tasks', viewport, colorScheme, locale });
    await timedSweep(page, 1);
    if (locale === 'ja-JP') {
      assert.match(await page.getByTestId('sweep-chart').textContent(), /ループがブロックされた時間/);
      assert.equal(await page.getByTestId('sweep').first().textContent(), 'スイープ');
    }
    await screenshot(page, `sweep-${name}`);
    assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
    await context.close();
  }
});

/** A number of seconds shown as `1.000 s` (or `Other run: 1.000 s`). */
function seconds(text) {
  return Number.parseFloat(text.match(/(\d+\.\d+) s/)[1]);
}

/** Moves the shared scrubber to `t` seconds, as a person dragging it would. */
async function scrubTo(page, t) {
  await page.getByTestId('scrubber').evaluate((el, t) => {
    el.value = String(t);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
  await page.getByTestId('clock').filter({ hasText: `${t.toFixed(3)} s` }).waitFor();
}

/** Waits until the compared run has arrived. */
async function compared(page) {
  await page.waitForSelector('[data-testid=compare-pane]:not(.stale)');
  await settled(page);
}

test('compare opens each seed pair on one time axis and says where they part', async () => {
  const { context, page, problems } = await openApp(browser);
  const pairs = [
    // [preset, partner, its total, the partner's total, the button's words]
    ['blocking', 'two-tasks', 2, 1, 'Compare with the asyncio.sleep version'],
    ['two-tasks', 'blocking', 1, 2, 'Compare with the time.sleep version'],
    ['thread-pool', 'blocking', 1, 2, 'Compare with the time.sleep version'],
    ['blocking', 'thread-pool', 2, 1, 'Compare with the thread pool version'],
  ];
  const figures = {};
  for (const [id, partner, total, other, words] of pairs) {
    await choose(page, id);
    if (await page.getByTestId('compare-close').count()) await page.getByTestId('compare-close').click();
    const button = page.locator(`[data-testid=compare-partner][data-partner="${partner}"]`);
    assert.equal(await button.textContent(), words);
    const start = Date.now();
    await button.click();
    await compared(page);
    figures[`${id}+${partner}`] = Date.now() - start;
    assert.equal(await page.getByTestId('compare-select').inputValue(), partner);
    assert.equal(seconds(await page.getByTestId('total-time').textContent()), total);
    assert.equal(seconds(await page.getByTestId('compare-total').textContent()), other);
    // Where they part, in words from both traces.
    const divergence = await page.getByTestId('divergence').textContent();
    assert.match(divergence, /^The runs part at 0\.000 s\. Here: .+ In the other run: .+/);
    if (id === 'blocking' && partner === 'two-tasks') {
      assert.match(divergence, /Here: .*calls time\.sleep\(1\).*blocked.* In the other run: .*sleeps until 1\.000 s: it gives the loop back/);
    }
    // One scrubber over the longer run; both timelines on the same scale.
    assert.equal(Number(await page.getByTestId('scrubber').getAttribute('max')), Math.max(total, other));
    await scrubTo(page, 0.5);
    const playheads = await page.evaluate(() => ['timeline', 'compare-timeline'].map((id) => {
      const line = document.querySelector(`[data-testid=${id}] .playhead`);
      const plot = document.querySelector(`[data-testid=${id}] svg.plot`).getBoundingClientRect();
      const box = line.getBoundingClientRect();
      return { x: Math.round(box.left), left: Math.round(plot.left), width: Math.round(plot.width) };
    }));
    assert.equal(playheads[0].x, playheads[1].x, JSON.stringify(playheads));
    assert.equal(playheads[0].left, playheads[1].left);
    assert.equal(playheads[0].width, playheads[1].width);
    // The end of the shared axis is the end of the longer run, for both diagrams.
    await page.getByTestId('to-end').click();
    assert.equal(seconds(await page.getByTestId('clock').textContent()), Math.max(total, other));
  }
  console.log(`compare: ms from the partner button to both runs shown: ${JSON.stringify(figures)}`);
  // The Compare button closes and opens it again (the default partner).
  await page.getByTestId('compare').click();
  assert.equal(await page.getByTestId('compare-pane').count(), 0);
  await page.getByTestId('compare').click();
  await compared(page);
  assert.equal(await page.getByTestId('compare-select').inputValue(), 'two-tasks');
  await screenshot(page, 'compare-desktop-light');
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

test('a copy of the code is edited beside the first and re-runs', async () => {
  const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=two-tasks' });
  await page.getByTestId('compare').click();
  await compared(page);
  await page.getByTestId('compare-select').selectOption('copy');
  await compared(page);
  const editor = page.getByTestId('compare-editor');
  const code = await editor.inputValue();
  await editor.fill(code.replace('asyncio.sleep(1)', 'asyncio.sleep(3)'));
  await page.getByTestId('compare-total').filter({ hasText: '3.000 s' }).waitFor();
  assert.equal(seconds(await page.getByTestId('total-time').textContent()), 1);
  assert.match(await page.getByTestId('code-editor').inputValue(), /asyncio\.sleep\(1\)/);
  assert.match(await page.getByTestId('divergence').textContent(), /^The runs part at 1\.000 s\./);
  // The link carries the edited copy.
  await page.getByTestId('share').click();
  assert.match(await page.getByTestId('share-url').inputValue(), /&cc=/);
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

test('a link with a comparison opens it, embedded too, and the narrow page stacks the two', async () => {
  const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=blocking&cmp=two-tasks' });
  await compared(page);
  assert.equal(await page.getByTestId('compare-select').inputValue(), 'two-tasks');
  assert.equal(seconds(await page.getByTestId('compare-total').textContent()), 1);
  await page.getByTestId('share').click();
  assert.match(await page.getByTestId('share-url').inputValue(), /#v=1&p=blocking&lang=en&cmp=two-tasks$/);
  await context.close();

  const embed = await openApp(browser, { hash: '#v=1&p=blocking&cmp=two-tasks&embed=1' });
  await compared(embed.page);
  assert.equal(await embed.page.getByTestId('compare-diagram').count(), 1);
  assert.equal(seconds(await embed.page.getByTestId('compare-total').textContent()), 1);
  assert.match(await embed.page.getByTestId('open-in-loopscope').getAttribute('href'), /cmp=two-tasks/);
  await screenshot(embed.page, 'compare-embed');
  assert.deepEqual(embed.problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await embed.context.close();

  for (const [name, colorScheme, locale] of [['narrow-light', 'light', 'ja-JP'], ['narrow-dark', 'dark', 'en-US']]) {
    const narrow = await openApp(browser, { hash: '#v=1&p=blocking&cmp=two-tasks', viewport: { width: 360, height: 740 }, colorScheme, locale });
    await compared(narrow.page);
    const [a, b] = await Promise.all(['diagram', 'compare-diagram'].map((id) => narrow.page.getByTestId(id).boundingBox()));
    assert.ok(b.y >= a.y + a.height, `stacked: ${JSON.stringify([a, b])}`);
    assert.ok(Math.abs(a.x - b.x) < 30 && b.x + b.width <= 360, JSON.stringify([a, b]));
    if (locale === 'ja-JP') {
      assert.match(await narrow.page.getByTestId('divergence').textContent(), /^二つの実行は0\.000 sで分かれます。/);
      assert.match(await narrow.page.getByTestId('compare-partner').first().textContent(), /版と比較$/);
    }
    await screenshot(narrow.page, `compare-${name}`);
    assert.deepEqual(narrow.problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
    await narrow.context.close();
  }
  const dark = await openApp(browser, { hash: '#v=1&p=blocking&cmp=two-tasks', colorScheme: 'dark' });
  await compared(dark.page);
  await screenshot(dark.page, 'compare-desktop-dark');
  await dark.context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`axe finds nothing serious with a comparison and a sweep open (${scheme})`, async () => {
    for (const lang of ['en', 'ja']) {
      const { context, page, problems } = await openApp(browser, { hash: `#v=1&p=blocking&lang=${lang}&cmp=two-tasks`, colorScheme: scheme });
      await compared(page);
      await timedSweep(page);
      await scrubTo(page, 0.5);
      assert.deepEqual(await axe(page), [], `${lang}, ${scheme}`);
      await page.getByTestId('compare-select').selectOption('copy');
      await compared(page);
      assert.deepEqual(await axe(page), [], `copy: ${lang}, ${scheme}`);
      assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
      await context.close();
    }
  });
}
