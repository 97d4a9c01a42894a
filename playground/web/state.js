// The page's whole state: what POST /api/runs takes (playground/API.md), with each layer's
// activation kept as a name and its parameters so that the editor can show them. It lives in
// the URL's hash, so that a link reproduces a run.

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

export function defaultLayer(activation = 'relu', units = 8) {
  return { units, activation, params: {} };
}

export function defaultNetwork(label = 'relu', activation = 'relu') {
  return {
    label,
    named: false,  // true once the user typed a label: it then no longer follows the activations
    layers: [defaultLayer(activation), defaultLayer(activation)],
    init: 'he', loss: 'bce', optimizer: 'adam', lr: 0.01, batch: 16, l1: 0, l2: 0,
  };
}

export function defaultState() {
  return {
    seed: 1,
    data: { name: 'spiral', points: 400, noise: 0.1, test_fraction: 0.3, custom: [] },
    features: ['x1', 'x2'],
    networks: [defaultNetwork()],
    max_steps: 5000,
  };
}

// "leaky_relu(negative_slope=0.1)": only the parameters that differ from the catalogue's
// defaults, so that the server's canonical spec and the label stay short.
export function spec(layer, info) {
  const parts = [];
  for (const p of info ? info.params : []) {
    const v = layer.params[p.name];
    if (v === undefined || v === p.default) continue;
    parts.push(`${p.name}=${v}`);
  }
  return parts.length ? `${layer.activation}(${parts.join(', ')})` : layer.activation;
}

// The body of POST /api/runs for this state.
export function runBody(state, catalog) {
  const info = name => catalog.activations.find(a => a.name === name);
  const data = { name: state.data.name, points: state.data.points, noise: state.data.noise,
                 test_fraction: state.data.test_fraction };
  if (state.data.name === 'custom') data.custom = state.data.custom;
  return {
    seed: state.seed, data, features: state.features, max_steps: state.max_steps,
    networks: state.networks.map(n => ({
      label: n.label, init: n.init, loss: n.loss, optimizer: n.optimizer, lr: n.lr, batch: n.batch,
      l1: n.l1, l2: n.l2,
      layers: n.layers.map(l => ({ units: l.units, activation: spec(l, info(l.activation)) })),
    })),
  };
}

// base64url of UTF-8 JSON: compact, and safe in a URL without further escaping.
export function encodeState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeState(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - b64.length % 4) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(raw, c => c.charCodeAt(0))));
}

// A state read from a link, checked field by field against the catalogue and the limits: a
// hand-edited or stale link gives the defaults where it is wrong, never a broken page.
export function sanitize(input, catalog) {
  const out = defaultState();
  const s = input && typeof input === 'object' ? input : {};
  const num = (v, lo, hi, fallback) => (typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : fallback);
  const int = (v, lo, hi, fallback) => Math.round(num(v, lo, hi, fallback));
  const oneOf = (v, list, fallback) => (list.includes(v) ? v : fallback);
  const lim = catalog.limits;
  out.seed = int(s.seed, 0, 2 ** 40, out.seed);
  const d = s.data || {};
  out.data.name = oneOf(d.name, catalog.datasets.map(x => x.name), out.data.name);
  out.data.points = int(d.points, 10, lim.points, out.data.points);
  out.data.noise = num(d.noise, 0, 0.5, out.data.noise);
  out.data.test_fraction = num(d.test_fraction, 0.1, 0.9, out.data.test_fraction);
  if (Array.isArray(d.custom)) {
    out.data.custom = d.custom.filter(r => Array.isArray(r) && r.length === 3 && r.every(Number.isFinite)
      && Math.abs(r[0]) <= 6 && Math.abs(r[1]) <= 6).slice(0, lim.points);
  }
  if (Array.isArray(s.features)) {
    const f = [...new Set(s.features.filter(x => catalog.features.includes(x)))];
    if (f.length) out.features = f;
  }
  out.max_steps = int(s.max_steps, 1, lim.steps, out.max_steps);
  if (Array.isArray(s.networks) && s.networks.length) {
    out.networks = s.networks.slice(0, lim.networks).map((n, i) => {
      const base = defaultNetwork(`network ${i + 1}`);
      if (!n || typeof n !== 'object') return base;
      const layers = Array.isArray(n.layers) ? n.layers.slice(0, lim.layers).map(l => {
        const info = catalog.activations.find(a => a.name === (l && l.activation));
        const layer = defaultLayer(info ? info.name : 'relu', int(l && l.units, 1, lim.units, 8));
        for (const p of info ? info.params : []) {
          const v = l.params && l.params[p.name];
          if (p.choices.length ? p.choices.includes(v) : Number.isFinite(v)) layer.params[p.name] = v;
        }
        return layer;
      }) : base.layers;
      return {
        label: typeof n.label === 'string' && n.label ? n.label.slice(0, 40) : base.label,
        named: n.named === true,
        layers,
        init: oneOf(n.init, catalog.inits, base.init),
        loss: oneOf(n.loss, catalog.losses, base.loss),
        optimizer: oneOf(n.optimizer, catalog.optimizers, base.optimizer),
        lr: num(n.lr, 1e-6, 10, base.lr),
        batch: int(n.batch, 1, lim.batch, base.batch),
        l1: num(n.l1, 0, 1, 0),
        l2: num(n.l2, 0, 1, 0),
      };
    });
  }
  return out;
}

// The kind and class count of the state's data set ("custom" as the server reads it:
// classes when every label is a whole number 0..9, two at least).
export function dataKind(state, catalog) {
  if (state.data.name === 'custom') {
    const labels = state.data.custom.map(r => r[2]);
    const whole = labels.every(v => Number.isInteger(v) && v >= 0 && v <= 9);
    const top = labels.length ? Math.max(...labels) : 1;
    return whole && top >= 1 ? { kind: 'classification', classes: top + 1 } : { kind: 'regression', classes: 0 };
  }
  const d = catalog.datasets.find(x => x.name === state.data.name);
  return { kind: d.kind, classes: d.classes || 0 };
}

// The losses that fit a data set, the first being the one to switch to.
export function lossesFor(kind) {
  if (kind.kind === 'regression') return ['mse'];
  if (kind.classes === 2) return ['bce', 'cross_entropy', 'mse'];
  return ['cross_entropy', 'mse'];
}

// Text from the user (labels, a link) put into HTML.
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
