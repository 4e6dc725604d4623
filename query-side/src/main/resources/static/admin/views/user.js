// One user: every field, the profile form, status changes (superusers), a new password, and the history of events.
// Each change goes through the command API; the page then reads the user back at the change's log position.
import * as api from '../api.js';
import * as session from '../session.js';
import {flag, h, replace, time} from '../dom.js';
import {alert, breadcrumbs, clearErrors, confirmDialog, errorAlert, field, pageHeader, showErrors, submitting} from '../ui.js';
import {historyTab} from './history.js';

const TABS = [['details', 'Details'], ['password', 'Password'], ['history', 'History']];

export async function userView(ctx) {
  const [id, tab = 'details'] = ctx.params;
  const user = await api.query(`/api/users/${id}`);
  ctx.title(`${user.username} (${TABS.find(([key]) => key === tab)[1]})`);
  const base = `/admin/users/${id}`;
  const panel = h('div', {class: 'tab-panel'});
  ctx.root.append(breadcrumbs(['Users', '/admin/users'], [user.username]),
    pageHeader(user.username),
    h('p', {class: 'subtitle'}, user.email, ' ', badges(user)),
    h('nav', {class: 'tabs', 'aria-label': 'User sections'},
      h('ul', {}, TABS.map(([key, label]) => h('li', {},
        h('a', {href: key === 'details' ? base : `${base}/${key}`, 'aria-current': key === tab ? 'page' : null}, label))))),
    panel);
  if (tab === 'details') details(ctx, user, panel);
  else if (tab === 'password') password(ctx, user, panel);
  else await historyTab(ctx, user, panel);
}

function badges(user) {
  return h('span', {class: 'badges'},
    user.is_active ? h('span', {class: 'badge badge-ok'}, 'Active') : h('span', {class: 'badge badge-off'}, 'Inactive'),
    user.is_staff ? h('span', {class: 'badge'}, 'Staff') : null,
    user.is_superuser ? h('span', {class: 'badge badge-super'}, 'Superuser') : null);
}

function details(ctx, user, panel) {
  const operator = session.operator();
  const facts = [
    ['ID', h('code', {}, user.id)], ['Email', user.email], ['Username', user.username],
    ['First name', user.first_name || h('span', {class: 'muted'}, '—')],
    ['Last name', user.last_name || h('span', {class: 'muted'}, '—')],
    ['Active', flag(user.is_active)], ['Staff status', flag(user.is_staff)], ['Superuser status', flag(user.is_superuser)],
    ['Date joined', time(user.date_joined)], ['Last login', time(user.last_login, 'Never')],
  ];
  panel.append(h('div', {class: 'grid-2'},
    h('section', {class: 'card', 'aria-labelledby': 'account-heading'},
      h('h2', {id: 'account-heading'}, 'Account'),
      h('dl', {class: 'facts'}, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]))),
    h('div', {class: 'stack'}, profileForm(ctx, user), statusCard(ctx, user, operator))));
}

function profileForm(ctx, user) {
  const form = h('form', {class: 'form', novalidate: true, 'data-draft': `profile:${user.id}`, 'aria-labelledby': 'profile-heading'},
    h('h2', {id: 'profile-heading'}, 'Personal info'),
    field({name: 'email', label: 'Email address', type: 'email', value: user.email, autocomplete: 'off', required: true}),
    field({name: 'username', label: 'Username', value: user.username, autocomplete: 'off', required: true,
      hint: '150 characters or fewer. Letters, digits and @/./+/-/_ only.'}),
    h('div', {class: 'field-row'},
      field({name: 'first_name', label: 'First name', value: user.first_name || '', autocomplete: 'off'}),
      field({name: 'last_name', label: 'Last name', value: user.last_name || '', autocomplete: 'off'})),
    h('div', {class: 'button-row'}, h('button', {type: 'submit', class: 'btn btn-primary'}, 'Save changes')));
  if (session.restoreDraft(form)) {
    form.prepend(alert('info', 'What you were typing before your session expired has been restored. It is not saved yet.'));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitting(form, async () => {
      const changes = {};
      for (const name of ['email', 'username', 'first_name', 'last_name']) {
        const value = form.elements[name].value;
        if (value !== (user[name] || '')) changes[name] = value;
      }
      if (Object.keys(changes).length === 0) {
        clearErrors(form);
        const note = alert('info', 'Nothing changed.');
        form.prepend(note);
        return note.focus();
      }
      try {
        await api.command('PATCH', `/api/users/${user.id}`, changes);
      } catch (error) {
        if (!(error instanceof api.SessionExpired)) showErrors(form, error);
        return;
      }
      ctx.flash(`The user “${changes.username || user.username}” was changed successfully.`);
      ctx.refresh();
    });
  });
  return form;
}

/** The three switches a superuser may flip: each one command, each refusal shown beside its switch. */
function statusCard(ctx, user, operator) {
  const rows = [
    {label: 'Active', value: user.is_active, help: 'Inactive users cannot log in; deactivating logs them out everywhere.',
      on: ['activate', 'POST', 'Activate', 'was activated'], off: ['deactivate', 'POST', 'Deactivate', 'was deactivated']},
    {label: 'Staff status', value: user.is_staff, help: 'Staff may log in to this admin panel and edit users.',
      on: ['staff', 'POST', 'Grant staff status', 'is now staff'], off: ['staff', 'DELETE', 'Revoke staff status', 'is no longer staff']},
    {label: 'Superuser status', value: user.is_superuser, help: 'Superusers may do everything, including this.',
      on: ['superuser', 'POST', 'Grant superuser status', 'is now a superuser'],
      off: ['superuser', 'DELETE', 'Revoke superuser status', 'is no longer a superuser']},
  ];
  return h('section', {class: 'card', 'aria-labelledby': 'status-heading'},
    h('h2', {id: 'status-heading'}, 'Permissions and status'),
    operator?.superuser ? null : h('p', {class: 'muted'}, 'Only superusers can change these.'),
    h('ul', {class: 'switches'}, rows.map((row) => {
      const [path, method, label, done] = row.value ? row.off : row.on;
      const message = h('div', {class: 'switch-message'});
      const button = operator?.superuser
        ? h('button', {type: 'button', class: row.value ? 'btn btn-danger-outline' : 'btn', onclick: async () => {
          if (path === 'deactivate' && !await confirmDialog({title: `Deactivate ${user.username}?`,
            message: 'They will be logged out everywhere and cannot log in until activated again.',
            confirm: 'Deactivate', danger: true})) return;
          button.disabled = true;
          replace(message);
          try {
            await api.command(method, `/api/users/${user.id}/${path}`);
          } catch (error) {
            button.disabled = false;
            if (!(error instanceof api.SessionExpired)) replace(message, errorAlert(error)).querySelector('.alert').focus();
            return;
          }
          ctx.flash(`The user “${user.username}” ${done}.`);
          ctx.refresh();
        }}, label)
        : null;
      return h('li', {class: 'switch'},
        h('div', {class: 'switch-text'}, h('span', {class: 'switch-label'}, row.label, ' ', flag(row.value)),
          h('p', {class: 'hint'}, row.help)),
        button, message);
    })));
}

function password(ctx, user, panel) {
  const operator = session.operator();
  const own = operator?.id === user.id;
  if (!own && !operator?.superuser) {
    panel.append(h('section', {class: 'card'}, h('h2', {}, 'Password'),
      h('p', {}, 'Only superusers can set another user’s password.')));
    return;
  }
  const form = h('form', {class: 'form narrow', novalidate: true, 'aria-labelledby': 'password-heading'},
    h('h2', {id: 'password-heading'}, `Set a new password for ${user.username}`),
    h('p', {class: 'muted'}, 'Every session of this user is logged out when the password changes.'),
    own ? field({name: 'old_password', label: 'Current password', type: 'password', autocomplete: 'current-password', required: true}) : null,
    field({name: 'new_password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true,
      hint: 'At least 8 characters, not entirely numeric, not too common, not too similar to the user’s other information.'}),
    field({name: 'new_password2', label: 'New password confirmation', type: 'password', autocomplete: 'new-password', required: true,
      hint: 'Enter the same password as before, for verification.'}),
    h('div', {class: 'button-row'}, h('button', {type: 'submit', class: 'btn btn-primary'}, 'Change password')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitting(form, async () => {
      const body = {new_password: form.elements.new_password.value};
      if (own) body.old_password = form.elements.old_password.value;
      if (body.new_password !== form.elements.new_password2.value) {
        return showErrors(form, new api.ApiError(400, {errors: {new_password2: ['The two password fields didn’t match.']}}));
      }
      try {
        await api.command('POST', `/api/users/${user.id}/password`, body);
      } catch (error) {
        if (!(error instanceof api.SessionExpired)) showErrors(form, error);
        return;
      }
      if (own) {
        // the change revoked this session's refresh token too: log in again with the new password
        session.store(await api.login(user.email, body.new_password));
      }
      ctx.flash(`The password of “${user.username}” was changed successfully.`);
      ctx.navigate(`/admin/users/${user.id}`);
    });
  });
  panel.append(h('section', {class: 'card'}, form));
}
