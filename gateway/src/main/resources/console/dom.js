// Builds the DOM from elements and text nodes only. A string never becomes markup: it is a Text node or an
// attribute value, so output is escaped by construction and the page needs no Trusted Types policy at all.

const PROPERTIES = new Set(['value', 'checked', 'indeterminate']);

/** h('button', {type: 'button', on: {click}}, 'Save') → <button type="button">Save</button> */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    // markup from a string (any *HTML property, srcdoc) and inline handlers are refused outright
    if (key.endsWith('HTML') || key === 'srcdoc' || (key.startsWith('on') && key !== 'on')) {
      throw new Error(`h(): ${key} is not allowed`);
    }
    if (key === 'on') {
      for (const [type, listener] of Object.entries(value)) el.addEventListener(type, listener);
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else if (value !== false && value !== null && value !== undefined) {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children: nodes as they are, strings and numbers as text, arrays flattened, null and false skipped. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything inside an element. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

let ids = 0;
/** A page-unique id for label/aria references. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}
