// The facilitators' attendance register: each session of their group with names, minutes and
// late/early flags, and corrections ("attended by phone") kept with who made them and why.

import { get, post } from '/static/api.js';
import { append, clear, errorBox, formatDate, formatTime, h, labelled, showError } from '/static/dom.js';

function status(person) {
  // Apologies sent ahead are not an unexplained absence; the reason is for facilitators only.
  if (!person.present && person.apologies) {
    return person.apology_reason ? `apologies: “${person.apology_reason}”` : 'apologies';
  }
  const parts = [person.present ? 'present' : 'absent'];
  if (person.late) parts.push('late');
  if (person.left_early) parts.push('left early');
  return parts.join(', ');
}

function correctionText(c) {
  const state = (x) => `${x.present ? 'present' : 'absent'}, ${x.minutes} min`;
  return `${formatDate(c.at)}: ${c.by || 'a facilitator'} changed ${state(c.before)} to ${state(c.after)} — “${c.reason}”`;
}

function correctionForm(session, person, onSaved) {
  const present = h('input', { type: 'checkbox', name: 'present', checked: person.present });
  const minutes = h('input', { type: 'number', name: 'minutes', min: 0, max: Math.max(session.minutes, 1), value: person.minutes, required: true });
  const reason = h('input', { name: 'reason', required: true, maxlength: 280 });
  const box = errorBox();
  const form = h('form', { class: 'inline correction' },
    h('div', { class: 'field' }, h('label', {}, present, ' Present')),
    labelled('Minutes', minutes),
    labelled('Reason', reason, 'For example “attended by phone”. No names, nothing said in the group.'),
    h('button', { type: 'submit', class: 'primary' }, 'Save correction'), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(box, '');
    try {
      const row = await post(`/api/sessions/${encodeURIComponent(session.id)}/register/corrections`, {
        user_id: person.user_id, present: present.checked, minutes: Number(minutes.value), reason: reason.value,
      });
      onSaved(row);
    } catch (err) {
      showError(box, err.message);
    }
  });
  return form;
}

function personRow(session, person, tbody) {
  const fix = h('button', { type: 'button', class: 'small', 'aria-label': `Correct ${person.display_name}` }, 'Correct');
  const row = h('tr', {},
    h('th', { scope: 'row' }, person.display_name, person.role === 'facilitator' ? h('span', { class: 'badge' }, 'facilitator') : null),
    h('td', {}, status(person)),
    h('td', {}, `${person.minutes} of ${person.session_minutes}`),
    h('td', {}, person.first_join ? formatTime(person.first_join) : '—'),
    h('td', {}, person.last_leave ? formatTime(person.last_leave) : '—'),
    h('td', {}, person.corrections.length ? h('ul', { class: 'plain' }, person.corrections.map((c) => h('li', {}, correctionText(c)))) : '—',
      ' ', fix));
  fix.addEventListener('click', () => {
    const cell = h('td', { colspan: 6 });
    const formRow = h('tr', { class: 'correcting' }, cell);
    append(cell, [correctionForm(session, person, (updated) => {
      const fresh = personRow(session, updated, tbody);
      tbody.replaceChild(fresh, row);
      formRow.remove();
      fresh.querySelector('button').focus();
    })]);
    row.after(formRow);
    fix.disabled = true;
    cell.querySelector('input[name=minutes]').focus();
  });
  return row;
}

function sessionCard(session, index) {
  const tbody = h('tbody');
  for (const person of session.people) tbody.append(personRow(session, person, tbody));
  const when = session.ended_at ? `${formatDate(session.opened_at)} to ${formatTime(session.ended_at)}` : `${formatDate(session.opened_at)}, still open`;
  const members = session.people.filter((p) => p.role === 'member');
  const count = (test) => members.filter(test).length;
  // The latest session is open to read; older ones fold away so a term's register stays short.
  return h('section', { class: 'card', 'aria-labelledby': `reg-${index}` },
    h('h2', { id: `reg-${index}` }, session.title),
    h('p', { class: 'hint' }, `${when}; ${session.minutes} minutes${session.started_at ? `, started ${formatTime(session.started_at)}` : ''}. `,
      `${count((p) => p.present)} of ${members.length} members present, ${count((p) => !p.present && p.apologies)} sent apologies, ${count((p) => p.late)} late, ${count((p) => p.left_early)} left early.`),
    h('details', { open: index === 0 }, h('summary', {}, `Register for ${session.title}`),
      h('table', { class: 'figures register' },
        h('caption', {}, `Register: ${session.title}`),
        h('thead', {}, h('tr', {}, ['Name', 'Attendance', 'Minutes', 'Arrived', 'Left', 'Corrections'].map((t) => h('th', { scope: 'col' }, t)))),
        tbody)));
}

export async function registerScreen(screen, arg) {
  const [idPart, query] = (arg || '').split('?');
  const groupId = decodeURIComponent(idPart);
  const params = new URLSearchParams(query || '');
  const term = new URLSearchParams();
  for (const key of ['from', 'to']) if (params.get(key)) term.set(key, params.get(key));
  const data = await get(`/api/groups/${encodeURIComponent(groupId)}/register?${term}`);
  const from = h('input', { type: 'date', name: 'from', value: data.term.from, required: true });
  const to = h('input', { type: 'date', name: 'to', value: data.term.to, required: true });
  const form = h('form', { class: 'inline term' }, labelled('From', from), labelled('To', to),
    h('button', { type: 'submit' }, 'Show this period'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/register/${encodeURIComponent(groupId)}?from=${from.value}&to=${to.value}`;
  });
  const list = h('div');
  screen(`Attendance register: ${data.group.name}`,
    h('p', { class: 'hint' }, `Late means arriving more than ${data.grace_minutes} minutes after the start; left early, more than ${data.grace_minutes} minutes before the end. Present means in the room for at least half the session.`),
    form, list);
  clear(list);
  append(list, data.sessions.length ? data.sessions.map(sessionCard) : [h('p', {}, 'No sessions in this period.')]);
}
