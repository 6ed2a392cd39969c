// The API reference: renders /openapi.json as a list of endpoints with their parameters, and lets a
// developer try each GET request here (the page runs under the same strict CSP as the dashboard).

import { clear, h, status } from "./dom.js";

function resolve(spec, schema) {
  if (schema && schema.$ref) return resolve(spec, schema.$ref.split("/").slice(1).reduce((o, k) => o[k], spec));
  return schema || {};
}

function typeOf(spec, schema) {
  const s = resolve(spec, schema);
  if (s.anyOf) return s.anyOf.map((x) => typeOf(spec, x)).filter((t) => t !== "null").join(" | ");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  const limits = [];
  if (s.pattern) limits.push(`pattern ${s.pattern}`);
  if (s.minimum !== undefined) limits.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) limits.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) limits.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) limits.push(`length ≤ ${s.maxLength}`);
  if (s.format) limits.push(s.format);
  return [s.type || "any", ...limits].join(", ");
}

function endpoint(spec, path, op) {
  const params = (op.parameters || []).map((p) => ({ ...p, schema: resolve(spec, p.schema) }));
  const inputs = new Map();
  const rows = params.map((p) => {
    const input = h("input", { name: p.name, "aria-label": p.name, placeholder: p.schema.default !== undefined ? String(p.schema.default) : "" });
    inputs.set(p.name, input);
    return h(
      "tr",
      {},
      h("td", {}, h("code", {}, p.name), p.required ? " *" : ""),
      h("td", {}, p.in),
      h("td", {}, typeOf(spec, p.schema)),
      h("td", {}, p.description || p.schema.description || ""),
      h("td", {}, input),
    );
  });
  const output = h("pre", { class: "response", hidden: true });
  const shown = h("code", {});
  const run = async () => {
    let url = path;
    const query = new URLSearchParams();
    for (const p of params) {
      const value = inputs.get(p.name).value.trim();
      if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(value));
      else if (value) query.set(p.name, value);
    }
    const full = `${url}${query.toString() ? `?${query}` : ""}`;
    shown.textContent = `GET ${full}`;
    output.hidden = false;
    output.textContent = "…";
    try {
      const response = await fetch(full, { headers: { Accept: "application/json" } });
      const text = await response.text();
      let body = text;
      try {
        body = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // not JSON: show as is
      }
      output.textContent = `HTTP ${response.status}\n${body}`;
    } catch (error) {
      output.textContent = `request failed: ${error.message}`;
    }
  };
  return h(
    "section",
    { class: "endpoint", id: op.operationId || path },
    h("h2", {}, h("span", { class: "method" }, "GET"), path),
    h("p", {}, op.description || op.summary || ""),
    params.length
      ? h("table", { class: "params" }, h("thead", {}, h("tr", {}, ["name", "in", "type", "meaning", "try"].map((t) => h("th", {}, t)))), h("tbody", {}, rows))
      : h("p", { class: "muted" }, "No parameters."),
    h("div", { class: "try" }, h("button", { type: "button", onclick: run }, "Send"), shown),
    output,
  );
}

const list = document.getElementById("endpoints");
const statusNode = document.getElementById("docs-status");
status(statusNode, "loading", "Loading the API description…");
try {
  const response = await fetch("/openapi.json");
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const spec = await response.json();
  status(statusNode, null);
  clear(list);
  list.append(h("p", {}, spec.info.summary || "", ` Version ${spec.info.version}. Errors are JSON: {"detail": …}, 404 for an unknown id, 422 for invalid parameters.`));
  for (const [path, item] of Object.entries(spec.paths)) if (item.get) list.append(endpoint(spec, path, item.get));
} catch (error) {
  status(statusNode, "error", `The API description could not be loaded: ${error.message}`);
}
