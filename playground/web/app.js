// The playground page: reads the catalogue, keeps the state (state.js) in the URL, turns every
// change into a new run on the server (api.js), and draws each snapshot it streams: heatmaps
// (maps.js), curves (charts.js), per-layer diagnostics (diagnostics.js), digits (digits.js).
import { RunClient, request } from './api.js';
import { ActivationChart, CurveChart } from './charts.js';
import { parseCsv } from './csv.js';
import { showDiagnostics } from './diagnostics.js';
import { showConfusions, showSamples } from './digits.js';
import { NetworkEditor } from './editor.js';
import { colorScale, drawAxes, drawGrid, drawPoints, fromCanvas, unitScale } from './maps.js';
import { COLORS, dataKind, decodeState, defaultState, encodeState, escapeHtml, lossesFor, runBody, sanitize, spec } from './state.js';

const $ = id => document.getElementById(id);
const DATASET_NAMES = { circle: 'Circle', xor: 'XOR', gauss: 'Gaussian blobs', spiral: 'Spiral, 2 arms',
                        spiral3: 'Spiral, 3 arms (3 classes)', moons: 'Moons', noise: 'Noise (nothing to learn)',
                        plane: 'Regression: plane', gauss_regression: 'Regression: Gaussian bumps',
                        custom: 'Your points (click or CSV)', digits: 'Digits (images, 10 classes)' };

const page = {
  catalog: null,
  state: null,
  run: null,          // the server's answer to POST /api/runs
  snapshot: null,     // the last snapshot
  lastPoints: null,   // the last 2-D set's points, for "copy the last set's points"
  playing: false,     // what the user asked for, kept across a new run
  restartTimer: 0,
  runKey: '',         // the body the current run was made from
  snapshotKey: '',    // the body of the run whose snapshot is shown
  // True once what is shown belongs to the state as it is now (for the browser test).
  settled: () => page.snapshotKey === JSON.stringify(runBody(page.state, page.catalog)),
};

function say(text, kind = 'error') {
  const el = $('message');
  el.hidden = !text;
  el.textContent = text || '';
  el.className = `message ${kind}`;
}

// ---------------------------------------------------------------- state <-> URL and controls

function saveUrl() {
  history.replaceState(null, '', `#state=${encodeState(page.state)}`);
}

function loadUrl() {
  const match = location.hash.match(/state=([A-Za-z0-9_-]+)/);
  if (!match) return defaultState();
  try {
    return sanitize(decodeState(match[1]), page.catalog);
  } catch {
    say('This link holds no readable state: the defaults are shown.', 'warning');
    return defaultState();
  }
}

function kind() {
  return dataKind(page.state, page.catalog);
}

// A data set change may leave a network's loss without meaning (bce on three classes): the
// first loss that fits replaces it.
// Going from regression to classes, or from two classes to more, switches to that kind's usual
// loss (the first that fits) too: squared error on two classes is a choice, not a default.
function fitLosses() {
  const k = kind(), fits = lossesFor(k);
  const key = k.kind === 'regression' ? 'regression' : k.classes > 2 ? 'classes' : 'two';
  const changed = page.kindKey !== undefined && page.kindKey !== key;
  page.kindKey = key;
  for (const n of page.state.networks) if (changed || !fits.includes(n.loss)) n.loss = fits[0];
}

function showDataControls() {
  const s = page.state, d = s.data, k = kind();
  $('dataset').value = d.name;
  $('points').value = d.points;
  $('points-out').textContent = d.points;
  $('noise').value = d.noise;
  $('noise-out').textContent = `${Math.round(d.noise * 100)}%`;
  $('test-fraction').value = d.test_fraction;
  $('test-out').textContent = `${Math.round(d.test_fraction * 100)}%`;
  $('seed').value = s.seed;
  $('max-steps').value = s.max_steps;
  $('custom-options').hidden = d.name !== 'custom';
  $('data-options').hidden = d.name === 'custom';
  const images = d.name === 'digits';
  $('noise').closest('label').hidden = images;  // the images are what they are
  for (const box of $('features').querySelectorAll('input')) {
    box.checked = s.features.includes(box.value);
    box.disabled = images;
  }
  $('features-hint').textContent = images ? 'Digits: the network reads the pixels; features do not apply.' : '';
  $('maps-view').hidden = images;
  $('digits-view').hidden = !images;
  $('custom-class').innerHTML = Array.from({ length: 10 }, (_, c) => `<option${c === Number($('custom-class').value || 0) ? ' selected' : ''}>${c}</option>`).join('');
  $('accuracy-view').hidden = k.kind === 'regression';  // a regression has no accuracy
  $('map-legend').textContent = k.kind === 'regression' ? 'orange low, blue high' : k.classes > 2 ? 'colour: predicted class'
    : 'orange: class 0, blue: class 1; rimmed dark: test points';
}

function bindDataControls() {
  const s = () => page.state;
  $('dataset').innerHTML = page.catalog.datasets.map(d => `<option value="${d.name}">${escapeHtml(DATASET_NAMES[d.name] || d.name)}</option>`).join('');
  $('points').max = page.catalog.limits.points;
  $('features').innerHTML = page.catalog.features.map(f => `<label class="chip"><input type="checkbox" value="${escapeHtml(f)}"> ${escapeHtml(f.replace('^2', '²'))}</label>`).join('');
  const changed = () => { showDataControls(); restart(); };
  $('dataset').addEventListener('change', e => { s().data.name = e.target.value; fitLosses(); editor.render(); changed(); });
  $('points').addEventListener('input', e => { $('points-out').textContent = e.target.value; });
  $('points').addEventListener('change', e => { s().data.points = Number(e.target.value); changed(); });
  $('noise').addEventListener('change', e => { s().data.noise = Number(e.target.value); changed(); });
  $('test-fraction').addEventListener('change', e => { s().data.test_fraction = Number(e.target.value); changed(); });
  $('seed').addEventListener('change', e => {
    const v = Math.round(Number(e.target.value));
    if (Number.isFinite(v) && v >= 0) s().seed = v;
    changed();
  });
  $('regenerate').addEventListener('click', () => { s().seed += 1; changed(); });
  $('max-steps').addEventListener('change', e => {
    const v = Math.round(Number(e.target.value));
    if (v >= 1 && v <= page.catalog.limits.steps) s().max_steps = v;
    changed();
  });
  $('features').addEventListener('change', e => {
    const chosen = [...$('features').querySelectorAll('input:checked')].map(b => b.value);
    if (!chosen.length) {
      e.target.checked = true;  // a network needs one input at least
      return;
    }
    s().features = chosen;
    changed();
  });
  $('custom-clear').addEventListener('click', () => { s().data.custom = []; changed(); });
  $('custom-copy').addEventListener('click', () => {
    const pts = page.lastPoints;
    if (!pts) return say('No 2-D set was shown yet.', 'warning');
    s().data.custom = [...pts.train, ...pts.test].filter(r => r.every(v => v !== null)).slice(0, page.catalog.limits.points);
    changed();
  });
  $('csv-apply').addEventListener('click', () => {
    try {
      s().data.custom = parseCsv($('csv').value, page.catalog.limits.points);
      $('csv-hint').textContent = `${s().data.custom.length} points`;
      fitLosses();
      editor.render();
      changed();
    } catch (err) {
      $('csv-hint').textContent = err.message;
    }
  });
}

// Custom points: a click adds one of the chosen class, shift-click removes the nearest.
function mapClick(event) {
  if (page.state.data.name !== 'custom') return;
  const [x, y] = fromCanvas(event.currentTarget, event);
  const rows = page.state.data.custom;
  if (event.shiftKey) {
    let best = -1, dist = Infinity;
    rows.forEach((r, i) => {
      const d = (r[0] - x) ** 2 + (r[1] - y) ** 2;
      if (d < dist) { dist = d; best = i; }
    });
    if (best >= 0) rows.splice(best, 1);
  } else if (rows.length < page.catalog.limits.points) {
    rows.push([Number(x.toFixed(3)), Number(y.toFixed(3)), Number($('custom-class').value)]);
  }
  fitLosses();
  editor.render();
  showDataControls();
  restart();
}

// ---------------------------------------------------------------- runs

// Every change makes a new run (TensorFlow Playground does the same): a run is its
// configuration. Edits within 250 ms make one run.
function restart() {
  saveUrl();
  clearTimeout(page.restartTimer);
  page.restartTimer = setTimeout(startRun, 250);
}

async function startRun() {
  const s = page.state;
  if (s.data.name === 'custom' && s.data.custom.length < 4) {
    await client.stop();
    page.run = null;
    page.snapshot = null;
    drawEmptyMap();
    setState('paused', 0);
    return say(`Click the map to add points (${s.data.custom.length} of at least 4), or paste CSV.`, 'info');
  }
  try {
    setState('starting', 0);
    const body = runBody(s, page.catalog);
    const created = await client.start(body);
    if (!created) return;
    page.runKey = JSON.stringify(body);
    say('');
    page.run = created;
    page.snapshot = null;
    if (created.points && created.points.train) page.lastPoints = created.points;
    const labels = s.networks.map(n => n.label);
    lossChart.reset(labels);
    accuracyChart.reset(labels);
    buildMaps();
    if (page.playing) await client.control('play');
  } catch (err) {
    setState('error', 0);
    say(err.message);
  }
}

function setState(state, step) {
  $('run-state').textContent = state;
  $('run-state').className = `pill ${state}`;
  $('step-count').textContent = step.toLocaleString('en');
  $('play').innerHTML = page.playing && state === 'running' ? '&#10074;&#10074; Pause' : '&#9654; Play';
}

function onSnapshot(snap) {
  page.snapshot = snap;
  page.snapshotKey = page.runKey;
  if (snap.state === 'done') page.playing = false;
  setState(snap.state, snap.step);
  lossChart.add(snap);
  accuracyChart.add(snap);
  showScoreboard(snap);
  drawMaps(snap);
  const labels = page.state.networks.map(n => n.label);
  if (snap.samples) showSamples($('samples'), snap.samples, labels);
  $('confusion-view').hidden = !snap.confusion;
  if (snap.confusion) showConfusions($('confusions'), snap.confusion, labels);
  showLayers();
}

function showScoreboard(snap) {
  const params = page.run ? page.run.networks : [];
  const f = v => (v === null || v === undefined ? '–' : v.toFixed(3));
  const pct = v => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
  const regression = kind().kind === 'regression';
  $('scoreboard').innerHTML = `<table><tr><th></th><th>parameters</th><th>train loss</th><th>test loss</th>${regression ? '' : '<th>train acc.</th><th>test acc.</th>'}</tr>`
    + snap.networks.map((n, i) => `<tr><th style="color:${COLORS[i]}">● ${escapeHtml(n.label)}</th><td>${params[i] ? params[i].parameters : ''}</td>
      <td>${f(n.train.loss)}</td><td>${f(n.test.loss)}</td>${regression ? '' : `<td>${pct(n.train.accuracy)}</td><td>${pct(n.test.accuracy)}</td>`}</tr>`).join('')
    + '</table>';
}

// ---------------------------------------------------------------- heatmaps

function mapSize() {
  return page.state.networks.length > 1 ? 220 : 300;
}

function buildMaps() {
  const size = mapSize();
  $('maps').innerHTML = page.state.networks.map((n, i) =>
    `<figure><canvas width="${size}" height="${size}" data-net="${i}" class="${page.state.data.name === 'custom' ? 'clickable' : ''}"></canvas>
     <figcaption style="color:${COLORS[i]}">${escapeHtml(n.label)}</figcaption></figure>`).join('');
  for (const c of $('maps').querySelectorAll('canvas')) c.addEventListener('click', mapClick);
  $('units').innerHTML = '';
  $('units-of').textContent = escapeHtml(page.state.networks[0].label);
  drawEmptyMap();
}

function targetRange() {
  const pts = page.run && page.run.points && page.run.points.train ? page.run.points.train : [];
  let lo = 0, hi = 0;
  for (const p of pts) if (p[2] !== null) { lo = Math.min(lo, p[2]); hi = Math.max(hi, p[2]); }
  return { lo, hi };
}

function points() {
  if (page.run && page.run.points && page.run.points.train) return page.run.points;
  return { train: page.state.data.custom, test: [] };
}

function drawEmptyMap() {
  if (!$('maps').childElementCount) buildMaps();
  for (const c of $('maps').querySelectorAll('canvas')) {
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#e8eaeb';
    ctx.fillRect(0, 0, c.width, c.height);
    drawAxes(c);
    drawPoints(c, points(), kind(), targetRange(), true);
  }
}

function drawMaps(snap) {
  if (!snap.boundary) return;
  const k = kind(), range = targetRange(), color = colorScale(k, range);
  $('maps').querySelectorAll('canvas').forEach((c, i) => {
    const values = snap.boundary.values[i];
    if (!values) return;
    drawGrid(c, values, snap.boundary.size, color);
    drawAxes(c);
    drawPoints(c, points(), k, range, true);
  });
  if (snap.boundary.units) drawUnits(snap.boundary);
}

// Each hidden unit of the first network, layer by layer (the API's order).
function drawUnits(boundary) {
  const root = $('units'), units = boundary.units;
  const layers = page.state.networks[0].layers;
  if (root.childElementCount !== layers.length) {
    let left = units.length;
    root.innerHTML = layers.map((l, i) => {
      const n = Math.max(0, Math.min(l.units, left));
      left -= n;
      return `<div class="unit-layer"><span class="hint">layer ${i + 1}</span>${'<canvas width="48" height="48"></canvas>'.repeat(n)}</div>`;
    }).join('');
  }
  root.querySelectorAll('canvas').forEach((c, u) => {
    if (units[u]) drawGrid(c, units[u], boundary.unit_size, unitScale(units[u]));
  });
}

// ---------------------------------------------------------------- layers: diagnostics, curve

// Every network's layers, one row each: in a race, the dead units of one and the saturated
// units of the other are what explain the curves.
function showLayers() {
  const root = $('diagnostics'), nets = page.state.networks;
  if (root.childElementCount !== nets.length) {
    root.innerHTML = nets.map(() => '<div class="net-diagnostics"><h3></h3><div class="diagnostics"></div></div>').join('');
  }
  nets.forEach((net, i) => {
    const row = root.children[i], title = row.querySelector('h3');
    title.textContent = net.label;
    title.style.color = COLORS[i];
    const described = { label: net.label, layers: net.layers.map(l => ({ units: l.units, spec: spec(l, info(l.activation)) })) };
    showDiagnostics(row.querySelector('.diagnostics'), described, page.snapshot ? page.snapshot.networks[i] : null);
  });
}

function info(name) {
  return page.catalog.activations.find(a => a.name === name);
}

let curveRequest = 0;
async function showCurve() {
  const net = page.state.networks[editor.selected], layer = net.layers[editor.layer];
  $('curve-layer').textContent = layer ? editor.layer + 1 : '–';
  if (!layer) return;
  const a = info(layer.activation);
  $('curve-formula').textContent = a ? `${a.summary}  f(x) = ${a.formula};  f'(x) = ${a.derivative}` : '';
  const mine = ++curveRequest;
  try {
    // One PReLU slope for the curve: every slope starts at the same value, and a per-unit
    // count would not divide the curve's 201 points into channels.
    const one = a && a.layout === 'channels' ? { ...layer, params: { ...layer.params, num_parameters: 1 } } : layer;
    const curve = await request('POST', '/api/curve', { spec: spec(one, a), lo: -5, hi: 5, points: 201 });
    if (mine === curveRequest) activationChart.show(curve);
  } catch (err) {
    say(`layer ${editor.layer + 1}: ${err.message}`);
  }
}

// ---------------------------------------------------------------- transport, share, export

function bindTransport() {
  $('play').addEventListener('click', async () => {
    page.playing = !(page.snapshot && page.snapshot.state === 'running');
    if (page.snapshot && page.snapshot.state === 'done' && page.playing) await client.control('reset');
    await client.control(page.playing ? 'play' : 'pause').catch(err => say(err.message));
  });
  $('step').addEventListener('click', () => { page.playing = false; client.control('step', { steps: 10 }).catch(err => say(err.message)); });
  $('reset').addEventListener('click', () => {
    page.playing = false;
    const labels = page.state.networks.map(n => n.label);
    lossChart.reset(labels);
    accuracyChart.reset(labels);
    client.control('reset').catch(err => say(err.message));
  });
  document.addEventListener('keydown', e => {
    if (e.key === ' ' && !['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(document.activeElement.tagName)) {
      e.preventDefault();
      $('play').click();
    }
  });
  $('share').addEventListener('click', async () => {
    saveUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      say('Link copied: it opens this configuration, data and seed.', 'info');
    } catch {
      say(`Copy this link: ${location.href}`, 'info');
    }
  });
  $('export').addEventListener('click', async () => {
    try {
      const out = await client.exported();
      $('export-command').textContent = out.command;
      $('export-pytorch').textContent = out.pytorch;
      $('export-dialog').showModal();
    } catch (err) {
      say(`export: ${err.message}`);
    }
  });
  for (const b of document.querySelectorAll('button.copy')) {
    b.addEventListener('click', () => navigator.clipboard.writeText($(b.dataset.copy).textContent).catch(() => {}));
  }
  // A link opened in this tab (pasted into the address bar) takes over.
  window.addEventListener('hashchange', () => {
    if (location.hash === `#state=${encodeState(page.state)}`) return;
    page.state = loadUrl();
    editor.use(page.state);
    editor.render();
    showDataControls();
    showCurve();
    restart();
  });
}

// ---------------------------------------------------------------- start

const client = new RunClient({ onSnapshot, onError: err => { setState('stopped', page.snapshot ? page.snapshot.step : 0); say(err.message); } });
let editor, lossChart, accuracyChart, activationChart;

async function main() {
  try {
    page.catalog = await request('GET', '/api/catalog');
  } catch (err) {
    return say(`The server did not answer /api/catalog: ${err.message}`);
  }
  page.state = loadUrl();
  fitLosses();
  lossChart = new CurveChart($('loss-chart'), 'loss');
  accuracyChart = new CurveChart($('accuracy-chart'), 'accuracy');
  activationChart = new ActivationChart($('curve-chart'));
  editor = new NetworkEditor({
    tabs: $('network-tabs'), editor: $('network-editor'), catalog: page.catalog, state: page.state, kindOf: kind,
    onChange: () => { showCurve(); restart(); }, onSelectLayer: showCurve,
  });
  bindDataControls();
  bindTransport();
  editor.render();
  showDataControls();
  showCurve();
  restart();
  window.addEventListener('pagehide', () => client.stop());
}

// For the browser test and the curious: the page's state and last snapshot.
window.playground = page;
main();
