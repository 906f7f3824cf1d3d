// The phase banner every participant sees: where the group is in the meeting (a stepper), the
// phase, case, presenter and the time left. It stays in view: the room's layout scrolls only
// the conversation beneath it.
// The server owns the clock: we count down to its deadline, corrected by the difference between
// its clock and ours at the moment the update arrived.

import { h } from '/static/dom.js';

export function formatClock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// One case of a Balint meeting, in order, with the short names the stepper shows.
export const STEPS = [
  ['check_in', 'Check-in'],
  ['case_choice', 'Who has a case?'],
  ['presentation', 'Presentation'],
  ['questions', 'Clarifying questions'],
  ['discussion', 'Discussion'],
  ['return', 'The presenter returns'],
  ['closing', 'Closing round'],
];
export const STEP_NAMES = Object.fromEntries([...STEPS, ['ended', 'End of session']]);

// A word for members on what the phase asks of them (facilitators have the console instead).
const MEMBER_HINTS = {
  case_choice: 'Have a case you would like to bring? Raise your hand.',
  presentation: 'Listen to the case; questions come next.',
  questions: 'Questions about facts only, to picture the consultation; the discussion comes next.',
  discussion: 'What might the patient and the doctor be feeling? The presenter listens.',
  return: 'The presenter says what struck them; listen.',
  closing: 'A word each on how you leave the group today.',
};
const PRESENTER_HINTS = {
  case_choice: 'You will present the case. The facilitator starts when the group is ready.',
  presentation: 'Tell the group about the patient and the consultation, in your own words.',
  questions: 'Answer what you can; “I don’t know” is a good answer too.',
  return: 'Say what struck you as you listened.',
};

export function createBanner() {
  const phase = h('p', { class: 'phase' });
  const detail = h('p', { class: 'phase-detail hint' });
  const guide = h('p', { class: 'phase-guide', hidden: true });
  const timer = h('p', { class: 'timer', 'aria-live': 'off' });
  const steps = STEPS.map(([key, label]) => h('li', { dataset: { step: key } }, h('span', { class: 'dot', 'aria-hidden': 'true' }), label));
  const stepper = h('ol', { class: 'stepper', 'aria-label': 'The meeting, step by step' }, steps);
  const controls = h('div', { class: 'stage-controls', hidden: true });
  const el = h('section', { class: 'banner', 'aria-label': 'Session phase', role: 'region' },
    stepper, h('div', { class: 'phase-text' }, phase, detail, guide), timer, controls);
  let flow = null;
  let offset = 0; // server clock minus ours, in seconds
  let viewer = { id: null, role: null, admitted: false };

  function tick() {
    if (!flow) return;
    if (flow.paused) {
      timer.textContent = `Timer paused at ${formatClock(flow.remaining ?? 0)}`;
      timer.className = 'timer';
    } else if (flow.deadline == null) {
      timer.textContent = '';
    } else {
      const left = flow.deadline - (Date.now() / 1000 + offset);
      timer.textContent = left > 0 ? `${formatClock(left)} left` : `Time's up (${formatClock(-left)} over)`;
      timer.className = left > 0 ? 'timer' : 'timer over';
    }
  }
  const interval = setInterval(tick, 1000);

  function render() {
    if (!flow) return;
    // A member already let in is not "in the waiting room": they are in, waiting for the start.
    const inBeforeStart = flow.phase === 'waiting' && viewer.admitted && viewer.role !== 'facilitator';
    phase.textContent = inBeforeStart ? 'You’re in. The session will start soon.' : flow.phase_label;
    const bits = [];
    if (!['waiting', 'check_in', 'ended'].includes(flow.phase)) bits.push(`Case ${flow.case_number}`);
    if (flow.presenter_name) bits.push(flow.presenter_user_id === viewer.id ? 'presented by you' : `presented by ${flow.presenter_name}`);
    if (flow.floor_name) bits.push(flow.floor_user_id === viewer.id ? 'you have the floor' : `${flow.floor_name} has the floor`);
    if (flow.locked) bits.push('room locked');
    if (flow.muted_all) bits.push('chat paused for members');
    detail.textContent = bits.join(' · ');
    const presenting = flow.presenter_user_id && flow.presenter_user_id === viewer.id;
    const words = viewer.role === 'member' && viewer.admitted
      ? (presenting ? PRESENTER_HINTS : MEMBER_HINTS)[flow.phase] : null;
    guide.textContent = words || '';
    guide.hidden = !words;
    const at = STEPS.findIndex(([key]) => key === flow.phase);
    stepper.hidden = flow.phase === 'ended';
    steps.forEach((li, i) => {
      li.className = i < at ? 'done' : i === at ? 'current' : '';
      if (i === at) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
    // Someone still in the waiting room before the start reads the waiting room's own notice;
    // a banner saying the same again would only crowd it.
    el.hidden = flow.phase === 'waiting' && viewer.role === 'member' && !viewer.admitted;
    el.dataset.phase = flow.phase;
    tick();
  }

  return {
    el,
    controls,
    update(next) {
      // Ignore a stale update that arrives after a newer one.
      if (flow && next.version < flow.version) return;
      flow = next;
      offset = next.server_now - Date.now() / 1000;
      render();
    },
    setViewer(next) { viewer = { ...viewer, ...next }; render(); },
    get flow() { return flow; },
    stop() { clearInterval(interval); },
  };
}
