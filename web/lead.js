// The programme lead's dashboard: anonymised attendance per group and term. No names and nothing
// said ever reach this page: trainees appear only as pseudonyms, small counts as "<5", other
// counts rounded to the nearest 5 ("about 45"), and the rare count that would give a small one
// away as "withheld" (see docs/disclosure.md).

import { get, post } from '/static/api.js';
import { append, clear, errorBox, h, labelled, showError } from '/static/dom.js';
import { bandChart, figureTable, sessionRateChart } from '/static/charts.js';
import { confirmDialog } from '/static/dialogs.js';

const shown = (cell) => cell.state === 'shown';
// Nothing about people can be shown for a group when its own trainee count is hidden and no
// session reached the threshold: its charts would be empty outlines.
const hiddenGroup = (g) => !shown(g.cells.trainees) && g.sessions.every((s) => s.rate === null);

function period(report) {
  const words = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  return `${words(report.term.from)} to ${words(report.term.to)}`;
}

// What can always be shown: counts of events, never of people.
function totals(report) {
  const all = report.all_groups;
  const item = (value, words) => h('li', {}, h('strong', {}, String(value)), words);
  return h('ul', { class: 'totals', 'aria-label': 'Programme totals' },
    item(all.sessions_held, all.sessions_held === 1 ? 'session held' : 'sessions held'),
    item(all.groups_running, all.groups_running === 1 ? 'group meeting' : 'groups meeting'),
    item(all.hours_met, all.hours_met === 1 ? 'hour of sessions' : 'hours of sessions'),
    item(report.groups.length, report.groups.length === 1 ? 'group in the programme' : 'groups in the programme'),
    all.places_filled.rate === null ? null : item(all.places_filled.display, 'of places filled'));
}

// Sessions attended / sessions expected, from counts rounded to 5: counts of meetings, so even a
// group too small for any count of people has it (server/disclosure.py, places_filled).
function placesFilled(group) {
  const filled = group.places_filled;
  return filled.rate === null ? ''
    : `Attendance over the period: ${filled.display} of places filled (from attendances and places rounded to 5). `;
}

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
  return figureTable('Trainees by attendance rate, per group (rounded to 5)', headings,
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
  all.addEventListener('click', async () => {
    const yes = await confirmDialog({
      title: `Ask the supervisors in ${group.name}?`,
      body: [`If any trainee in ${group.name} attended fewer than ${report.expected_rate}% of sessions between ${period(report)}, their educational supervisor will be sent a note asking them to follow up.`,
        'You will not be told who they are, or whether anyone was below the rate.'],
      confirm: 'Ask the supervisors', cancel: 'Not now',
    });
    if (yes) await ask(all, null);
  });
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
  const missing = group.no_supervisor;
  if (missing && missing.display !== '0') {
    const said = missing.display.charAt(0).toUpperCase() + missing.display.slice(1); // "About 10"
    const count = missing.state === 'shown' ? `${said} of this group’s trainees have`
      : missing.state === 'small' ? `Some of this group’s trainees (fewer than ${report.min_count}) have` : 'Some of this group’s trainees have';
    parts.push(h('p', { class: 'notice-line' }, `${count} no educational supervisor on record, so nobody can be asked about them. `,
      'Trainees can add theirs on their attendance page; an administrator can add them for anyone.'));
  } else if (missing && shown(group.cells.trainees)) {
    parts.push(h('p', { class: 'hint' }, 'Every trainee in this group has an educational supervisor on record.'));
  }
  parts.push(all, box, status);
  return h('div', { class: 'follow-up' }, parts);
}

// Absences explained ahead of time, counted apart from unexplained ones (never who, never why).
function apologiesText(group) {
  return group.apologies ? `Apologies sent: ${group.apologies.display}. ` : '';
}

function groupSection(report, group, index) {
  const below = group.cells.below_expected.display;
  if (hiddenGroup(group)) {
    return h('section', { class: 'card', 'aria-labelledby': `lg-${index}` },
      h('h2', { id: `lg-${index}` }, group.name),
      h('p', {}, `Sessions held: ${group.sessions_held}. `, placesFilled(group), apologiesText(group), group.sessions_held
        ? `This group has fewer than ${report.min_count} trainees, or fewer than ${report.min_count} at each session, so its counts of trainees and its chart of each session are hidden.`
        : 'No session of this group ended in this period.'),
      followUp(report, group));
  }
  return h('section', { class: 'card', 'aria-labelledby': `lg-${index}` },
    h('h2', { id: `lg-${index}` }, group.name),
    h('p', {}, `Sessions held: ${group.sessions_held}. `, placesFilled(group), `Trainees: ${group.cells.trainees.display}. `,
      `Below the expected rate of ${report.expected_rate}%: ${below}. `, apologiesText(group)),
    h('div', { class: 'charts' },
      sessionRateChart(`rate-${index}`, `Attendance rate per session, ${group.name}`, group.sessions, report.expected_rate),
      bandChart(`bands-${index}`, `Trainees by attendance rate, ${group.name}`, report.bands, group.cells.bands)),
    followUp(report, group));
}

function smallNotice(report) {
  if (!report.all_groups.sessions_held) {
    return h('section', { class: 'card small-programme', 'aria-labelledby': 'programme-notice' },
      h('h2', { id: 'programme-notice' }, 'Nothing to show yet'),
      h('p', {}, 'No session of this programme ended in this period. Figures appear here once groups have met.'),
      totals(report));
  }
  return h('section', { class: 'card small-programme', 'aria-labelledby': 'programme-notice' },
    h('h2', { id: 'programme-notice' }, 'A small programme: most figures are hidden'),
    h('p', {}, `Figures for fewer than ${report.min_count} people are hidden to protect trainees’ privacy; `,
      'this programme is too small to show counts of trainees or the rate of each session. What can be shown is below: ',
      'sessions, hours and places filled are counts of meetings, not of people.'),
    totals(report));
}

function render(container, report) {
  const pid = encodeURIComponent(report.programme.id);
  const csv = `/api/programmes/${pid}/attendance.csv?from=${report.term.from}&to=${report.term.to}`;
  const small = report.groups.length > 0 && report.groups.every(hiddenGroup);
  append(container, [
    h('p', { class: 'lead' }, `${report.programme.name}, ${period(report)}. `,
      'Anonymised: no names and nothing said in the groups.'),
    h('p', {}, h('a', { href: `#/programme-settings/${pid}` }, 'Programme settings: what groups may keep')),
    small ? smallNotice(report) : null,
    termForm(report.programme.id, report.term),
    h('p', { class: 'hint' }, `Counts of trainees are rounded to the nearest 5 (“about 10” means 8 to 12), each on its own, so a total may differ from the sum of its parts. A count under ${report.min_count} shows as “<${report.min_count}”. `,
      '“Withheld” hides a larger count that would let a small one be worked out. ',
      'Trainees appear only as pseudonyms such as T-3f9a1c2b, the same in every report of this programme.'),
    h('p', {}, h('a', { href: csv, download: '' }, 'Download these figures (CSV)')),
    small ? null : h('section', { class: 'card', 'aria-labelledby': 'lg-all' },
      h('h2', { id: 'lg-all' }, 'All groups'),
      totals(report),
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
