// The page loads from the release build and shows the product's shell.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot, settled } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the shell renders with the default preset and no errors', async () => {
  const { context, page, problems } = await openApp(browser);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Loopscope' }).waitFor());
  for (const id of ['preset-select', 'code-editor', 'diagram', 'timeline']) {
    assert.ok(await page.getByTestId(id).isVisible(), `${id} is visible`);
  }
  assert.equal(await page.getByTestId('preset-select').inputValue(), 'two-tasks');
  const code = await page.getByTestId('code-editor').inputValue();
  assert.match(code, /task1 = asyncio\.create_task\(func1\(\)\)/);
  await screenshot(page, 'shell');
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});

test('picking a preset replaces the code', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('blocking');
  await settled(page);
  const code = await page.getByTestId('code-editor').inputValue();
  assert.match(code, /time\.sleep\(1\)/);
  assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
  await context.close();
});
