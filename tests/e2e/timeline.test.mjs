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
  const box = await plot.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + 6);
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
