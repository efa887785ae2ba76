// The engine runs in a Web Worker: a long run shows its progress and can be
// cancelled (what ran stays playable), a runaway engine is stopped at the
// deadline, and a crash shows a banner while the page goes on working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot, settled } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * A program that takes many seconds in the engine and reaches the end of a
 * slice often (every `await asyncio.sleep(0)`): two tasks multiplying big
 * integers (a millisecond or so each, one Python operation) between yields.
 */
const LONG = [
  'import asyncio',
  '',
  'async def spin(name):',
  '    x = 3 ** 20000',
  '    for i in range(100000):',
  '        y = x * x',
  '        await asyncio.sleep(0)',
  '    print(name, i)',
  '',
  'async def main():',
  "    await asyncio.gather(spin('a'), spin('b'))",
  '',
  'asyncio.run(main())',
  '',
].join('\n');

/** Pastes `code` and waits until the engine reports progress and offers Cancel. */
async function startLongRun(page, code = LONG) {
  await page.getByTestId('code-editor').fill(code);
  await page.getByTestId('cancel-run').waitFor({ timeout: 10_000 });
}

/** The number of events of the run shown (`event 3 of 120`). */
async function eventTotal(page) {
  const text = await page.locator('.event-count').textContent();
  return Number(text.split(' of ')[1].replaceAll(',', ''));
}

test('a long run shows its progress and Cancel, and the part that ran plays', async () => {
  const { context, page, problems } = await openApp(browser);
  await startLongRun(page);
  // The page stays responsive while the engine works: the previous run
  // still steps, and the progress counts up.
  await page.getByTestId('step-forward').click();
  await page.locator('.event-count').filter({ hasText: /^event 1 of/i }).waitFor();
  await page.waitForFunction(() => /Running… [1-9][\d,]* events so far/.test(document.querySelector('[data-testid=run-progress]')?.textContent ?? ''));
  await page.getByTestId('cancel-run').click();
  await settled(page);
  assert.equal(await page.getByTestId('cancel-run').count(), 0);
  assert.match(await page.getByTestId('error').textContent(), /You stopped the run after [\d,]+ events\./);
  assert.match(await page.getByTestId('summary').textContent(), /^You stopped the run at /);
  const events = await eventTotal(page);
  assert.ok(events > 100 && events < 400000, `${events} events`);
  // The partial trace plays: step from the start, go to the end, play.
  await page.getByTestId('to-start').click();
  await page.getByTestId('step-forward').click();
  await page.locator('.event-count').filter({ hasText: /^event 1 of/i }).waitFor();
  await page.getByTestId('to-end').click();
  assert.equal(await page.locator('.event-count').textContent(), `event ${events} of ${events}`);
  await page.getByTestId('to-start').click();
  await page.getByTestId('play').click();
  await page.waitForFunction(() => !/^event 0 of/i.test(document.querySelector('.event-count')?.textContent ?? ''));
  await screenshot(page, 'worker-cancelled');
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

/** Moves the first slider to `value` as a person's drag does (an input event). */
async function moveFirstSlider(page, value) {
  await page.getByTestId('slider').first().evaluate((el, v) => {
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('an engine crash shows a banner, keeps the code, and the next preset plays', async () => {
  const { context, page, problems } = await openApp(browser);
  await startLongRun(page);
  // No input a person can type is known to crash the engine for long
  // (each one found is fixed), so the test makes the engine's worker fail
  // the way a trap or a stack overflow does: an uncaught error on the
  // worker's thread while it runs a program.  Nothing in the page can do
  // this; only the test's debugger connection to the worker can.
  const [worker] = page.workers();
  await worker.evaluate(() => setTimeout(() => { throw new Error('injected engine fault'); }, 0));
  const banner = page.getByTestId('banner').filter({ hasText: 'This is a bug in Loopscope' });
  await banner.waitFor();
  assert.match(await banner.textContent(), /Loopscope failed on this program\. This is a bug in Loopscope, not a problem with your code/);
  const report = await banner.getByTestId('report-bug').getAttribute('href');
  assert.match(report, /^https:\/\/github\.com\/loopscope\/loopscope\/issues\/new\?title=.+&body=/);
  assert.ok(decodeURIComponent(report).includes("await asyncio.gather(spin('a'), spin('b'))"), report);
  assert.ok(decodeURIComponent(report).includes('injected engine fault'), report);
  assert.ok(report.length <= 6000, `${report.length}`);
  await settled(page);
  assert.equal(await page.getByTestId('code-editor').inputValue(), LONG);
  assert.match(await page.getByTestId('error').textContent(), /Loopscope failed on this program, so there is nothing to show/);
  // The draft is kept: it holds the program that crashed.
  await page.waitForFunction(() => (localStorage.getItem('loopscope.draft') ?? '').includes('&c='));
  await screenshot(page, 'worker-crashed');
  // The page goes on working with a fresh engine.
  await page.getByTestId('preset-select').selectOption('two-tasks');
  await settled(page);
  await page.getByTestId('total-time').filter({ hasText: '1.000 s' }).waitFor();
  assert.deepEqual(await page.getByTestId('console-line').count(), 0);
  await page.getByTestId('to-end').click();
  assert.deepEqual(await page.getByTestId('console-line').locator('.text').allTextContents(),
    ['func1() started', 'func2() started', 'func1() finished', 'func2() finished']);
  // A preset's own program runs on the page; a changed one needs the engine.
  await moveFirstSlider(page, '1.5');
  await page.getByTestId('total-time').filter({ hasText: '1.500 s' }).waitFor();
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

test('a runaway engine is stopped at the deadline and the page says so', async () => {
  const { context, page, problems } = await openApp(browser);
  await startLongRun(page);
  // A run that never reaches the end of a slice again, as a single step
  // that never ends would: the worker's thread is kept busy for good.
  const [worker] = page.workers();
  await worker.evaluate(() => setTimeout(() => { for (;;) {} }, 0));
  // Meanwhile the page works and shows the run's progress and Cancel.
  await page.getByTestId('to-end').click();
  await page.getByTestId('run-progress').filter({ hasText: /Running… [\d,]+ events so far/ }).waitFor();
  await screenshot(page, 'worker-progress');
  await page.getByTestId('error').filter({ hasText: 'did not finish within 10 seconds' }).waitFor({ timeout: 20_000 });
  await settled(page);
  assert.equal(await page.getByTestId('code-editor').inputValue(), LONG);
  await screenshot(page, 'worker-timed-out');
  await page.getByTestId('preset-select').selectOption('blocking');
  await settled(page);
  await page.getByTestId('total-time').filter({ hasText: '2.000 s' }).waitFor();
  // A preset's own program runs on the page; a changed one needs the fresh engine.
  await moveFirstSlider(page, '1.5');
  await page.getByTestId('total-time').filter({ hasText: '2.500 s' }).waitFor();
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});
