// The Chart.js charts: train and test curves of every network on one chart (the race), and the
// chosen activation with its derivative as the library computes them (POST /api/curve).
import { COLORS } from './state.js';

const MAX_POINTS = 400;  // per curve: thinned by half when full, so that long runs stay cheap

Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.font.size = 11;
Chart.defaults.animation = false;

function lineOptions(yTitle, yRange) {
  return {
    responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { labels: { boxWidth: 24, boxHeight: 2, filter: item => !item.text.endsWith('(test)') } } },
    scales: {
      x: { type: 'linear', title: { display: true, text: 'step' }, min: 0 },
      y: { title: { display: true, text: yTitle }, ...yRange },
    },
    elements: { point: { radius: 0 }, line: { borderWidth: 2 } },
  };
}

// A log axis labelled at 1, 2 and 5 times a power of ten, written as people write them.
function logTick(value) {
  const mantissa = value / 10 ** Math.floor(Math.log10(value));
  if (![1, 2, 5].some(k => Math.abs(mantissa - k) < 1e-6)) return '';
  return value >= 1e4 || value < 1e-3 ? value.toExponential(0) : String(Number(value.toPrecision(3)));
}

// Loss or accuracy of every network, train solid and test dashed, in the networks' colours.
export class CurveChart {
  constructor(canvas, metric) {
    this.metric = metric;
    const range = metric === 'accuracy' ? { min: 0, max: 1 } : { type: 'logarithmic', ticks: { callback: logTick } };
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(metric, range) });
    this.pending = false;
  }

  reset(labels) {
    this.chart.data.datasets = labels.flatMap((label, i) => [
      { label, data: [], borderColor: COLORS[i], backgroundColor: COLORS[i] },
      { label: `${label} (test)`, data: [], borderColor: COLORS[i], backgroundColor: COLORS[i], borderDash: [5, 4], borderWidth: 1.5 },
    ]);
    this.chart.update();
  }

  add(snapshot) {
    const sets = this.chart.data.datasets;
    snapshot.networks.forEach((net, i) => {
      const push = (set, value) => {
        if (!set || value === null || value === undefined) return;
        if (this.metric === 'loss' && value <= 0) value = 1e-6;  // a log scale has no 0
        const last = set.data[set.data.length - 1];
        if (last && last.x >= snapshot.step) set.data = set.data.filter(p => p.x < snapshot.step);  // a reset
        set.data.push({ x: snapshot.step, y: value });
        if (set.data.length > MAX_POINTS) set.data = set.data.filter((_, k) => k % 2 === 0 || k === set.data.length - 1);
      };
      push(sets[2 * i], net.train[this.metric]);
      push(sets[2 * i + 1], net.test[this.metric]);
    });
    // One redraw a frame, however many snapshots arrived.
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.chart.update('none');
      });
    }
  }

  hasPoints() {
    return this.chart.data.datasets.some(s => s.data.length > 1);
  }
}

export class ActivationChart {
  constructor(canvas) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [
        { label: 'f(x)', data: [], borderColor: '#1f77b4', backgroundColor: '#1f77b4' },
        { label: "f'(x)", data: [], borderColor: '#ff7f0e', backgroundColor: '#ff7f0e', borderDash: [5, 3] },
      ] },
      options: {
        ...lineOptions('', {}),
        scales: { x: { type: 'linear', min: -5, max: 5, ticks: { stepSize: 1 } }, y: { suggestedMin: -1, suggestedMax: 1.5 } },
      },
    });
  }

  show(curve) {
    const [f, df] = this.chart.data.datasets;
    f.data = curve.x.map((x, i) => ({ x, y: curve.y[i] }));
    df.data = curve.x.map((x, i) => ({ x, y: curve.dy[i] }));
    this.chart.update('none');
  }
}
