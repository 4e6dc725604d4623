// Pieces every page uses: headings, breadcrumbs, alerts, confirmation dialogs, and forms that show each API
// validation message next to its field.
import {h, replace, uid} from './dom.js';

export function pageHeader(title, ...actions) {
  return h('div', {class: 'page-header'},
    h('h1', {tabindex: '-1', class: 'page-title'}, title),
    actions.length ? h('div', {class: 'page-actions'}, actions) : null);
}

export function breadcrumbs(...trail) {
  const items = [['Home', '/admin/users'], ...trail];
  return h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumb'},
    h('ol', {}, items.map(([label, href], index) => h('li', {},
      index === items.length - 1 || !href ? h('span', {'aria-current': 'page'}, label) : h('a', {href}, label)))));
}

/** An alert box: 'error' (announced at once), 'success', 'info' or 'warning'. */
export function alert(kind, ...content) {
  return h('div', {class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status', tabindex: '-1'}, content);
}

/** What a failed call says, in a box. */
export function errorAlert(error) {
  return alert('error', error.message || 'Something went wrong.');
}

/** A modal dialog asking to confirm an action; answers true when confirmed. Focus starts on Cancel. */
export function confirmDialog({title, message, confirm, danger = false}) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const cancel = h('button', {type: 'button', class: 'btn', value: 'cancel'}, 'Cancel');
    const ok = h('button', {type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary', value: 'confirm'}, confirm);
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': titleId},
      h('h2', {id: titleId}, title), h('p', {}, message), h('div', {class: 'button-row'}, ok, cancel));
    let answer = false;
    ok.addEventListener('click', () => { answer = true; dialog.close(); });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * A labelled form field with room for its hint and its errors, tied to the input by aria-describedby.
 * options: name, label, type, value, autocomplete, required, hint, inputmode, options (for a select).
 */
export function field({name, label, type = 'text', value = '', hint, required = false, ...attributes}) {
  const id = uid(`field-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const described = [hintId, errorId].filter(Boolean).join(' ');
  const input = type === 'checkbox'
    ? h('input', {id, name, type, checked: Boolean(value), 'aria-describedby': described, ...attributes})
    : h('input', {id, name, type, value: value ?? '', required, 'aria-describedby': described, ...attributes});
  const labelElement = h('label', {for: id}, label, required ? h('span', {class: 'required', 'aria-hidden': 'true'}, ' *') : null);
  return h('div', {class: type === 'checkbox' ? 'field field-checkbox' : 'field', 'data-field': name},
    type === 'checkbox' ? [input, labelElement] : [labelElement, input],
    hint ? h('p', {class: 'hint', id: hintId}, hint) : null,
    h('div', {class: 'field-error', id: errorId}));
}

export function clearErrors(form) {
  form.querySelector(':scope > .alert')?.remove();
  for (const container of form.querySelectorAll('.field-error')) replace(container);
  for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  for (const wrapper of form.querySelectorAll('.field.has-error')) wrapper.classList.remove('has-error');
}

/**
 * Shows a failed call on its form: each field's messages under the field (which is marked invalid), and a summary
 * at the top that is announced and links to each field. Messages for fields the form lacks go in the summary.
 */
export function showErrors(form, error, summary = 'Please correct the errors below.') {
  clearErrors(form);
  const links = [];
  const loose = [];
  for (const [name, messages] of Object.entries(error.errors || {})) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    const input = wrapper?.querySelector('input, select, textarea');
    const list = Array.isArray(messages) ? messages : [String(messages)];
    if (!wrapper || !input) {
      loose.push(...list.map((message) => `${name}: ${message}`));
      continue;
    }
    wrapper.classList.add('has-error');
    input.setAttribute('aria-invalid', 'true');
    replace(wrapper.querySelector('.field-error'), list.map((message) => h('p', {}, message)));
    links.push(h('li', {}, h('a', {href: `#${input.id}`, onclick: (event) => { event.preventDefault(); input.focus(); }},
      `${wrapper.querySelector('label').firstChild.textContent}: ${list[0]}`)));
  }
  const hasFields = links.length > 0;
  const box = alert('error',
    h('p', {class: 'alert-title'}, hasFields ? summary : error.message),
    hasFields && error.message && !error.message.startsWith('One or more') ? h('p', {}, error.message) : null,
    links.length ? h('ul', {}, links) : null,
    loose.length ? h('ul', {}, loose.map((message) => h('li', {}, message))) : null);
  form.prepend(box);
  box.focus();
}

/** Runs a form's submission with its buttons disabled and the form marked busy. */
export async function submitting(form, action) {
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((button) => { button.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    buttons.forEach((button) => { button.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}
