// The admin panel: one page that routes in the browser (real /admin/... URLs, which the query side serves too),
// draws the frame around each view, and sends the operator to the login page when the session runs out.
import * as api from './api.js';
import * as session from './session.js';
import {h, replace} from './dom.js';
import {alert, errorAlert} from './ui.js';
import {loginView} from './views/login.js';
import {usersView} from './views/users.js';
import {userView} from './views/user.js';
import {addUserView} from './views/add-user.js';
import {projectionsView} from './views/projections.js';

const ROUTES = [
  [/^\/admin\/?$/, null],
  [/^\/admin\/login$/, loginView],
  [/^\/admin\/users$/, usersView],
  [/^\/admin\/users\/add$/, addUserView],
  [/^\/admin\/users\/([0-9a-fA-F-]{36})(?:\/(details|password|history))?$/, userView],
  [/^\/admin\/projections$/, projectionsView],
];

const SECTIONS = [['Users', '/admin/users', /^\/admin\/users(?!\/add)/], ['Add user', '/admin/users/add', /^\/admin\/users\/add/],
  ['Projections', '/admin/projections', /^\/admin\/projections/]];

const app = document.getElementById('app');
let cleanup = null;
let flash = null;
let firstRender = true;

export function navigate(path, {replace: replacing = false} = {}) {
  if (replacing) history.replaceState(null, '', path); else history.pushState(null, '', path);
  render();
}

function sessionExpired() {
  if (location.pathname === '/admin/login') return;
  session.saveDrafts();
  session.rememberReturn(location.pathname + location.search,
    'Your session has expired. Please log in again: what you were typing has been kept.');
  session.clear();
  navigate('/admin/login', {replace: true});
}

async function logOut() {
  const {refresh} = session.tokens();
  session.clear();
  await api.logout(refresh);
  session.rememberReturn('/admin/users', 'You have been logged out.');
  navigate('/admin/login');
}

function frame(path) {
  const operator = session.operator();
  const main = h('main', {id: 'main', tabindex: '-1'});
  const shell = h('div', {class: 'shell'},
    h('header', {class: 'topbar'},
      h('a', {class: 'brand', href: '/admin/users'}, h('span', {class: 'brand-mark', 'aria-hidden': 'true'}, 'A'),
        h('span', {}, 'Accounts ', h('span', {class: 'brand-sub'}, 'administration'))),
      h('div', {class: 'operator'},
        h('span', {class: 'operator-name'}, 'Signed in as ', h('strong', {}, operator?.username || operator?.email || '?')),
        h('span', {class: 'badge badge-role'}, operator?.superuser ? 'Superuser' : 'Staff'),
        h('button', {type: 'button', class: 'btn btn-ghost', onclick: logOut}, 'Log out'))),
    h('nav', {class: 'sidebar', 'aria-label': 'Admin sections'},
      h('ul', {}, SECTIONS.map(([label, href, pattern]) =>
        h('li', {}, h('a', {href, 'aria-current': pattern.test(path) ? 'page' : null}, label))))),
    main);
  replace(app, h('a', {class: 'skip-link', href: '#main'}, 'Skip to main content'), shell);
  return main;
}

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const path = location.pathname.replace(/\/+$/, '') || '/admin';
  const match = ROUTES.map(([pattern, view]) => [path.match(pattern), view]).find(([found]) => found);
  if (!match) {
    const main = frame(path);
    replace(main, h('h1', {tabindex: '-1'}, 'Page not found'), h('p', {}, h('a', {href: '/admin/users'}, 'Go to the users list')));
    return;
  }
  const [found, view] = match;
  if (!view) return navigate('/admin/users', {replace: true});
  if (view !== loginView && !session.loggedIn()) {
    session.rememberReturn(location.pathname + location.search);
    return navigate('/admin/login', {replace: true});
  }
  const main = view === loginView ? (() => {
    const m = h('main', {id: 'main', class: 'login-main', tabindex: '-1'});
    replace(app, m);
    return m;
  })() : frame(path);
  const root = h('div', {class: 'view'});
  const message = flash;
  flash = null;
  replace(main, message ? alert(message.kind, message.text) : null, root);
  const context = {
    root,
    params: found.slice(1),
    query: new URLSearchParams(location.search),
    navigate,
    refresh: render,
    title: (text) => { document.title = `${text} | Accounts administration`; },
    flash: (text, kind = 'success') => { flash = {text, kind}; },
    onLeave: (fn) => { cleanup = fn; },
  };
  const focusAfter = !firstRender;
  firstRender = false;
  try {
    await view(context);
  } catch (error) {
    if (error instanceof api.SessionExpired) return;
    root.append(errorAlert(error));
  }
  if (focusAfter && root.isConnected) {
    (main.querySelector('.alert') || main.querySelector('h1') || main).focus();
  }
}

// links inside the panel change the view without reloading the page
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
      || event.altKey || link.target || link.hasAttribute('download') || link.getAttribute('href').startsWith('#')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/admin') || url.pathname.includes('.')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', render);

try {
  await api.configure(sessionExpired);
  render();
} catch (error) {
  replace(app, h('main', {id: 'main', class: 'login-main'}, errorAlert(error)));
}
