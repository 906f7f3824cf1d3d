// The facilitator's console, inside the phase banner: one obvious next step (the primary
// button names it), the clock's tools beside the timer, and everything rarer in a menu.
//
// The primary button is one element for the whole session: after Start or Next phase the
// focus stays on it, ready for the next step. When the next step cannot be taken yet (no
// presenter chosen), it stays in place and says why in words, with the way forward beside it.

import { clear, h } from '/static/dom.js';
import { menuButton } from '/static/dialogs.js';
import { STEP_NAMES } from '/static/flow_banner.js';

const NEXT = {
  waiting: 'check_in', check_in: 'case_choice', case_choice: 'presentation', presentation: 'questions',
  questions: 'discussion', discussion: 'return', return: 'closing', closing: 'ended',
};

// After a move is acknowledged the focus goes to the primary button only when it is nowhere
// (the button pressed was removed by the re-render) or already there: a facilitator who has
// tabbed on while the answer was on its way keeps their place, instead of being pulled back.
function keepFocus(primary) {
  const now = document.activeElement;
  if (!now || now === document.body || now === primary) primary.focus();
}

function primaryFor(flow) {
  const allowed = new Set(flow.actions);
  if (allowed.has('start')) return { action: 'start', label: 'Start the session' };
  if (flow.phase === 'discussion' && allowed.has('return_early')) {
    return { action: 'return_early', label: 'Next phase: Invite the presenter back' };
  }
  const label = `Next phase: ${STEP_NAMES[NEXT[flow.phase]] || ''}`;
  if (allowed.has('advance')) return { action: 'advance', label };
  if (flow.phase === 'case_choice') {
    return { action: null, label, why: 'Choose who presents first. Whoever has a case raises a hand; you can also choose anyone from “⋯” beside their name.' };
  }
  return null;
}

// The "Room ⋯" menu: what a facilitator does rarely. On a phone the clock's tools, going back
// and ending live here too, so that the banner keeps to the phase, the timer and the one next step.
function roomOptions(flow, { pauseTimer, extend, back, act, endSession }) {
  const allowed = new Set(flow.actions);
  const items = [];
  const narrow = matchMedia('(max-width: 600px)').matches;
  if (narrow && (allowed.has('pause') || allowed.has('resume'))) items.push({ label: pauseTimer.textContent, run: () => pauseTimer.click() });
  if (narrow && allowed.has('extend')) items.push({ label: '+5 minutes', run: () => extend.click() });
  if (narrow && allowed.has('back')) items.push({ label: 'Back one phase', run: () => back.click() });
  // The room can be locked only once the session has started (newcomers wait until then).
  if (flow.phase !== 'waiting') items.push({ label: flow.locked ? 'Unlock the room' : 'Lock the room', run: () => act('lock', { locked: !flow.locked }) });
  items.push({ label: flow.muted_all ? 'Let everyone write' : 'Pause chat for members', run: () => act('mute', { muted: !flow.muted_all }) });
  if (narrow) items.push({ label: 'End the session…', danger: true, run: () => endSession() });
  return items;
}

export function createConsole({ act, banner, endSession }) {
  const back = h('button', { type: 'button', class: 'quiet' }, 'Back one phase');
  const pauseTimer = h('button', { type: 'button', class: 'quiet' });
  const extend = h('button', { type: 'button', class: 'quiet' }, '+5 minutes');
  const primary = h('button', { type: 'button', class: 'primary next', 'aria-describedby': 'next-why' });
  const end = h('button', { type: 'button', class: 'quiet danger' }, 'End the session');
  const why = h('p', { id: 'next-why', class: 'next-why' });
  const candidates = h('span', { class: 'candidates' });
  const others = h('span', { class: 'other-moves' });
  const nextStep = h('div', { class: 'next-step' }, why, candidates, others);
  let flow = null;
  let hands = [];
  let move = null;

  const options = menuButton({
    label: 'Room options', text: 'Room ⋯', className: 'quiet menu-button',
    items: () => (flow ? roomOptions(flow, { pauseTimer, extend, back, act, endSession }) : []),
  });

  async function run(action, extra = {}) {
    const done = await act('flow', { action, ...extra });
    return done;
  }
  back.addEventListener('click', () => run('back'));
  extend.addEventListener('click', () => run('extend', { minutes: 5 }));
  pauseTimer.addEventListener('click', () => run(flow?.paused ? 'resume' : 'pause'));
  end.addEventListener('click', () => endSession());
  primary.addEventListener('click', async () => {
    if (!move || !move.action) { why.classList.add('nudge'); setTimeout(() => why.classList.remove('nudge'), 600); return; }
    // Past the closing round is the end for everyone: the same question as "End the session",
    // so a habitual press of the button used at every step cannot end it by surprise.
    if (move.action === 'advance' && NEXT[flow.phase] === 'ended') { endSession(); return; }
    await run(move.action);
    keepFocus(primary);
  });

  clear(banner.controls);
  banner.controls.append(
    h('div', { class: 'clock-tools' }, pauseTimer, extend),
    // The next step comes last, right beside the conversation in the Tab order: a facilitator
    // going between the group's chat and the next phase crosses nothing else.
    h('div', { class: 'moves' }, end, options.el, back, primary),
    nextStep);
  banner.controls.hidden = false;

  function render() {
    if (!flow) return;
    const allowed = new Set(flow.actions);
    move = primaryFor(flow);
    primary.hidden = !move;
    if (move) {
      primary.textContent = move.label;
      if (move.action) primary.removeAttribute('aria-disabled'); else primary.setAttribute('aria-disabled', 'true');
    }
    why.textContent = move?.why || '';
    why.hidden = !move?.why;
    back.hidden = !allowed.has('back');
    extend.hidden = !allowed.has('extend');
    pauseTimer.hidden = !(allowed.has('pause') || allowed.has('resume'));
    pauseTimer.textContent = flow.paused ? 'Resume the timer' : 'Pause the timer';
    end.hidden = flow.phase === 'ended';

    showCandidates(candidates, flow, hands, run, primary);
    showOtherMoves(others, flow, run, primary);
    nextStep.hidden = why.hidden && !candidates.childNodes.length && !others.childNodes.length;
  }

  return {
    setFlow(next) { flow = next; render(); },
    setHands(next) { hands = next; render(); },
    focusPrimary() { (primary.hidden ? end : primary).focus(); },
    primary,
  };
}

// Beside the next step while the group chooses a presenter: each raised hand, chosen in one click.
function showCandidates(candidates, flow, hands, run, primary) {
  clear(candidates);
  if (!flow.actions.includes('choose_presenter')) return;
  for (const hand of hands.filter((x) => x.user_id !== flow.presenter_user_id)) {
    const choose = h('button', { type: 'button', class: flow.presenter_user_id ? 'quiet' : '' }, `Choose as presenter: ${hand.display_name}`);
    choose.addEventListener('click', async () => {
      if (await run('choose_presenter', { user_id: hand.user_id })) keepFocus(primary);
    });
    candidates.append(choose);
  }
  if (!hands.length && !flow.presenter_user_id) candidates.append(h('span', { class: 'hint' }, 'No hands raised yet.'));
}

// The ways on besides the next phase: another case, or the closing round when nobody has one.
function showOtherMoves(others, flow, run, primary) {
  const allowed = new Set(flow.actions);
  clear(others);
  if (allowed.has('next_case')) {
    others.append(h('button', { type: 'button', class: 'quiet', onclick: () => run('next_case').then(() => keepFocus(primary)) }, 'Take another case'));
  }
  if (allowed.has('close') && flow.phase === 'case_choice') {
    others.append(h('span', { class: 'hint' }, 'Nobody has a case?'), ' ',
      h('button', { type: 'button', class: 'quiet', onclick: () => run('close').then(() => keepFocus(primary)) }, 'Go to the closing round'));
  }
}
