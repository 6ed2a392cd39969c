// The event table: the filtered events a page at a time, sortable by date, confidence or Goldstein score.
// A row opens the event's detail panel.

import { getJSON } from "./api.js";
import { clear, fmt, h, status } from "./dom.js";
import { QUAD_CLASSES } from "./scales.js";

export const PAGE = 50;
let ticket = 0;

const codes = (list) => (list && list.length ? list.join(", ") : "—");

export function typeBadge(event) {
  const quad = QUAD_CLASSES.find((q) => q.id === String(event.quad_class));
  return h("span", { class: `badge q${event.quad_class}`, title: quad ? quad.name : "" }, event.type);
}

export async function renderEvents(app) {
  const mine = ++ticket;
  const body = document.querySelector("#events-table tbody");
  const statusNode = document.getElementById("events-status");
  const range = document.getElementById("events-range");
  const prev = document.getElementById("events-prev");
  const next = document.getElementById("events-next");
  const offset = Math.max(0, Number.parseInt(app.state.offset || "0", 10) || 0);
  const sort = app.state.sort || "date";
  const order = app.state.order || "desc";
  for (const button of document.querySelectorAll("#events-table .sort")) {
    const active = button.dataset.sort === sort;
    button.closest("th").setAttribute("aria-sort", active ? (order === "asc" ? "ascending" : "descending") : "none");
    button.textContent = button.textContent.replace(/ [▲▼]$/, "") + (active ? (order === "asc" ? " ▲" : " ▼") : "");
    button.onclick = () => app.go({ sort: button.dataset.sort, order: active && order === "desc" ? "asc" : "desc", offset: "0" });
  }
  status(statusNode, "loading", "Loading events…");
  prev.disabled = true;
  next.disabled = true;
  let page;
  try {
    page = await getJSON("/api/events", { ...app.filters(), limit: PAGE, offset, sort, order });
  } catch (error) {
    if (mine !== ticket) return;
    clear(body);
    range.textContent = "";
    status(statusNode, "error", `Events could not be loaded: ${error.message}`);
    return;
  }
  if (mine !== ticket) return;
  clear(body);
  if (!page.events.length) {
    range.textContent = "";
    status(statusNode, "empty", page.total ? "No events on this page." : "No events match these filters.");
  } else {
    status(statusNode, null);
    range.textContent = `${fmt(offset + 1)}–${fmt(offset + page.events.length)} of ${fmt(page.total)}`;
  }
  prev.disabled = offset === 0;
  next.disabled = offset + PAGE >= page.total;
  prev.onclick = () => app.go({ offset: String(Math.max(0, offset - PAGE)) });
  next.onclick = () => app.go({ offset: String(offset + PAGE) });
  for (const event of page.events) body.append(row(app, event));
}

function row(app, event) {
  const tr = h(
    "tr",
    { tabindex: 0, dataset: { id: event.id }, class: app.state.event === event.id ? "current" : null },
    h("td", { class: "nowrap" }, event.date || "undated"),
    h("td", {}, typeBadge(event)),
    h("td", { title: event.actor_country.map((c) => app.actorLabel(c)).join(", ") }, codes(event.actor_country)),
    h("td", { title: event.recipient_country.map((c) => app.actorLabel(c)).join(", ") }, codes(event.recipient_country)),
    h("td", {}, event.trigger),
    h("td", { class: "quote" }, event.quote),
    h("td", { class: "num" }, event.confidence.toFixed(2)),
    h("td", { class: "num" }, event.goldstein.toFixed(1)),
  );
  const open = () => app.openEvent(event.id);
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter") open();
  });
  return tr;
}
