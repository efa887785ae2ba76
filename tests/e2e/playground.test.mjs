// The playground end to end: presets, playback, stepping, sliders, errors and
// keyboard, in real Chromium against the release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot, settled } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const noProblems = { consoleErrors: [], failedRequests: [], pageErrors: [] };

/** Presets with the total time and console lines a learner should see. */
const PRESETS = [
  { id: 'hello', total: '1.000 s', lines: ['Hello', 'World'] },
  { id: 'two-tasks', total: '1.000 s', lines: ['func1() started', 'func2() started', 'func1() finished', 'func2() finished'] },
  { id: 'blocking', total: '2.000 s', lines: ['func1() started', 'func1() finished', 'func2() started', 'func2() finished'] },
  { id: 'thread-pool', total: '1.000 s', lines: ['func1() started', 'func2() started', 'func1() finished', 'func2() finished'] },
  { id: 'future', total: '2.000 s', lines: ['Waiting for the future result...', 'Get http response', 'result: Hello http!'] },
  { id: 'gather', total: '1.500 s', lines: [0, 1, 2, 3, 4].map((i) => `fetch ${i} started`).concat([0, 1, 2, 3, 4].map((i) => `fetch ${i} done`), ['results: [0, 10, 20, 30, 40]']) },
  { id: 'wait-for', total: '1.000 s', lines: ['slow operation started', 'cleanup in finally', 'timed out'] },
  { id: 'queue', total: '3.200 s', lines: ['put 0', 'got 0', 'put 1', 'put 2', 'got 1', 'put 3', 'got 2', 'put 4', 'got 3', 'put 5', 'got 4', 'got 5'] },
  { id: 'semaphore', total: '3.000 s', lines: [[0, 1], [2, 3], [4, 5]].flatMap(([a, b]) => [`download ${a} started`, `download ${b} started`, `download ${a} finished`, `download ${b} finished`]) },
  { id: 'gil', total: '4.502 s', lines: ['4 threads: 3.60 s', '4 processes: 0.90 s'] },
  { id: 'fairness', total: '0.000 s', lines: ['A step 0', 'B step 0', 'greedy step 0', 'greedy step 1', 'greedy step 2', 'greedy done', 'A step 1', 'B step 1', 'A step 2', 'B step 2'] },
  { id: 'taskgroup', total: '2.000 s', lines: ['a finished', 'c was cancelled', "caught: ValueError('b failed')"] },
];

async function consoleTexts(page) {
  return page.getByTestId('console-line').locator('.text').allTextContents();
}

test('every preset plays to the end with the right total time and output', async () => {
  const { context, page, problems } = await openApp(browser);
  const options = await page.getByTestId('preset-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, PRESETS.map((p) => p.id));
  for (const preset of PRESETS) {
    await page.getByTestId('preset-select').selectOption(preset.id);
    await settled(page);
    await page.getByTestId('clock').filter({ hasText: '0.000 s' }).waitFor();
    assert.equal(await page.getByTestId('total-time').textContent(), preset.total, `${preset.id} total`);
    await screenshot(page, `preset-${preset.id}-start`);
    // Play at 10× and wait until playback reaches the end by itself.
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('play').click();
    await page.waitForFunction(() => {
      const clock = document.querySelector('[data-testid=clock]')?.textContent;
      const play = document.querySelector('[data-testid=play]')?.textContent ?? '';
      return clock === document.querySelector('[data-testid=total-time]')?.textContent && !play.includes('Pause');
    }, null, { timeout: 30_000 });
    assert.deepEqual(await consoleTexts(page), preset.lines, `${preset.id} console`);
    await screenshot(page, `preset-${preset.id}-end`);
    // The middle: seek with the scrubber to half the run.
    await page.getByTestId('scrubber').evaluate((el) => {
      el.value = String(Number(el.max) / 2);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await screenshot(page, `preset-${preset.id}-middle`);
  }
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('the blocking preset shows the loop blocked in red', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('blocking');
  await settled(page);
  // Step until the loop is blocked by time.sleep.
  for (let i = 0; i < 200; i++) {
    if (await page.locator('[data-testid=diagram] .loop.blocked').count()) break;
    await page.getByTestId('step-forward').click();
  }
  const status = await page.locator('[data-testid=diagram] .loop-status').textContent();
  assert.match(status, /BLOCKED by time\.sleep\(1\)/);
  assert.match(await page.getByTestId('narration').textContent(), /blocked/);
  await screenshot(page, 'blocking-loop-blocked');
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('stepping back and forward lands on the same states', async () => {
  const { context, page, problems } = await openApp(browser);
  const snapshot = async () => ({
    clock: await page.getByTestId('clock').textContent(),
    narration: await page.getByTestId('narration').textContent(),
    diagram: await page.locator('[data-testid=diagram] desc').textContent(),
    console: await consoleTexts(page),
  });
  const states = [await snapshot()];
  for (let i = 0; i < 25; i++) {
    await page.getByTestId('step-forward').click();
    states.push(await snapshot());
  }
  for (let i = 24; i >= 0; i--) {
    await page.getByTestId('step-back').click();
    assert.deepEqual(await snapshot(), states[i], `state ${i} after stepping back`);
  }
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('the code stays put while task dots come and go in the gutter', async () => {
  const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=gather' });
  const codeX = () => page.locator('.code-view .code-line').first().evaluate((el) => el.getBoundingClientRect().left);
  const dots = () => page.locator('.gutter .task-dot').count();
  // A preset opens at its start, before any task exists.
  await page.getByTestId('clock').filter({ hasText: '0.000 s' }).waitFor();
  await page.locator('[data-testid=diagram] .section').first().waitFor();
  assert.equal(await dots(), 0);
  const before = await codeX();
  // Mid-run, five fetches wait on one line: three dots are shown there.
  await page.getByTestId('scrubber').evaluate((el) => { el.value = String(Number(el.max) * 0.3); el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(() => document.querySelectorAll('.gutter .task-dot').length >= 3);
  assert.equal(await codeX(), before, 'the code moved sideways when dots appeared');
  // Each dot lies inside the gutter, left of its line number.
  const inside = await page.locator('.gutter li.marked').first().evaluate((li) => {
    const gutter = li.closest('.gutter').getBoundingClientRect();
    const number = li.getBoundingClientRect();
    return [...li.querySelectorAll('.task-dot')].every((d) => {
      const r = d.getBoundingClientRect();
      return r.left >= gutter.left && r.right <= number.right - 8;
    });
  });
  assert.ok(inside, 'a dot lies outside the gutter or over the number');
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('a seek keeps the parts of the diagram that stay: only what changed is rebuilt', async () => {
  const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=gather' });
  // A preset opens at its start, before any task exists: no cards yet.
  await page.getByTestId('clock').filter({ hasText: '0.000 s' }).waitFor();
  await page.locator('[data-testid=diagram] .section').first().waitFor();
  assert.equal(await page.locator('[data-testid=diagram] .task').count(), 0);
  // The parts every moment draws, remembered as nodes.
  await page.evaluate(() => {
    const svg = document.querySelector('[data-testid=diagram]');
    window.__kept = ['title', 'desc', 'defs', '.loop-box', '.section'].map((sel) => [sel, svg.querySelector(sel)]);
  });
  // Mid-run, six cards appear among them.
  await page.getByTestId('scrubber').evaluate((el) => { el.value = String(Number(el.max) * 0.3); el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=diagram] .task').length >= 6);
  const rebuilt = await page.evaluate(() => window.__kept.filter(([, node]) => !node.isConnected).map(([sel]) => sel));
  assert.deepEqual(rebuilt, [], 'a seek that added cards drew the fixed parts of the diagram again');
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('the diagram keeps one height over a run, so seeking never moves the scrubber', async () => {
  // The GIL preset starts four threads, then four processes; this program
  // makes forty tasks after a second.  A diagram that grew with them pushed
  // the scrubber down the page while it was being dragged.
  const late = [
    'import asyncio',
    '',
    'async def w(i):',
    '    await asyncio.sleep(0.01 * i)',
    '',
    'async def main():',
    '    await asyncio.sleep(1)',
    '    await asyncio.gather(*[w(i) for i in range(40)])',
    '',
    'asyncio.run(main())',
    '',
  ].join('\n');
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    const { context, page, problems } = await openApp(browser, { viewport });
    for (const program of ['gil', late]) {
      if (program === 'gil') {
        await page.getByTestId('preset-select').selectOption('gil');
      } else {
        await page.getByTestId('code-editor').fill(program);
      }
      await settled(page);
      const places = await page.evaluate(async () => {
        const el = document.querySelector('[data-testid=scrubber]');
        const seen = new Set();
        for (let i = 0; i <= 20; i++) {
          el.value = String(Number(el.max) * (i / 20));
          el.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          seen.add(`${Math.round(el.getBoundingClientRect().top + window.scrollY)} ${document.querySelector('[data-testid=diagram]').getAttribute('viewBox')}`);
        }
        return [...seen];
      });
      assert.equal(places.length, 1, `${viewport.width} px, ${program.slice(0, 20)}: the scrubber and the diagram's box moved: ${places}`);
    }
    // The cards of the forty tasks are drawn at the end of the late program.
    assert.ok(await page.locator('[data-testid=diagram] .task').count() >= 6);
    assert.deepEqual(problems, noProblems);
    await context.close();
  }
});

test('the first seek into a run draws its cards and chips in fonts the page already has', async () => {
  // Every size and weight of a font costs a call to the browser, and a wait,
  // the first time a line of it is laid out; the diagram is scaled to its
  // pane, so its sizes are its own.  They are asked for after the first
  // paint, by a hidden line of each (view/diagram.rs, font_sampler).
  const { context, page, problems } = await openApp(browser, { hash: '#v=1&p=gather' });
  await page.getByTestId('clock').filter({ hasText: '0.000 s' }).waitFor();
  await page.locator('[data-testid=diagram] .section').first().waitFor();
  const fonts = () => page.evaluate(() => {
    const found = {};
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.data.trim() || !el || el.closest('#font-warm')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none') continue;
      // A line of SVG text is drawn at its font size times its scale.
      const m = el instanceof SVGGraphicsElement ? el.getScreenCTM() : null;
      const size = parseFloat(style.fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
      const font = `${style.fontFamily} ${style.fontStyle} ${style.fontWeight} ${size.toFixed(3)}px`;
      found[font] ??= `"${n.data.trim().slice(0, 24)}" (${el.getAttribute('class')})`;
    }
    return found;
  });
  await page.waitForFunction(() => document.querySelector('.font-sampler'));
  const before = await fonts();
  await page.getByTestId('scrubber').evaluate((el) => { el.value = String(Number(el.max) * 0.3); el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=diagram] .task').length >= 6
    && document.querySelectorAll('[data-testid=diagram] .chip').length >= 1);
  const after = await fonts();
  const fresh = Object.entries(after).filter(([font]) => !(font in before)).map(([font, line]) => `${font}: ${line}`);
  assert.deepEqual(fresh, [], 'the seek laid out lines in fonts no line had used');
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('moving a slider rewrites the code and re-runs', async () => {
  const { context, page, problems } = await openApp(browser);
  const slider = page.getByTestId('slider').first();
  assert.match(await slider.getAttribute('aria-label'), /func1 · asyncio\.sleep · line 5/);
  const timelineBefore = await page.getByTestId('timeline').innerHTML();
  await slider.evaluate((el) => {
    el.value = '3';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.getByTestId('total-time').filter({ hasText: '3.000 s' }).waitFor();
  assert.match(await page.getByTestId('code-editor').inputValue(), /await asyncio\.sleep\(3\)/);
  assert.notEqual(await page.getByTestId('timeline').innerHTML(), timelineBefore);
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('two sliders moved within a few milliseconds both take effect', async () => {
  // A slider's move waits a few milliseconds for its run (asked ahead); a
  // second slider moved meanwhile must not drop the first one's move.
  const { context, page, problems } = await openApp(browser);
  const sliders = page.getByTestId('slider');
  assert.ok(await sliders.count() >= 2);
  await page.evaluate(() => {
    const [first, second] = document.querySelectorAll('[data-testid=slider]');
    first.value = '3';
    first.dispatchEvent(new Event('input', { bubbles: true }));
    second.value = '2.5';
    second.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => {
    const code = document.querySelector('[data-testid=code-editor]').value;
    return code.includes('sleep(3)') && code.includes('sleep(2.5)') && !document.querySelector('.stale');
  }, null, { timeout: 10_000 }).catch(async () => {
    assert.fail(`the code after both moves:\n${await page.getByTestId('code-editor').inputValue()}`);
  });
  await page.getByTestId('total-time').filter({ hasText: '3.000 s' }).waitFor();
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('the words of every chip, task card and "+N more" chip stay inside it, in every preset', async () => {
  // SVG text neither wraps nor clips: a label wider than its chip (as
  // "Semaphore.acquire" was in DejaVu Sans Bold) ran over the next chip,
  // and a card's detail over the card's edge.
  const { context, page, problems } = await openApp(browser);
  const ids = await page.getByTestId('preset-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
  const over = [];
  let chips = 0;
  for (const id of ids) {
    await page.getByTestId('preset-select').selectOption(id);
    await settled(page);
    for (const fraction of [0.2, 0.4, 0.6, 0.8]) {
      await page.getByTestId('scrubber').evaluate((el, f) => {
        el.value = String(Number(el.max) * f);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, fraction);
      // The chips move into place with a transition: measure inside the group.
      const found = await page.evaluate(() => [...document.querySelectorAll('[data-testid=diagram] .chip, [data-testid=diagram] .task, [data-testid=diagram] .more-chip')].map((g) => {
        const width = Number(g.querySelector('rect').getAttribute('width'));
        return [...g.querySelectorAll('text')].map((t) => ({ text: t.textContent, right: t.getBBox().x + t.getComputedTextLength(), width }));
      }).flat());
      chips += found.length;
      for (const t of found) if (t.right > t.width - 2) over.push(`${id} at ${fraction}: "${t.text}" ends at ${t.right.toFixed(1)} of ${t.width}`);
    }
  }
  assert.ok(chips > 50, `only ${chips} chip lines seen`);
  assert.deepEqual(over, []);
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('play at the default speed moves through the run in about real time', async () => {
  const { context, page, problems } = await openApp(browser);
  // The default speed is 1×: the two-task preset lasts 1 s of virtual time
  // and lingers on its same-instant steps, so it plays in a few seconds.
  assert.equal(await page.getByTestId('speed').inputValue(), '1');
  const started = Date.now();
  await page.getByTestId('play').click();
  await page.waitForFunction(() => !/^(Event|イベント) 0 \//.test(document.querySelector('.event-count')?.textContent ?? ''), null, { timeout: 2_000 });
  await page.getByTestId('play').filter({ hasText: 'Play' }).waitFor({ timeout: 15_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`# two-tasks preset at 1×: played to the end in ${seconds.toFixed(1)} s`);
  assert.equal(await page.getByTestId('clock').textContent(), '1.000 s');
  assert.ok(seconds >= 1, `${seconds} s`);
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('an exception is underlined where it was raised, and idle controls say so', async () => {
  const { context, page, problems } = await openApp(browser);
  const editor = page.getByTestId('code-editor');
  await editor.fill([
    'import asyncio', '', 'async def f():', '    return undefined_name', '',
    'async def main():', '    await f()', '', 'asyncio.run(main())', '',
  ].join('\n'));
  await page.getByTestId('error').filter({ hasText: 'NameError' }).waitFor();
  // At the start nothing has been raised yet, and going back does nothing.
  assert.equal(await page.locator('.error-underline').count(), 0);
  assert.equal(await page.getByTestId('to-start').getAttribute('aria-disabled'), 'true');
  assert.equal(await page.getByTestId('step-back').getAttribute('aria-disabled'), 'true');
  assert.equal(await page.getByTestId('step-forward').getAttribute('aria-disabled'), 'false');
  await page.getByTestId('to-end').click();
  const underlined = page.locator('.code-line', { has: page.locator('.error-underline') });
  await underlined.waitFor();
  assert.equal(await underlined.textContent(), '    return undefined_name\u200b');
  assert.equal(await page.getByTestId('step-forward').getAttribute('aria-disabled'), 'true');
  assert.equal(await page.getByTestId('to-end').getAttribute('aria-disabled'), 'true');
  // A program that cannot run has nothing to play, and says so.
  await editor.fill('import socket\n');
  await page.getByTestId('error').filter({ hasText: 'not supported yet' }).waitFor();
  assert.equal(await page.getByTestId('play').getAttribute('aria-disabled'), 'true');
  assert.match(await page.getByTestId('narration').textContent(), /did not run/);
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('a syntax error shows at its line and the page keeps working', async () => {
  const { context, page, problems } = await openApp(browser);
  const editor = page.getByTestId('code-editor');
  const good = await editor.inputValue();
  await editor.fill(good.replace('async def func2():', 'async def func2(:'));
  const error = page.getByTestId('error');
  await error.waitFor();
  assert.match(await error.textContent(), /^line 8, column \d+: /);
  await screenshot(page, 'syntax-error');
  await editor.fill(good);
  await error.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('total-time').textContent(), '1.000 s');
  // Garbage, huge and hostile input never breaks the page.  It arrives the
  // way a paste does, as one input event: typing thousands of lines through
  // Chromium's editing commands takes the browser itself tens of seconds
  // (quadratic in the lines inserted), which would time the browser, not us.
  const paste = (text) => editor.evaluate((el, t) => {
    el.value = t;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
  for (const text of ['\u0000\uffff', 'while True:\n    pass\n', '('.repeat(5000), 'x = 1\n'.repeat(3000)]) {
    await paste(text);
    await page.getByTestId('total-time').waitFor();
  }
  await page.locator('.gutter li').nth(2999).waitFor();
  await paste(good);
  await page.getByTestId('total-time').filter({ hasText: '1.000 s' }).waitFor();
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('keyboard shortcuts drive playback', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  await page.getByTestId('clock').filter({ hasText: '1.000 s' }).waitFor();
  await page.keyboard.press('Home');
  await page.getByTestId('clock').filter({ hasText: '0.000 s' }).waitFor();
  // The page renders after the key's handler returns: wait for what it
  // shows rather than reading it at once (a read raced the render once).
  const narration = page.getByTestId('narration');
  await narration.filter({ hasText: /Press play/ }).waitFor();
  await page.keyboard.press('ArrowRight');
  await narration.filter({ hasNotText: /Press play/ }).waitFor();
  await page.keyboard.press('ArrowLeft');
  await narration.filter({ hasText: /Press play/ }).waitFor();
  await page.keyboard.press('Space');
  await page.getByTestId('play').filter({ hasText: 'Pause' }).waitFor();
  await page.keyboard.press('Space');
  await page.getByTestId('play').filter({ hasText: 'Play' }).waitFor();
  assert.deepEqual(problems, noProblems);
  await context.close();
});
