// Japanese and English, accessibility and responsive layout: the page follows
// the browser's language, switches and remembers it, passes axe-core with no
// serious or critical violations on every preset in both languages and both
// themes, and fits phones and desktops.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axe, launch, openApp, screenshot, BASE_URL, settled, NO_SERVICE_WORKER } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const noProblems = { consoleErrors: [], failedRequests: [], pageErrors: [] };

test('the page follows the browser language and remembers the switch', async () => {
  const context = await browser.newContext({ ...NO_SERVICE_WORKER, locale: 'ja-JP', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE_URL);
  await page.getByTestId('diagram').waitFor();
  await settled(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.match(await page.title(), /イベントループ/);
  assert.equal(await page.getByRole('heading', { name: 'イベントループ' }).count(), 1);
  assert.match(await page.getByTestId('notice').textContent(), /約1秒/);
  assert.match(await page.getByTestId('narration').textContent(), /再生/);
  await page.getByTestId('step-forward').click();
  assert.match(await page.getByTestId('narration').textContent(), /モジュール/);
  // Switch to English; a reload keeps it.
  await page.getByTestId('lang-select').selectOption('en');
  await page.getByRole('heading', { name: 'Event loop' }).waitFor();
  // The address follows a change once its frame is painted (a history
  // update lays the page out); a reload before that reopens the old link.
  await page.waitForFunction(() => /[#&]lang=en(&|$)/.test(location.hash));
  await page.reload();
  await page.getByRole('heading', { name: 'Event loop' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.title(), /asyncio event loop/);
  await context.close();
});

test('refusals, limits and deadlocks are worded in the page language', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ja-JP' });
  const editor = page.getByTestId('code-editor');
  const error = page.getByTestId('error');
  await editor.fill('x = 1\ny = b"raw"\n');
  await error.filter({ hasText: 'bytes リテラルはまだサポートされていません' }).waitFor();
  assert.match(await error.textContent(), /^2行5列: /);
  // Switching the language rewords the same refusal without a re-run.
  await page.getByTestId('lang-select').selectOption('en');
  await error.filter({ hasText: 'bytes literals are not supported yet' }).waitFor();
  assert.match(await error.textContent(), /^line 2, column 5: /);
  await page.getByTestId('lang-select').selectOption('ja');
  await editor.fill('while True:\n    pass\n');
  await error.filter({ hasText: '無限ループしている可能性があります' }).waitFor();
  assert.match(await error.textContent(), /Pythonの演算を[\d,]+回実行したところで止めました/);
  await editor.fill([
    'import asyncio', '', 'async def waiter(ev):', '    await ev.wait()', '',
    'async def main():', '    ev = asyncio.Event()', '    await asyncio.create_task(waiter(ev))', '',
    'asyncio.run(main())', '',
  ].join('\n'));
  await error.filter({ hasText: 'デッドロック' }).waitFor();
  const waiters = await error.locator('li').allTextContents();
  assert.deepEqual(waiters, [
    'Task-1 (main)はTask-2 (waiter)をawait中 (8行目)',
    'Task-2 (waiter)はEvent.wait()をawait中 (4行目)',
  ]);
  // At the end of the run the loop box says nothing can wake the loop.
  await page.getByTestId('to-end').click();
  await page.locator('.loop-status', { hasText: '起こしてくれるものがもうありません' }).waitFor();
  await screenshot(page, 'deadlock-ja');
  // A waiter's line is a button that marks the line in the editor.
  await error.getByRole('button', { name: /4行目/ }).click();
  await page.locator('.code-line.focused', { hasText: 'await ev.wait()' }).waitFor();
  assert.deepEqual(problems, noProblems);
  await context.close();
});

for (const lang of ['en', 'ja']) {
  for (const scheme of ['light', 'dark']) {
    test(`axe finds nothing serious on any preset (${lang}, ${scheme})`, async () => {
      const { context, page, problems } = await openApp(browser, { colorScheme: scheme, locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
      await page.getByTestId('lang-select').selectOption(lang);
      const ids = await page.getByTestId('preset-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
      for (const id of ids) {
        await page.getByTestId('preset-select').selectOption(id);
        await settled(page);
        // Check a moment with things on screen: the middle of the run.
        await page.getByTestId('scrubber').evaluate((el) => {
          el.value = String(Number(el.max) / 2);
          el.dispatchEvent(new Event('input', { bubbles: true }));
        });
        const violations = await axe(page);
        assert.deepEqual(violations, [], `${id} (${lang}, ${scheme})`);
      }
      await screenshot(page, `a11y-${lang}-${scheme}`);
      assert.deepEqual(problems, noProblems);
      await context.close();
    });
  }
}

for (const [width, height] of [[360, 740], [1440, 900]]) {
  for (const lang of ['en', 'ja']) {
    for (const scheme of ['light', 'dark']) {
      test(`layout at ${width}×${height} (${lang}, ${scheme}) fits and works`, async () => {
        const { context, page, problems } = await openApp(browser, {
          viewport: { width, height },
          colorScheme: scheme,
          locale: lang === 'ja' ? 'ja-JP' : 'en-US',
          hasTouch: width < 500,
        });
        await page.getByTestId('lang-select').selectOption(lang);
        await page.getByTestId('preset-select').selectOption('blocking');
        await settled(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
        // Every control can be reached and used.
        for (const id of ['play', 'step-forward', 'step-back', 'to-start', 'to-end', 'speed', 'scrubber', 'slider']) {
          const el = page.getByTestId(id).first();
          await el.scrollIntoViewIfNeeded();
          assert.ok(await el.isVisible(), `${id} visible`);
        }
        // The diagram is not clipped: its box fits the viewport width.
        const box = await page.getByTestId('diagram').boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= width + 1, `diagram ${JSON.stringify(box)}`);
        if (width < 500) {
          await page.getByTestId('to-end').tap();
        } else {
          await page.getByTestId('to-end').click();
        }
        await page.getByTestId('clock').filter({ hasText: '2.000 s' }).waitFor();
        await screenshot(page, `layout-${width}x${height}-${lang}-${scheme}`);
        assert.deepEqual(problems, noProblems);
        await context.close();
      });
    }
  }
}

test('every control is reachable with the keyboard and shows its focus', async () => {
  const { context, page, problems } = await openApp(browser);
  const reached = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return { id: el.getAttribute('data-testid'), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
    });
    if (info?.id) {
      reached.add(info.id);
      assert.ok(info.outline, `${info.id} shows a focus ring`);
    }
  }
  for (const id of ['preset-select', 'lang-select', 'code-editor', 'slider', 'play', 'step-forward', 'step-back', 'to-start', 'to-end', 'speed', 'scrubber']) {
    assert.ok(reached.has(id), `${id} reached by Tab (reached: ${[...reached].join(', ')})`);
  }
  assert.deepEqual(problems, noProblems);
  await context.close();
});
