// Map: an equirectangular world frame with every actor drawn at its capital (country-level positions:
// events carry no coordinates yet). Grey dots are all the capitals, which sketch the continents.

import { getJSON } from "./api.js";
import { clear, fmt, h, s, status } from "./dom.js";
import { goldsteinColor } from "./scales.js";
import { scaleLegend } from "./network.js";

let ticket = 0;
let placesCache = null;

export async function renderMap(app) {
  const mine = ++ticket;
  const chart = document.getElementById("map-chart");
  const statusNode = document.getElementById("map-status");
  status(statusNode, "loading", "Loading the map…");
  let actors;
  let dyads;
  try {
    placesCache = placesCache || (await getJSON("/api/places"));
    [actors, dyads] = await Promise.all([getJSON("/api/actors", app.filters()), getJSON("/api/dyads", { ...app.filters(), limit: 150 })]);
  } catch (error) {
    if (mine !== ticket) return;
    clear(chart);
    status(statusNode, "error", `The map could not be loaded: ${error.message}`);
    return;
  }
  if (mine !== ticket) return;
  clear(chart);
  if (!actors.length) status(statusNode, "empty", "No events match these filters.");
  else status(statusNode, null);
  const unmapped = actors.filter((a) => a.lat === null || a.lon === null);
  chart.append(draw(app, placesCache, actors, dyads), scaleLegend());
  if (unmapped.length) {
    chart.append(
      h("p", { class: "hint" }, "Not on the map (no single seat): ", unmapped.map((a) => `${a.name} (${a.code}) ${fmt(a.as_actor + a.as_recipient)}`).join(", "), "."),
    );
  }
}

function draw(app, places, actors, dyads) {
  const available = document.getElementById("map-chart").clientWidth || 900;
  const height = Math.min(470, Math.max(300, available / 2));
  const width = height * 2;
  const x = (lon) => ((lon + 180) / 360) * width;
  const y = (lat) => ((90 - lat) / 180) * height;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "map", role: "img", "aria-label": "World map of actors at their capitals" });
  svg.append(s("rect", { x: 0, y: 0, width, height, class: "sea" }));
  for (let lon = -150; lon <= 150; lon += 30) svg.append(s("line", { x1: x(lon), x2: x(lon), y1: 0, y2: height, class: "graticule" }));
  for (let lat = -60; lat <= 60; lat += 30) svg.append(s("line", { x1: 0, x2: width, y1: y(lat), y2: y(lat), class: lat === 0 ? "graticule equator" : "graticule" }));
  for (const p of places) {
    if (p.lat === null) continue;
    svg.append(s("circle", { cx: x(p.lon), cy: y(p.lat), r: 1.6, class: "capital" }, s("title", {}, p.name)));
  }
  const at = new Map(actors.filter((a) => a.lat !== null).map((a) => [a.code, a]));
  const maxDyad = Math.max(...dyads.map((d) => d.count), 1);
  for (const d of dyads) {
    const a = at.get(d.actor);
    const b = at.get(d.recipient);
    if (!a || !b || a === b) continue;
    svg.append(
      s(
        "line",
        { x1: x(a.lon), y1: y(a.lat), x2: x(b.lon), y2: y(b.lat), stroke: goldsteinColor(d.goldstein_mean), "stroke-width": 0.8 + 3 * Math.sqrt(d.count / maxDyad), class: "link" },
        s("title", {}, `${app.actorLabel(d.actor)} → ${app.actorLabel(d.recipient)}: ${fmt(d.count)} events`),
      ),
    );
  }
  const located = [...at.values()].sort((p, q) => q.as_actor + q.as_recipient - (p.as_actor + p.as_recipient));
  const max = Math.max(...located.map((a) => a.as_actor + a.as_recipient), 1);
  located.forEach((a, rank) => {
    const total = a.as_actor + a.as_recipient;
    const r = 3 + 14 * Math.sqrt(total / max);
    const group = s("g", { class: app.state.actor === a.code ? "place selected" : "place", tabindex: 0, role: "button", "aria-label": `${a.name}: ${total} events; filter by this actor` });
    group.append(
      s("circle", { cx: x(a.lon), cy: y(a.lat), r, fill: goldsteinColor(a.goldstein_mean) }),
      s("title", {}, `${a.name} (${a.code}): ${fmt(a.as_actor)} as actor, ${fmt(a.as_recipient)} as recipient · capital position`),
    );
    if (rank < 15) group.append(s("text", { x: x(a.lon) + r + 2, y: y(a.lat) + 4 }, a.code));
    const pick = () => app.go({ actor: a.code, offset: "0" });
    group.addEventListener("click", pick);
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter") pick();
    });
    svg.append(group);
  });
  return svg;
}
