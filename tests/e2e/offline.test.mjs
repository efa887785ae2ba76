// After one visit the playground opens and runs with the network off (the
// service worker `cargo xtask dist` writes precaches the build), and a new
// deploy replaces the cached build whole on the next visit.
//
// These are the only tests that let the service worker run: the others block
// it (lib.mjs), so that no test is answered from a cache another one filled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { launch, screenshot, settled, BASE_URL } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The build id index.html is stamped with. */
const buildOf = (page) => page.locator('meta[name=loopscope-build]').getAttribute('content');

/** Waits until a service worker controls the page and its cache is full. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  return page.evaluate(() => caches.keys());
}

/**
 * Waits until the only cache is the one of `build` (the worker deletes the
 * old ones when it activates).
 */
async function onlyCacheOf(page, build) {
  await page.evaluate((build) => new Promise((resolve, reject) => {
    const timer = setTimeout(async () => reject(new Error(`caches after 60 s: ${await caches.keys()}`)), 60_000);
    const check = async () => {
      const keys = await caches.keys();
      if (keys.length === 1 && keys[0].endsWith(` ${build}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    // A worker that skips waiting controls the page as soon as it starts
    // activating, before its clean-up has run: the check runs again when
    // the controller has finished activating.
    const watch = () => {
      navigator.serviceWorker.controller?.addEventListener('statechange', check);
      check();
    };
    navigator.serviceWorker.addEventListener('controllerchange', watch);
    watch();
  }), build);
}

/** Picks a preset, plays it to the end and returns its console lines. */
async function runPreset(page, id) {
  await page.getByTestId('preset-select').selectOption(id);
  await settled(page);
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('play').click();
  await page.waitForFunction(() => {
    const clock = document.querySelector('[data-testid=clock]')?.textContent;
    const play = document.querySelector('[data-testid=play]')?.textContent ?? '';
    return clock === document.querySelector('[data-testid=total-time]')?.textContent && !play.includes('Pause');
  }, null, { timeout: 30_000 });
  return page.getByTestId('console-line').locator('.text').allTextContents();
}

/** Opens `url` in a fresh context and waits for the app to run. */
async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  await page.goto(url);
  await page.waitForSelector('[data-testid=diagram]');
  await settled(page);
  return { context, page, pageErrors };
}

test('offline: after one visit the page opens and runs a preset with the network off', async () => {
  const { context, page, pageErrors } = await open(BASE_URL);
  const build = await buildOf(page);
  assert.match(build ?? '', /^[0-9a-f]{16}$/, 'index.html is stamped with the build id');
  const caches = await controlled(page);
  assert.equal(caches.length, 1, `one cache for the build: ${caches}`);
  assert.ok(caches[0].endsWith(` ${build}`), `the cache is named after the build: ${caches[0]}`);

  await context.setOffline(true);
  // The network really is off: a file the worker does not cache fails.
  const missing = await page.evaluate(() => fetch('not-in-the-build.txt').then(() => 'loaded', () => 'failed'));
  assert.equal(missing, 'failed');
  await page.reload();
  await page.waitForSelector('[data-testid=diagram]');
  await settled(page);
  assert.equal(await buildOf(page), build);
  assert.deepEqual(await runPreset(page, 'hello'), ['Hello', 'World']);
  await screenshot(page, 'offline-hello');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

/**
 * Serves one of `sites` (folders) under the same sub-path as the main tests,
 * switchable with `serve(i)`, on one origin, so that the same service worker
 * registration sees both deploys.
 */
async function switchableServer(sites) {
  const prefix = new URL(BASE_URL).pathname;
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };
  let current = 0;
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const rest = path.startsWith(prefix) ? path.slice(prefix.length) || 'index.html' : null;
    const file = rest === null ? null : normalize(join(sites[current], rest));
    if (file === null || !file.startsWith(sites[current]) || !(await stat(file).then((s) => s.isFile(), () => false))) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(await readFile(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, requests, serve: (i) => { current = i; }, close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }) };
}

test('offline: a new deploy replaces the cached build on the next visit, whole', async () => {
  const sites = [process.env.LOOPSCOPE_SITE, process.env.LOOPSCOPE_SITE_NEXT];
  assert.ok(sites.every(Boolean), 'LOOPSCOPE_SITE and LOOPSCOPE_SITE_NEXT are set by `cargo xtask test`');
  const server = await switchableServer(sites);
  try {
    const { context, page, pageErrors } = await open(server.url);
    const first = await buildOf(page);
    const [firstCache] = await controlled(page);

    // Deploy the next build; the next visit (online) gets it from the
    // network, and its worker takes over with a cache of its own.
    server.serve(1);
    await page.reload();
    await page.waitForSelector('[data-testid=diagram]');
    const second = await buildOf(page);
    assert.notEqual(second, first, 'the reload shows the new deploy');
    await onlyCacheOf(page, second);
    assert.notEqual((await page.evaluate(() => caches.keys()))[0], firstCache, 'the old build\'s cache is gone');
    // Everything the page loaded is of the new build: no old hashed file.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    const oldNames = (await readFile(join(sites[0], 'sw.js'), 'utf8')).match(/const FILES = (\[.*\]);/)[1];
    const stale = JSON.parse(oldNames).filter((name) => /[0-9a-f]{12}/.test(name) && scripts.some((url) => url.endsWith(`/${name}`)));
    assert.deepEqual(stale, [], 'no file of the old build was loaded');

    // Offline, the new build opens from its cache and runs.
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=diagram]');
    assert.equal(await buildOf(page), second);
    assert.deepEqual(await runPreset(page, 'hello'), ['Hello', 'World']);
    assert.deepEqual(pageErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test('the service worker is registered only once the page shows what it opened with', async () => {
  // Installing the worker downloads the whole build again: registered on
  // `load`, it competed with the app's start for the network and the cores.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      window.__atRegister = {
        sections: document.querySelectorAll('[data-testid=diagram] .section').length,
        total: document.querySelector('[data-testid=total-time]')?.textContent ?? '',
      };
      return register.apply(this, args);
    };
  });
  const page = await context.newPage();
  await page.goto(BASE_URL);
  await page.waitForFunction(() => window.__atRegister !== undefined, null, { timeout: 30_000 });
  const seen = await page.evaluate(() => window.__atRegister);
  assert.ok(seen.sections >= 5 && /\d\.\d{3} s/.test(seen.total), `registered before the diagram was shown: ${JSON.stringify(seen)}`);
  // It still takes control and fills its cache.
  const keys = await controlled(page);
  assert.equal(keys.length, 1, `${keys}`);
  await context.close();
});
