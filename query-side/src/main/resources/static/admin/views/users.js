// The users list: search, filters, sortable columns, pages and the count, all kept in the URL.
import * as api from '../api.js';
import {flag, h, hidden, number, replace, time, uid} from '../dom.js';
import {breadcrumbs, errorAlert, pageHeader} from '../ui.js';

const FILTERS = [['is_active', 'Active'], ['is_staff', 'Staff status'], ['is_superuser', 'Superuser status']];
const COLUMNS = [
  ['username', 'Username'], ['email', 'Email'], ['last_name', 'Name'], ['is_active', 'Active'],
  ['is_staff', 'Staff'], ['is_superuser', 'Superuser'], ['date_joined', 'Date joined'], ['last_login', 'Last login'],
];
const KEPT = ['search', 'is_active', 'is_staff', 'is_superuser', 'ordering', 'page', 'page_size'];

/** The list's URL with some parameters changed (null removes one); any change but the page starts at page 1. */
function listUrl(query, changes) {
  const next = new URLSearchParams();
  for (const name of KEPT) if (query.get(name)) next.set(name, query.get(name));
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(name); else next.set(name, value);
  }
  if (!('page' in changes)) next.delete('page');
  const text = next.toString();
  return `/admin/users${text ? `?${text}` : ''}`;
}

export async function usersView(ctx) {
  const query = ctx.query;
  ctx.title('Users');
  const searchId = uid('search');
  const search = h('form', {class: 'search-bar', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    ctx.navigate(listUrl(query, {search: event.target.elements.search.value.trim()}));
  }},
  h('label', {for: searchId}, 'Search users'),
  h('div', {class: 'search-row'},
    h('input', {id: searchId, name: 'search', type: 'search', value: query.get('search') || '',
      placeholder: 'Email, username or name', autocomplete: 'off'}),
    h('button', {type: 'submit', class: 'btn btn-primary'}, 'Search')));

  const filters = h('div', {class: 'filters', role: 'group', 'aria-label': 'Filters'},
    FILTERS.map(([name, label]) => {
      const current = query.get(name) || '';
      return h('div', {class: 'filter'},
        h('span', {class: 'filter-label', id: `filter-${name}`}, label),
        h('ul', {class: 'segmented', 'aria-labelledby': `filter-${name}`},
          [['', 'All'], ['true', 'Yes'], ['false', 'No']].map(([value, text]) => h('li', {},
            h('a', {href: listUrl(query, {[name]: value}), 'aria-current': current === value ? 'true' : null}, text)))));
    }));

  const status = h('p', {class: 'result-count', role: 'status', 'aria-live': 'polite'});
  const results = h('div', {class: 'results'}, h('p', {class: 'loading'}, 'Loading users…'));
  ctx.root.append(breadcrumbs(['Users']),
    pageHeader('Users', h('a', {class: 'btn btn-primary', href: '/admin/users/add'}, '+ Add user')),
    h('section', {class: 'card', 'aria-label': 'Search and filters'}, search, filters),
    status, results);

  const apiQuery = new URLSearchParams();
  for (const name of KEPT) if (query.get(name)) apiQuery.set(name, query.get(name));
  let page;
  try {
    page = await api.query(`/api/users?${apiQuery}`);
  } catch (error) {
    if (error instanceof api.SessionExpired) return;
    replace(status);
    return replace(results, errorAlert(error));
  }
  const pageSize = Number(query.get('page_size')) || 20;
  const pageNumber = Number(query.get('page')) || 1;
  const pages = Math.max(1, Math.ceil(page.count / pageSize));
  const filtered = ['search', ...FILTERS.map(([name]) => name)].some((name) => query.get(name));
  replace(status, `${number(page.count)} ${page.count === 1 ? 'user' : 'users'}`,
    filtered ? h('a', {href: '/admin/users', class: 'clear-filters'}, 'Clear search and filters') : null);
  if (page.results.length === 0) {
    return replace(results, h('div', {class: 'empty'}, h('p', {}, 'No users match.')));
  }
  replace(results, table(query, page.results), pagination(query, pageNumber, pages, page));
}

function table(query, users) {
  const ordering = query.get('ordering') || '';
  const header = COLUMNS.map(([column, label]) => {
    const direction = ordering === column ? 'ascending' : ordering === `-${column}` ? 'descending' : null;
    const next = direction === 'ascending' ? `-${column}` : column;
    return h('th', {scope: 'col', 'aria-sort': direction || null},
      h('a', {href: listUrl(query, {ordering: next}), class: 'sort'}, label,
        h('span', {class: 'sort-icon', 'aria-hidden': 'true'}, direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'),
        hidden(direction ? `, sorted ${direction}; activate to sort ${direction === 'ascending' ? 'descending' : 'ascending'}` : ', activate to sort')));
  });
  return h('div', {class: 'table-wrap'},
    h('table', {class: 'table users-table'},
      h('caption', {class: 'visually-hidden'}, 'Users'),
      h('thead', {}, h('tr', {}, header)),
      h('tbody', {}, users.map((user) => {
        const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
        return h('tr', {},
          h('th', {scope: 'row', 'data-label': 'Username'}, h('a', {href: `/admin/users/${user.id}`}, user.username)),
          h('td', {'data-label': 'Email'}, user.email),
          h('td', {'data-label': 'Name'}, name || h('span', {class: 'muted'}, '—')),
          h('td', {'data-label': 'Active'}, flag(user.is_active)),
          h('td', {'data-label': 'Staff'}, flag(user.is_staff)),
          h('td', {'data-label': 'Superuser'}, flag(user.is_superuser)),
          h('td', {'data-label': 'Date joined'}, time(user.date_joined, '—', 'stacked')),
          h('td', {'data-label': 'Last login'}, time(user.last_login, 'Never', 'stacked')));
      }))));
}

function pagination(query, pageNumber, pages, page) {
  if (pages <= 1) return null;
  return h('nav', {class: 'pagination', 'aria-label': 'Pages'},
    page.previous ? h('a', {class: 'btn', href: listUrl(query, {page: String(pageNumber - 1)}), rel: 'prev'}, '‹ Previous')
      : h('span', {class: 'btn', 'aria-disabled': 'true'}, '‹ Previous'),
    h('span', {class: 'page-of'}, `Page ${number(pageNumber)} of ${number(pages)}`),
    page.next ? h('a', {class: 'btn', href: listUrl(query, {page: String(pageNumber + 1)}), rel: 'next'}, 'Next ›')
      : h('span', {class: 'btn', 'aria-disabled': 'true'}, 'Next ›'));
}
