// The dashboard: one state object, mirrored in the URL hash so every view can be linked and reloaded.

import { getJSON } from "./api.js";
import { openDetail, closeDetail } from "./detail.js";
import { fmt, debounce } from "./dom.js";
import { renderEvents } from "./table.js";
import { renderMap } from "./map.js";
import { renderNetwork } from "./network.js";
import { renderPositions } from "./positions.js";
import { renderTimeline } from "./timeline.js";

const FILTERS = ["actor", "recipient", "both_directions", "type", "quad_class", "since", "until", "min_confidence", "q"];
const OTHER = ["view", "interval", "sort", "order", "offset", "a", "b", "event"];
const VIEWS = { timeline: renderTimeline, network: renderNetwork, map: renderMap, events: renderEvents, positions: renderPositions };
const DEFAULTS = { view: "timeline", interval: "auto", sort: "date", order: "desc", offset: "0" };

const form = document.getElementById("filters");
const fields = {
  actor: document.getElementById("f-actor"),
  recipient: document.getElementById("f-recipient"),
  both_directions: document.getElementById("f-both"),
  type: document.getElementById("f-type"),
  quad_class: document.getElementById("f-quad"),
  since: document.getElementById("f-since"),
  until: document.getElementById("f-until"),
  min_confidence: document.getElementById("f-conf"),
  q: document.getElementById("f-q"),
};

/** The app's context for the views: the state, the actors list, and ways to change the state. */
const app = {
  state: {},
  actors: [],
  actorsByCode: new Map(),
  summary: null,
  filters() {
    const out = {};
    for (const key of FILTERS) if (this.state[key]) out[key] = this.state[key];
    if (out.both_directions) out.both_directions = "true";
    return out;
  },
  /** Merge `changes` into the state and show the result (pushes a history entry). */
  go(changes) {
    const next = { ...this.state, ...changes };
    for (const [key, value] of Object.entries(next)) if (value === "" || value === null || value === undefined) delete next[key];
    const hash = encode(next);
    if (`#${hash}` === window.location.hash) render();
    else window.location.hash = hash;
  },
  actorLabel(code) {
    const actor = this.actorsByCode.get(code);
    return actor && actor.name !== code ? `${actor.name} (${code})` : code;
  },
  openEvent(id) {
    this.go({ event: id });
  },
};

function encode(state) {
  const params = new URLSearchParams();
  for (const key of [...OTHER, ...FILTERS]) {
    const value = state[key];
    if (value === undefined || value === null || value === "" || value === DEFAULTS[key]) continue;
    params.set(key, value);
  }
  return params.toString();
}

function decode() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const state = { ...DEFAULTS };
  for (const key of [...OTHER, ...FILTERS]) if (params.has(key)) state[key] = params.get(key);
  if (!(state.view in VIEWS)) state.view = DEFAULTS.view;
  return state;
}

function fillForm(state) {
  for (const [key, field] of Object.entries(fields)) {
    if (field.type === "checkbox") field.checked = state[key] === "true";
    else field.value = state[key] || "";
  }
}

function readForm() {
  const out = {};
  for (const [key, field] of Object.entries(fields)) {
    out[key] = field.type === "checkbox" ? (field.checked ? "true" : "") : field.value.trim();
  }
  return out;
}

let shown = null;

async function render() {
  app.state = decode();
  fillForm(app.state);
  for (const tab of document.querySelectorAll(".tabs [role=tab]")) {
    const active = tab.dataset.view === app.state.view;
    tab.setAttribute("aria-selected", String(active));
    tab.tabIndex = active ? 0 : -1;
  }
  for (const name of Object.keys(VIEWS)) document.getElementById(`view-${name}`).hidden = name !== app.state.view;
  const key = encode({ ...app.state, event: "" });
  if (key !== shown) {
    shown = key;
    VIEWS[app.state.view](app);
  }
  if (app.state.event) openDetail(app, app.state.event);
  else closeDetail();
}

function option(value, label) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = label;
  return node;
}

async function loadChoices() {
  const summaryNode = document.getElementById("db-summary");
  try {
    const [summary, actors] = await Promise.all([getJSON("/api/summary"), getJSON("/api/actors")]);
    app.summary = summary;
    app.actors = actors;
    app.actorsByCode = new Map(actors.map((a) => [a.code, a]));
    const range = summary.first_date ? ` · ${summary.first_date} to ${summary.last_date}` : "";
    summaryNode.textContent = `${fmt(summary.events)} events from ${fmt(summary.articles)} articles${range}`;
    const byName = [...actors].sort((x, y) => x.name.localeCompare(y.name));
    for (const select of [fields.actor, fields.recipient]) {
      for (const a of byName) select.append(option(a.code, `${a.name} (${a.code}) · ${fmt(a.as_actor + a.as_recipient)}`));
    }
    for (const type of summary.types) fields.type.append(option(type, type));
  } catch (error) {
    summaryNode.textContent = `Cannot load the database summary: ${error.message}`;
    summaryNode.classList.add("error");
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  app.go({ ...readForm(), offset: "0" });
});
document.getElementById("f-reset").addEventListener("click", () => {
  const cleared = Object.fromEntries(FILTERS.map((k) => [k, ""]));
  app.go({ ...cleared, offset: "0" });
});
for (const key of ["actor", "recipient", "type", "quad_class", "both_directions"]) {
  fields[key].addEventListener("change", () => app.go({ ...readForm(), offset: "0" }));
}
for (const tab of document.querySelectorAll(".tabs [role=tab]")) {
  tab.addEventListener("click", () => app.go({ view: tab.dataset.view }));
  tab.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const tabs = [...document.querySelectorAll(".tabs [role=tab]")];
    const step = event.key === "ArrowRight" ? 1 : -1;
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
    next.focus();
    app.go({ view: next.dataset.view });
  });
}
document.getElementById("detail-close").addEventListener("click", () => app.go({ event: "" }));
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && app.state.event) app.go({ event: "" });
});
window.addEventListener("hashchange", render);
window.addEventListener(
  "resize",
  debounce(() => {
    shown = null;
    render();
  }, 200),
);

await loadChoices();
await render();
document.body.dataset.ready = "true";
