// Sharing: links that restore the exact scenario and moment, bad links that
// never break the page, drafts that survive reloads and links, embedding in
// an iframe, downloads that parse, and hostile content that never executes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { launch, openApp, screenshot, BASE_URL, settled, NO_SERVICE_WORKER } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const noProblems = { consoleErrors: [], failedRequests: [], pageErrors: [] };

/** What a person sees of the scenario: code, total, clock and console. */
async function seen(page) {
  return {
    code: await page.getByTestId('code-editor').inputValue(),
    total: await page.getByTestId('total-time').textContent(),
    clock: await page.getByTestId('clock').textContent(),
    console: await page.getByTestId('console-line').locator('.text').allTextContents(),
    narration: await page.getByTestId('narration').textContent(),
  };
}

test('a shared link opens the same code, run and moment in a fresh browser', async () => {
  const { context, page, problems } = await openApp(browser);
  // Edit the code, move a slider and step to a moment.
  const editor = page.getByTestId('code-editor');
  await editor.fill((await editor.inputValue()).replace("print('func2() finished')", "print('func2() done, bye')"));
  await page.waitForFunction(() => !document.querySelector('.app.stale'));
  await page.getByTestId('slider').nth(1).evaluate((el) => { el.value = '2.5'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.getByTestId('total-time').filter({ hasText: '2.500 s' }).waitFor();
  await page.getByTestId('scrubber').evaluate((el) => { el.value = '1.2'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  for (let i = 0; i < 3; i++) await page.getByTestId('step-forward').click();
  const before = await seen(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('share').click();
  await page.getByTestId('share-status').filter({ hasText: /copied/ }).waitFor();
  const url = await page.getByTestId('share-url').inputValue();
  assert.ok(url.startsWith(BASE_URL + '#v=1&'), url);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  await screenshot(page, 'share-panel');

  const fresh = await browser.newContext({ ...NO_SERVICE_WORKER, viewport: { width: 1440, height: 900 } });
  const other = await fresh.newPage();
  await other.goto(url);
  await other.getByTestId('diagram').waitFor();
  await settled(other);
  assert.deepEqual(await seen(other), before);
  await fresh.close();
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('a preset link is short and readable', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('blocking');
  await settled(page);
  await page.getByTestId('slider').first().evaluate((el) => { el.value = '1.5'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  // A move shows with its run (or after AHEAD_MS), as a person sees it
  // before reaching for Share; a click in between shares the shown state.
  await page.waitForFunction(() => document.querySelector('[data-testid=code-editor]')?.value.includes('time.sleep(1.5)'));
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.ok(url.length < 120, `${url.length}: ${url}`);
  assert.match(url, /#v=1&p=blocking&s=0:1\.5/);
  await page.waitForFunction(() => location.hash.slice(1).startsWith('v=1&p=blocking&s=0:1.5'));
  assert.deepEqual(problems, noProblems);
  await context.close();
});

const BAD_LINKS = [
  ['damaged', '#v=1&c=%%%'],
  ['truncated', '#v=1&c=A4JwlgdgLgFA5ACzHA'],
  ['unknown version', '#v=9&p=two-tasks'],
  ['unknown preset', '#v=1&p=no-such-thing'],
  ['no version', '#p=two-tasks'],
  ['oversized', '#v=1&c=' + 'A'.repeat(70 * 1024)],
  ['hostile', '#v=1&p=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'],
];

for (const [what, hash] of BAD_LINKS) {
  test(`a ${what} link shows a banner and the default scenario, and keeps the draft`, async () => {
    const context = await browser.newContext({ ...NO_SERVICE_WORKER, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = { consoleErrors: [], pageErrors: [] };
    page.on('console', (m) => { if (m.type() === 'error') problems.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
    // A draft exists from an earlier visit.
    await page.goto(BASE_URL);
    await page.getByTestId('preset-select').selectOption('future');
    await settled(page);
    await page.waitForFunction(() => localStorage.getItem('loopscope.draft')?.includes('p=future'));
    await page.goto(BASE_URL + hash);
    await page.reload();
    const banner = page.getByTestId('banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), /could not be opened/);
    assert.equal(await page.getByTestId('preset-select').inputValue(), 'two-tasks');
    assert.match(await page.evaluate(() => localStorage.getItem('loopscope.draft')), /p=future/);
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [] });
    await context.close();
  });
}

test('the draft survives a reload, and a shared link keeps it restorable', async () => {
  const context = await browser.newContext({ ...NO_SERVICE_WORKER, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE_URL);
  const editor = page.getByTestId('code-editor');
  await editor.fill('import asyncio\n\nasync def main():\n    print("my draft")\n\nasyncio.run(main())\n');
  await page.waitForFunction(() => !document.querySelector('.app.stale'));
  await page.waitForFunction(() => localStorage.getItem('loopscope.draft')?.includes('&c='));
  await page.goto(BASE_URL);
  await page.reload();
  await page.getByTestId('diagram').waitFor();
  assert.match(await editor.inputValue(), /my draft/);
  // A link to something else replaces the view; the draft can come back.
  await page.goto(BASE_URL + '#v=1&p=hello');
  await page.reload();
  await page.getByTestId('restore-draft').waitFor();
  assert.match(await editor.inputValue(), /say_hello/);
  await page.getByTestId('restore-draft').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=code-editor]').value.includes('my draft'));
  await context.close();
});

test('back and forward move between the presets the user chose', async () => {
  const { context, page, problems } = await openApp(browser);
  // Each choice is in the address bar (a history entry) before the next step,
  // as it is for a person who looks before pressing Back.
  const inAddress = (id) => page.waitForFunction((p) => location.hash.includes(`p=${p}`), id);
  await page.getByTestId('preset-select').selectOption('blocking');
  await settled(page);
  await inAddress('blocking');
  await page.getByTestId('preset-select').selectOption('future');
  await settled(page);
  await inAddress('future');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid=preset-select]').value === 'blocking');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-testid=preset-select]').value === 'future');
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('embed mode renders inside an iframe with an Open in Loopscope link', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('preset-select').selectOption('blocking');
  await settled(page);
  await page.getByTestId('embed').click();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  assert.match(snippet, /^<iframe [^>]*src="[^"]*embed=1/);
  // Serve a test article that embeds the snippet, on another port.
  const article = `<!doctype html><html lang="en"><title>article</title><h1>An article</h1>${snippet}</html>`;
  const server = createServer((req, res) => { res.setHeader('content-type', 'text/html'); res.end(article); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = await context.newPage();
  await host.goto(`http://127.0.0.1:${server.address().port}/`);
  const frame = host.frameLocator('iframe');
  await frame.getByTestId('diagram').waitFor();
  // The run comes from the engine's worker after the page has painted.
  await frame.getByTestId('total-time').filter({ hasText: '2.000 s' }).waitFor();
  assert.equal(await frame.getByTestId('code-editor').count(), 0);
  const open = frame.getByTestId('open-in-loopscope');
  assert.doesNotMatch(await open.getAttribute('href'), /embed=1/);
  await frame.getByTestId('to-end').click();
  await frame.getByTestId('clock').filter({ hasText: '2.000 s' }).waitFor();
  await screenshot(host, 'embed-in-article');
  server.close();
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('downloads parse: trace JSON, Chrome trace and both SVGs', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('to-end').click();
  await page.getByTestId('share').click();
  const grab = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    return readFile(await download.path(), 'utf8');
  };
  const trace = JSON.parse(await grab('export-json'));
  assert.equal(trace.schema, 2);
  assert.ok(trace.events.length > 50);
  const chrome = JSON.parse(await grab('export-chrome'));
  assert.ok(Array.isArray(chrome.traceEvents));
  const names = chrome.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args.name);
  assert.ok(names.some((n) => n.includes('func1')), names.join(', '));
  assert.ok(chrome.traceEvents.some((e) => e.ph === 'i' && e.args?.text === 'func1() started'));
  assert.ok(chrome.traceEvents.some((e) => e.ph === 'X' && e.dur >= 0));
  for (const id of ['export-diagram', 'export-timeline']) {
    const svg = await grab(id);
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // The file renders on its own in the browser.
    const check = await context.newPage();
    await check.setContent(`<img id="i" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
    const ok = await check.evaluate(() => new Promise((resolve) => {
      const img = document.getElementById('i');
      if (img.complete) resolve(img.naturalWidth > 0);
      img.onload = () => resolve(img.naturalWidth > 0);
      img.onerror = () => resolve(false);
    }));
    assert.ok(ok, `${id} renders`);
    await check.close();
  }
  assert.deepEqual(problems, noProblems);
  await context.close();
});

test('hostile code and output in a link are shown as text and never run', async () => {
  const context = await browser.newContext({ ...NO_SERVICE_WORKER, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(BASE_URL);
  await page.getByTestId('diagram').waitFor();
  const payload = [
    '# <script>alert("code")</script>',
    'print("<script>alert(1)</script>")',
    'print("<img src=x onerror=alert(2)>")',
    'print("javascript:alert(3)")',
    'raise ValueError("<img src=y onerror=alert(4)>")',
    '',
  ].join('\n');
  await page.getByTestId('code-editor').fill(payload);
  await page.waitForFunction(() => !document.querySelector('.app.stale'));
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  const victim = await context.newPage();
  victim.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await victim.goto(url);
  await victim.getByTestId('diagram').waitFor();
  await victim.getByTestId('to-end').click();
  const lines = await victim.getByTestId('console-line').locator('.text').allTextContents();
  assert.deepEqual(lines.slice(0, 3), ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', 'javascript:alert(3)']);
  assert.match(await victim.getByTestId('error').textContent(), /ValueError: <img src=y onerror=alert\(4\)>/);
  assert.equal(await victim.locator('img[src=x], img[src=y]').count(), 0);
  assert.equal(await victim.locator('body script').count(), 0);
  assert.deepEqual(dialogs, []);
  await context.close();
});
