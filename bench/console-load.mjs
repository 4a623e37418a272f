// Measures the console's first visit in Chromium (driven by playwright-core): every byte transferred (the HTTP
// bodies as they came over the wire, with their headers' size beside them), the number of requests, and the time
// from navigation start to the first render of the sign-in screen (the console's performance mark 'console-screen'), for a cold
// cache each time. Usage: node bench/console-load.mjs <playwright-core dir> <chromium> <base URL> <runs>
// Prints one JSON line.
import { createRequire } from 'node:module';

const [playwrightDir, chromiumPath, base, runsArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { chromium } = require(playwrightDir);
const runs = Number(runsArg || 5);

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
const results = [];
for (let i = 0; i < runs; i += 1) {
  const context = await browser.newContext(); // a new context: nothing cached
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send('Network.enable');
  const sizes = new Map();
  client.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  const started = Date.now();
  await page.goto(`${base}/console`, { waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Sign in to the Keygate console' }).waitFor();
  await page.getByLabel('Token').waitFor();
  // the console marks the moment its first screen is in the DOM (app.js); the browser paints it right after
  const firstRender = await page.evaluate(() => performance.getEntriesByName('console-screen')[0].startTime);
  const wall = Date.now() - started;
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  for (const size of sizes.values()) bytes += size;
  results.push({ bytes, requests: sizes.size, firstRenderMs: firstRender, wallMs: wall });
  await context.close();
}
await browser.close();
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({
  runs,
  transferBytes: median(results.map((r) => r.bytes)),
  requests: median(results.map((r) => r.requests)),
  firstRenderMsMedian: Math.round(median(results.map((r) => r.firstRenderMs))),
  firstRenderMsMax: Math.round(Math.max(...results.map((r) => r.firstRenderMs))),
  perRun: results.map((r) => ({ ...r, firstRenderMs: Math.round(r.firstRenderMs) })),
}));
