// Element helpers, time/id formatting and the notice line.
/* global document, Node */

export const $ = (id) => document.getElementById(id);

/** Creates an element; attributes as an object, children as strings or nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** Replaces a list's items, or shows one `empty` placeholder item. */
export function fill(list, items, empty) {
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, empty)]));
}

export function notice(text, bad = false) {
  const n = $('notice');
  n.textContent = text;
  n.classList.toggle('bad', bad);
}

export function shortId(id) {
  return id && id.length > 10 ? id.slice(0, 8) : id;
}

export function time(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}
