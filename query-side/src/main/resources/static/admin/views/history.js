// A user's history: every event of the account in log order, with its time, type, who caused it and its payload.
// Served by GET /api/users/{id}/history on the query side.
import * as api from '../api.js';
import {h, time} from '../dom.js';
import {errorAlert} from '../ui.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /pass|hash|token|secret/i;
const ACTORS = {cli: 'command line', system: 'system', anonymous: 'anonymous'};

/** An actor as a link to the user it names, when it names one this operator can read; else its raw value. */
async function actors(events, user) {
  const ids = [...new Set(events.map((event) => event.metadata?.actor).filter((actor) => UUID.test(actor || '')))];
  const known = new Map([[user.id, user.username]]);
  await Promise.all(ids.filter((id) => !known.has(id)).map(async (id) => {
    try {
      known.set(id, (await api.query(`/api/users/${id}`)).username);
    } catch (error) {
      if (error instanceof api.SessionExpired) throw error;
    }
  }));
  return (actor) => {
    if (!actor) return h('span', {class: 'muted'}, 'unknown');
    if (known.has(actor)) return h('a', {href: `/admin/users/${actor}`, title: actor}, known.get(actor));
    return h('span', {class: ACTORS[actor] ? 'actor-kind' : 'mono', title: actor}, ACTORS[actor] || actor);
  };
}

/** UserRegistered, whether the type comes bare or with its package. */
const shortType = (type) => String(type || '?').split('.').pop();

function payload(event) {
  const entries = Object.entries(event.payload || {})
    .filter(([name]) => name !== 'user_id' && !SECRET.test(name));
  const from = event.metadata?.client_address;
  return [entries.length
    ? h('dl', {class: 'payload'}, entries.map(([name, value]) => [h('dt', {}, name),
      h('dd', {}, value === null || value === '' ? h('span', {class: 'muted'}, '(empty)')
        : typeof value === 'object' ? JSON.stringify(value) : String(value))]))
    : h('span', {class: 'muted'}, 'No details'),
  from ? h('p', {class: 'event-origin', title: event.metadata?.user_agent || null}, `from ${from}`) : null];
}

export async function historyTab(ctx, user, panel) {
  const section = h('section', {class: 'card', 'aria-labelledby': 'history-heading'},
    h('h2', {id: 'history-heading'}, 'History'), h('p', {class: 'loading'}, 'Loading history…'));
  panel.append(section);
  let history;
  try {
    history = await api.query(`/api/users/${user.id}/history`);
  } catch (error) {
    if (error instanceof api.SessionExpired) throw error;
    section.lastChild.remove();
    section.append(errorAlert(error));
    return;
  }
  const events = [...history.events].sort((a, b) => a.position - b.position);
  const actor = await actors(events, user);
  section.lastChild.remove();
  section.append(h('p', {class: 'muted'}, `${events.length} ${events.length === 1 ? 'event' : 'events'}, oldest first.`),
    h('div', {class: 'table-wrap'}, h('table', {class: 'table history-table'},
      h('caption', {class: 'visually-hidden'}, `Events of ${user.username}`),
      h('thead', {}, h('tr', {}, ['#', 'Time', 'Event', 'Actor', 'Details'].map((label) => h('th', {scope: 'col'}, label)))),
      h('tbody', {}, events.map((event) => h('tr', {'data-event-type': shortType(event.type)},
        h('td', {'data-label': '#', class: 'mono'}, String(event.position)),
        h('td', {'data-label': 'Time'}, time(event.time)),
        h('th', {scope: 'row', 'data-label': 'Event'}, h('span', {class: 'event-type', title: event.type}, shortType(event.type)),
          event.revision && event.revision !== '1' ? h('span', {class: 'muted'}, ` rev. ${event.revision}`) : null),
        h('td', {'data-label': 'Actor'}, actor(event.metadata?.actor)),
        h('td', {'data-label': 'Details'}, payload(event))))))));
}
