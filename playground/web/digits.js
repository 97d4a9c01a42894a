// The digits set's views: sample test images with their label and each network's guess, and
// a confusion matrix per network (also for 2-D sets of three classes and more).
import { COLORS, escapeHtml } from './state.js';

export function showSamples(root, samples, labels) {
  if (!samples) return;
  const n = samples.images.length;
  if (root.childElementCount !== n) {
    root.innerHTML = samples.images.map(() => '<figure><canvas width="56" height="56"></canvas><figcaption></figcaption></figure>').join('');
  }
  samples.images.forEach((pixels, k) => {
    const fig = root.children[k];
    const canvas = fig.querySelector('canvas');
    const size = samples.size, small = document.createElement('canvas');
    small.width = small.height = size;
    const sctx = small.getContext('2d'), image = sctx.createImageData(size, size);
    pixels.forEach((v, i) => {
      const g = 255 - Math.round(Math.max(0, Math.min(1, v)) * 255);  // ink dark on white
      image.data.set([g, g, g, 255], 4 * i);
    });
    sctx.putImageData(image, 0, 0);
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
    const guesses = samples.predictions.map((p, i) => {
      const ok = p[k] === samples.labels[k];
      return `<span class="${ok ? 'right' : 'wrong'}" style="border-color:${COLORS[i]}" title="${escapeHtml(labels[i])}">${p[k]}</span>`;
    }).join('');
    fig.querySelector('figcaption').innerHTML = `<b>${samples.labels[k]}</b> ${guesses}`;
  });
}

export function showConfusions(root, confusions, labels) {
  root.innerHTML = confusions.map((matrix, i) => {
    const top = Math.max(1, ...matrix.flat());
    const rows = matrix.map((row, t) => `<tr><th>${t}</th>${row.map((c, p) => {
      const alpha = c / top;
      const hue = t === p ? '44,160,44' : '214,39,40';
      return `<td style="background:rgba(${hue},${alpha.toFixed(2)});color:${alpha > 0.6 ? '#fff' : '#222'}">${c || ''}</td>`;
    }).join('')}</tr>`).join('');
    const head = `<tr><th></th>${matrix.map((_, p) => `<th>${p}</th>`).join('')}</tr>`;
    return `<div class="confusion"><h3 style="color:${COLORS[i]}">${escapeHtml(labels[i])}</h3><table>${head}${rows}</table></div>`;
  }).join('');
}
