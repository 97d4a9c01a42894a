// Pasted CSV to the custom set's rows: "x,y,label" per line (a header line is skipped), x and
// y in [-6, 6], at most `limit` rows and 64 KiB of text, each fault named by its line.
export const MAX_CSV_BYTES = 64 * 1024;

export function parseCsv(text, limit) {
  if (text.length > MAX_CSV_BYTES) throw new Error(`at most ${MAX_CSV_BYTES / 1024} KiB of CSV`);
  const rows = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const cells = trimmed.split(/[,;\t]/).map(c => c.trim());
    if (i === 0 && cells.some(c => c !== '' && !Number.isFinite(Number(c)))) return;  // a header
    if (cells.length !== 3) throw new Error(`line ${i + 1}: three values (x, y, label), got ${cells.length}`);
    const v = cells.map(Number);
    if (!v.every(Number.isFinite)) throw new Error(`line ${i + 1}: not numbers`);
    if (Math.abs(v[0]) > 6 || Math.abs(v[1]) > 6) throw new Error(`line ${i + 1}: x and y must be in [-6, 6]`);
    rows.push(v);
    if (rows.length > limit) throw new Error(`at most ${limit} points`);
  });
  if (rows.length < 4) throw new Error(`at least 4 points, got ${rows.length}`);
  return rows;
}
