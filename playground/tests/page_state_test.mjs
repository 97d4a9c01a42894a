// The page's state outside the browser (node --test): links encode and decode to the same
// state, a hand-edited or hostile link is cut back to what the catalogue and limits allow,
// specs name only parameters that differ from their defaults, and pasted CSV is bounded.
import assert from 'node:assert/strict';
import test from 'node:test';
import { parseCsv, MAX_CSV_BYTES } from '../web/csv.js';
import { dataKind, decodeState, defaultState, encodeState, lossesFor, runBody, sanitize, spec } from '../web/state.js';

const catalog = {
  activations: [
    { name: 'relu', params: [], layout: 'elementwise' },
    { name: 'leaky_relu', params: [{ name: 'negative_slope', default: 0.01, choices: [] }], layout: 'elementwise' },
    { name: 'gelu', params: [{ name: 'approximate', default: 'none', choices: ['none', 'tanh'] }], layout: 'elementwise' },
  ],
  datasets: [{ name: 'circle', kind: 'classification', classes: 2 }, { name: 'spiral', kind: 'classification', classes: 2 },
             { name: 'spiral3', kind: 'classification', classes: 3 }, { name: 'plane', kind: 'regression' },
             { name: 'custom', kind: 'classification' }],
  features: ['x1', 'x2', 'x1^2'],
  inits: ['xavier', 'he'], losses: ['mse', 'bce', 'cross_entropy'], optimizers: ['sgd', 'adam'],
  limits: { layers: 12, units: 128, points: 2000, batch: 1000, steps: 100000, networks: 4 },
};

test('a link decodes to the state it was made from, unicode labels included', () => {
  const state = sanitize(defaultState(), catalog);
  state.networks[0].label = 'ReLU → σ “race”';
  state.networks[0].named = true;
  state.data = { name: 'custom', points: 400, noise: 0.1, test_fraction: 0.3, custom: [[1, -2, 0], [0.5, 3, 1]] };
  const text = encodeState(state);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(sanitize(decodeState(text), catalog), state);
});

test('a hostile or stale link is cut back to what the catalogue and limits allow', () => {
  const s = sanitize({
    seed: -5, data: { name: '../../etc', points: 1e9, noise: 7, custom: [[1, 2, 3], [99, 0, 1], ['x', 0, 0], [1, 2]] },
    features: ['x1', 'x1', 'rm -rf', 'x1^2'], max_steps: 1e12,
    networks: Array.from({ length: 9 }, () => ({
      label: '<img src=x onerror=alert(1)>'.repeat(10), init: 'zeros', loss: 'hinge', lr: -1, batch: 1e6,
      layers: [{ units: 1e6, activation: 'softmax', params: { dim: 3 } },
               { units: 4, activation: 'leaky_relu', params: { negative_slope: 0.2, bogus: 1 } },
               { units: 4, activation: 'gelu', params: { approximate: 'cubic' } }],
    })),
  }, catalog);
  assert.equal(s.seed, 1);
  assert.equal(s.data.name, 'spiral');
  assert.equal(s.data.points, 400);
  assert.equal(s.data.noise, 0.1);
  assert.deepEqual(s.data.custom, [[1, 2, 3]]);
  assert.deepEqual(s.features, ['x1', 'x1^2']);
  assert.equal(s.max_steps, 5000);
  assert.equal(s.networks.length, 4);
  const n = s.networks[0];
  assert.equal(n.label.length, 40);
  assert.deepEqual([n.init, n.loss, n.lr, n.batch], ['he', 'bce', 0.01, 16]);
  assert.deepEqual(n.layers[0], { units: 8, activation: 'relu', params: {} });
  assert.deepEqual(n.layers[1].params, { negative_slope: 0.2 });
  assert.deepEqual(n.layers[2].params, {});
  assert.throws(() => decodeState('!!!'));
});

test('a spec names only the parameters that differ from their defaults', () => {
  const leaky = catalog.activations[1], gelu = catalog.activations[2];
  assert.equal(spec({ activation: 'leaky_relu', params: { negative_slope: 0.01 } }, leaky), 'leaky_relu');
  assert.equal(spec({ activation: 'leaky_relu', params: { negative_slope: 0.1 } }, leaky), 'leaky_relu(negative_slope=0.1)');
  assert.equal(spec({ activation: 'gelu', params: { approximate: 'tanh' } }, gelu), 'gelu(approximate=tanh)');
  const body = runBody(defaultState(), catalog);
  assert.deepEqual(Object.keys(body).sort(), ['data', 'features', 'max_steps', 'networks', 'seed']);
  assert.equal(body.data.custom, undefined);  // only for the custom set: the server refuses it elsewhere
  assert.equal(body.networks[0].named, undefined);
});

test('the losses offered fit the data set, custom labels deciding its kind', () => {
  const s = defaultState();
  s.data.name = 'custom';
  s.data.custom = [[0, 0, 0], [1, 1, 2]];
  assert.deepEqual(dataKind(s, catalog), { kind: 'classification', classes: 3 });
  assert.deepEqual(lossesFor(dataKind(s, catalog)), ['cross_entropy', 'mse']);
  s.data.custom = [[0, 0, 0.5], [1, 1, 2]];
  assert.deepEqual(lossesFor(dataKind(s, catalog)), ['mse']);
  s.data.name = 'circle';
  assert.equal(lossesFor(dataKind(s, catalog))[0], 'bce');
});

test('pasted CSV: a header skipped, each fault named by its line, sizes bounded', () => {
  assert.deepEqual(parseCsv('x,y,label\n1,2,0\n-1,-2,1\n3;3;1\n0\t0\t0\n', 10), [[1, 2, 0], [-1, -2, 1], [3, 3, 1], [0, 0, 0]]);
  assert.throws(() => parseCsv('1,2,0\n1,2\n3,3,1\n4,4,0', 10), /line 2: three values/);
  assert.throws(() => parseCsv('1,2,0\n7,2,1\n3,3,1\n4,4,0', 10), /line 2: x and y must be in \[-6, 6\]/);
  assert.throws(() => parseCsv('1,2,0\n1,a,1\n3,3,1\n4,4,0', 10), /line 2: not numbers/);
  assert.throws(() => parseCsv('1,1,0\n2,2,1', 10), /at least 4 points/);
  assert.throws(() => parseCsv('1,1,0\n'.repeat(11), 10), /at most 10 points/);
  assert.throws(() => parseCsv('x'.repeat(MAX_CSV_BYTES + 1), 10), /KiB/);
});
