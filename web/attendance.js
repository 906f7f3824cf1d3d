// Attendance for trainees: my sessions and rate, a signed certificate (JSON, and a printable page
// rendered here from that JSON), my educational supervisor, and checking a certificate.

import { call, get } from '/static/api.js';
import { errorBox, h, labelled, showError } from '/static/dom.js';
import { figureTable } from '/static/charts.js';
import { certificateScreen, verifyScreen } from '/static/certificate.js';
import { shortLondon } from '/static/when.js';

export { certificateScreen, verifyScreen };

// The home page's way in to attendance pages, for whichever roles the person holds.
export function attendanceLinks(me) {
  const items = [];
  if (me.groups.length) items.push(h('li', {}, h('a', { href: '#/attendance' }, 'My attendance and certificates')));
  for (const g of me.groups.filter((x) => x.role === 'facilitator')) {
    items.push(h('li', {}, h('a', { href: `#/register/${encodeURIComponent(g.id)}` }, `Attendance register: ${g.name}`)));
  }
  const led = me.leads.length ? me.leads : (me.admin ? me.admin.programmes : []);
  for (const p of led) {
    items.push(h('li', {}, h('a', { href: `#/lead/${encodeURIComponent(p.id)}` }, `Programme attendance: ${p.name}`)));
  }
  items.push(h('li', {}, h('a', { href: '#/verify' }, 'Check an attendance certificate')));
  return h('section', { class: 'card', 'aria-labelledby': 'att-h' }, h('h2', { id: 'att-h' }, 'Attendance'),
    h('ul', { class: 'plain' }, items));
}

function termQuery(arg) {
  const params = new URLSearchParams((arg || '').split('?')[1] || '');
  const out = new URLSearchParams();
  for (const key of ['from', 'to']) if (params.get(key)) out.set(key, params.get(key));
  return out;
}

function termForm(term, base) {
  const from = h('input', { type: 'date', name: 'from', value: term.from, required: true });
  const to = h('input', { type: 'date', name: 'to', value: term.to, required: true });
  const form = h('form', { class: 'inline term' }, labelled('From', from), labelled('To', to),
    h('button', { type: 'submit' }, 'Show this period'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `${base}?from=${from.value}&to=${to.value}`;
  });
  return form;
}

function flags(s) {
  return [s.apologies && !s.present && 'apologies sent', s.late && 'arrived late', s.left_early && 'left early', s.corrected && 'corrected by a facilitator']
    .filter(Boolean).join(', ') || '—';
}

function supervisorForm(current) {
  const name = h('input', { name: 'supervisor_name', required: true, maxlength: 120, value: current?.name || '' });
  const email = h('input', { name: 'supervisor_email', type: 'email', required: true, maxlength: 254, value: current?.email || '' });
  const box = errorBox();
  const done = h('p', { class: 'hint', role: 'status' });
  const form = h('form', { class: 'inline' }, labelled('Supervisor’s name', name), labelled('Supervisor’s email', email),
    h('button', { type: 'submit' }, 'Save'), box, done);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(box, '');
    try {
      await call('PUT', '/api/me/supervisor', { name: name.value, email: email.value });
      done.textContent = 'Saved.';
    } catch (err) {
      showError(box, err.message);
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'sup-h' }, h('h2', { id: 'sup-h' }, 'My educational supervisor'),
    h('p', { class: 'hint' }, 'If your attendance falls below your programme’s expected rate, your programme lead can ask us to tell this person. The lead never sees your name.'),
    form);
}

// The name printed on certificates: often the full name, where the group sees a first name.
function certificateNameForm(current) {
  const name = h('input', { name: 'certificate_name', maxlength: 120, autocomplete: 'name', value: current.certificate_name || '' });
  const box = errorBox();
  const done = h('p', { class: 'success', role: 'status' });
  const form = h('form', { class: 'inline' },
    labelled('Name on certificates', name, `Your name as it should read on a certificate, for example “Dr Priya Shah”. Left empty, certificates use your display name (“${current.display_name}”). The group never sees it.`),
    h('button', { type: 'submit' }, 'Save'), box, done);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(box, '');
    done.textContent = '';
    try {
      const saved = await call('PUT', '/api/me/certificate-name', { certificate_name: name.value });
      done.textContent = `Saved. Certificates will read “${saved.on_certificates}”.`;
    } catch (err) {
      showError(box, err.message);
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'cn-h' }, h('h2', { id: 'cn-h' }, 'Your name on certificates'), form);
}

export async function attendanceScreen(screen, arg) {
  const query = termQuery(arg);
  const [mine, supervisor, names] = await Promise.all([get(`/api/me/attendance?${query}`), get('/api/me/supervisor'),
    get('/api/me/certificate-name')]);
  const cards = mine.groups.map((g, i) => {
    const q = new URLSearchParams({ from: mine.term.from, to: mine.term.to });
    const rate = g.rate === null ? 'No ended sessions in this period.'
      : `You attended ${g.present} of ${g.expected} sessions (${g.rate}%).`;
    return h('section', { class: 'card', 'aria-labelledby': `my-${i}` },
      h('h2', { id: `my-${i}` }, g.name), h('p', { class: 'hint' }, g.programme), h('p', {}, rate),
      // Scrolls sideways on a phone rather than pushing the page wider; focusable so a keyboard can too.
      h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `My sessions in ${g.name} (scrolls sideways)` },
        figureTable(`My sessions in ${g.name}`, ['When (UK time)', 'Session', 'Minutes', 'Present', 'Notes'],
          g.sessions.slice().reverse().map((s) => [shortLondon(s.begins ?? s.opened_at), s.title, `${s.minutes} of ${s.session_minutes}`, s.present ? 'yes' : 'no', flags(s)]))),
      h('p', { class: 'actions' },
        h('a', { class: 'button', href: `#/certificate/${encodeURIComponent(g.id)}?${q}` }, 'Printable certificate'),
        ' ',
        h('a', { class: 'button', href: `/api/me/certificates/${encodeURIComponent(g.id)}?${q}&download=1`, download: '' }, 'Download the certificate file')));
  });
  screen('My attendance',
    h('p', { class: 'hint' }, `${mine.term.from} to ${mine.term.to}. Arriving more than ${mine.grace_minutes} minutes after the start counts as late.`),
    termForm(mine.term, '#/attendance/'),
    cards.length ? cards : h('p', {}, 'You are not in any group yet.'),
    certificateNameForm(names),
    supervisorForm(supervisor),
    h('p', {}, h('a', { href: '#/verify' }, 'Check a certificate')));
}

