// The network panel: one tab per configuration (1 to limits.networks, trained side by side),
// and the selected one's layers (units, activation from the catalogue with its parameters),
// initialisation, loss, optimiser, learning rate, batch and L1/L2.
import { COLORS, defaultLayer, escapeHtml, lossesFor } from './state.js';

const LABELS = { xavier: 'Xavier', he: 'He', small: 'small normal', uniform: 'uniform ±0.5', mse: 'squared error',
                 bce: 'binary cross-ent.', cross_entropy: 'softmax cross-ent.', sgd: 'SGD',
                 momentum: 'momentum', adam: 'Adam' };

function options(list, selected, names = LABELS) {
  return list.map(v => `<option value="${escapeHtml(v)}"${v === selected ? ' selected' : ''}>${escapeHtml(names[v] || v)}</option>`).join('');
}

// An automatic label says what the network is: its activations, unless the user named it.
export function autoLabel(net) {
  const names = [...new Set(net.layers.map(l => l.activation))];
  return names.length ? names.join('+') : 'linear';
}

export class NetworkEditor {
  constructor({ tabs, editor, catalog, state, kindOf, onChange, onSelectLayer }) {
    Object.assign(this, { tabs, editor, catalog, state, kindOf, onChange, onSelectLayer });
    this.selected = 0;
    this.layer = 0;
    tabs.addEventListener('click', e => this.tabClick(e));
    editor.addEventListener('change', e => this.edit(e));
    editor.addEventListener('click', e => this.click(e));
  }

  get net() {
    return this.state.networks[this.selected];
  }

  info(name) {
    return this.catalog.activations.find(a => a.name === name);
  }

  render() {
    this.selected = Math.min(this.selected, this.state.networks.length - 1);
    this.layer = Math.min(this.layer, Math.max(0, this.net.layers.length - 1));
    const full = this.state.networks.length >= this.catalog.limits.networks;
    this.tabs.innerHTML = this.state.networks.map((n, i) =>
      `<button data-tab="${i}" class="${i === this.selected ? 'active' : ''}" style="--c:${COLORS[i]}">${escapeHtml(n.label)}</button>`).join('')
      + `<button data-tab="add" ${full ? 'disabled' : ''} title="Compare: a copy of this configuration, trained beside it on the same data and seed">+ compare</button>`;
    const n = this.net, lim = this.catalog.limits;
    const activations = this.catalog.activations.map(a => a.name);
    const layers = n.layers.map((l, i) => {
      const info = this.info(l.activation);
      const params = (info ? info.params : []).map(p => {
        const value = l.params[p.name] ?? p.default;
        if (p.choices.length) {
          return `<label title="${escapeHtml(p.doc || '')}">${escapeHtml(p.name)} <select data-layer="${i}" data-param="${escapeHtml(p.name)}">${options(p.choices, value, {})}</select></label>`;
        }
        const step = p.integer ? 1 : 'any';
        return `<label title="${escapeHtml(p.doc || '')}">${escapeHtml(p.name)} <input type="number" step="${step}" value="${value}" data-layer="${i}" data-param="${escapeHtml(p.name)}"></label>`;
      }).join('');
      const learn = info && info.learnable ? `<span class="hint">learns ${escapeHtml(info.learnable)}</span>` : '';
      return `<div class="layer${i === this.layer ? ' selected' : ''}" data-select="${i}">
        <span class="index">${i + 1}</span>
        <label>units <input type="number" min="1" max="${lim.units}" value="${l.units}" data-layer="${i}" data-field="units"></label>
        <label class="grow"><select data-layer="${i}" data-field="activation" aria-label="activation of layer ${i + 1}">${options(activations, l.activation, {})}</select></label>
        <button data-remove="${i}" title="Remove this layer">×</button>
        <div class="params">${params}${learn}</div>
      </div>`;
    }).join('');
    const kind = this.kind();
    this.editor.innerHTML = `
      <div class="row"><label class="grow">Name <input data-field="label" value="${escapeHtml(n.label)}" maxlength="40"></label>
        ${this.state.networks.length > 1 ? '<button data-action="remove-net" title="Remove this configuration">Remove</button>' : ''}</div>
      <h3>Hidden layers</h3>
      <div class="layers">${layers || '<p class="hint">No hidden layer: a linear model.</p>'}</div>
      <div class="row">
        <button data-action="add-layer" ${n.layers.length >= lim.layers ? 'disabled' : ''}>+ layer</button>
        <button data-action="same-activation" title="Give every layer the first layer's activation">same activation everywhere</button>
      </div>
      <div class="grid2">
        <label>Initialisation <select data-field="init">${options(this.catalog.inits, n.init)}</select></label>
        <label>Loss <select data-field="loss">${options(lossesFor(kind), n.loss)}</select></label>
        <label>Optimiser <select data-field="optimizer">${options(this.catalog.optimizers, n.optimizer)}</select></label>
        <label>Learning rate <input type="number" step="any" min="0.000001" max="10" value="${n.lr}" data-field="lr"></label>
        <label>Batch <input type="number" min="1" max="${lim.batch}" value="${n.batch}" data-field="batch"></label>
        <label>L1 <input type="number" step="any" min="0" max="1" value="${n.l1}" data-field="l1"></label>
        <label>L2 <input type="number" step="any" min="0" max="1" value="${n.l2}" data-field="l2"></label>
      </div>`;
  }

  kind() {
    return this.kindOf();
  }

  // The state object is replaced when a link is opened.
  use(state) {
    this.state = state;
    this.selected = 0;
    this.layer = 0;
  }

  tabClick(e) {
    const tab = e.target.closest('[data-tab]');
    if (!tab) return;
    if (tab.dataset.tab === 'add') {
      const copy = structuredClone(this.net);
      copy.named = false;
      this.state.networks.push(copy);
      this.relabel(copy);
      this.selected = this.state.networks.length - 1;
      this.render();
      this.onChange();
      return;
    }
    this.selected = Number(tab.dataset.tab);
    this.render();
    this.onSelectLayer();
  }

  click(e) {
    const remove = e.target.closest('[data-remove]');
    const action = e.target.closest('[data-action]');
    const n = this.net;
    if (remove) {
      n.layers.splice(Number(remove.dataset.remove), 1);
    } else if (action && action.dataset.action === 'add-layer') {
      const last = n.layers[n.layers.length - 1];
      n.layers.push(last ? structuredClone(last) : defaultLayer());
      this.layer = n.layers.length - 1;
    } else if (action && action.dataset.action === 'same-activation') {
      if (!n.layers.length) return;
      n.layers.forEach(l => { l.activation = n.layers[0].activation; l.params = { ...n.layers[0].params }; });
    } else if (action && action.dataset.action === 'remove-net') {
      this.state.networks.splice(this.selected, 1);
    } else {
      const row = e.target.closest('[data-select]');
      if (row && Number(row.dataset.select) !== this.layer) {
        this.layer = Number(row.dataset.select);
        for (const el of this.editor.querySelectorAll('.layer')) el.classList.toggle('selected', Number(el.dataset.select) === this.layer);
        this.onSelectLayer();
      }
      return;
    }
    this.relabel(n);
    this.render();
    this.onChange();
  }

  edit(e) {
    const el = e.target, n = this.net;
    const value = el.type === 'number' ? Number(el.value) : el.value;
    if (el.type === 'number' && !Number.isFinite(value)) return;
    if (el.dataset.param) {
      n.layers[Number(el.dataset.layer)].params[el.dataset.param] = value;
      this.layer = Number(el.dataset.layer);
    } else if (el.dataset.layer !== undefined) {
      const layer = n.layers[Number(el.dataset.layer)];
      if (el.dataset.field === 'activation') {
        layer.activation = value;
        layer.params = {};
      } else {
        layer.units = Math.max(1, Math.min(this.catalog.limits.units, Math.round(value)));
      }
      this.layer = Number(el.dataset.layer);
    } else if (el.dataset.field === 'label') {
      n.label = value.trim().slice(0, 40) || autoLabel(n);
      n.named = n.label !== autoLabel(n);
    } else if (el.dataset.field) {
      n[el.dataset.field] = el.dataset.field === 'batch' ? Math.max(1, Math.round(value)) : value;
    }
    this.relabel(n);
    this.render();
    this.onChange();
  }

  // Labels follow the activations until the user names the network; two equal labels get a
  // number, since the charts' legends tell the networks apart by them.
  relabel(n) {
    if (!n.named) n.label = autoLabel(n);
    const seen = new Map();
    for (const net of this.state.networks) {
      const base = net.label.replace(/ #\d+$/, '');
      const k = (seen.get(base) || 0) + 1;
      seen.set(base, k);
      net.label = k > 1 ? `${base} #${k}` : base;
    }
  }
}
