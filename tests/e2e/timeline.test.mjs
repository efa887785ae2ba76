// The timeline tells the story when time does not move: the sleep(0) preset
// opens on the axis by event order, and the reader can switch axes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot, settled } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const noProblems = { consoleErrors: [], failedRequests: [], pageErrors: [] };

/**
 * How the timeline's state stripes spread over the plot: the share of the
 * plot's width between the leftmost and the rightmost stripe, and how many
 * stripes are at least a pixel wide on screen.
 */
async function stripes(page) {
  return page.locator('[data-testid=timeline] svg.plot').evaluate((svg) => {
    const box = svg.getBoundingClientRect();
    const segs = [...svg.querySelectorAll('rect.seg')].map((r) => r.getBoundingClientRect());
    const left = Math.min(...segs.map((r) => r.left));
    const right = Math.max(...segs.map((r) => r.right));
    return {
      spread: segs.length ? (right - left) / box.width : 0,
      wide: segs.filter((r) => r.width >= 1 && r.height >= 1).length,
    };
  });
}

test('timeline axis: the sleep(0) preset opens by steps, and time and back works', async () => {
  const { context, page, problems } = await openApp(browser);
  const axis = page.getByTestId('timeline-axis');
  assert.equal(await axis.inputValue(), 'time', 'two tasks that sleep read over time');

  await page.getByTestId('preset-select').selectOption('fairness');
  await settled(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=timeline-axis]')?.value === 'steps');
  const steps = await stripes(page);
  assert.ok(steps.spread > 0.9, `by steps the stripes cover the plot: ${JSON.stringify(steps)}`);
  assert.ok(steps.wide >= 20, `visible stripes by steps: ${JSON.stringify(steps)}`);
  assert.match(await page.locator('.tick-labels').textContent(), /#0/);
  await screenshot(page, 'timeline-steps');

  // Clicking the middle of the plot seeks to about the middle event.
  const plot = page.locator('[data-testid=timeline] svg.plot');
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  await plot.click({ position: { x: box.width / 2, y: 6 } });
  await page.waitForFunction(() => {
    const [at, of] = (document.querySelector('.event-count')?.textContent ?? '').match(/\d+/g)?.map(Number) ?? [];
    return at > of * 0.35 && at < of * 0.65;
  });

  await axis.selectOption('time');
  await page.waitForFunction(() => document.querySelector('[data-testid=timeline-axis]')?.value === 'time');
  const time = await stripes(page);
  assert.ok(time.spread < 0.05, `over time everything is at t = 0: ${JSON.stringify(time)}`);
  await screenshot(page, 'timeline-time');

  await axis.selectOption('steps');
  await page.waitForFunction(() => document.querySelector('[data-testid=timeline-axis]')?.value === 'steps');
  assert.ok((await stripes(page)).spread > 0.9);

  // Another preset lets its run choose again.
  await page.getByTestId('preset-select').selectOption('queue');
  await settled(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=timeline-axis]')?.value === 'time');
  assert.deepEqual(problems, noProblems);
  await context.close();
});

/** The playhead's event count: `event 12 of 64` gives 12. */
async function eventAt(page) {
  return Number((await page.locator('.event-count').textContent()).match(/\d+/)[0]);
}

test('asyncio.run shutdown is one row and one step until unfolded', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('hello');
  await settled(page);
  const labels = page.locator('[data-testid=timeline] .row-label');
  assert.deepEqual(await labels.allTextContents(), ['MainThread (runs the loop)', 'Task-1 · say_hello', 'asyncio.run shuts down']);
  const fold = page.getByTestId('unfold-machinery');
  assert.equal(await fold.getAttribute('aria-pressed'), 'false');

  // From the end: one step back is the loop's close, the next passes the
  // whole shutdown at once, and forward again lands after it.
  await page.getByTestId('to-end').click();
  await page.getByTestId('step-back').click();
  await page.getByTestId('step-back').click();
  const after = await eventAt(page);
  assert.match(await page.getByTestId('narration').textContent(), /^asyncio\.run shuts down: it runs loop\.shutdown_asyncgens\(\)/);
  assert.doesNotMatch(await page.locator('[data-testid=diagram] desc').textContent(), /shutdown_asyncgens/);
  await screenshot(page, 'shutdown-folded');
  await page.getByTestId('step-back').click();
  const before = await eventAt(page);
  assert.ok(after - before > 20, `the shutdown is one step: ${before} → ${after}`);
  await page.getByTestId('step-forward').click();
  assert.equal(await eventAt(page), after);

  // Unfolded: both tasks have their rows and every event is a step.
  await fold.click();
  await page.waitForFunction(() => document.querySelector('[data-testid=unfold-machinery]')?.getAttribute('aria-pressed') === 'true');
  assert.deepEqual(await labels.allTextContents(), [
    'MainThread (runs the loop)', 'Task-1 · say_hello', 'Task-2 · shutdown_asyncgens', 'Task-3 · BaseEventLoop.shutdown_default_executor',
  ]);
  assert.match(await page.getByTestId('narration').textContent(), /shutdown_default_executor\(\) to wait for the default thread pool/);
  await page.getByTestId('step-back').click();
  assert.equal(await eventAt(page), after - 1);
  await screenshot(page, 'shutdown-unfolded');
  await fold.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=timeline] .row-label').length === 3);
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('the summary says what the loop waited for', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('queue');
  await settled(page);
  assert.equal(await page.getByTestId('summary').textContent(),
    'Finished in 3.200 s — the loop was idle for 3.200 s, waiting for timers: sleep() in producer and consumer');
  await page.getByTestId('lang-select').selectOption('ja');
  await page.getByTestId('summary').filter({ hasText: 'タイマー（producerとconsumerのsleep()）を待っていました' }).waitFor();
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('a crowded diagram draws what fits, and a "+N more" chip opens a searchable list', async () => {
  const { context, page, problems } = await openApp(browser);
  const code = [
    'import asyncio',
    '',
    'async def sleeper(i):',
    '    await asyncio.sleep(1 + i % 7)',
    '',
    'async def main():',
    '    await asyncio.gather(*[sleeper(i) for i in range(4000)])',
    '',
    'asyncio.run(main())',
    '',
  ].join('\n');
  await page.getByTestId('code-editor').fill(code);
  await page.waitForFunction(() => !document.querySelector('.stale') && Number((document.querySelector('.event-count')?.textContent ?? '').split(' of ')[1]) > 15000, null, { timeout: 60_000 });
  // At one second every sleeper is still waiting.
  await page.getByTestId('scrubber').evaluate((el) => {
    el.value = '0.5';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const tasks = page.locator('[data-testid=more-chip][data-section=tasks]');
  await tasks.waitFor();
  assert.match(await tasks.textContent(), /^\+3,9\d\d more$/);
  assert.ok(await page.locator('[data-testid=diagram] g.task').count() <= 12);
  // The timeline holds only the rows that show.
  assert.ok(await page.locator('[data-testid=timeline] .row-label').count() <= 14);
  assert.ok(await page.locator('[data-testid=timeline] g.row').count() <= 14);

  await tasks.click();
  const list = page.getByTestId('more-list');
  await list.waitFor();
  assert.equal(await list.locator('li').count(), 200);
  await page.getByTestId('more-search').fill('Task-3999 ');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=more-list] li').length === 1);
  assert.match(await list.locator('li').first().textContent(), /^Task-3999 \(sleeper\) · waiting$/);
  await screenshot(page, 'diagram-more-list');
  await tasks.click();
  await list.waitFor({ state: 'detached' });
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('a seek moves the playhead over the plot and repaints nothing inside it', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('gather');
  await settled(page);
  const plot = page.locator('[data-testid=timeline] svg.plot');
  await plot.scrollIntoViewIfNeeded();
  // Any change inside the plot's SVG makes the browser walk and repaint
  // every bar of it: a seek must leave the plot as it is.
  await page.evaluate(() => {
    window.__plotChanges = 0;
    new MutationObserver((records) => { window.__plotChanges += records.length; })
      .observe(document.querySelector('[data-testid=timeline] svg.plot'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const lefts = [];
  for (const fraction of [0.25, 0.5, 0.75]) {
    await page.evaluate((f) => {
      const el = document.querySelector('[data-testid=scrubber]');
      el.value = String(Number(el.max) * f);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, fraction);
    await page.waitForFunction((f) => {
      const clock = Number(document.querySelector('[data-testid=clock]').textContent.replace(/[^\d.]/g, ''));
      const total = Number(document.querySelector('[data-testid=total-time]').textContent.replace(/[^\d.]/g, ''));
      return Math.abs(clock - total * f) < 0.002;
    }, fraction);
    lefts.push(await page.evaluate((f) => {
      const box = document.querySelector('[data-testid=timeline] svg.plot').getBoundingClientRect();
      const line = document.querySelector('[data-testid=timeline] .playhead').getBoundingClientRect();
      // Where the line's centre is, as a share of the plot's width, against
      // where the scrubber put the playhead (the plot starts at 0 s and its
      // fitted window ends a little after the run).
      return (line.left + line.width / 2 - box.left) / box.width;
    }, fraction));
  }
  assert.equal(await page.evaluate(() => window.__plotChanges), 0, 'seeks changed the plot');
  assert.ok(lefts[0] > 0.1 && lefts[0] < lefts[1] && lefts[1] < lefts[2] && lefts[2] < 0.9, `playhead places ${lefts}`);
  // The line is evenly spaced as the times are.
  assert.ok(Math.abs((lefts[1] - lefts[0]) - (lefts[2] - lefts[1])) < 0.01, `playhead places ${lefts}`);
  assert.deepEqual(problems, noProblems);
  await context.close();
});
