// Building the page from data: elements and text nodes only, never HTML strings, so nothing a user typed can run.

/** h('a', {href: '/x', class: 'btn'}, 'text', child...): attributes (on* as listeners), then children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Text that screen readers announce but that is not shown. */
export const hidden = (text) => h('span', {class: 'visually-hidden'}, text);

const DAY = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium'});
const HOUR = new Intl.DateTimeFormat(undefined, {timeStyle: 'short'});
const FULL = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

/**
 * A time as a <time> element: local and readable, with the exact UTC instant in its datetime and title; 'stacked'
 * puts the time of day under the date, for narrow table columns.
 */
export function time(iso, empty = '—', format = 'full') {
  if (!iso) return h('span', {class: 'muted'}, empty);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('time', {datetime: iso}, iso);
  return format === 'stacked'
    ? h('time', {datetime: iso, title: iso, class: 'stacked'}, DAY.format(date), ' ', h('span', {class: 'time-of-day'}, HOUR.format(date)))
    : h('time', {datetime: iso, title: iso}, FULL.format(date));
}

/** A yes/no value as an icon with its word for assistive technology. */
export function flag(value, yes = 'Yes', no = 'No') {
  return h('span', {class: value ? 'flag flag-yes' : 'flag flag-no'},
    h('span', {'aria-hidden': 'true'}, value ? '✔' : '✖'), hidden(value ? yes : no));
}

export const number = (value) => new Intl.NumberFormat().format(value);

/** A random id for label/field pairs. */
let counter = 0;
export const uid = (prefix) => `${prefix}-${++counter}`;
