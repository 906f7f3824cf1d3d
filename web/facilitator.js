// The facilitator's notices and side panel. Notices sit under the phase banner and stay until
// handled: people in the waiting room (admit or turn away) and pause signals (reply privately
// or mark as seen); the tab's title counts them, so they are seen from another tab too. The
// side panel holds the quieter tools: raised hands and the floor, the co-facilitators'
// channel, and the group's language reflection setting.

import { call } from '/static/api.js';
import { append, clear, errorBox, formatTime, h, labelled, showError } from '/static/dom.js';
import { confirmDialog, textDialog } from '/static/dialogs.js';
import { DEFAULT_TERMS } from '/static/guard.js';

export function createFacilitatorPanel(room) {
  const waiting = createWaitingNotice(room);
  const pauses = createPauseNotice(room);
  const notices = h('div', { class: 'fac-notices' }, pauses.card, waiting.card);
  const floor = createFloorTools(room);
  const channel = createChannel(room);
  const reflection = createReflectionSettings(room.groupId);
  const el = h('section', { class: 'facilitator', 'aria-label': 'Facilitator tools' },
    h('h2', {}, 'Raised hands'), floor.floor, floor.hands,
    h('h2', {}, 'Facilitators only'), h('p', { class: 'hint' }, 'Members never see this channel.'), ...channel.nodes,
    reflection.el);
  return {
    el,
    notices,
    setReflection: reflection.set,
    setFlow: floor.setFlow,
    setWaiting: waiting.set,
    setHands: floor.setHands,
    addPause: pauses.add,
    setPauses: pauses.set,
    counts: () => ({ waiting: waiting.count(), pauses: pauses.count() }),
    firstAdmit: waiting.firstAdmit,
    addChannelMessage: channel.add,
  };
}

// The waiting-room notice: admit or turn away each person, or admit everyone.
function createWaitingNotice(room) {
  const heading = h('h2', { id: 'waiting-heading' });
  const waiting = h('ul', { class: 'plain waiting-list', 'aria-label': 'Waiting room' });
  const admitAll = h('button', { type: 'button', class: 'primary' }, 'Admit everyone');
  const card = h('section', { class: 'notice-card waiting-card', 'aria-labelledby': 'waiting-heading', hidden: true },
    // Admit everyone first: one Shift+Tab from the next person's Admit, however many wait.
    heading, admitAll, waiting);
  let people = [];

  const admitButtons = () => [...waiting.querySelectorAll('button.admit')];
  async function admit(person, yes) {
    const done = await room.act('admit', { user_id: person.user_id, admit: yes });
    // The list has been redrawn by now (the server tells the waiting room first, then
    // answers): the next person waiting is the next thing to do, else the session's next step.
    if (done === null) return;
    const next = admitButtons()[0];
    if (next) next.focus(); else room.focusNext();
  }
  async function turnAway(person, button) {
    const sure = await confirmDialog({
      title: `Turn ${person.display_name} away?`,
      body: `${person.display_name} will not be able to join this session. They will be told kindly, and can still come to the group’s next session.`,
      confirm: `Turn away ${person.display_name}`, danger: true,
      afterClose: (yes, opener) => (yes ? null : opener || button),
    });
    if (sure) await admit(person, false);
  }
  admitAll.addEventListener('click', async () => {
    for (const person of [...people]) {
      if ((await room.act('admit', { user_id: person.user_id, admit: true })) === null) break;
    }
    room.focusNext();
  });

  function render() {
    clear(waiting);
    card.hidden = !people.length;
    heading.textContent = people.length === 1 ? '1 person is waiting to come in' : `${people.length} people are waiting to come in`;
    admitAll.hidden = people.length < 2;
    for (const p of people) {
      const away = h('button', { type: 'button', class: 'quiet' }, 'Turn away');
      away.setAttribute('aria-label', `Turn away ${p.display_name}`);
      away.addEventListener('click', () => turnAway(p, away));
      waiting.append(h('li', {}, p.display_name, ' ',
        h('span', { class: 'row-actions' },
          h('button', { type: 'button', class: people.length < 2 ? 'primary admit' : 'admit', onclick: () => admit(p, true) }, `Admit ${p.display_name}`), away)));
    }
    room.countsChanged();
  }
  return {
    card,
    set(list) { people = list; render(); },
    count: () => people.length,
    firstAdmit: () => admitButtons()[0] || null,
  };
}

// The pause-request notice: reply privately, or mark as seen.
function createPauseNotice(room) {
  const heading = h('h2', { id: 'pause-heading' });
  const pauses = h('ul', { class: 'plain pauses', 'aria-label': 'Pause signals', 'aria-live': 'assertive' });
  const card = h('section', { class: 'notice-card pause-card', 'aria-labelledby': 'pause-heading', hidden: true },
    heading, pauses);
  let signals = [];

  async function answer(signal, withWords, button) {
    let reply = null;
    if (withWords) {
      reply = await textDialog({
        title: `Reply privately to ${signal.display_name}`,
        body: `Only ${signal.display_name} will see this. Nobody else knows they asked.`,
        label: 'Your reply', maxlength: room.limits.pause_note_chars, hint: 'A sentence is enough, e.g. “Of course. Take the time you need; we will carry on gently.”',
        confirm: 'Send the reply', afterClose: (text, opener) => (text === null ? opener || button : null),
      });
      if (reply === null) return;
    }
    const done = await room.act('pause_answer', { pause_id: signal.id, reply: reply || null });
    if (done !== null) room.focusNext();
  }

  function render() {
    clear(pauses);
    card.hidden = !signals.length;
    heading.textContent = signals.length === 1 ? 'Pause request' : `${signals.length} pause requests`;
    for (const p of signals) {
      const replyButton = h('button', { type: 'button', class: 'primary' }, 'Reply privately');
      replyButton.setAttribute('aria-label', `Reply privately to ${p.display_name}`);
      replyButton.addEventListener('click', () => answer(p, true, replyButton));
      const seen = h('button', { type: 'button', class: 'quiet' }, 'Mark as seen');
      seen.setAttribute('aria-label', `Mark as seen: ${p.display_name}’s request`);
      seen.addEventListener('click', () => answer(p, false, seen));
      // The name, then when, then the note: three nodes a screen reader reads in that order.
      pauses.append(h('li', {}, h('strong', {}, p.display_name), ` asked for a pause at ${formatTime(p.at)}`,
        p.note ? `: “${p.note}”` : null, h('span', { class: 'row-actions' }, replyButton, seen)));
    }
    room.countsChanged();
  }
  return {
    card,
    add(p) { if (!signals.some((s) => s.id === p.id)) { signals = [...signals, p]; render(); } },
    set(list) { signals = [...list]; render(); },
    count: () => signals.length,
  };
}

// Raised hands, in order, each given the floor in one click; and who has the floor now.
function createFloorTools(room) {
  const floor = h('p', { class: 'floor', hidden: true });
  const hands = h('ol', { class: 'plain', 'aria-label': 'Raised hands, in order' });
  return {
    floor,
    hands,
    setFlow(flow) {
      floor.hidden = !flow?.floor_name;
      clear(floor);
      if (flow?.floor_name) {
        append(floor, [`${flow.floor_name} has the floor. `,
          h('button', { type: 'button', class: 'small', onclick: () => room.act('give_floor', { user_id: null }) }, 'Take the floor back')]);
      }
    },
    setHands(list) {
      clear(hands);
      if (!list.length) hands.append(h('li', { class: 'hint' }, 'No hands raised.'));
      for (const hand of list) {
        const give = h('button', { type: 'button', class: 'small' }, 'Give the floor');
        give.setAttribute('aria-label', `Give the floor to ${hand.display_name}`);
        // The hand leaves the list once answered: the focus goes on to the session's next step.
        give.addEventListener('click', async () => { if (await room.act('give_floor', { user_id: hand.user_id }) !== null) room.focusNext(); });
        hands.append(h('li', {}, hand.display_name, ' ', give));
      }
    },
  };
}

// The co-facilitators' channel: members never see it.
function createChannel(room) {
  const channel = h('ol', { class: 'transcript fac-channel', 'aria-label': 'Facilitators only', tabindex: '0' });
  // The server's limits come with the join acknowledgement (the client keeps no copy).
  const input = h('input', { 'aria-label': 'Message to co-facilitators', maxlength: room.limits.message_chars });
  const form = h('form', { class: 'inline channel-form' }, input, h('button', { type: 'submit' }, 'Send to facilitators'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    room.sendTo('facilitators', text);
  });
  return {
    nodes: [channel, form],
    add(m) {
      if (channel.querySelector(`[data-seq="${m.seq}"]`)) return;
      append(channel, [h('li', { class: 'message', dataset: { seq: m.seq } }, h('span', { class: 'author' }, m.author_name), h('p', { class: 'text' }, m.text))]);
      channel.scrollTop = channel.scrollHeight;
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
    h('h2', { id: 'reflection-heading' }, 'Language reflection'),
    h('p', { class: 'switch' }, toggle, ' ', h('label', { for: 'reflection-on' }, 'Offer reflection prompts in this group')),
    h('p', { class: 'hint' }, 'Whoever writes a label such as “heartsink” sees a gentle question about the patient, on their own screen only. It never stops a message; nobody else is told. For all of this group’s sessions.'),
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
