// Per-layer diagnostics of one network (from each snapshot): dead and saturated fractions as
// bars, the weight gradient's norm, the learnable activation values, and the pre-activations'
// histogram: why a network trains or not.

function percent(v) {
  return v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`;
}

function bar(label, value, cls) {
  const width = Math.max(0, Math.min(1, value || 0)) * 100;
  return `<div class="meter ${cls}" title="${label}: ${percent(value)}"><span style="width:${width}%"></span><b>${label} ${percent(value)}</b></div>`;
}

function drawHistogram(canvas, h) {
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!h || !h.counts || !h.counts.length) return;
  const top = Math.max(...h.counts, 1), w = canvas.width / h.counts.length, base = canvas.height - 12;
  ctx.fillStyle = '#5b8def';
  h.counts.forEach((c, i) => {
    const height = (c / top) * (base - 2);
    ctx.fillRect(i * w + 0.5, base - height, w - 1, height);
  });
  // Where 0 falls: the side of it a unit sits on is what ReLU-like functions care about.
  if (h.lo !== null && h.hi !== null && h.lo < 0 && h.hi > 0) {
    const x0 = (-h.lo / (h.hi - h.lo)) * canvas.width;
    ctx.strokeStyle = '#d62728';
    ctx.beginPath();
    ctx.moveTo(x0, 0);
    ctx.lineTo(x0, base);
    ctx.stroke();
  }
  ctx.fillStyle = '#555';
  ctx.font = '10px sans-serif';
  ctx.textAlign = 'left';
  ctx.fillText(Number(h.lo).toPrecision(2), 1, canvas.height - 2);
  ctx.textAlign = 'right';
  ctx.fillText(Number(h.hi).toPrecision(2), canvas.width - 1, canvas.height - 2);
}

function format(v) {
  if (v === null || v === undefined) return '–';
  return Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toFixed(3) : v.toExponential(2);
}

// `layers` describes the network's configuration (units, spec) next to the snapshot's numbers.
export function showDiagnostics(root, network, snapshotNet) {
  const layers = snapshotNet ? snapshotNet.layers : [];
  if (root.childElementCount !== layers.length || root.dataset.net !== network.label) {
    root.dataset.net = network.label;
    root.innerHTML = layers.map((_, i) => `
      <div class="layer-card">
        <div class="layer-title"></div>
        <div class="meters"></div>
        <canvas class="histogram" width="220" height="70"></canvas>
        <div class="weights hint"></div>
      </div>`).join('');
  }
  layers.forEach((layer, i) => {
    const card = root.children[i];
    const hidden = i < network.layers.length;
    const title = hidden ? `Layer ${i + 1}: ${network.layers[i].units} × ${network.layers[i].spec}` : 'Output layer';
    card.querySelector('.layer-title').textContent = title;
    card.querySelector('.meters').innerHTML = bar('dead', layer.dead, 'dead') + bar('saturated', layer.saturated, 'saturated')
      + `<div class="grad">gradient norm <b>${format(layer.grad_norm)}</b></div>`;
    drawHistogram(card.querySelector('.histogram'), layer.histogram);
    const w = layer.weights;  // PReLU slopes, Swish beta: [] for the others
    card.querySelector('.weights').textContent = w && w.length
      ? `learned: ${w.slice(0, 8).map(format).join(', ')}${w.length > 8 ? ` … (${w.length})` : ''}` : '';
  });
}
