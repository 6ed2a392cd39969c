// DOM helpers. Everything that comes from the API (article text, titles, names) is set as text or as an
// attribute value, never parsed as markup; links only ever point to http(s) or to this app.

const SVG_NS = "http://www.w3.org/2000/svg";

function setProps(node, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.setAttribute("class", value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key.startsWith("on")) throw new Error(`refusing to set handler attribute ${key}`);
    else if (key === "href") {
      const safe = safeHref(value);
      if (safe) node.setAttribute("href", safe);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h("td", {class: "num"}, "42"). Strings become text nodes. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  setProps(node, props);
  append(node, children);
  return node;
}

/** An SVG element, the same way. */
export function s(tag, props = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setProps(node, props);
  append(node, children);
  return node;
}

/** The URL if it is http(s) or a path of this app, else null (javascript:, data: and the like). */
export function safeHref(value) {
  const text = String(value ?? "").trim();
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  if (text.startsWith("#")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Shows a loading, empty or error message in a view's status line (or hides it with kind null). */
export function status(node, kind, message = "") {
  node.hidden = kind === null;
  node.className = `status ${kind || ""}`;
  node.setAttribute("role", kind === "error" ? "alert" : "status");
  node.textContent = message;
  if (kind === "loading") node.setAttribute("aria-busy", "true");
  else node.removeAttribute("aria-busy");
}

const numberFormat = new Intl.NumberFormat("en");
export const fmt = (n) => numberFormat.format(n);

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
