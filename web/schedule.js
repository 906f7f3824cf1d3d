// My term on the home page: each group's next sessions with *Send apologies* and *Add to
// calendar*, and a card for a personal calendar link and email reminders.
//
// Times come from the server already in the group's own time zone ("Tue 15 Sep 2026, 19:00"),
// so a laptop set to another zone still shows the time the group meets.

import { call, get } from '/static/api.js';
import { errorBox, h, labelled, onSubmit, showError } from '/static/dom.js';
import { textDialog } from '/static/dialogs.js';

const path = (id) => encodeURIComponent(id);

/** Where a group's upcoming sessions go on its card; filled by `showUpcoming`. */
export function upcomingPlaceholder(group) {
  return h('div', { class: 'upcoming', dataset: { group: group.id } });
}

/** Fill every group's upcoming sessions on the home page. */
export async function showUpcoming(main) {
  let data;
  try { data = await get('/api/me/schedule'); } catch { return; }
  for (const group of data.groups) {
    const area = main.querySelector(`.upcoming[data-group="${CSS.escape(group.id)}"]`);
    if (area) area.replaceChildren(...upcomingPart(group, () => showUpcoming(main)));
  }
}

function when(s) {
  return `${s.label}–${s.end_time}`;
}

async function sendApologies(s, redraw) {
  const reason = await textDialog({
    title: `Send apologies for ${s.label}`,
    body: ['Your facilitators will see that you can’t come.',
      'A reason is optional. Only your group’s facilitators read it; the programme lead never sees it.'],
    label: 'Reason (optional)', maxlength: 280, confirm: 'Send apologies',
    afterClose: (answer, opener) => (answer === null ? opener : null),
  });
  if (reason === null) return;
  await call('PUT', `/api/scheduled/${path(s.id)}/apologies`, { reason: reason || null });
  await redraw(s.id);
}

function sessionItem(group, s, redraw) {
  const item = h('li', { class: `upcoming-session ${s.state}` }, h('strong', {}, when(s)));
  if (s.state === 'cancelled') {
    item.append(h('span', { class: 'badge' }, 'Cancelled'));
    return item;
  }
  if (s.state === 'open') item.append(h('span', { class: 'badge' }, 'Open now'));
  if (group.role !== 'member' || s.state !== 'scheduled') return item;
  const box = errorBox();
  const guarded = (action) => async () => {
    showError(box, '');
    try { await action(); } catch (err) { showError(box, err.message); }
  };
  if (s.my_apologies) {
    item.append(h('span', { class: 'badge apologies' }, 'Apologies sent'),
      h('button', { type: 'button', class: 'small', 'aria-label': `I can come after all on ${s.label}`,
        onclick: guarded(async () => {
          await call('DELETE', `/api/scheduled/${path(s.id)}/apologies`);
          await redraw(s.id);
        }) }, 'I can come after all'));
  } else {
    item.append(h('button', { type: 'button', class: 'small', 'aria-label': `Send apologies for ${s.label}`,
      onclick: guarded(() => sendApologies(s, redraw)) }, 'Send apologies'));
  }
  item.append(box);
  return item;
}

function upcomingPart(group, refresh) {
  const heading = h('h3', {}, 'Upcoming sessions');
  if (!group.sessions.length) {
    return [heading, h('p', { class: 'hint' }, group.role === 'facilitator'
      ? 'No sessions scheduled. Schedule the term in Group settings.' : 'No sessions scheduled yet.')];
  }
  // After a change, the focus goes back to the same session's row.
  const redraw = async (id) => {
    await refresh();
    document.querySelector(`.upcoming-session[data-id="${CSS.escape(id)}"] button`)?.focus();
  };
  const list = h('ul', { class: 'upcoming-list' }, group.sessions.map((s) => {
    const item = sessionItem(group, s, redraw);
    item.dataset.id = s.id;
    return item;
  }));
  return [heading, h('p', { class: 'hint' }, `Times are ${group.timezone === 'Europe/London' ? 'UK time' : group.timezone}.`), list,
    h('p', {}, h('a', { class: 'button', href: `/api/groups/${path(group.id)}/calendar.ics`, download: 'term.ics' },
      'Add to calendar'),
    h('span', { class: 'hint' }, ' a file for Outlook, Google Calendar or Apple Calendar'))];
}

// -- calendar link and reminders ---------------------------------------------------------------

function feedPart(state, redraw) {
  const box = errorBox();
  const act = (method) => async () => {
    showError(box, '');
    try {
      redraw(await call(method, '/api/me/calendar-feed', method === 'POST' ? {} : undefined));
      document.querySelector('.calendar-feed input, .calendar-feed button')?.focus();
    } catch (err) { showError(box, err.message); }
  };
  const parts = [h('h3', {}, 'Subscribe in your calendar app'),
    h('p', { class: 'hint' }, 'A private link your calendar checks by itself, so moved and cancelled sessions change there too. It shows your groups’ names and times only. Keep it to yourself; you can stop it at any time.')];
  if (state.url) {
    const link = h('input', { readonly: true, value: state.url, name: 'calendar_link', class: 'wide' });
    parts.push(labelled('Your calendar link (shown once: copy it now)', link),
      h('button', { type: 'button', onclick: () => { link.select(); navigator.clipboard?.writeText(state.url); } }, 'Copy link'));
  } else if (state.active) {
    parts.push(h('p', {}, 'Your calendar link is on.'));
  }
  parts.push(h('p', {},
    h('button', { type: 'button', class: state.active ? null : 'primary', onclick: act('POST') },
      state.active ? 'Make a new link (stops the old one)' : 'Make my calendar link'),
    state.active ? ' ' : null,
    state.active ? h('button', { type: 'button', onclick: act('DELETE') }, 'Stop my calendar link') : null), box);
  return parts;
}

function remindersPart(settings) {
  const parts = [h('h3', {}, 'Email reminders')];
  if (!settings.available) {
    parts.push(h('p', { class: 'gentle' }, 'Email reminders are off: this server has not been set up to send email.'));
    return parts;
  }
  const box = errorBox();
  const done = h('p', { class: 'success', role: 'status' });
  const email = h('input', { type: 'email', name: 'reminder_email', required: true, maxlength: 254, value: settings.email, autocomplete: 'email' });
  const wanted = h('input', { type: 'checkbox', name: 'reminders_on', checked: settings.email ? settings.enabled : true });
  const form = h('form', {}, labelled('Email address for reminders', email),
    h('div', { class: 'field' }, h('label', {}, wanted, ' Remind me the day before and an hour before each session')),
    h('p', { class: 'hint' }, 'The email holds a link to this page and nothing else: no group, no names.'),
    box, h('button', { type: 'submit', class: 'primary' }, 'Save reminders'), done);
  onSubmit(form, box, async () => {
    done.textContent = '';
    const saved = await call('PUT', '/api/me/reminders', { email: email.value, enabled: wanted.checked });
    done.textContent = saved.enabled ? 'Saved: reminders are on.' : 'Saved: reminders are off.';
  });
  parts.push(form);
  return parts;
}

/** The home page's card for my calendar link and email reminders. */
export function calendarCard() {
  const feed = h('div', { class: 'calendar-feed' });
  const reminders = h('div', { class: 'reminders' });
  const drawFeed = (state) => feed.replaceChildren(...feedPart(state, drawFeed));
  get('/api/me/calendar-feed').then(drawFeed).catch(() => {});
  get('/api/me/reminders').then((s) => reminders.replaceChildren(...remindersPart(s))).catch(() => {});
  return h('section', { class: 'card', 'aria-labelledby': 'calendar-h' },
    h('h2', { id: 'calendar-h' }, 'Calendar and reminders'), feed, reminders);
}
