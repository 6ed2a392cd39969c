// Positions: what two actors asked of, refused, alleged against, agreed with and conceded to each other,
// both ways, in time order: A's moves on the left, B's on the right, each with its evidence sentence.

import { getJSON } from "./api.js";
import { clear, h, status } from "./dom.js";
import { typeBadge } from "./table.js";

let ticket = 0;

function fillSelect(select, app, value) {
  if (select.options.length !== app.actors.length) {
    clear(select);
    for (const a of [...app.actors].sort((x, y) => x.name.localeCompare(y.name))) {
      const option = document.createElement("option");
      option.value = a.code;
      option.textContent = `${a.name} (${a.code})`;
      select.append(option);
    }
  }
  select.value = value;
}

export async function renderPositions(app) {
  const mine = ++ticket;
  const list = document.getElementById("positions-list");
  const statusNode = document.getElementById("positions-status");
  const selectA = document.getElementById("pos-a");
  const selectB = document.getElementById("pos-b");
  const codes = app.actors.map((x) => x.code);
  const a = app.state.a || app.state.actor || codes[0] || "";
  const b = app.state.b || app.state.recipient || codes.find((c) => c !== a) || "";
  fillSelect(selectA, app, a);
  fillSelect(selectB, app, b);
  selectA.onchange = () => app.go({ a: selectA.value, b: selectB.value });
  selectB.onchange = () => app.go({ a: selectA.value, b: selectB.value });
  clear(list);
  if (!a || !b) {
    status(statusNode, "empty", "Choose two actors.");
    return;
  }
  status(statusNode, "loading", "Loading positions…");
  let data;
  try {
    data = await getJSON("/api/positions", { a, b, since: app.state.since, until: app.state.until });
  } catch (error) {
    if (mine !== ticket) return;
    status(statusNode, "error", `Positions could not be loaded: ${error.message}`);
    return;
  }
  if (mine !== ticket) return;
  if (!data.events.length) {
    status(statusNode, "empty", `No requests, rejections, accusations, agreements or concessions between ${app.actorLabel(a)} and ${app.actorLabel(b)} in this period.`);
    return;
  }
  status(statusNode, null);
  list.append(
    h("div", { class: "positions-head" }, h("span", {}, `${app.actorLabel(a)} → ${app.actorLabel(b)}`), h("span", {}, `${app.actorLabel(b)} → ${app.actorLabel(a)}`)),
  );
  for (const event of data.events) {
    const card = h(
      "article",
      { class: `move ${event.direction === "a_to_b" ? "left" : "right"}`, tabindex: 0, dataset: { id: event.id } },
      h("header", {}, h("span", { class: "date" }, event.date || "undated"), typeBadge(event), h("span", { class: "trigger" }, event.trigger)),
      h("p", { class: "quote" }, event.quote),
    );
    card.addEventListener("click", () => app.openEvent(event.id));
    card.addEventListener("keydown", (e) => {
      if (e.key === "Enter") app.openEvent(event.id);
    });
    list.append(card);
  }
}
