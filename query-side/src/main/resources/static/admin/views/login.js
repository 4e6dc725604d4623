// Login: staff only. Anyone else is told so, and the tokens the command side issued them are revoked at once.
import * as api from '../api.js';
import * as session from '../session.js';
import {h} from '../dom.js';
import {alert, field, showErrors, submitting} from '../ui.js';

export const NOT_STAFF = 'This account is not a staff account: only staff members may use the admin panel.';

export async function loginView(ctx) {
  ctx.title('Log in');
  if (session.loggedIn() && session.operator()?.staff) {
    return ctx.navigate(session.takeReturn() || '/admin/users', {replace: true});
  }
  const notice = session.takeNotice();
  const form = h('form', {class: 'form', novalidate: true},
    field({name: 'email', label: 'Email', type: 'email', autocomplete: 'username', required: true, autofocus: true}),
    field({name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true}),
    h('div', {class: 'button-row'}, h('button', {type: 'submit', class: 'btn btn-primary btn-block'}, 'Log in')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitting(form, () => logIn(ctx, form));
  });
  ctx.root.append(h('div', {class: 'login-card'},
    h('div', {class: 'login-brand'}, h('span', {class: 'brand-mark', 'aria-hidden': 'true'}, 'A'),
      h('h1', {tabindex: '-1'}, 'Accounts administration')),
    h('p', {class: 'muted'}, 'Log in with a staff account.'),
    notice ? alert(notice.startsWith('Your session') ? 'warning' : 'info', notice) : null,
    form));
}

async function logIn(ctx, form) {
  const email = form.elements.email.value.trim();
  const password = form.elements.password.value;
  const missing = {};
  if (!email) missing.email = ['This field is required.'];
  if (!password) missing.password = ['This field is required.'];
  if (Object.keys(missing).length) {
    return showErrors(form, new api.ApiError(400, {errors: missing}));
  }
  let tokens;
  try {
    tokens = await api.login(email, password);
  } catch (error) {
    return showErrors(form, error);
  }
  const roles = session.claims(tokens.access)?.roles || [];
  if (!roles.includes('staff') && !roles.includes('superuser')) {
    await api.logout(tokens.refresh);
    form.elements.password.value = '';
    return showErrors(form, new api.ApiError(403, {detail: NOT_STAFF}));
  }
  session.store(tokens);
  ctx.navigate(session.takeReturn() || '/admin/users', {replace: true});
}
