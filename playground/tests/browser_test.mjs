// The playground page in headless Chromium (Debian's chromium, driven by puppeteer-core):
// starts `actlab serve --port 0`, opens the page, picks activations, trains, and checks that
// the loss falls, the heatmap and the charts draw, a shared link restores the state, a
// comparison of two configurations runs, the export answers, and the console stays clean;
// then saves a screenshot.
//   node browser_test.mjs --actlab build/actlab [--screenshot FILE.png] [--chromium /usr/bin/chromium]
// Exit 0: passed; 1: failed (the check is named); 77: skipped, only when Chromium cannot start.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const SKIP = 77;
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const actlab = args.actlab;
const chromium = args.chromium || '/usr/bin/chromium';
if (!actlab || !existsSync(actlab)) {
  console.error(`usage: node browser_test.mjs --actlab PATH-TO-actlab [--screenshot FILE.png]; got ${actlab}`);
  process.exit(1);
}

let passed = 0;
function check(ok, what) {
  if (!ok) throw new Error(`FAILED: ${what}`);
  passed += 1;
  console.log(`ok - ${what}`);
}

// ---------------------------------------------------------------- Chromium first: skip fast

let browser;
try {
  if (!existsSync(chromium)) throw new Error(`${chromium} does not exist (Debian's chromium package)`);
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // Root has no sandbox to drop into; /dev/shm is small in containers.
    args: [...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', '--disable-gpu'],
    timeout: 20000,
  });
} catch (err) {
  console.log(`SKIP: Chromium cannot start: ${err.message.split('\n')[0]}`);
  process.exit(SKIP);
}

// ---------------------------------------------------------------- the server

const server = spawn(actlab, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`actlab serve printed no URL in 10 s: ${out}`)), 10000);
  server.stdout.on('data', chunk => {
    out += chunk;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) {
      clearTimeout(timer);
      resolve(m[0]);
    }
  });
  server.on('exit', code => reject(new Error(`actlab serve exited (${code}) before listening: ${out}`)));
});

const consoleErrors = [];
async function open(target) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1000 });
  page.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(`${msg.text()} (${msg.location().url || ''})`); });
  page.on('pageerror', err => consoleErrors.push(`page error: ${err.message}`));
  await page.goto(target, { waitUntil: 'load' });
  await page.waitForFunction(() => window.playground && window.playground.snapshot, { timeout: 15000 });
  return page;
}

const snapshot = page => page.evaluate(() => window.playground.snapshot);
const stepOf = async page => (await snapshot(page)).step;

async function trainUntil(page, steps) {
  await page.evaluate(() => { window.playground.playing = false; });
  await page.click('#play');
  await page.waitForFunction(n => window.playground.snapshot.step >= n || window.playground.snapshot.state === 'done',
                             { timeout: 30000, polling: 100 }, steps);
  await page.click('#play');  // pause
  await page.waitForFunction(() => window.playground.snapshot.state === 'paused' || window.playground.snapshot.state === 'done',
                             { timeout: 5000, polling: 50 });
}

// A new run follows each change; wait until its first snapshot (step 0) has come.
async function waitNewRun(page, networks) {
  await page.waitForFunction(n => {
    const p = window.playground;
    return p.settled() && p.snapshot.networks.length === n && p.snapshot.step === 0;
  }, { timeout: 15000, polling: 50 }, networks);
}

// Distinct colours on a canvas: a blank or single-colour canvas has one or two.
function colours(page, selector) {
  return page.$eval(selector, c => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    let blue = 0, orange = 0;
    for (let i = 0; i < d.length; i += 4) {
      seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      if (d[i + 2] > d[i] + 40) blue += 1;
      if (d[i] > d[i + 2] + 40) orange += 1;
    }
    return { distinct: seen.size, blue, orange, pixels: d.length / 4 };
  });
}

async function selectActivation(page, layer, name) {
  await page.select(`select[data-field="activation"][data-layer="${layer}"]`, name);
}

try {
  const page = await open(url);
  const catalog = await page.evaluate(() => window.playground.catalog);
  check(catalog.activations.length > 10, `the catalogue offers ${catalog.activations.length} activations`);
  check(await page.$eval('#dataset', s => s.options.length) === catalog.datasets.length, 'every data set is offered');

  // Activations picked per layer, on the circle: it trains in a few hundred steps.
  await page.select('#dataset', 'circle');
  await selectActivation(page, 0, 'tanh');
  await selectActivation(page, 1, 'leaky_relu');
  await waitNewRun(page, 1);
  const state = await page.evaluate(() => window.playground.state);
  check(state.data.name === 'circle' && state.networks[0].layers[0].activation === 'tanh'
        && state.networks[0].layers[1].activation === 'leaky_relu', 'the chosen data set and activations are the state');
  await page.waitForFunction(() => Chart.getChart(document.getElementById('curve-chart')).data.datasets[0].data.length === 201,
                             { timeout: 5000 });
  check(true, "the activation's f and f' come from /api/curve (201 points)");

  const before = (await snapshot(page)).networks[0].train.loss;
  await trainUntil(page, 400);
  const after = await snapshot(page);
  check(after.step >= 400, `trained to step ${after.step}`);
  check(after.networks[0].train.loss < 0.5 * before,
        `the train loss fell: ${before} at step 0 -> ${after.networks[0].train.loss} at step ${after.step}`);
  check(after.networks[0].train.accuracy > 0.9, `train accuracy ${after.networks[0].train.accuracy} on the circle`);

  const map = await colours(page, '#maps canvas');
  check(map.distinct > 50 && map.blue > map.pixels * 0.05 && map.orange > map.pixels * 0.05,
        `the heatmap drew both classes (${map.distinct} colours, ${map.blue} blue and ${map.orange} orange pixels)`);
  const units = await page.$$eval('#units canvas', cs => cs.length);
  check(units === 16, `a heatmap per hidden unit (${units})`);
  for (const id of ['loss-chart', 'accuracy-chart']) {
    const points = await page.evaluate(i => Chart.getChart(document.getElementById(i)).data.datasets.map(s => s.data.length), id);
    const drawn = await colours(page, `#${id}`);
    check(points.every(n => n > 5) && drawn.distinct > 10, `the ${id} drew train and test curves (${points} points)`);
  }
  const cards = await page.$$eval('#diagnostics .layer-card', cs => cs.length);
  check(cards === 2, `diagnostics for the two hidden layers (${cards} cards)`);
  const dead = await page.$eval('#diagnostics .meter.dead b', b => b.textContent);
  check(/dead \d+%/.test(dead), `the dead fraction is shown (${dead})`);

  // The link reproduces the configuration in a new tab.
  const link = await page.evaluate(() => location.href);
  check(link.includes('#state='), 'the state is in the URL');
  const copy = await open(link);
  const restored = await copy.evaluate(() => window.playground.state);
  check(JSON.stringify(restored) === JSON.stringify(state),
        `a shared link restores the whole state${JSON.stringify(restored) === JSON.stringify(state) ? '' : `: ${JSON.stringify(restored)} != ${JSON.stringify(state)}`}`);
  check(await copy.$eval('select[data-field="activation"][data-layer="0"]', s => s.value) === 'tanh', 'the restored page shows the chosen activation');
  await copy.close();

  // A race: ReLU against sigmoid on the two spirals, same data and seed.
  await page.select('#dataset', 'spiral');
  await selectActivation(page, 0, 'relu');
  await selectActivation(page, 1, 'relu');
  await page.click('#network-tabs [data-tab="add"]');
  await selectActivation(page, 0, 'sigmoid');
  await page.click('#network-editor [data-action="same-activation"]');
  await waitNewRun(page, 2);
  const labels = await page.evaluate(() => window.playground.state.networks.map(n => n.label));
  check(labels.join() === 'relu,sigmoid', `two configurations: ${labels}`);
  await trainUntil(page, 1500);
  const race = await snapshot(page);
  check(race.networks.length === 2 && race.boundary.values.length === 2, 'the comparison trained both networks');
  const sets = await page.evaluate(() => Chart.getChart(document.getElementById('loss-chart')).data.datasets.map(s => s.data.length));
  check(sets.length === 4 && sets.every(n => n > 5), `both networks' curves on one chart (${sets})`);
  check(await page.$$eval('#maps canvas', cs => cs.length) === 2, 'a heatmap per network');
  console.log(`   spirals at step ${race.step}: relu test accuracy ${race.networks[0].test.accuracy}, sigmoid ${race.networks[1].test.accuracy}`);

  await page.click('#export');
  await page.waitForFunction(() => document.getElementById('export-dialog').open, { timeout: 5000 });
  const exported = await page.evaluate(() => [document.getElementById('export-command').textContent, document.getElementById('export-pytorch').textContent]);
  check(exported[0].startsWith('actlab train') && exported[1].includes('actlab.torch'), 'export shows the command line and the PyTorch script');
  await page.click('#export-dialog form button');

  if (args.screenshot) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: args.screenshot, fullPage: true });
    console.log(`   screenshot: ${args.screenshot}`);
  }

  // A parameter of an activation: PReLU with one learned slope per unit of an 8-unit layer.
  await page.click('#network-editor [data-action="remove-net"]');
  await selectActivation(page, 0, 'prelu');
  const slopes = await page.$('input[data-layer="0"][data-param="num_parameters"]');
  await slopes.click({ clickCount: 3 });
  await slopes.type('8');
  await page.keyboard.press('Tab');
  await waitNewRun(page, 1);
  await page.click('#step');
  await page.waitForFunction(() => window.playground.snapshot.step > 0, { timeout: 5000, polling: 50 });
  const learned = (await snapshot(page)).networks[0].layers[0].weights;
  check(learned.length === 8 && (await page.$eval('#diagnostics .weights', w => w.textContent)).startsWith('learned:'),
        `prelu(num_parameters=8) trains and shows its 8 slopes (${learned})`);

  // The digits: sample images and a confusion matrix instead of a boundary.
  if (catalog.datasets.some(d => d.name === 'digits')) {
    await page.select('#dataset', 'digits');
    await waitNewRun(page, 1);
    await trainUntil(page, 100);
    const digits = await snapshot(page);
    check(digits.samples && (await page.$$eval('#samples canvas', cs => cs.length)) === digits.samples.images.length,
          `digit samples drawn (${digits.samples && digits.samples.images.length})`);
    check(await page.$$eval('#confusions table', ts => ts.length) === 1 && !(await page.$eval('#confusion-view', v => v.hidden)),
          'the confusion matrix is shown');
    check(await page.$eval('#maps-view', v => v.hidden), 'no boundary for images');
  }

  check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? `: ${consoleErrors.join(' | ')}` : ''}`);
  console.log(`${passed} passed, 0 failed`);
} catch (err) {
  console.log(err.message);
  if (consoleErrors.length) console.log(`console errors: ${consoleErrors.join(' | ')}`);
  console.log(`${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
