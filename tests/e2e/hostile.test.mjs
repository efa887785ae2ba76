// Every hostile program (tests/hostile/*.py) pasted into the page: whatever
// the engine does with it (a refusal, a limit, a crash, a run that has to be
// stopped), the page survives and the next preset plays correctly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openApp, screenshot, settled } from './lib.mjs';

const DIR = new URL('../hostile/', import.meta.url).pathname;
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the page survives every hostile program', async () => {
  assert.ok(FILES.length >= 20, `${FILES.length} files`);
  const { context, page, problems } = await openApp(browser);
  const outcomes = [];
  for (const file of FILES) {
    const code = readFileSync(join(DIR, file), 'utf8');
    await page.getByTestId('code-editor').fill(code);
    // The run ends one way or another: within the engine's limits, or at
    // the page's deadline (10 s) with a fresh engine.
    await settled(page, 40_000);
    const ended = await page.getByTestId('error').count()
      ? (await page.getByTestId('error').textContent()).slice(0, 80)
      : (await page.getByTestId('summary').textContent()).slice(0, 80);
    const crashed = await page.getByTestId('banner').filter({ hasText: 'This is a bug in Loopscope' }).count();
    outcomes.push(`${file}: ${crashed ? 'CRASH BANNER, ' : ''}${ended}`);
    await screenshot(page, `hostile-${file.replace(/\.py$/, '')}`);
    // Not a dead page: the next preset plays with its real total.
    await page.getByTestId('preset-select').selectOption('two-tasks');
    await settled(page);
    await page.getByTestId('total-time').filter({ hasText: '1.000 s' }).waitFor();
    assert.equal(await page.getByTestId('console-line').count(), 0, file);
    await page.getByTestId('to-end').click();
    assert.equal(await page.getByTestId('console-line').count(), 4, file);
    // A crash banner, if any, is dismissed so the next file starts clean.
    const dismiss = page.getByTestId('banner').getByRole('button', { name: 'Dismiss' });
    while (await dismiss.count()) await dismiss.first().click();
  }
  console.log(outcomes.map((o) => `# ${o}`).join('\n'));
  // Every hostile program ends in the engine as it does natively: refused,
  // stopped at a limit, or run.  A crash banner here is a bug of Loopscope.
  assert.deepEqual(outcomes.filter((o) => o.includes('CRASH BANNER')), []);
  // The page itself never failed; what the engine's worker logged is its own.
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.failedRequests, []);
  await context.close();
});
