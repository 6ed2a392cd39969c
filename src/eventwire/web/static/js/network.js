// Actor network: actors on a circle (a fixed, deterministic layout), arrows from actor to recipient with
// width by event count and colour by mean Goldstein score (red conflict, green cooperation).

import { getJSON } from "./api.js";
import { clear, fmt, h, s, status } from "./dom.js";
import { goldsteinColor } from "./scales.js";

const MAX_DYADS = 120;
const MAX_NODES = 36;
let ticket = 0;

export async function renderNetwork(app) {
  const mine = ++ticket;
  const chart = document.getElementById("network-chart");
  const statusNode = document.getElementById("network-status");
  status(statusNode, "loading", "Loading the network…");
  // The network shows every actor; the actor and recipient filters highlight instead of hiding.
  const { actor, recipient, both_directions, ...rest } = app.filters();
  let dyads;
  try {
    dyads = await getJSON("/api/dyads", { ...rest, limit: MAX_DYADS });
  } catch (error) {
    if (mine !== ticket) return;
    clear(chart);
    status(statusNode, "error", `The network could not be loaded: ${error.message}`);
    return;
  }
  if (mine !== ticket) return;
  clear(chart);
  const edges = dyads.filter((d) => d.actor !== d.recipient);
  if (!edges.length) {
    status(statusNode, "empty", "No events with both an actor and a recipient match these filters.");
    return;
  }
  status(statusNode, null);
  chart.append(draw(app, edges, new Set([actor, recipient].filter(Boolean))), scaleLegend());
}

function draw(app, allEdges, selected) {
  const volume = new Map();
  for (const e of allEdges) {
    volume.set(e.actor, (volume.get(e.actor) || 0) + e.count);
    volume.set(e.recipient, (volume.get(e.recipient) || 0) + e.count);
  }
  const nodes = [...volume.keys()]
    .sort((a, b) => volume.get(b) - volume.get(a) || a.localeCompare(b))
    .slice(0, MAX_NODES)
    .sort();
  const kept = new Set(nodes);
  const edges = allEdges.filter((e) => kept.has(e.actor) && kept.has(e.recipient));
  const width = Math.max(640, document.getElementById("network-chart").clientWidth || 900);
  const height = 470;
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(width, height) / 2 - 60;
  const pos = new Map(
    nodes.map((code, i) => {
      const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      return [code, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle), angle }];
    }),
  );
  const maxCount = Math.max(...edges.map((e) => e.count), 1);
  const maxVolume = Math.max(...nodes.map((n) => volume.get(n)), 1);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "network", role: "img", "aria-label": "Network of actors and the events between them" });
  const edgeLayer = s("g", { class: "edges" });
  const nodeLayer = s("g", { class: "nodes" });
  svg.append(edgeLayer, nodeLayer);

  for (const e of edges) {
    const a = pos.get(e.actor);
    const b = pos.get(e.recipient);
    // Bend every arrow to its right, so A→B and B→A are two distinct curves.
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const bend = Math.min(40, len * 0.18);
    const qx = mx - (dy / len) * bend;
    const qy = my + (dx / len) * bend;
    const nodeR = nodeRadius(volume.get(e.recipient), maxVolume);
    // End the arrow at the recipient's circle, along the curve's final direction.
    const tx = b.x - qx;
    const ty = b.y - qy;
    const tl = Math.hypot(tx, ty) || 1;
    const ex = b.x - (tx / tl) * (nodeR + 3);
    const ey = b.y - (ty / tl) * (nodeR + 3);
    const color = goldsteinColor(e.goldstein_mean);
    const strokeWidth = 1 + 6 * Math.sqrt(e.count / maxCount);
    const involved = selected.size === 0 || selected.has(e.actor) || selected.has(e.recipient);
    const group = s("g", { class: involved ? "edge" : "edge dim", tabindex: 0, role: "button", "aria-label": `${e.actor} to ${e.recipient}: ${e.count} events; open them` });
    group.append(
      s("path", { d: `M${a.x},${a.y} Q${qx},${qy} ${ex},${ey}`, stroke: color, "stroke-width": strokeWidth, fill: "none" }),
      arrowHead(ex, ey, tx / tl, ty / tl, 5 + strokeWidth, color),
      s("title", {}, `${app.actorLabel(e.actor)} → ${app.actorLabel(e.recipient)}: ${fmt(e.count)} events, mean Goldstein ${e.goldstein_mean?.toFixed(1)}`),
    );
    const open = () => app.go({ view: "events", actor: e.actor, recipient: e.recipient, both_directions: "", offset: "0" });
    group.addEventListener("click", open);
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter") open();
    });
    edgeLayer.append(group);
  }

  for (const code of nodes) {
    const p = pos.get(code);
    const r = nodeRadius(volume.get(code), maxVolume);
    const outward = Math.cos(p.angle) >= 0 ? "start" : "end";
    const lx = p.x + Math.cos(p.angle) * (r + 6);
    const ly = p.y + Math.sin(p.angle) * (r + 6) + 4;
    const group = s("g", { class: selected.has(code) ? "node selected" : "node", tabindex: 0, role: "button", "aria-label": `${app.actorLabel(code)}: filter by this actor`, dataset: { code } });
    group.append(
      s("circle", { cx: p.x, cy: p.y, r }),
      s("text", { x: lx, y: ly, "text-anchor": outward }, code),
      s("title", {}, `${app.actorLabel(code)}: ${fmt(volume.get(code))} events in the arrows shown`),
    );
    const pick = () => app.go({ actor: code, recipient: "", offset: "0" });
    group.addEventListener("click", pick);
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter") pick();
    });
    nodeLayer.append(group);
  }
  return svg;
}

function nodeRadius(volume, maxVolume) {
  return 5 + 13 * Math.sqrt(volume / maxVolume);
}

function arrowHead(x, y, ux, uy, size, color) {
  const bx = x - ux * size;
  const by = y - uy * size;
  const px = -uy * size * 0.5;
  const py = ux * size * 0.5;
  return s("polygon", { points: `${x},${y} ${bx + px},${by + py} ${bx - px},${by - py}`, fill: color });
}

export function scaleLegend() {
  const bar = h("span", { class: "gradient" });
  return h("div", { class: "scale-legend" }, h("span", {}, "conflict −10"), bar, h("span", {}, "+10 cooperation"), h("span", { class: "muted" }, "(mean Goldstein score)"));
}
