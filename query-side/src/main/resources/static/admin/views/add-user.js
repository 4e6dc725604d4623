// Add user, as Django's admin has it: email, username and the password twice, checked by the same rules and with
// the same messages as the API (the API checks them; this page shows its answer beside each field).
import * as api from '../api.js';
import * as session from '../session.js';
import {h} from '../dom.js';
import {alert, breadcrumbs, field, pageHeader, showErrors, submitting} from '../ui.js';

export async function addUserView(ctx) {
  ctx.title('Add user');
  const operator = session.operator();
  let another = false;
  const form = h('form', {class: 'form', novalidate: true, 'data-draft': 'add-user', 'aria-labelledby': 'add-heading'},
    h('h2', {id: 'add-heading', class: 'visually-hidden'}, 'New user'),
    h('p', {class: 'muted'}, 'First, enter an email address, a username and a password. Then you can edit more of the user’s details.'),
    field({name: 'email', label: 'Email address', type: 'email', autocomplete: 'off', required: true}),
    field({name: 'username', label: 'Username', autocomplete: 'off', required: true,
      hint: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.'}),
    field({name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true,
      hint: 'At least 8 characters, not entirely numeric, not too common, and not too similar to the other information.'}),
    field({name: 'password2', label: 'Password confirmation', type: 'password', autocomplete: 'new-password', required: true,
      hint: 'Enter the same password as before, for verification.'}),
    h('div', {class: 'field-row'},
      field({name: 'first_name', label: 'First name', autocomplete: 'off'}),
      field({name: 'last_name', label: 'Last name', autocomplete: 'off'})),
    operator?.superuser ? field({name: 'superuser', label: 'Superuser status', type: 'checkbox',
      hint: 'A superuser is also staff and may do everything in this admin.'}) : null,
    h('div', {class: 'button-row'},
      h('button', {type: 'submit', class: 'btn btn-primary', onclick: () => { another = false; }}, 'Save'),
      h('button', {type: 'submit', class: 'btn', onclick: () => { another = true; }}, 'Save and add another')));
  if (session.restoreDraft(form)) {
    form.prepend(alert('info', 'What you were typing before your session expired has been restored (passwords are never kept).'));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitting(form, async () => {
      const values = Object.fromEntries(['email', 'username', 'password', 'password2', 'first_name', 'last_name']
        .map((name) => [name, form.elements[name].value]));
      if (values.password !== values.password2) {
        return showErrors(form, new api.ApiError(400, {errors: {password2: ['The two password fields didn’t match.']}}));
      }
      const superuser = Boolean(form.elements.superuser?.checked);
      let created;
      try {
        created = await api.command('POST', superuser ? '/api/superusers' : '/api/users', {
          email: values.email, username: values.username, password: values.password,
          first_name: values.first_name, last_name: values.last_name,
        });
      } catch (error) {
        if (!(error instanceof api.SessionExpired)) showErrors(form, error);
        return;
      }
      const {id, username} = created.data;
      if (another) {
        ctx.flash(`The user “${username}” was added successfully. You may add another user below.`);
        return ctx.refresh();
      }
      ctx.flash(`The user “${username}” was added successfully. You may edit it again below.`);
      ctx.navigate(`/admin/users/${id}`);
    });
  });
  ctx.root.append(breadcrumbs(['Users', '/admin/users'], ['Add user']), pageHeader('Add user'),
    h('section', {class: 'card narrow'}, form));
}
