// The GIL switch (issue #18): on the GIL preset, switching the GIL off runs
// the same program as a free-threaded build, so its four threads compute at
// once instead of taking turns; the core count shares them out; the link
// carries both, and only when they differ from CPython 3.12 on four cores.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axe, launch, openApp, screenshot, settled, OUT_DIR } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const noProblems = { consoleErrors: [], failedRequests: [], pageErrors: [] };

/** Moves the playhead to `t` virtual seconds with the scrubber. */
async function scrubTo(page, t) {
  await page.getByTestId('scrubber').evaluate((el, at) => {
    el.value = String(at);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
}

/**
 * Chooses `value` in the `<select>` with test id `testid` and measures, in
 * the page, the milliseconds until the total time reads `total` on a page
 * that is no longer waiting for a run, and the next frame is painted.
 */
async function chooseAndTime(page, testid, value, total) {
  return page.evaluate(([testid, value, total]) => new Promise((resolve, reject) => {
    const select = document.querySelector(`[data-testid=${testid}]`);
    const start = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const give_up = start + 20_000;
    const poll = () => {
      const shown = document.querySelector('[data-testid=total-time]')?.textContent;
      if (shown === total && !document.querySelector('.app.stale')) {
        // The frame after the change is the one a person sees.
        requestAnimationFrame(() => resolve(performance.now() - start));
      } else if (performance.now() > give_up) {
        reject(new Error(`total stayed ${shown}, expected ${total}`));
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  }), [testid, value, total]);
}

/**
 * What the timeline shows of the pool's four threads: for each
 * `ThreadPoolExecutor` row, where its last "running" stripe ends, as a
 * share of the plot's width.
 */
async function threadEnds(page) {
  return page.locator('[data-testid=timeline]').evaluate((timeline) => {
    const labels = [...timeline.querySelectorAll('.row-label')].map((l) => l.textContent);
    const rows = [...timeline.querySelectorAll('svg.plot g.row')];
    const plot = timeline.querySelector('svg.plot').getBoundingClientRect();
    return labels.flatMap((label, i) => {
      if (!label.includes('ThreadPoolExecutor')) return [];
      const running = [...rows[i].querySelectorAll('rect.seg.running')].map((r) => r.getBoundingClientRect().right);
      return [running.length ? (Math.max(...running) - plot.left) / plot.width : -1];
    });
  });
}

/** Moves the playhead to the end of the run, unless it is there already (the button then does nothing). */
async function toEnd(page) {
  const button = page.getByTestId('to-end');
  if ((await button.getAttribute('aria-disabled')) !== 'true') await button.click();
}

/** The console's lines. */
async function consoleLines(page) {
  return page.getByTestId('console-line').locator('.text').allTextContents();
}

/** How many of the diagram's thread cards read `status` (`waiting for the GIL`, `computing`). */
async function threadsThat(page, status) {
  return page.locator('[data-testid=diagram] text').evaluateAll(
    (texts, status) => texts.filter((t) => t.textContent.includes(status)).length, status);
}

test('GIL switch: off runs the four threads of the GIL preset together, and back', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('gil');
  await settled(page);
  const toggle = page.getByTestId('gil-toggle');
  const cores = page.getByTestId('cores');
  assert.equal(await toggle.inputValue(), 'on');
  assert.equal(await cores.inputValue(), '4');
  assert.deepEqual(await toggle.locator('option').allTextContents(), ['on (CPython 3.12)', 'off (free-threaded, 3.13t+)']);
  assert.deepEqual(await cores.locator('option').allTextContents(), ['1', '2', '4', '8']);
  const help = await page.getByTestId('gil-help').textContent();
  assert.match(help, /3\.12 and 3\.13 have a GIL/);
  assert.match(help, /\(3\.13t, 3\.14t\).*in parallel/);
  assert.equal(await page.getByTestId('total-time').textContent(), '4.502 s');
  assert.match(await page.getByTestId('notice').textContent(), /share one GIL and take turns/);
  assert.match(await page.locator('.legend').textContent(), /waiting for the GIL/);
  // With the GIL, at 1 s one thread computes and the three others wait for it.
  await scrubTo(page, 1);
  assert.equal(await threadsThat(page, 'waiting for the GIL'), 3);
  assert.equal(await threadsThat(page, 'computing'), 1);
  await toEnd(page);
  assert.deepEqual(await consoleLines(page), ['4 threads: 3.60 s', '4 processes: 0.90 s']);
  const withGil = await threadEnds(page);
  assert.equal(withGil.length, 4, `four pool threads on the timeline: ${withGil}`);
  // The threads' work ends at 3.6 s of 4.5 s: 80% of the axis.
  assert.ok(withGil.every((x) => Math.abs(x - 0.8) < 0.02), `with the GIL: ${withGil}`);
  await screenshot(page, 'gil-on');

  const offMs = await chooseAndTime(page, 'gil-toggle', 'off', '1.801 s');
  console.log(`GIL switch: off → painted result in ${offMs.toFixed(0)} ms`);
  assert.equal(await toggle.inputValue(), 'off');
  assert.match(await page.getByTestId('notice').textContent(), /GIL off .* run in parallel/);
  assert.deepEqual(await consoleLines(page), ['4 threads: 0.90 s', '4 processes: 0.90 s']);
  assert.match(await page.getByTestId('summary').textContent(), /1\.801 s/);
  // Without a GIL nothing waits for one: no stripe, no legend entry, no status.
  assert.equal(await page.locator('[data-testid=timeline] rect.seg.gil').count(), 0);
  assert.doesNotMatch(await page.locator('.legend').textContent(), /GIL/);
  const parallel = await threadEnds(page);
  // All four end at 0.9 s of 1.8 s: half the axis, together.
  assert.ok(parallel.length === 4 && parallel.every((x) => Math.abs(x - 0.5) < 0.02), `without the GIL: ${parallel}`);
  await scrubTo(page, 0.5);
  assert.equal(await threadsThat(page, 'waiting for the GIL'), 0);
  assert.equal(await threadsThat(page, 'computing'), 4);
  // The address follows once the frame is painted.
  await page.waitForFunction(() => /&gil=off(&|$)/.test(location.hash));
  assert.deepEqual(await axe(page), [], 'axe with the GIL off');
  await screenshot(page, 'gil-off');

  // Two cores for four threads and four processes: half speed.
  const twoMs = await chooseAndTime(page, 'cores', '2', '3.602 s');
  console.log(`core count: 2 → painted result in ${twoMs.toFixed(0)} ms`);
  await toEnd(page);
  assert.deepEqual(await consoleLines(page), ['4 threads: 1.80 s', '4 processes: 1.80 s']);
  await page.waitForFunction(() => /&gil=off&cores=2(&|$)/.test(location.hash));

  await chooseAndTime(page, 'cores', '4', '1.801 s');
  const onMs = await chooseAndTime(page, 'gil-toggle', 'on', '4.502 s');
  console.log(`GIL switch: on → painted result in ${onMs.toFixed(0)} ms`);
  await toEnd(page);
  assert.deepEqual(await consoleLines(page), ['4 threads: 3.60 s', '4 processes: 0.90 s']);
  await page.waitForFunction(() => !/gil=|cores=/.test(location.hash));
  const hash = await page.evaluate(() => location.hash);
  assert.doesNotMatch(hash, /gil=|cores=/, 'the default leaves the link as it was');
  assert.match(hash, /^#v=1&p=gil(&|$)/);
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('GIL switch: a link opens free-threaded, and programs without threads have no switch', async () => {
  const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=gil&gil=off&cores=8' });
  assert.equal(await page.getByTestId('gil-toggle').inputValue(), 'off');
  assert.equal(await page.getByTestId('cores').inputValue(), '8');
  assert.equal(await page.getByTestId('total-time').textContent(), '1.801 s');

  // The seed's thread pool has threads; two tasks sleeping have none.
  await page.getByTestId('preset-select').selectOption('thread-pool');
  await settled(page);
  assert.equal(await page.getByTestId('gil-toggle').inputValue(), 'on', 'a preset starts on CPython 3.12');
  // Its threads only sleep, and Python code is free there: the page says the switch cannot matter.
  assert.match(await page.getByTestId('gil-help').textContent(), /changes nothing/);
  await page.getByTestId('preset-select').selectOption('two-tasks');
  await settled(page);
  assert.equal(await page.getByTestId('gil-toggle').count(), 0);
  assert.equal(await page.getByTestId('cores').count(), 0);
  assert.deepEqual(problems, noProblems);
  await context.close();
});

for (const [width, height] of [[1440, 900], [360, 740]]) {
  for (const scheme of ['light', 'dark']) {
    test(`GIL switch: Japanese at ${width}×${height} (${scheme})`, async () => {
      const { context, page, problems } = await openApp(browser, {
        hash: '#v=1&p=gil&gil=off&lang=ja',
        viewport: { width, height },
        colorScheme: scheme,
        locale: 'ja-JP',
      });
      const toggle = page.getByTestId('gil-toggle');
      assert.deepEqual(await toggle.locator('option').allTextContents(), ['あり（CPython 3.12）', 'なし（フリースレッド版、3.13t以降）']);
      assert.match(await page.getByTestId('gil-help').textContent(), /フリースレッド版（3\.13t、3\.14t）/);
      // The controls fit the page: nothing sticks out sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page wider than the window by ${overflow}px`);
      await toggle.scrollIntoViewIfNeeded();
      assert.deepEqual(await axe(page), [], `axe (${width}, ${scheme})`);
      await screenshot(page, `gil-ja-${width}-${scheme}`);
      // The controls up close, to look at.
      await page.locator('.machine').screenshot({ path: join(OUT_DIR, `gil-ja-${width}-${scheme}-controls.png`) });
      assert.deepEqual(problems, noProblems);
      await context.close();
    });
  }
}
