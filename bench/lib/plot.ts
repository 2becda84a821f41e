// Hand-written SVG charts: grouped bars, lines on a log x axis, latency histograms.
const W = 720;
const H = 360;
const M = { left: 70, right: 20, top: 40, bottom: 70 };
const COLORS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#76b7b2", "#b07aa1"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (v: number) =>
  v >= 1e6
    ? `${+(v / 1e6).toFixed(1)}M`
    : v >= 1e3
      ? `${+(v / 1e3).toFixed(1)}k`
      : `${+v.toFixed(v < 10 ? 1 : 0)}`;

function frame(title: string, body: string[], legend: string[]): string {
  const items = legend.map(
    (name, i) =>
      `<rect x="${M.left + i * 170}" y="${H - 22}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>` +
      `<text x="${M.left + i * 170 + 18}" y="${H - 12}">${esc(name)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...body,
    ...items,
    "</svg>",
    "",
  ].join("\n");
}

/** Nice round ticks from 0 to at least `max`. */
function ticks(max: number): number[] {
  const step0 = max / 5;
  const mag = 10 ** Math.floor(Math.log10(step0 || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? mag * 10;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) out.push(v);
  return out;
}

function yAxis(top: number, label: string): { y: (v: number) => number; svg: string[] } {
  const ts = ticks(top);
  const ymax = ts[ts.length - 1] || 1;
  const y = (v: number) => H - M.bottom - ((H - M.top - M.bottom) * v) / ymax;
  const svg = ts.map(
    (t) =>
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>` +
      `<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`,
  );
  svg.push(
    `<text transform="translate(16 ${(H - M.bottom + M.top) / 2}) rotate(-90)" text-anchor="middle">${esc(label)}</text>`,
  );
  return { y, svg };
}

export interface Series {
  name: string;
  values: number[];
}

/** One group of bars per label, one bar per series; the value is written above each bar. */
export function barChart(o: { title: string; groups: string[]; series: Series[]; yLabel: string }): string {
  const top = Math.max(1, ...o.series.flatMap((s) => s.values));
  const { y, svg } = yAxis(top, o.yLabel);
  const gw = (W - M.left - M.right) / o.groups.length;
  const bw = (gw * 0.8) / o.series.length;
  const body = [...svg];
  o.groups.forEach((g, gi) => {
    const x0 = M.left + gi * gw + gw * 0.1;
    o.series.forEach((s, si) => {
      const v = s.values[gi] ?? 0;
      const x = x0 + si * bw;
      body.push(
        `<rect x="${x}" y="${y(v)}" width="${bw - 2}" height="${H - M.bottom - y(v)}" fill="${COLORS[si % COLORS.length]}"/>`,
        `<text x="${x + bw / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="10">${fmt(v)}</text>`,
      );
    });
    body.push(`<text x="${x0 + gw * 0.4}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(g)}</text>`);
  });
  return frame(
    o.title,
    body,
    o.series.map((s) => s.name),
  );
}

export interface LineSeries {
  name: string;
  points: [number, number][];
}

/** Lines over a log-scale x axis (e.g. table size), points marked and labelled. */
export function logLineChart(o: {
  title: string;
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
}): string {
  const xs = o.series.flatMap((s) => s.points.map((p) => p[0]));
  const [lo, hi] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const x = (v: number) =>
    M.left + 30 + ((W - M.left - M.right - 60) * (Math.log10(v) - lo)) / (hi - lo || 1);
  const { y, svg } = yAxis(Math.max(1, ...o.series.flatMap((s) => s.points.map((p) => p[1]))), o.yLabel);
  const body = [...svg];
  for (const v of [...new Set(xs)]) {
    body.push(`<text x="${x(v)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  body.push(`<text x="${W / 2}" y="${H - M.bottom + 34}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  o.series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const d = s.points.map(([a, b], j) => `${j === 0 ? "M" : "L"}${x(a)},${y(b)}`).join(" ");
    body.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const [a, b] of s.points) {
      body.push(
        `<circle cx="${x(a)}" cy="${y(b)}" r="3.5" fill="${c}"/>`,
        `<text x="${x(a) + 5}" y="${y(b) - 6}" font-size="10" fill="${c}">${fmt(b)}</text>`,
      );
    }
  });
  return frame(
    o.title,
    body,
    o.series.map((s) => s.name),
  );
}

export interface DistSeries {
  name: string;
  /** Latency quantiles at equal steps (each the same share of requests), ms. */
  dist: number[];
}

/** Share of requests per latency bin (log-spaced bins), one outline per series. */
export function latencyHistogram(o: { title: string; series: DistSeries[]; bins?: number }): string {
  const all = o.series.flatMap((s) => s.dist).filter((v) => v > 0);
  const lo = Math.log10(Math.min(...all));
  const hi = Math.log10(Math.max(...all));
  const n = o.bins ?? 40;
  const width = (hi - lo) / n || 1;
  const shares = o.series.map((s) => {
    const c = new Array<number>(n).fill(0);
    for (const v of s.dist) {
      const b = Math.min(n - 1, Math.max(0, Math.floor((Math.log10(Math.max(v, 10 ** lo)) - lo) / width)));
      c[b] = (c[b] ?? 0) + 100 / s.dist.length;
    }
    return c;
  });
  const { y, svg } = yAxis(Math.max(1, ...shares.flat()), "% of requests");
  const x = (logv: number) => M.left + ((W - M.left - M.right) * (logv - lo)) / (hi - lo || 1);
  const body = [...svg];
  for (let e = Math.ceil(lo * 3) / 3; e <= hi; e += 1 / 3) {
    const v = 10 ** e;
    body.push(`<text x="${x(e)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  body.push(
    `<text x="${W / 2}" y="${H - M.bottom + 34}" text-anchor="middle">latency, ms (log scale)</text>`,
  );
  shares.forEach((c, i) => {
    const col = COLORS[i % COLORS.length];
    let d = `M${x(lo)},${y(0)}`;
    c.forEach((v, b) => {
      d += ` L${x(lo + b * width)},${y(v)} L${x(lo + (b + 1) * width)},${y(v)}`;
    });
    d += ` L${x(hi)},${y(0)}`;
    body.push(`<path d="${d}" fill="${col}" fill-opacity="0.25" stroke="${col}" stroke-width="1.5"/>`);
  });
  return frame(
    o.title,
    body,
    o.series.map((s) => s.name),
  );
}
