// The operator's session: tokens in sessionStorage (this tab only, gone when it closes), what they say about the
// operator, and what was being typed when the session ran out.

const ACCESS = 'accounts.admin.access';
const REFRESH = 'accounts.admin.refresh';
const RETURN_TO = 'accounts.admin.return-to';
const NOTICE = 'accounts.admin.notice';
const DRAFT = 'accounts.admin.draft.';

export function tokens() {
  return {access: sessionStorage.getItem(ACCESS), refresh: sessionStorage.getItem(REFRESH)};
}

export function store({access, refresh}) {
  sessionStorage.setItem(ACCESS, access);
  sessionStorage.setItem(REFRESH, refresh);
}

export function clear() {
  sessionStorage.removeItem(ACCESS);
  sessionStorage.removeItem(REFRESH);
}

/** The access token's claims (not verified here: the APIs verify it; this only decides what to show). */
export function claims(access = tokens().access) {
  if (!access) return null;
  try {
    const part = access.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function operator() {
  const c = claims();
  if (!c) return null;
  const roles = Array.isArray(c.roles) ? c.roles : [];
  return {
    id: c.sub, email: c.email, username: c.username,
    staff: roles.includes('staff') || roles.includes('superuser'),
    superuser: roles.includes('superuser'),
  };
}

export const loggedIn = () => tokens().access !== null;

/** Where to go after the next login, and a notice to show on the login page. */
export function rememberReturn(path, notice) {
  sessionStorage.setItem(RETURN_TO, path);
  if (notice) sessionStorage.setItem(NOTICE, notice);
}

export function takeReturn() {
  const path = sessionStorage.getItem(RETURN_TO);
  sessionStorage.removeItem(RETURN_TO);
  return path;
}

export function takeNotice() {
  const notice = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return notice;
}

/** Keeps the values of every form on the page that has a data-draft key; never a password. */
export function saveDrafts(root = document) {
  for (const form of root.querySelectorAll('form[data-draft]')) {
    const values = {};
    for (const field of form.elements) {
      if (!field.name || field.type === 'password' || field.type === 'submit' || field.type === 'button') continue;
      values[field.name] = field.type === 'checkbox' ? field.checked : field.value;
    }
    sessionStorage.setItem(DRAFT + form.dataset.draft, JSON.stringify(values));
  }
}

/** Puts a kept draft back into its form, once; answers whether there was one. */
export function restoreDraft(form) {
  const key = DRAFT + form.dataset.draft;
  const saved = sessionStorage.getItem(key);
  if (!saved) return false;
  sessionStorage.removeItem(key);
  const values = JSON.parse(saved);
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements.namedItem(name);
    if (!field || field.type === 'password') continue;
    if (field.type === 'checkbox') field.checked = Boolean(value); else field.value = value;
  }
  return true;
}
