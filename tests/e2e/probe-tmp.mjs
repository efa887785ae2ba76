import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
for (let i = 0; i < 12; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = [];
  const t0 = Date.now();
  page.on('request', (r) => { if (r.url().includes('.wasm')) log.push(`${Date.now()-t0} req ${r.resourceType()} ${r.url().slice(-20)}`); });
  page.on('requestfinished', (r) => { if (r.url().includes('.wasm')) log.push(`${Date.now()-t0} done ${r.resourceType()}`); });
  page.on('requestfailed', (r) => log.push(`${Date.now()-t0} FAIL ${r.resourceType()} ${r.url().slice(-20)} ${r.failure()?.errorText}`));
  await page.goto('http://127.0.0.1:18999/some/sub/path/');
  await page.waitForSelector('[data-testid=diagram]');
  await page.getByTestId('preset-select').selectOption('blocking');
  await page.waitForTimeout(1500);
  console.log(log.join('\n'));
  await context.close();
}
await browser.close();
