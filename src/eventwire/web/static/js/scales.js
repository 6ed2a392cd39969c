// Colours and scales shared by the charts.

export const QUAD_CLASSES = [
  { id: "1", name: "Verbal cooperation", color: "#7cb87e" },
  { id: "2", name: "Material cooperation", color: "#2e7d32" },
  { id: "3", name: "Verbal conflict", color: "#f0a04b" },
  { id: "4", name: "Material conflict", color: "#c62828" },
];

const RED = [198, 40, 40];
const GREY = [176, 176, 176];
const GREEN = [46, 125, 50];

const mix = (a, b, t) => a.map((x, i) => Math.round(x + (b[i] - x) * t));
const hex = (rgb) => `#${rgb.map((x) => x.toString(16).padStart(2, "0")).join("")}`;

/** Goldstein score (-10 conflict .. +10 cooperation) to a colour from red through grey to green. */
export function goldsteinColor(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return hex(GREY);
  const t = Math.max(-1, Math.min(1, value / 10));
  return t < 0 ? hex(mix(GREY, RED, -t)) : hex(mix(GREY, GREEN, t));
}

/** About `count` round tick values from 0 to at least `max`. */
export function niceTicks(max, count = 5) {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  // Counts are whole numbers: never a step below 1.
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((m) => m >= raw));
  const ticks = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

export function linear(domain, range) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}
