// Timeline: stacked bars of events per period by QuadClass, with the mean Goldstein score as a line.
// Clicking a bar opens the events of that period.

import { getJSON } from "./api.js";
import { clear, fmt, h, s, status } from "./dom.js";
import { QUAD_CLASSES, goldsteinColor, linear, niceTicks } from "./scales.js";

const DAY = 86400000;
let ticket = 0;

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const parse = (text) => Date.parse(`${text}T00:00:00Z`);

function step(period, interval) {
  const t = parse(period);
  if (interval === "day") return iso(t + DAY);
  if (interval === "week") return iso(t + 7 * DAY);
  const d = new Date(t);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Day, week or month, so that the chosen range has a readable number of bars. */
function autoInterval(since, until) {
  if (!since || !until) return "month";
  const days = (parse(until) - parse(since)) / DAY;
  if (days <= 62) return "day";
  if (days <= 731) return "week";
  return "month";
}

function label(period, interval) {
  if (interval !== "month") return period;
  const d = new Date(parse(period));
  return d.toLocaleDateString("en", { month: "short", year: "numeric", timeZone: "UTC" });
}

/** The start of the period (day, ISO week from Monday, or month) that contains `day`, as the API counts. */
function truncate(day, interval) {
  const t = parse(day);
  const d = new Date(t);
  if (interval === "month") return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  if (interval === "week") return iso(t - ((d.getUTCDay() + 6) % 7) * DAY);
  return day;
}

/** Every period from `from` to `to` (widened to the data), empty ones included, so the time axis is even. */
function fill(buckets, interval, from, to) {
  if (!buckets.length) return [];
  const byPeriod = new Map(buckets.map((b) => [b.period, b]));
  const first = [buckets[0].period, from && truncate(from, interval)].filter(Boolean).sort()[0];
  const last = [buckets[buckets.length - 1].period, to && truncate(to, interval)].filter(Boolean).sort().pop();
  const out = [];
  for (let p = first; p <= last && out.length < 5000; p = step(p, interval)) {
    out.push(byPeriod.get(p) || { period: p, count: 0, by_quad_class: {}, goldstein_mean: null });
  }
  return out;
}

function titleFor(app) {
  const f = app.state;
  if (f.actor && f.recipient) {
    const arrow = f.both_directions === "true" ? "⇄" : "→";
    return `Events over time: ${app.actorLabel(f.actor)} ${arrow} ${app.actorLabel(f.recipient)}`;
  }
  if (f.actor) return `Events over time by ${app.actorLabel(f.actor)}`;
  if (f.recipient) return `Events over time aimed at ${app.actorLabel(f.recipient)}`;
  return "Events over time, all actors";
}

export async function renderTimeline(app) {
  const mine = ++ticket;
  const chart = document.getElementById("timeline-chart");
  const note = document.getElementById("timeline-note");
  const statusNode = document.getElementById("timeline-status");
  const select = document.getElementById("timeline-interval");
  document.getElementById("timeline-title").textContent = titleFor(app);
  select.value = app.state.interval || "auto";
  select.onchange = () => app.go({ interval: select.value });
  const since = app.state.since || app.summary?.first_date;
  const until = app.state.until || app.summary?.last_date;
  const interval = select.value === "auto" ? autoInterval(since, until) : select.value;
  status(statusNode, "loading", "Loading the timeline…");
  let data;
  try {
    data = await getJSON("/api/series", { ...app.filters(), interval });
  } catch (error) {
    if (mine !== ticket) return;
    clear(chart);
    status(statusNode, "error", `The timeline could not be loaded: ${error.message}`);
    return;
  }
  if (mine !== ticket) return;
  clear(chart);
  note.textContent = data.not_day_dated
    ? `${fmt(data.not_day_dated)} matching events are dated only to a month or year, or not at all, and are not shown.`
    : "";
  const buckets = fill(data.buckets, interval, since, until);
  if (!buckets.length) {
    status(statusNode, "empty", "No dated events match these filters.");
    return;
  }
  status(statusNode, null);
  chart.append(draw(app, buckets, interval), legend());
}

function draw(app, buckets, interval) {
  const width = Math.max(640, document.getElementById("timeline-chart").clientWidth || 900);
  const height = 360;
  const m = { top: 14, right: 52, bottom: 44, left: 52 };
  const max = Math.max(...buckets.map((b) => b.count), 1);
  const ticks = niceTicks(max, 5);
  const y = linear([0, ticks[ticks.length - 1]], [height - m.bottom, m.top]);
  const g = linear([-10, 10], [height - m.bottom, m.top]);
  const band = (width - m.left - m.right) / buckets.length;
  const x = (i) => m.left + i * band;
  const svg = s("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    class: "timeline",
    role: "img",
    "aria-label": `Events per ${interval} by QuadClass, with the mean Goldstein score`,
  });
  for (const t of ticks) {
    svg.append(
      s("line", { x1: m.left, x2: width - m.right, y1: y(t), y2: y(t), class: "grid" }),
      s("text", { x: m.left - 6, y: y(t) + 4, class: "axis", "text-anchor": "end" }, fmt(t)),
    );
  }
  for (const t of [-10, -5, 0, 5, 10]) {
    svg.append(s("text", { x: width - m.right + 6, y: g(t) + 4, class: "axis" }, t > 0 ? `+${t}` : String(t)));
  }
  svg.append(
    s("line", { x1: m.left, x2: width - m.right, y1: g(0), y2: g(0), class: "zero" }),
    s("text", { x: 14, y: m.top + (height - m.top - m.bottom) / 2, class: "axis-title", transform: `rotate(-90 14 ${m.top + (height - m.top - m.bottom) / 2})`, "text-anchor": "middle" }, "events"),
    s("text", { x: width - 8, y: m.top + (height - m.top - m.bottom) / 2, class: "axis-title", transform: `rotate(90 ${width - 8} ${m.top + (height - m.top - m.bottom) / 2})`, "text-anchor": "middle" }, "mean Goldstein"),
  );
  const every = Math.max(1, Math.ceil(buckets.length / Math.max(2, Math.floor((width - m.left - m.right) / 90))));
  buckets.forEach((b, i) => {
    const group = s("g", {
      class: b.count ? "bar" : "bar empty",
      tabindex: b.count ? 0 : null,
      role: b.count ? "button" : null,
      "aria-label": b.count ? `${label(b.period, interval)}: ${b.count} events; open them` : null,
      dataset: { period: b.period },
    });
    let base = height - m.bottom;
    const parts = [];
    for (const q of QUAD_CLASSES) {
      const n = b.by_quad_class[q.id] || 0;
      if (!n) continue;
      const top = y(n) - (height - m.bottom);
      const barHeight = -top;
      group.append(s("rect", { x: x(i) + band * 0.12, width: Math.max(1, band * 0.76), y: base - barHeight, height: barHeight, fill: q.color }));
      base -= barHeight;
      parts.push(`${q.name} ${n}`);
    }
    // A transparent full-height target: thin bars stay easy to hover and click.
    group.append(s("rect", { x: x(i), width: band, y: m.top, height: height - m.top - m.bottom, class: "hit" }));
    const mean = b.goldstein_mean === null ? "" : ` · mean Goldstein ${b.goldstein_mean.toFixed(1)}`;
    group.append(s("title", {}, `${label(b.period, interval)}: ${b.count} events${parts.length ? ` (${parts.join(", ")})` : ""}${mean}`));
    if (b.count) {
      const open = () => {
        const end = iso(parse(step(b.period, interval)) - DAY);
        app.go({ view: "events", since: b.period, until: end, offset: "0" });
      };
      group.addEventListener("click", open);
      group.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open();
        }
      });
    }
    svg.append(group);
    if (i % every === 0) {
      svg.append(s("text", { x: x(i) + band / 2, y: height - m.bottom + 16, class: "axis", "text-anchor": "middle" }, label(b.period, interval)));
    }
  });
  // The Goldstein line breaks where a period has no events: a mean of nothing is not zero.
  const points = buckets.map((b, i) => (b.count ? [x(i) + band / 2, g(b.goldstein_mean), b.goldstein_mean] : null));
  let run = [];
  for (const point of [...points, null]) {
    if (point) run.push(point);
    else {
      if (run.length > 1) svg.append(s("polyline", { points: run.map(([px, py]) => `${px},${py}`).join(" "), class: "goldstein" }));
      run = [];
    }
  }
  for (const [px, py, value] of points.filter(Boolean)) {
    svg.append(s("circle", { cx: px, cy: py, r: 3.5, class: "goldstein-dot", fill: goldsteinColor(value) }));
  }
  return svg;
}

function legend() {
  const items = QUAD_CLASSES.map((q) => {
    const swatch = h("span", { class: "swatch" });
    swatch.style.background = q.color;
    return h("li", {}, swatch, q.name);
  });
  items.push(h("li", {}, h("span", { class: "swatch line" }), "mean Goldstein (right axis, −10 conflict to +10 cooperation)"));
  return h("ul", { class: "legend" }, items);
}
