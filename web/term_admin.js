// The facilitator's term, in Group settings: when the waiting room opens by itself, a term of
// sessions ("from this date, at 19:00, every 2 weeks, 8 sessions"), and each session moved or
// cancelled on its own, with the apologies sent for it and their reasons (facilitators only).

import { call, get, post } from '/static/api.js';
import { errorBox, h, labelled, onSubmit } from '/static/dom.js';
import { confirmDialog } from '/static/dialogs.js';

const path = (id) => encodeURIComponent(id);

function input(name, attrs) {
  return h('input', { name, required: true, ...attrs });
}

function openingForm(data, redraw) {
  const box = errorBox();
  const minutes = input('open_minutes', { type: 'number', min: 0, max: 120, value: data.open_minutes });
  const zone = input('timezone', { value: data.timezone, maxlength: 60, autocomplete: 'off' });
  const form = h('form', { class: 'inline' },
    labelled('Open the waiting room (minutes before the start)', minutes, 'From 0 to 120. You can still open it early from your home page.'),
    labelled('Time zone', zone, 'Europe/London keeps UK time, summer and winter.'),
    h('button', { type: 'submit' }, 'Save'), box);
  onSubmit(form, box, async () => {
    await call('PUT', `/api/groups/${path(data.group_id)}/schedule-settings`,
      { open_minutes: Number(minutes.value), timezone: zone.value.trim() });
    await redraw('form.inline button');
  });
  return form;
}

function termForm(data, redraw) {
  const box = errorBox();
  const first = input('first_date', { type: 'date' });
  const time = input('start_time', { type: 'time', value: '19:00' });
  const every = h('select', { name: 'every_weeks' }, [1, 2, 3, 4].map((n) =>
    h('option', { value: n, selected: n === 2 }, n === 1 ? 'Every week' : `Every ${n} weeks`)));
  const count = input('count', { type: 'number', min: 1, max: 52, value: 8 });
  const minutes = input('minutes', { type: 'number', min: 15, max: 240, value: 90 });
  const form = h('form', { class: 'term-form' },
    h('div', { class: 'inline' }, labelled('First session', first), labelled('Start time', time),
      labelled('How often', every), labelled('Number of sessions', count), labelled('Length (minutes)', minutes)),
    box, h('button', { type: 'submit', class: 'primary' }, 'Schedule these sessions'));
  onSubmit(form, box, async () => {
    await post(`/api/groups/${path(data.group_id)}/terms`, {
      first_date: first.value, start_time: time.value, every_weeks: Number(every.value),
      count: Number(count.value), minutes: Number(minutes.value),
    });
    await redraw('.term-sessions caption');
  });
  return form;
}

function apologiesCell(s) {
  if (!s.apologies.length) return '—';
  return h('ul', { class: 'plain' }, s.apologies.map((a) =>
    h('li', {}, a.display_name, a.reason ? `: “${a.reason}”` : ' (no reason given)')));
}

function moveForm(s, redraw) {
  const box = errorBox();
  const day = input('date', { type: 'date', value: s.date });
  const time = input('start_time', { type: 'time', value: s.start_time });
  const form = h('form', { class: 'inline move' }, labelled('New date', day), labelled('New time', time),
    h('button', { type: 'submit', class: 'primary' }, 'Move'), box);
  onSubmit(form, box, async () => {
    await call('PUT', `/api/scheduled/${path(s.id)}`, { date: day.value, start_time: time.value });
    await redraw(`tr[data-id="${CSS.escape(s.id)}"] button`);
  });
  return form;
}

function sessionRow(s, redraw) {
  const actions = h('td', {});
  const row = h('tr', { dataset: { id: s.id }, class: s.state },
    h('th', { scope: 'row' }, `${s.label}–${s.end_time}`),
    h('td', {}, { scheduled: 'Scheduled', open: 'Open now', held: 'Held', cancelled: 'Cancelled' }[s.state]),
    h('td', {}, apologiesCell(s)), actions);
  if (s.state !== 'scheduled') return row;
  const move = h('button', { type: 'button', class: 'small', 'aria-label': `Move ${s.label}` }, 'Move');
  const cancel = h('button', { type: 'button', class: 'small', 'aria-label': `Cancel ${s.label}` }, 'Cancel');
  move.addEventListener('click', () => {
    const form = moveForm(s, redraw);
    actions.replaceChildren(form);
    form.querySelector('input').focus();
  });
  cancel.addEventListener('click', async () => {
    const yes = await confirmDialog({ title: `Cancel the session on ${s.label}?`,
      body: 'Everyone’s calendar shows it cancelled, and its room will not open.',
      confirm: 'Cancel this session', cancel: 'Keep it', danger: true });
    if (!yes) return;
    await post(`/api/scheduled/${path(s.id)}/cancel`);
    await redraw(`tr[data-id="${CSS.escape(s.id)}"] th`);
  });
  actions.append(move, ' ', cancel);
  return row;
}

function sessionsTable(data, redraw) {
  if (!data.sessions.length) return h('p', { class: 'hint' }, 'No sessions scheduled yet.');
  return h('table', { class: 'figures term-sessions' },
    h('caption', {}, `Scheduled sessions (${data.timezone})`),
    h('thead', {}, h('tr', {}, ['When', 'Status', 'Apologies', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, data.sessions.map((s) => sessionRow(s, redraw))));
}

/** The Term schedule section of a group's settings page. */
export function termSection(groupId) {
  const body = h('div');
  const section = h('section', { class: 'settings-section term', 'aria-labelledby': 'term-h' },
    h('h2', { id: 'term-h' }, 'Term schedule'), body);
  async function redraw(focus) {
    const data = await get(`/api/groups/${path(groupId)}/schedule`);
    body.replaceChildren(...[
      h('p', {}, `Each session’s waiting room opens by itself ${data.open_minutes} minutes before it starts. Members can add the term to their calendars and send apologies from their home page.`),
      openingForm(data, redraw),
      // Once a term is planned, its sessions come first and another term folds away.
      data.sessions.length
        ? h('details', { class: 'more-terms' }, h('summary', {}, 'Schedule more sessions'), termForm(data, redraw))
        : [h('h3', {}, 'Schedule a term'), termForm(data, redraw)],
      sessionsTable(data, redraw)].flat());
    if (focus) {
      const target = body.querySelector(focus);
      if (target && !target.matches('button, input')) target.setAttribute('tabindex', '-1');
      target?.focus();
    }
  }
  redraw().catch((err) => body.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message)));
  return section;
}
