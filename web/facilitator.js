// The facilitator's panel: move the session on, keep time, the waiting room, raised hands,
// pause signals, lock and mute, a private channel for co-facilitators, and the group's
// language reflection setting.

import { call } from '/static/api.js';
import { append, clear, errorBox, formatTime, h, labelled, showError } from '/static/dom.js';
import { DEFAULT_TERMS } from '/static/guard.js';

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

  const reflection = createReflectionSettings(room.groupId);

  const el = h('aside', { class: 'facilitator', 'aria-label': 'Facilitator controls' },
    h('h2', {}, 'Facilitator'),
    moves, h('div', { class: 'moves' }, extend, lock, muteAll, end),
    h('div', { class: 'choose' }, presenter, choose),
    h('h3', {}, 'Waiting room'), waiting,
    h('h3', {}, 'Raised hands'), hands,
    h('h3', {}, 'Pause signals'), pauses,
    h('h3', {}, 'Facilitators only'), channel, channelForm,
    reflection.el);

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
    setReflection: reflection.set,
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

// Language reflection for the whole group (every session, this one at once): a switch and the
// group's own extra words. The server keeps the choice; the prompts themselves happen only in
// each writer's browser.
function createReflectionSettings(groupId) {
  const path = `/api/groups/${encodeURIComponent(groupId)}/settings`;
  const box = errorBox();
  const done = h('p', { class: 'hint', 'aria-live': 'polite' });
  const toggle = h('input', { type: 'checkbox', id: 'reflection-on' });
  const extra = h('textarea', { rows: 3, name: 'extra_terms' });
  const save = h('button', { type: 'submit', class: 'small' }, 'Save the words');
  const form = h('form', { class: 'reflection-words' },
    labelled('Extra words or phrases to notice, one per line', extra,
      'Up to 20, each up to 40 characters. Always noticed: ' + DEFAULT_TERMS.join(', ') + '.'),
    save);
  const el = h('section', { class: 'reflection-settings', 'aria-labelledby': 'reflection-heading' },
    h('h3', { id: 'reflection-heading' }, 'Language reflection'),
    h('p', { class: 'hint' }, 'When this is on, anyone in this group who writes a label such as “heartsink” or “frequent flyer” sees a gentle question about the patient, on their own screen only. It never stops a message, and nobody else is told. It applies to all of this group’s sessions.'),
    h('p', { class: 'switch' }, toggle, ' ', h('label', { for: 'reflection-on' }, 'Offer reflection prompts in this group')),
    h('details', {}, h('summary', {}, 'Words to notice'), form),
    box, done);

  async function change(reflection, saying) {
    showError(box, '');
    done.textContent = '';
    const settings = await call('PUT', path, { language_reflection: reflection });
    set(settings.language_reflection, true);
    done.textContent = saying(settings.language_reflection);
  }

  toggle.addEventListener('change', async () => {
    const wanted = toggle.checked;
    toggle.disabled = true;
    try {
      await change({ enabled: wanted }, (r) => (r.enabled ? 'Reflection prompts are on for this group.' : 'Reflection prompts are off for this group.'));
    } catch (err) {
      toggle.checked = !wanted;
      showError(box, err.message);
    } finally {
      toggle.disabled = false;
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      await change({ extra_terms: extra.value.split('\n') }, () => 'Saved.');
    } catch (err) {
      showError(box, err.message);
    } finally {
      save.disabled = false;
    }
  });

  // `mine`: the answer to this facilitator's own change. A push from the server (someone else's
  // change, or the echo of ours) leaves words being typed alone.
  function set(reflection, mine = false) {
    toggle.checked = Boolean(reflection.enabled);
    if (mine || document.activeElement !== extra) extra.value = (reflection.extra_terms || []).join('\n');
  }

  return { el, set: (reflection) => set(reflection) };
}
