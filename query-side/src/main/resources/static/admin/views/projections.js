// Projections: where each stands against the log, its dead letters, and (superusers) a replay followed live.
import * as api from '../api.js';
import * as session from '../session.js';
import {h, number, replace} from '../dom.js';
import {alert, breadcrumbs, confirmDialog, errorAlert, pageHeader} from '../ui.js';

const POLL_MS = 500;
const ONLY_SUPERUSERS = 'Only superusers can replay a projection.';

export async function projectionsView(ctx) {
  ctx.title('Projections');
  const operator = session.operator();
  const list = h('div', {class: 'stack'});
  ctx.root.append(breadcrumbs(['Projections']), pageHeader('Projections'),
    h('p', {class: 'muted'}, 'Each projection is a table built from the event log. A replay empties it and applies the whole log again; reads keep answering meanwhile.'),
    list);
  const {projections} = await api.query('/api/projections');
  let timer = null;
  let left = false;
  ctx.onLeave(() => { left = true; clearTimeout(timer); });
  for (const projection of projections) {
    const card = h('section', {class: 'card projection', 'aria-labelledby': `projection-${projection.name}`});
    list.append(card);
    const follow = async (replayStarted) => {
      let current = projection;
      let sawReplay = replayStarted;
      const poll = async () => {
        if (left) return;
        try {
          current = await api.query(`/api/projections/${encodeURIComponent(projection.name)}`);
        } catch (error) {
          if (!(error instanceof api.SessionExpired)) card.append(errorAlert(error));
          return;
        }
        sawReplay = sawReplay || current.replaying;
        draw(card, current, operator, start, sawReplay && !current.replaying);
        if (current.replaying && !left) timer = setTimeout(poll, POLL_MS);
      };
      await poll();
    };
    const start = async (button) => {
      if (!await confirmDialog({title: `Replay ${projection.name}?`, confirm: 'Replay', danger: true,
        message: 'The projection is emptied and rebuilt from the start of the log. Lists may be short until it catches up.'})) return;
      button.disabled = true;
      try {
        const started = await api.operate(`/api/projections/${encodeURIComponent(projection.name)}/replay`);
        draw(card, started, operator, start, false);
      } catch (error) {
        button.disabled = false;
        if (error instanceof api.SessionExpired) return;
        // the API has the last word: an operator whose superuser status went after the page was drawn is refused
        if (error.status === 403) button.replaceWith(h('p', {class: 'muted'}, ONLY_SUPERUSERS));
        card.querySelector('.projection-message').replaceChildren(errorAlert(error));
        return;
      }
      await follow(true);
    };
    draw(card, projection, operator, start, false);
    if (projection.replaying) follow(true);
  }
}

function draw(card, projection, operator, start, finished) {
  const percent = projection.head > 0 ? Math.floor((projection.position / projection.head) * 100) : 100;
  const state = projection.replaying ? ['badge badge-warn', 'Replaying']
    : projection.lag > 0 ? ['badge badge-warn', 'Behind'] : ['badge badge-ok', 'Up to date'];
  const stats = [['Position', number(projection.position)], ['Head', number(projection.head)],
    ['Lag', number(projection.lag)], ['Events per second', number(projection.events_per_second)],
    ['Dead letters', number(projection.dead_letters)]];
  const progress = projection.replaying
    ? h('div', {class: 'replay-progress'},
      h('label', {for: `progress-${projection.name}`}, 'Replay progress'),
      h('progress', {id: `progress-${projection.name}`, max: String(Math.max(projection.head, 1)), value: String(projection.position)}),
      h('p', {class: 'progress-text'}, `Replaying: ${number(projection.position)} of ${number(projection.head)} events (${percent}%)`))
    : null;
  const actions = operator?.superuser
    ? h('button', {type: 'button', class: 'btn btn-danger-outline', disabled: projection.replaying,
      onclick: (event) => start(event.currentTarget)}, projection.replaying ? 'Replaying…' : 'Replay')
    : h('p', {class: 'muted'}, ONLY_SUPERUSERS);
  const deadLetters = projection.dead_letters > 0 && operator?.superuser
    ? h('button', {type: 'button', class: 'btn', onclick: async (event) => {
      event.currentTarget.disabled = true;
      const message = card.querySelector('.projection-message');
      try {
        const retried = await api.operate(`/api/projections/${encodeURIComponent(projection.name)}/dead-letters/retry`);
        replace(message, alert('success', `Retried ${retried.retried} dead letters: ${retried.succeeded} applied, ${retried.dead_letters} left.`));
      } catch (error) {
        if (!(error instanceof api.SessionExpired)) replace(message, errorAlert(error));
      }
    }}, 'Retry dead letters')
    : null;
  replace(card,
    h('div', {class: 'card-header'}, h('h2', {id: `projection-${projection.name}`}, projection.name),
      h('span', {class: state[0]}, state[1])),
    h('dl', {class: 'stats'}, stats.map(([term, value]) => h('div', {class: 'stat'}, h('dt', {}, term), h('dd', {}, value)))),
    h('div', {class: 'projection-live', role: 'status', 'aria-live': 'polite'}, progress,
      finished ? alert('success', `Replay finished: ${number(projection.position)} events applied again.`) : null),
    h('div', {class: 'button-row'}, actions, deadLetters),
    h('div', {class: 'projection-message'}),
    h('details', {class: 'segments'}, h('summary', {}, `Segments (${projection.segments.length})`),
      h('div', {class: 'table-wrap'}, h('table', {class: 'table'},
        h('thead', {}, h('tr', {}, ['Segment', 'Position', 'Replaying', 'Owner'].map((label) => h('th', {scope: 'col'}, label)))),
        h('tbody', {}, projection.segments.map((segment) => h('tr', {},
          h('td', {'data-label': 'Segment'}, String(segment.segment)),
          h('td', {'data-label': 'Position'}, number(segment.position)),
          h('td', {'data-label': 'Replaying'}, segment.replaying ? 'Yes' : 'No'),
          h('td', {'data-label': 'Owner', class: 'mono'}, segment.owner || '—'))))))));
}
