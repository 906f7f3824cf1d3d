// The programme lead's dashboard: anonymised attendance per group and term. No names and nothing
// said ever reach this page: trainees appear only as pseudonyms, small counts as "<5", and a
// count that would give a small one away as "withheld" (see server/disclosure.py).

import { get, post } from '/static/api.js';
import { append, clear, errorBox, h, labelled, showError } from '/static/dom.js';
import { bandChart, figureTable, sessionRateChart } from '/static/charts.js';

function termForm(programmeId, term) {
  const from = h('input', { type: 'date', name: 'from', value: term.from, required: true });
  const to = h('input', { type: 'date', name: 'to', value: term.to, required: true });
  const form = h('form', { class: 'inline term' }, labelled('From', from), labelled('To', to),
    h('button', { type: 'submit', class: 'primary' }, 'Show this period'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/lead/${encodeURIComponent(programmeId)}?from=${from.value}&to=${to.value}`;
  });
  return form;
}

function cellTable(report) {
  const headings = ['Group', ...report.bands.map((b) => b.label), `Below ${report.expected_rate}%`, 'All trainees'];
  const row = (name, cells) => [name, ...report.bands.map((b) => cells.bands[b.key].display),
    cells.below_expected.display, cells.trainees.display];
  return figureTable('Trainees by attendance rate, per group', headings,
    [...report.groups.map((g) => row(g.name, g.cells)), row('All groups', report.all_groups.cells)]);
}

function followUp(report, group) {
  const status = h('p', { class: 'hint', role: 'status' });
  const box = errorBox();
  const ask = async (button, pseudonym) => {
    button.disabled = true;
    showError(box, '');
    try {
      const body = { group_id: group.id, from: report.term.from, to: report.term.to };
      if (pseudonym) body.pseudonym = pseudonym;
      const result = await post(`/api/programmes/${encodeURIComponent(report.programme.id)}/supervisor-notifications`, body);
      status.textContent = result.message;
    } catch (err) {
      showError(box, err.message);
    } finally {
      button.disabled = false;
    }
  };
  const all = h('button', { type: 'button' }, 'Ask the supervisors of everyone below the expected rate to follow up');
  all.addEventListener('click', () => ask(all, null));
  const parts = [h('h3', {}, 'Follow-up')];
  if (group.below_expected_pseudonyms) {
    parts.push(h('ul', { class: 'plain pseudonyms', 'aria-label': `Trainees below the expected rate in ${group.name}` },
      group.below_expected_pseudonyms.map((p) => {
        const one = h('button', { type: 'button', class: 'small', 'aria-label': `Ask the supervisor of ${p} to follow up` }, 'Ask their supervisor to follow up');
        one.addEventListener('click', () => ask(one, p));
        return h('li', {}, h('code', {}, p), ' ', one);
      })));
  } else {
    parts.push(h('p', { class: 'hint' }, 'Pseudonyms are listed only when their number can be shown.'));
  }
  parts.push(all, box, status);
  return h('div', { class: 'follow-up' }, parts);
}

function groupSection(report, group, index) {
  const below = group.cells.below_expected.display;
  return h('section', { class: 'card', 'aria-labelledby': `lg-${index}` },
    h('h2', { id: `lg-${index}` }, group.name),
    h('p', {}, `Sessions held: ${group.sessions_held}. Trainees: ${group.cells.trainees.display}. `,
      `Below the expected rate of ${report.expected_rate}%: ${below}.`),
    h('div', { class: 'charts' },
      sessionRateChart(`rate-${index}`, `Attendance rate per session, ${group.name}`, group.sessions, report.expected_rate),
      bandChart(`bands-${index}`, `Trainees by attendance rate, ${group.name}`, report.bands, group.cells.bands)),
    followUp(report, group));
}

function render(container, report) {
  const pid = encodeURIComponent(report.programme.id);
  const csv = `/api/programmes/${pid}/attendance.csv?from=${report.term.from}&to=${report.term.to}`;
  append(container, [
    h('p', { class: 'lead' }, `${report.programme.name}, ${report.term.from} to ${report.term.to}. `,
      'Anonymised: no names and nothing said in the groups.'),
    termForm(report.programme.id, report.term),
    h('p', { class: 'hint' }, `A count under ${report.min_count} shows as “<${report.min_count}”. `,
      '“Withheld” hides a larger count that would let a small one be worked out. ',
      'Trainees appear only as pseudonyms such as T-3f9a1c2b, the same in every report of this programme.'),
    h('p', {}, h('a', { href: csv, download: '' }, 'Download these figures (CSV)')),
    h('section', { class: 'card', 'aria-labelledby': 'lg-all' },
      h('h2', { id: 'lg-all' }, 'All groups'),
      h('p', {}, `Sessions held: ${report.all_groups.sessions_held}.`),
      cellTable(report),
      bandChart('bands-all', 'Trainees by attendance rate, all groups', report.bands, report.all_groups.cells.bands)),
    report.groups.map((g, i) => groupSection(report, g, i)),
  ]);
}

export async function leadScreen(screen, me, arg) {
  const [idPart, query] = (arg || '').split('?');
  const programmes = me.leads.length ? me.leads : (me.admin ? me.admin.programmes : []);
  const programmeId = idPart ? decodeURIComponent(idPart) : programmes[0]?.id;
  if (!programmeId) {
    screen('Programme attendance', h('p', {}, 'You do not lead a programme.'));
    return;
  }
  const params = new URLSearchParams(query || '');
  const term = new URLSearchParams();
  for (const key of ['from', 'to']) if (params.get(key)) term.set(key, params.get(key));
  const report = await get(`/api/programmes/${encodeURIComponent(programmeId)}/attendance?${term}`);
  const container = h('div', { class: 'lead-report' });
  let picker = null;
  if (programmes.length > 1) {
    const select = h('select', { name: 'programme' }, programmes.map((p) =>
      h('option', { value: p.id, selected: p.id === programmeId }, p.name)));
    select.addEventListener('change', () => { location.hash = `#/lead/${encodeURIComponent(select.value)}`; });
    picker = h('div', { class: 'inline' }, labelled('Programme', select));
  }
  screen('Programme attendance', picker, container);
  clear(container);
  render(container, report);
}
