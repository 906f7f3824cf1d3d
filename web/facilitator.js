// The facilitator's panel: move the session on, keep time, the waiting room, raised hands,
// pause signals, lock and mute, and a private channel for co-facilitators.

import { append, clear, formatTime, h } from '/static/dom.js';

const MOVES = [
  ['start', 'Start the session'],
  ['advance', 'Next phase'],
  ['back', 'Back one phase'],
  ['return_early', 'Invite the presenter back'],
  ['next_case', 'Take another case'],
  ['close', 'Go to the closing round'],
  ['pause', 'Pause the timer'],
  ['resume', 'Resume the timer'],
];

export function createFacilitatorPanel(room) {
  const moves = h('div', { class: 'moves' });
  const extend = h('button', { type: 'button', onclick: () => room.act('flow', { action: 'extend', minutes: 5 }) }, '+5 minutes');
  const end = h('button', {
    type: 'button', class: 'danger',
    onclick: () => { if (confirm('End the session for everyone? They will see a closing screen.')) room.act('flow', { action: 'end' }); },
  }, 'End the session');
  const lock = h('button', { type: 'button' });
  const muteAll = h('button', { type: 'button' });
  const presenter = h('select', { 'aria-label': 'Presenter' });
  const choose = h('button', { type: 'button', onclick: () => room.act('flow', { action: 'choose_presenter', user_id: presenter.value || null }) }, 'Set presenter');
  const waiting = h('ul', { class: 'plain', 'aria-label': 'Waiting room' });
  const hands = h('ol', { class: 'plain', 'aria-label': 'Raised hands, in order' });
  const pauses = h('ul', { class: 'plain pauses', 'aria-label': 'Pause signals', 'aria-live': 'assertive' });
  const channel = h('ol', { class: 'transcript fac-channel', 'aria-label': 'Facilitators only' });
  const channelInput = h('input', { 'aria-label': 'Message to co-facilitators', maxlength: 4000 });
  const channelForm = h('form', { class: 'inline' }, channelInput, h('button', { type: 'submit' }, 'Send to facilitators'));
  channelForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = channelInput.value.trim();
    if (!text) return;
    channelInput.value = '';
    room.sendTo('facilitators', text);
  });

  const el = h('aside', { class: 'facilitator', 'aria-label': 'Facilitator controls' },
    h('h2', {}, 'Facilitator'),
    moves, h('div', { class: 'moves' }, extend, lock, muteAll, end),
    h('div', { class: 'choose' }, presenter, choose),
    h('h3', {}, 'Waiting room'), waiting,
    h('h3', {}, 'Raised hands'), hands,
    h('h3', {}, 'Pause signals'), pauses,
    h('h3', {}, 'Facilitators only'), channel, channelForm);

  let flow = null;
  let members = [];

  function renderMoves() {
    clear(moves);
    const allowed = new Set(flow ? flow.actions : []);
    for (const [action, label] of MOVES) {
      if (allowed.has(action)) moves.append(h('button', { type: 'button', class: action === 'advance' || action === 'start' ? 'primary' : '', onclick: () => room.act('flow', { action }) }, label));
    }
    extend.hidden = !allowed.has('extend');
    choose.disabled = !allowed.has('choose_presenter');
    presenter.disabled = !allowed.has('choose_presenter');
    lock.textContent = flow && flow.locked ? 'Unlock the room' : 'Lock the room';
    lock.onclick = () => room.act('lock', { locked: !(flow && flow.locked) });
    muteAll.textContent = flow && flow.muted_all ? 'Let everyone write' : 'Pause chat for members';
    muteAll.onclick = () => room.act('mute', { muted: !(flow && flow.muted_all) });
  }

  function renderPresenterChoice() {
    const current = flow ? flow.presenter_user_id : null;
    clear(presenter);
    presenter.append(h('option', { value: '' }, 'Nobody yet'));
    for (const m of members.filter((x) => x.role === 'member')) {
      presenter.append(h('option', { value: m.user_id, selected: m.user_id === current }, m.display_name));
    }
  }

  return {
    el,
    setFlow(next) { flow = next; renderMoves(); renderPresenterChoice(); },
    setMembers(next) { members = next; renderPresenterChoice(); },
    setWaiting(people) {
      clear(waiting);
      if (!people.length) waiting.append(h('li', { class: 'hint' }, 'Nobody is waiting.'));
      for (const p of people) {
        waiting.append(h('li', {}, p.display_name, ' ',
          h('button', { type: 'button', class: 'primary', onclick: () => room.act('admit', { user_id: p.user_id, admit: true }) }, `Admit ${p.display_name}`), ' ',
          h('button', { type: 'button', onclick: () => room.act('admit', { user_id: p.user_id, admit: false }) }, 'Turn away')));
      }
    },
    setHands(list) {
      clear(hands);
      if (!list.length) hands.append(h('li', { class: 'hint' }, 'No hands raised.'));
      for (const hand of list) {
        hands.append(h('li', {}, hand.display_name, ' ',
          h('button', { type: 'button', onclick: () => room.act('give_floor', { user_id: hand.user_id }) }, 'Give the floor'), ' ',
          flow && flow.actions.includes('choose_presenter')
            ? h('button', { type: 'button', onclick: () => room.act('flow', { action: 'choose_presenter', user_id: hand.user_id }) }, 'Choose as presenter') : null));
      }
    },
    addPause(p) {
      pauses.querySelector('.hint')?.remove();
      pauses.append(h('li', {}, h('strong', {}, p.display_name), ` asked for a pause at ${formatTime(p.at)}`, p.note ? `: “${p.note}”` : ''));
    },
    setPauses(list) {
      clear(pauses);
      if (!list.length) pauses.append(h('li', { class: 'hint' }, 'None.'));
      list.forEach((p) => this.addPause(p));
    },
    addChannelMessage(m) {
      if (channel.querySelector(`[data-seq="${m.seq}"]`)) return;
      append(channel, [h('li', { class: 'message', dataset: { seq: m.seq } }, h('span', { class: 'author' }, m.author_name), h('p', { class: 'text' }, m.text))]);
    },
  };
}
