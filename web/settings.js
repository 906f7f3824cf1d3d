// Settings screens. For a group's facilitators: phase lengths, automatic admission, push-to-talk,
// ground rules, what is kept, language reflection; each choice shows the limits it must keep to and
// who set them. For a programme's lead: the retention limits its groups choose within.
//
// Each section saves on its own, so a refused value never costs the edits made elsewhere on the
// page, and its message appears beside the field it is about. The server checks everything
// again (server/group_settings.py, server/retention.py); the checks here only say it sooner.

import { call, get } from '/static/api.js';
import { errorBox, h, labelled, showError } from '/static/dom.js';
import { signInPolicySection } from '/static/sign_in.js';
import { termSection } from '/static/term_admin.js';

const BY_LEAD = 'set by your programme lead';

function plural(n, unit) {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

// 720 hours -> "720 hours (30 days)"
function hoursWords(hours) {
  if (hours >= 48 && hours % 24 === 0) return `${plural(hours, 'hour')} (${plural(hours / 24, 'day')})`;
  return plural(hours, 'hour');
}

// A field with room for its own error, announced with the field and tied to it.
function field(labelText, input, hint) {
  const wrap = labelled(labelText, input, hint);
  const err = h('p', { class: 'error field-error', id: `${input.id}-err`, hidden: true });
  wrap.append(err);
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), err.id].filter(Boolean).join(' '));
  return {
    wrap, input,
    fail(message) {
      showError(err, message);
      input.setAttribute('aria-invalid', 'true');
    },
    clear() {
      showError(err, '');
      input.removeAttribute('aria-invalid');
    },
  };
}

function wholeNumber(f, low, high, words) {
  const text = f.input.value.trim();
  const value = Number(text);
  if (text === '' || !Number.isInteger(value) || value < low || value > high) {
    f.fail(`Please give a whole number from ${low} to ${high} ${words}. “${text || 'nothing'}” cannot be saved.`);
    return null;
  }
  return value;
}

// One section of the page: its own form, Save button, error box and status line.
function section(title, intro, fields, save, buttonLabel) {
  const box = errorBox();
  const done = h('p', { class: 'success', role: 'status' });
  const button = h('button', { type: 'submit', class: 'primary' }, buttonLabel);
  const form = h('form', { class: 'settings-section', novalidate: true },
    h('fieldset', {}, h('legend', {}, title), intro ? h('p', { class: 'hint' }, intro) : null,
      fields.map((f) => f.wrap || f), box, h('p', {}, button), done));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    done.textContent = '';
    showError(box, '');
    for (const f of fields) f.clear?.();
    let body;
    try {
      body = save.collect();
    } catch {
      body = null;
    }
    if (!body) {
      form.querySelector('[aria-invalid=true]')?.focus();
      return;
    }
    button.disabled = true;
    try {
      await save.send(body);
      done.textContent = save.saved;
    } catch (err) {
      // The server's own words; the fields keep what was typed.
      const target = save.fieldFor?.(err);
      if (target) { target.fail(err.message); target.input.focus(); } else showError(box, err.message);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function numberInput(name, value, low, high) {
  return h('input', { type: 'number', name, value, min: low, max: high, step: 1, inputmode: 'numeric', class: 'short' });
}

function phaseSection(form, put) {
  const { min, max } = form.minutes;
  const fields = form.phases.map((p) => field(p.label, numberInput(p.key, form.settings.durations[p.key], min, max)));
  return section('Phase lengths', `Minutes for each phase, from ${min} to ${max}. The timer never moves the group on by itself.`, fields, {
    collect() {
      const durations = {};
      let ok = true;
      form.phases.forEach((p, i) => {
        const value = wholeNumber(fields[i], min, max, 'minutes');
        if (value === null) ok = false; else durations[p.key] = value;
      });
      return ok ? { durations } : null;
    },
    send: (body) => put(body),
    saved: 'Phase lengths saved. Sessions opened from now on use them.',
  }, 'Save phase lengths');
}

function admissionSection(form, put) {
  const box = h('input', { type: 'checkbox', name: 'auto_admit', checked: form.settings.auto_admit });
  const wrap = h('div', { class: 'field check' }, h('label', {}, box, ' Let members straight in (no waiting room)'),
    h('p', { class: 'hint' }, 'Off: members wait until a facilitator admits them. On: any member of the group comes straight in.'));
  return section('Who gets in', null, [wrap], {
    collect: () => ({ auto_admit: box.checked }),
    send: (body) => put(body),
    saved: 'Saved.',
  }, 'Save');
}

// "Only the speaker unmutes": the room's browsers keep it (web/media_talk.js), live.
function voiceSection(form, put) {
  const box = h('input', { type: 'checkbox', name: 'push_to_talk', checked: form.settings.push_to_talk });
  const wrap = h('div', { class: 'field check' }, h('label', {}, box, ' Only the speaker unmutes (push-to-talk)'),
    h('p', { class: 'hint' }, 'On: a member’s microphone is heard only while they hold the Space bar, or hold the “Hold to talk” button on screen. Facilitators can always speak. Open rooms change at once.'));
  return section('Voice in the room', null, [wrap], {
    collect: () => ({ push_to_talk: box.checked }),
    send: (body) => put(body),
    saved: 'Saved. Open rooms use it at once.',
  }, 'Save voice setting');
}

function rulesSection(form, put) {
  const max = form.ground_rules_max;
  const rules = field('Ground rules', h('textarea', { name: 'ground_rules', rows: 8 }, form.settings.ground_rules),
    `Members accept these the first time they come in, and again after you change them. Up to ${max.toLocaleString('en-GB')} characters.`);
  return section('Ground rules', null, [rules], {
    collect() {
      const text = rules.input.value.trim();
      if (!text) { rules.fail('The ground rules cannot be empty.'); return null; }
      if (text.length > max) { rules.fail(`Please shorten the ground rules to ${max.toLocaleString('en-GB')} characters (they are ${text.length.toLocaleString('en-GB')}).`); return null; }
      return { ground_rules: text };
    },
    send: (body) => put(body),
    fieldFor: () => rules,
    saved: 'Ground rules saved. Members will be asked to accept them again.',
  }, 'Save ground rules');
}

const KEPT = [
  ['chat_hours', 'Chat transcript: hours kept after the session', 'hours',
    (r) => `0 deletes it when the session ends. At most ${hoursWords(r.max)}, ${BY_LEAD}.`],
  ['facilitator_days', 'Facilitators’ channel: days kept after the session', 'days',
    (r) => `From ${r.min} to ${plural(r.max, 'day')}, ${BY_LEAD}.`],
  ['note_days', 'Case notes: days kept after the session', 'days',
    (r) => `From ${r.min} to ${plural(r.max, 'day')}, ${BY_LEAD}. Authors can delete theirs sooner.`],
];

function retentionSection(form, put) {
  const fields = KEPT.map(([key, label, , hint]) => {
    const r = form.retention[key];
    return field(label, numberInput(key, form.settings.retention[key], r.min, r.max), hint(r));
  });
  const years = h('p', { class: 'hint' }, `Attendance records: kept ${plural(form.attendance_years, 'year')}, pseudonymously (${BY_LEAD}).`);
  return section('What is kept', 'Every room shows this policy to its members in plain words.', [...fields, years], {
    collect() {
      const out = {};
      let ok = true;
      KEPT.forEach(([key, , unit], i) => {
        const r = form.retention[key];
        const value = wholeNumber(fields[i], r.min, r.max, unit);
        if (value === null) ok = false; else out[key] = value;
      });
      return ok ? { retention: out } : null;
    },
    send: (body) => put(body),
    fieldFor: (err) => fields[KEPT.findIndex(([key]) => err.message.includes(key === 'chat_hours' ? 'chat' : key === 'note_days' ? 'case notes' : 'facilitators'))],
    saved: 'Saved. The new policy applies to sessions from now on, and every room shows it.',
  }, 'Save what is kept');
}

function reflectionSection(form, put) {
  const { max_terms: maxTerms, max_chars: maxChars, always } = form.reflection;
  const current = form.settings.language_reflection;
  const on = h('input', { type: 'checkbox', name: 'reflection_on', checked: current.enabled });
  const onWrap = h('div', { class: 'field check' }, h('label', {}, on, ' Language reflection on'),
    h('p', { class: 'hint' }, 'When someone writes a label such as “heartsink”, they alone see a gentle question in their own browser. Nobody else is told, and nothing about it reaches the server.'));
  const words = field('The group’s own words (one per line)', h('textarea', { name: 'extra_terms', rows: 4 }, current.extra_terms.join('\n')),
    `Up to ${maxTerms}, each up to ${maxChars} characters. Always noticed: ${always.slice(0, 6).join(', ')} and a few more.`);
  return section('Language reflection', null, [onWrap, words], {
    collect() {
      const terms = words.input.value.split('\n').map((t) => t.trim()).filter(Boolean);
      const long = terms.find((t) => t.length > maxChars);
      if (long) { words.fail(`“${long.slice(0, 50)}” is longer than ${maxChars} characters.`); return null; }
      if (terms.length > maxTerms) { words.fail(`Please keep the list to ${maxTerms} words or phrases (it has ${terms.length}).`); return null; }
      return { language_reflection: { enabled: on.checked, extra_terms: terms } };
    },
    send: (body) => put(body),
    fieldFor: () => words,
    saved: 'Saved. Open rooms use it at once.',
  }, 'Save language reflection');
}

export async function settingsScreen(screen, _me, arg) {
  const groupId = decodeURIComponent(arg || '');
  const form = await get(`/api/groups/${encodeURIComponent(groupId)}/settings-form`);
  const put = (body) => call('PUT', `/api/groups/${encodeURIComponent(groupId)}/settings`, body);
  screen(`Settings: ${form.group.name}`,
    h('p', { class: 'lead' }, `${form.group.programme}. Each part saves on its own and says when it takes effect.`),
    termSection(groupId),
    phaseSection(form, put), admissionSection(form, put), voiceSection(form, put), rulesSection(form, put),
    retentionSection(form, put),
    h('section', { class: 'settings-section info', 'aria-labelledby': 'rate-h' },
      h('h2', { id: 'rate-h' }, 'Expected attendance'),
      h('p', {}, `Trainees are expected at ${form.expected_rate}% of sessions. This is set for the whole programme by its administrator; the programme lead sees, anonymously, who falls below it.`)),
    reflectionSection(form, put),
    h('p', {}, h('a', { href: '#/' }, 'Back to my groups')));
}

const LIMITS = [
  ['max_chat_hours', 'Longest a group may keep its chat transcript (hours)', 'hours', (r) => `From ${r.min} (always deleted when the session ends) to ${hoursWords(r.max)}.`],
  ['max_facilitator_days', 'Longest a group may keep its facilitators’ channel (days)', 'days', (r) => `From ${r.min} to ${plural(r.max, 'day')}.`],
  ['max_note_days', 'Longest a group may keep case notes (days)', 'days', (r) => `From ${r.min} to ${plural(r.max, 'day')}.`],
  ['attendance_years', 'How long attendance records are kept (years)', 'years', (r) => `From ${r.min} to ${plural(r.max, 'year')}: your programme’s period.`],
];

// Administrators only (server/actions/attendance_report.py says why).
function rateSection(programmeId, current) {
  const rate = field('Expected attendance rate (%)', numberInput('expected_rate', current, 50, 100),
    'From 50 to 100. Trainees below it are counted in the lead’s report, and their supervisors can be asked to follow up.');
  return section('Expected attendance', null, [rate], {
    collect() {
      const value = wholeNumber(rate, 50, 100, 'per cent');
      return value === null ? null : { expected_rate: value };
    },
    send: (body) => call('PUT', `/api/programmes/${encodeURIComponent(programmeId)}/attendance-settings`, body),
    fieldFor: () => rate,
    saved: 'Saved. Reports from now on use the new rate.',
  }, 'Save the expected rate');
}

export async function programmeSettingsScreen(screen, arg) {
  const programmeId = decodeURIComponent(arg || '');
  const form = await get(`/api/programmes/${encodeURIComponent(programmeId)}/settings-form`);
  const fields = LIMITS.map(([key, label, , hint]) => {
    const r = form.ranges[key];
    return field(label, numberInput(key, form.limits[key], r.min, r.max), hint(r));
  });
  const limits = section('Limits for every group', 'Groups choose what they keep within these limits. Lowering one shortens every group above it at once.', fields, {
    collect() {
      const out = {};
      let ok = true;
      LIMITS.forEach(([key, , unit], i) => {
        const r = form.ranges[key];
        const value = wholeNumber(fields[i], r.min, r.max, unit);
        if (value === null) ok = false; else out[key] = value;
      });
      return ok ? out : null;
    },
    send: (body) => call('PUT', `/api/programmes/${encodeURIComponent(programmeId)}/retention-limits`, body),
    saved: 'Saved. Every group of the programme keeps to these limits from now on.',
  }, 'Save the limits');
  screen(`Programme settings: ${form.programme.name}`,
    h('p', { class: 'lead' }, 'What the programme’s groups may keep, and for how long.'),
    limits, await signInPolicySection(programmeId),
    form.may_change_rate ? rateSection(programmeId, form.expected_rate)
      : h('section', { class: 'settings-section info', 'aria-labelledby': 'rate-h' },
        h('h2', { id: 'rate-h' }, 'Expected attendance'),
        h('p', {}, `Trainees are expected at ${form.expected_rate}% of sessions. `,
          'Only an administrator can change this: changing it between reports would let two reports be compared to reveal small numbers.')),
    h('p', {}, h('a', { href: `#/lead/${encodeURIComponent(programmeId)}` }, 'Back to programme attendance')));
}
