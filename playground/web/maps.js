// Heatmaps over [-6, 6]^2: each network's output (the decision boundary) with the data's
// points on it, and each hidden unit's output. Grids come row by row from the top (y = 6).

const EXTENT = 6;
// Two classes as TensorFlow Playground draws them: orange for class 0, blue for class 1.
const NEGATIVE = [245, 147, 34], POSITIVE = [8, 119, 189], MIDDLE = [232, 234, 235];
const CLASS_COLORS = [[245, 147, 34], [8, 119, 189], [44, 160, 44], [214, 39, 40], [148, 103, 189],
                      [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207]];

function mix(a, b, t) {
  return [0, 1, 2].map(i => Math.round(a[i] + (b[i] - a[i]) * t));
}

// t in [-1, 1] to the diverging scale; null (a diverged network) is drawn grey.
function diverging(t) {
  if (t === null || !Number.isFinite(t)) return [160, 160, 160];
  const c = Math.max(-1, Math.min(1, t));
  return c < 0 ? mix(MIDDLE, NEGATIVE, -c) : mix(MIDDLE, POSITIVE, c);
}

// How one grid value is coloured: by what it means for this data set.
export function colorScale(kind, range) {
  if (kind.kind === 'regression') {
    const scale = Math.max(Math.abs(range.lo), Math.abs(range.hi), 1e-9);
    return v => diverging(v === null ? null : v / scale);
  }
  if (kind.classes > 2) {
    return v => (v === null ? [160, 160, 160] : mix(MIDDLE, CLASS_COLORS[v % 10], 0.55));
  }
  return v => diverging(v === null ? null : 2 * v - 1);  // probability of class 1
}

export function pointColor(kind, range, label) {
  if (kind.kind === 'regression') {
    const scale = Math.max(Math.abs(range.lo), Math.abs(range.hi), 1e-9);
    return diverging(label / scale);
  }
  if (kind.classes > 2) return CLASS_COLORS[label % 10];
  return label >= 0.5 ? POSITIVE : NEGATIVE;
}

// Draws a size x size grid of values onto a canvas, smoothed as it is scaled up.
export function drawGrid(canvas, values, size, color) {
  const ctx = canvas.getContext('2d');
  const small = document.createElement('canvas');
  small.width = small.height = size;
  const sctx = small.getContext('2d');
  const image = sctx.createImageData(size, size);
  for (let i = 0; i < size * size; ++i) {
    const [r, g, b] = color(values[i]);
    image.data.set([r, g, b, 255], 4 * i);
  }
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
}

export function toCanvas(canvas, x, y) {
  return [(x + EXTENT) / (2 * EXTENT) * canvas.width, (EXTENT - y) / (2 * EXTENT) * canvas.height];
}

export function fromCanvas(canvas, event) {
  const box = canvas.getBoundingClientRect();
  const px = (event.clientX - box.left) / box.width, py = (event.clientY - box.top) / box.height;
  return [(px * 2 - 1) * EXTENT, (1 - py * 2) * EXTENT];
}

// Train points filled with a white rim, test points with a dark rim (as TensorFlow Playground).
export function drawPoints(canvas, points, kind, range, showTest) {
  const ctx = canvas.getContext('2d');
  const radius = Math.max(2, canvas.width / 110);
  const draw = (rows, rim) => {
    for (const [x, y, label] of rows) {
      if (x === null || y === null) continue;
      const [cx, cy] = toCanvas(canvas, x, y);
      const [r, g, b] = pointColor(kind, range, label);
      ctx.beginPath();
      ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = rim;
      ctx.stroke();
    }
  };
  // A regression target near the middle of the scale is nearly white: a grey rim keeps it seen.
  draw(points.train || [], kind.kind === 'regression' ? 'rgba(0,0,0,0.3)' : '#fff');
  if (showTest) draw(points.test || [], '#222');
}

// The axes' ticks at -6, 0, 6 drawn faintly, so a point's place can be read.
export function drawAxes(canvas) {
  const ctx = canvas.getContext('2d');
  ctx.strokeStyle = 'rgba(0,0,0,0.15)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(canvas.width / 2, 0);
  ctx.lineTo(canvas.width / 2, canvas.height);
  ctx.moveTo(0, canvas.height / 2);
  ctx.lineTo(canvas.width, canvas.height / 2);
  ctx.stroke();
}

// A unit's output rescaled to its own range: what matters is where it changes.
export function unitScale(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const mid = (lo + hi) / 2, half = (hi - lo) / 2;
  return v => diverging(v === null ? null : half > 1e-12 ? (v - mid) / half : 0);
}
