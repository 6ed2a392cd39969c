// The event panel: the article text with the evidence sentence highlighted and the trigger marked, the
// coded fields, who said it and through whom, and the other reports of the same event.

import { getJSON } from "./api.js";
import { clear, h, safeHref, status } from "./dom.js";
import { QUAD_CLASSES } from "./scales.js";
import { typeBadge } from "./table.js";

let ticket = 0;
let current = null;

function entity(e) {
  const code = [e.country, ...(e.sector || [])].filter(Boolean).join(" ");
  const kind = e.kind && e.kind !== "unknown" ? e.kind : "";
  const note = [code, kind].filter(Boolean).join(", ");
  return note ? `${e.text} (${note})` : e.text;
}

function field(name, ...value) {
  return [h("dt", {}, name), h("dd", {}, ...value)];
}

/** The article text with the evidence sentence in a highlighted span and the trigger in <mark>. */
function articleText(article, evidence) {
  const text = article ? article.text : "";
  const s0 = evidence.sentence_start;
  const s1 = evidence.sentence_end;
  const sentence = evidence.sentence;
  const marked = h(
    "span",
    { class: "evidence", id: "evidence" },
    sentence.slice(0, evidence.trigger_start),
    h("mark", {}, sentence.slice(evidence.trigger_start, evidence.trigger_end)),
    sentence.slice(evidence.trigger_end),
  );
  if (s0 === null || s1 === null || !text) {
    return h("div", { class: "article-text" }, marked, text ? h("p", { class: "muted" }, "(The sentence could not be placed in the article text.)") : null, text);
  }
  return h("div", { class: "article-text" }, text.slice(0, s0), marked, text.slice(s1));
}

function attribution(event, article) {
  const steps = [];
  if (event.speaker) steps.push(h("li", {}, h("span", { class: "step" }, "speaker"), entity(event.speaker)));
  else steps.push(h("li", {}, h("span", { class: "step" }, "speaker"), "none quoted: the article states it"));
  if (event.via) steps.push(h("li", {}, h("span", { class: "step" }, "via"), event.via));
  const outlet = article && (article.site || article.source);
  const published = article && article.published ? `, ${article.published}` : "";
  steps.push(h("li", {}, h("span", { class: "step" }, "in"), `${outlet || "unknown outlet"}${published}`));
  return h("ol", { class: "chain" }, steps);
}

function source(article) {
  if (!article) return h("p", { class: "muted" }, "The article is not in the database.");
  const items = [h("strong", {}, article.title || "(untitled article)")];
  if (article.author) items.push(` by ${article.author}`);
  // Only http(s) addresses become links; anything else (javascript:, data:) is shown as inert text.
  const href = article.url ? safeHref(article.url) : null;
  const link = href ? h("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, "original") : null;
  const url = article.url && !href ? h("span", { class: "muted" }, ` (${article.url}, not a web address)`) : null;
  return h("p", { class: "source" }, ...items, link ? [" · ", link] : null, url, h("span", { class: "muted" }, ` · doc ${article.doc_id}`));
}

function cluster(app, data) {
  if (!data.cluster) {
    const text = app.summary && app.summary.clusters ? "No other report of this event." : "Cross-report clusters have not been computed for this database.";
    return h("p", { class: "muted" }, text);
  }
  const reports = data.cluster.reports;
  if (!reports.length) return h("p", { class: "muted" }, "No other report of this event.");
  return h(
    "ul",
    { class: "reports" },
    reports.map((r) => {
      const item = h("li", { tabindex: 0 }, h("div", {}, h("strong", {}, r.title || "(untitled)"), ` · ${r.site || ""} ${r.date || ""}`), h("div", { class: "quote" }, r.quote));
      item.addEventListener("click", () => app.openEvent(r.id));
      item.addEventListener("keydown", (e) => {
        if (e.key === "Enter") app.openEvent(r.id);
      });
      return item;
    }),
  );
}

export async function openDetail(app, id) {
  const panel = document.getElementById("detail");
  const body = document.getElementById("detail-body");
  const statusNode = document.getElementById("detail-status");
  panel.hidden = false;
  document.body.classList.add("with-detail");
  for (const tr of document.querySelectorAll("#events-table tbody tr")) tr.classList.toggle("current", tr.dataset.id === id);
  if (current === id) return;
  current = id;
  const mine = ++ticket;
  clear(body);
  status(statusNode, "loading", "Loading the event…");
  let data;
  try {
    data = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  } catch (error) {
    if (mine !== ticket) return;
    current = null;
    status(statusNode, "error", error.status === 404 ? `There is no event ${id} in this database.` : `The event could not be loaded: ${error.message}`);
    return;
  }
  if (mine !== ticket) return;
  status(statusNode, null);
  const { event, article, evidence } = data;
  const quad = QUAD_CLASSES.find((q) => q.id === String(event.quad_class));
  document.getElementById("detail-title").textContent = `${event.type} · ${event.date || "undated"}`;
  body.append(
    h("p", { class: "who" }, typeBadge(event), " ", event.actor_country.join(", ") || "?", " → ", event.recipient_country.join(", ") || "—"),
    h("h3", {}, "Evidence"),
    source(article),
    articleText(article, evidence),
    h("h3", {}, "Attribution"),
    attribution(event, article),
    h("h3", {}, "Coded as"),
    h(
      "dl",
      { class: "fields" },
      field("Type", `${event.type}${event.mode ? ` (${event.mode})` : ""}`),
      field("Context", event.context.join(", ") || "—"),
      field("Actor", (event.actor || []).map(entity).join("; ") || "—"),
      field("Recipient", (event.recipient || []).map(entity).join("; ") || "—"),
      field("Date", `${event.date || "undated"}${event.date_granularity ? ` (${event.date_granularity})` : ""}`),
      field("Trigger", event.trigger),
      field("CAMEO", event.cameo),
      field("Goldstein", event.goldstein.toFixed(1)),
      field("QuadClass", `${event.quad_class}${quad ? ` ${quad.name}` : ""}`),
      field("Confidence", event.confidence.toFixed(2)),
      field("Status", event.status),
      field("Rule", event.rule),
      field("Why", event.explanation.join(", ") || "—"),
      field("Id", event.id),
    ),
    h("h3", {}, "Other reports of this event"),
    cluster(app, data),
  );
  const marked = document.getElementById("evidence");
  if (marked) marked.scrollIntoView({ block: "center" });
}

export function closeDetail() {
  current = null;
  ticket++;
  document.getElementById("detail").hidden = true;
  document.body.classList.remove("with-detail");
  for (const tr of document.querySelectorAll("#events-table tbody tr.current")) tr.classList.remove("current");
}
