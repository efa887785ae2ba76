// Learning by predicting, and who waits for whom: predict mode plays a
// whole session on each seed preset through the page, and the await tree
// shows the chains at a known instant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, screenshot, settled } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SEEDS = ['hello', 'two-tasks', 'blocking', 'thread-pool', 'future'];

/** Waits until a question is open or the run is at its end and stopped. */
async function nextStop(page) {
  await page.waitForFunction(() => {
    if (document.querySelector('[data-testid=predict-choice]')) return true;
    const end = document.querySelector('[data-testid=to-end]')?.getAttribute('aria-disabled') === 'true';
    const playing = /Pause/.test(document.querySelector('[data-testid=play]')?.textContent ?? '');
    return end && !playing;
  }, null, { timeout: 60_000 });
}

/**
 * Plays one predict session from the start: at each question `pick(choices,
 * i)` says which choice to click; the reveal says whether it was right and,
 * when it was not, which was.  Returns the true answers and the score shown
 * at the end.
 */
async function session(page, pick) {
  // At the start the button says it would do nothing (aria-disabled), but
  // it still restarts the session.
  await page.getByTestId('to-start').click({ force: true });
  await page.getByTestId('play').click();
  const truths = [];
  let right = 0;
  for (let i = 0; i < 100; i++) {
    await nextStop(page);
    const choices = await page.getByTestId('predict-choice').allTextContents();
    if (choices.length === 0) break;
    assert.ok(choices.length >= 2 && choices.length <= 4, `three or four choices: ${choices}`);
    assert.equal(new Set(choices).size, choices.length, `distinct choices: ${choices}`);
    const chosen = pick(choices, truths.length);
    await page.getByTestId('predict-choice').nth(chosen).click();
    const result = (await page.getByTestId('predict-result').textContent()).trim();
    assert.ok((await page.getByTestId('predict-why').textContent()).trim().length > 10, 'the reveal says why');
    if (result === 'Right!') {
      truths.push(choices[chosen]);
      right += 1;
    } else {
      const m = result.match(/^Not this time: the answer is ([\s\S]*)\.$/);
      assert.ok(m, `a wrong answer names the true one: ${result}`);
      assert.ok(choices.includes(m[1]), `the true answer was among the choices: ${m[1]} in ${choices}`);
      assert.notEqual(m[1], choices[chosen]);
      truths.push(m[1]);
    }
    assert.equal(await page.getByTestId('predict-score').textContent(), `${right} of ${truths.length}`);
    const goOn = page.getByTestId('predict-continue');
    if (await goOn.count()) await goOn.click();
  }
  return { truths, score: await page.getByTestId('predict-score').textContent() };
}

for (const preset of SEEDS) {
  test(`predict: a whole session on ${preset} ends with a full score when the true answers are chosen`, async () => {
    const { context, page, problems } = await openApp(browser, { hash: `#v=1&p=${preset}&speed=10` });
    const toggle = page.getByTestId('predict');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await page.getByTestId('predict-score').waitFor();

    // First the first choice each time, learning the true answers from the reveals.
    const learnt = await session(page, () => 0);
    assert.ok(learnt.truths.length >= 1, `${preset} asks something`);
    // Then the true answers: a full score.
    const full = await session(page, (choices, i) => choices.indexOf(learnt.truths[i]));
    assert.deepEqual(full.truths, learnt.truths, 'the same questions, the same answers');
    const n = learnt.truths.length;
    assert.equal(full.score, `${n} of ${n}`);
    // And a wrong answer each time: a lower score.
    const wrong = await session(page, (choices, i) => choices.findIndex((c) => c !== learnt.truths[i]));
    assert.equal(wrong.score, `0 of ${n}`);
    if (preset === 'two-tasks') await screenshot(page, 'learn-predict-end');
    assert.deepEqual(problems, { consoleErrors: [], failedRequests: [], pageErrors: [] });
    await context.close();
  });
}

test('predict: by keyboard alone, focus moves to the question and to Continue', async () => {
  const { context, page } = await openApp(browser, { hash: '#v=1&p=blocking&speed=10&quiz=1' });
  await page.getByTestId('play').click();
  await page.getByTestId('predict-question').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'predict-question');
  await screenshot(page, 'learn-question-desktop');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'predict-choice');
  await page.keyboard.press('Enter');
  await page.getByTestId('predict-result').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'predict-continue');
  assert.equal(await page.locator('.predict-body').getAttribute('aria-live'), 'polite');
  await screenshot(page, 'learn-reveal-desktop');
  await page.keyboard.press('Enter');
  await page.getByTestId('predict-question').waitFor();
  assert.match(await page.getByTestId('predict-score').textContent(), /^[01] of 1$/);
  await context.close();
});

test('predict: a quiz=1 link opens in predict mode, in Japanese too', async () => {
  const { context, page } = await openApp(browser, {
    hash: '#v=1&p=two-tasks&quiz=1&lang=ja',
    viewport: { width: 360, height: 740 },
    colorScheme: 'dark',
  });
  const toggle = page.getByTestId('predict');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await toggle.textContent(), '予想モード');
  assert.equal(await page.getByTestId('predict-score').textContent(), '0問中0問正解');
  await page.getByTestId('play').click();
  await page.getByTestId('predict-question').waitFor();
  assert.match(await page.getByTestId('predict-question').textContent(), /でしょう？$/);
  await screenshot(page, 'learn-question-narrow-dark-ja');
  // Turning it off leaves the link without the key.
  await toggle.click();
  assert.equal(await page.getByTestId('predict-panel').count(), 0);
  await page.waitForFunction(() => !location.hash.includes('quiz=1'));
  await context.close();
});

test('await tree: two-tasks at its first clock jump shows who awaits whom', async () => {
  // After 33 events of two-tasks (time 0), main awaits Task-2 and both sleep.
  const { context, page } = await openApp(browser, { hash: '#v=1&p=two-tasks&t=0&e=33' });
  await page.getByTestId('await-tree-tab').click();
  assert.equal(await page.getByTestId('await-tree-tab').getAttribute('aria-selected'), 'true');
  const tree = page.getByTestId('await-tree');
  await tree.waitFor();
  assert.equal(
    await tree.textContent(),
    'Task-1 (main)\n  Task-2 (func1)\n    sleep() until 1.000 s\nTask-3 (func2)\n  sleep() until 1.000 s\n',
  );
  await screenshot(page, 'learn-await-tree-desktop');
  // The diagram's description, which screen readers read, holds the same chains.
  await page.getByTestId('diagram-tab').click();
  const desc = await page.locator('[data-testid=diagram] desc').textContent();
  assert.match(desc, /Await tree: Task-1 \(main\) → Task-2 \(func1\) → sleep\(\) until 1\.000 s/);
  // The tabs follow the ARIA pattern: one tab stop, arrows choose and focus.
  await page.getByTestId('diagram-tab').focus();
  await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid=await-tree-tab][aria-selected=true]:focus').waitFor();
  await tree.waitFor();
  assert.equal(await page.getByTestId('diagram-tab').getAttribute('tabindex'), '-1');
  await page.keyboard.press('Home');
  await page.locator('[data-testid=diagram-tab][aria-selected=true]:focus').waitFor();
  await page.getByTestId('diagram').waitFor();
  // At the start nothing runs yet, and the tree says so.
  await page.getByTestId('to-start').click();
  await page.getByTestId('await-tree-tab').click();
  assert.equal(await tree.textContent(), '');
  assert.match(await page.locator('.tree-empty').textContent(), /No task is waiting/);
  await context.close();
});

test('await tree: narrow and dark, in Japanese', async () => {
  const { context, page } = await openApp(browser, {
    hash: '#v=1&p=thread-pool&t=0&lang=ja',
    viewport: { width: 360, height: 740 },
    colorScheme: 'dark',
  });
  await settled(page);
  // Step until a job runs on a worker thread.
  await page.getByTestId('await-tree-tab').click();
  for (let i = 0; i < 80; i++) {
    if (/で実行中/.test(await page.getByTestId('await-tree').textContent())) break;
    await page.getByTestId('step-forward').click();
  }
  assert.match(await page.getByTestId('await-tree').textContent(), /run_in_executor\(func1\)\n {4}submit\(func1\)\n {6}func1（ThreadPoolExecutor-0_0 で実行中）/);
  assert.equal(await page.getByTestId('await-tree-tab').textContent(), 'await ツリー');
  await screenshot(page, 'learn-await-tree-narrow-dark-ja');
  await context.close();
});
