// DOM building without markup: text from the API only ever becomes a text node (textContent),
// never HTML, so a mapping's or a forward's text cannot add elements or scripts to the page.

/** h('td', {class: 'x'}, 'text', childNode): attribute names are the page's own, values are set as text. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Replaces the element's children by these (strings as text). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Sets the text only when it changed, so screen readers and selection are left alone otherwise. */
export function setText(el, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (el.textContent !== value) el.textContent = value;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A button that asks once more before it acts: the first press arms it for a few seconds. */
export function confirmButton(label, confirmLabel, action) {
  let timer = null;
  const button = h('button', {type: 'button', class: 'danger'}, label);
  button.addEventListener('click', async () => {
    if (timer === null) {
      button.textContent = confirmLabel;
      timer = setTimeout(() => { timer = null; button.textContent = label; }, 4000);
      return;
    }
    clearTimeout(timer);
    timer = null;
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
  return button;
}
