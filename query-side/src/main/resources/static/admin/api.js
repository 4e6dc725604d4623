// The two REST APIs, called with the operator's access token: the query side on this origin, the command side on
// the origin /admin/config.json names. A 401 tries the refresh token once; when that fails the session is over.
import * as session from './session.js';

/** An answer the page shows: the problem's detail, and its errors by field. */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
    this.errors = problem.errors || {};
    this.retryAfter = retryAfter;
  }
}

/** The session ran out (no refresh left); the app has already sent the operator to the login page. */
export class SessionExpired extends Error {
  constructor() {
    super('Your session has expired.');
  }
}

let commandUrl = null;
let onExpired = () => {};
let refreshing = null;
/** The log position of the last change made here: the next reads wait until the read side shows it. */
let pendingPosition = null;

export async function configure(expiredHandler) {
  onExpired = expiredHandler;
  const response = await fetch('/admin/config.json', {headers: {Accept: 'application/json'}});
  if (!response.ok) throw new ApiError(response.status, {detail: 'The admin panel could not load its settings.'});
  commandUrl = (await response.json()).command_url;
}

async function read(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) return response.json();
  const text = await response.text();
  return text ? {detail: text} : null;
}

async function fetchOrFail(url, init) {
  try {
    return await fetch(url, init);
  } catch {
    throw new ApiError(0, {title: 'Unreachable', detail: 'The server could not be reached. Check that it is running, then try again.'});
  }
}

function withToken(init) {
  const {access} = session.tokens();
  return {...init, headers: {...init.headers, ...(access ? {Authorization: `Bearer ${access}`} : {})}};
}

/** One refresh at a time, shared by every request that met a 401 meanwhile; answers whether it worked. */
function refreshOnce() {
  if (!refreshing) {
    const {refresh} = session.tokens();
    refreshing = (async () => {
      if (!refresh) return false;
      const response = await fetchOrFail(`${commandUrl}/api/auth/refresh`, {
        method: 'POST', headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify({refresh}),
      });
      if (!response.ok) return false;
      session.store(await response.json());
      return true;
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function call(url, {method = 'GET', body, headers = {}, retries = 2} = {}) {
  const init = {method, headers: {Accept: 'application/json, application/problem+json', ...headers}};
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const tokenSent = session.tokens().access;
  let response = await fetchOrFail(url, withToken(init));
  if (response.status === 401 && tokenSent) {
    if (await refreshOnce()) {
      response = await fetchOrFail(url, withToken(init));
    }
    if (response.status === 401) {
      onExpired();
      throw new SessionExpired();
    }
  }
  // the read side is catching up (a replay, say): it says when to ask again
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (response.status === 503 && method === 'GET' && retries > 0 && retryAfter > 0 && retryAfter <= 5) {
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    return call(url, {method, body, headers, retries: retries - 1});
  }
  const data = await read(response);
  if (!response.ok) throw new ApiError(response.status, data || {}, retryAfter || null);
  return {status: response.status, data, headers: response.headers};
}

/** A read from the query side; right after a change it waits until the change shows (X-Min-Position). */
export async function query(path) {
  const position = pendingPosition;
  const headers = position !== null ? {'X-Min-Position': String(position)} : {};
  const answer = await call(path, {headers});
  if (position !== null && pendingPosition === position) pendingPosition = null;
  return answer.data;
}

/** A command on the command side; its X-Event-Position is what the following reads wait for. */
export async function command(method, path, body) {
  const answer = await call(`${commandUrl}${path}`, {method, body});
  const position = answer.headers.get('X-Event-Position');
  if (position !== null) pendingPosition = Math.max(pendingPosition ?? 0, Number(position));
  return {data: answer.data, location: answer.headers.get('Location'), position};
}

/** A POST to the query side's operator API (a replay, say). */
export async function operate(path) {
  return (await call(path, {method: 'POST'})).data;
}

/** Logs in; answers the tokens without keeping them (the caller decides whether this account may stay). */
export async function login(email, password) {
  const response = await fetchOrFail(`${commandUrl}/api/auth/login`, {
    method: 'POST', headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify({email, password}),
  });
  const data = await read(response);
  if (!response.ok) throw new ApiError(response.status, data || {}, Number(response.headers.get('Retry-After')) || null);
  return data;
}

/** Revokes a refresh token and every token of its login; a failure is no reason to stay logged in. */
export async function logout(refresh) {
  if (!refresh) return;
  try {
    await fetch(`${commandUrl}/api/auth/logout`, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({refresh}),
    });
  } catch {
    // unreachable: the tokens are forgotten here anyway, and the refresh token runs out by itself
  }
}
