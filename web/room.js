// The room: ground rules, waiting room, phase banner, presence, transcript and composer, over
// one socket.io connection. Each part lives in its own module (banner, console, people,
// transcript, composer, facilitator notices, dialogs); this one connects them to the server.
//
// Unacknowledged sends stay in an outbox and are sent again, with the same client id, after a
// reconnect; the server stores them once. Nothing of the conversation is ever written to
// browser storage.

import { io } from '/vendor/socket.io.js';
import { get } from '/static/api.js';
import { append, clear, h } from '/static/dom.js';
import { createComposer } from '/static/composer.js';
import { createConsole } from '/static/console.js';
import { confirmDialog, textDialog } from '/static/dialogs.js';
import { createFacilitatorPanel } from '/static/facilitator.js';
import { createBanner } from '/static/flow_banner.js';
import { mountNotes } from '/static/notes.js';
import { createPeople } from '/static/people.js';
import { createTranscript } from '/static/transcript.js';

const ACK_TIMEOUT_MS = 10000;

// What a person reads when the room is closed to them, by the server's error code.
const CLOSED = {
  turned_away: ['Not admitted to this session', 'The facilitator has not admitted you to this session. If you think this is a mistake, contact them.'],
  removed: ['A facilitator removed you from this session', 'You cannot come back into this session, but you can still come to the group’s next one. If you would like to talk about it, contact your facilitator.'],
  room_locked: ['The room is locked', null],
  session_unknown: ['There is no such session', null],
  not_a_member: ['This room is for the group’s members', null],
  lead_not_in_rooms: ['This room is for the group’s members', null],
};

export function openRoom(main, sessionId) {
  const state = { me: null, role: null, title: null, outbox: new Map(), joined: false, closed: false, muted: false,
    reflectionPushes: 0, hand: { raised: false, position: null } };
  let panel = null;
  let stage = null;
  const isFacilitator = () => state.role === 'facilitator';
  main.classList.add('room-page');

  const status = h('p', { class: 'status', role: 'status' }, 'Connecting…');
  const heading = main.querySelector('h1');
  const subtitle = h('p', { class: 'hint subtitle' });
  const banner = createBanner();
  const notice = h('div', { class: 'notice', hidden: true });
  const personal = h('div', { class: 'personal', 'aria-live': 'polite' });
  const facNotices = h('div', { class: 'fac-slot' });
  const pending = h('ol', { class: 'transcript pending', 'aria-label': 'Messages being sent' });

  const people = createPeople({
    isFacilitator, me: () => state.me,
    menuItems: (m, handRaised) => personMenu(m, handRaised),
  });
  const transcript = createTranscript({ canModerate: isFacilitator, onRemove: removeMessage });
  const composer = createComposer({ onSend: queue, onHand: raiseHand, onPause: askForPause });

  const peopleCol = h('aside', { class: 'people', id: 'pane-people', 'aria-labelledby': 'people-heading' },
    h('h2', { id: 'people-heading' }, 'Here now ', people.count), people.list);
  const chat = h('section', { class: 'chat', id: 'pane-chat', 'aria-label': 'Chat' },
    transcript.empty, transcript.list, pending, composer.el);
  const side = h('div', { class: 'side', id: 'pane-side' });
  const panes = createPanes([['pane-chat', 'Conversation'], ['pane-people', 'People'], ['pane-side', 'Case notes']]);
  const layout = h('div', { class: 'room' }, peopleCol, chat, side);

  append(main, [subtitle, status, banner.el, notice, personal, facNotices, panes.el, layout]);
  layout.hidden = panes.el.hidden = true;

  const socket = io({ transports: ['websocket'], withCredentials: true });

  function say(message, isError = false) {
    status.textContent = message;
    status.classList.toggle('error', isError);
  }

  async function act(event, payload) {
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { session_id: sessionId, ...payload });
      if (!reply.ok) { composer.error(reply.error.message); return null; }
      composer.error('');
      return reply.data ?? {}; // null means refused; success with no data is still success
    } catch {
      composer.error('The server did not answer in time. Please try again.');
      return null;
    }
  }

  // ---- the tab's title: facilitators see what is waiting for them even from another tab ----
  function updateTitle() {
    if (!state.title) return;
    const counts = panel ? panel.counts() : { waiting: 0, pauses: 0 };
    const bits = [];
    if (counts.pauses) bits.push(counts.pauses === 1 ? '1 pause request' : `${counts.pauses} pause requests`);
    if (counts.waiting) bits.push(`${counts.waiting} waiting`);
    document.title = `${bits.length ? `(${bits.join(', ')}) ` : ''}${state.title} · Balint Rooms`;
  }

  // ---- who may write now: mirrors the server's rule, which has the last word ----
  function updateComposer() {
    const flow = banner.flow;
    let reason = '';
    const presenting = flow && flow.presenter_user_id === state.me?.id;
    if (!isFacilitator() && flow) {
      if (presenting && !flow.presenter_may_post) {
        reason = 'You are listening while the group discusses your case. You can read everything; the facilitator will invite you back to speak.';
      } else if (state.muted) {
        reason = 'A facilitator has muted you for now. You can still read everything.';
      } else if (flow.muted_all && !presenting && flow.floor_user_id !== state.me?.id) {
        reason = 'A facilitator has paused chat for members for now. You can still read everything; raise your hand if you would like to speak.';
      }
    }
    composer.block(reason);
    // The presenter listening to the discussion has no hand to raise.
    composer.showHand(!isFacilitator() && state.joined && !(presenting && !flow.presenter_may_post));
  }

  function setFlow(flow) {
    banner.update(flow);
    stage?.setFlow(banner.flow);
    panel?.setFlow(banner.flow);
    people.setFlow(banner.flow);
    if (banner.flow.presenter_user_id && banner.flow.presenter_user_id === state.me?.id) setHand(false);
    updateComposer();
  }

  function setHand(raised, position = null) {
    state.hand = { raised, position };
    composer.setHand(raised, position);
  }

  function setHands(hands) {
    people.setHands(hands);
    stage?.setHands(hands);
    panel?.setHands(hands);
  }

  // ---- the facilitator's per-person menu ----
  function personMenu(m, handRaised) {
    const flow = banner.flow;
    const items = [];
    if (flow?.actions.includes('choose_presenter') && flow.presenter_user_id !== m.user_id) {
      items.push({ label: 'Choose as presenter', run: async () => { if (await act('flow', { action: 'choose_presenter', user_id: m.user_id })) stage.focusPrimary(); } });
    }
    if (handRaised) items.push({ label: 'Give the floor', run: () => act('give_floor', { user_id: m.user_id }) });
    if (flow?.floor_user_id === m.user_id) items.push({ label: 'Take the floor back', run: () => act('give_floor', { user_id: null }) });
    items.push({ label: m.muted ? 'Unmute' : 'Mute', run: () => act('mute', { user_id: m.user_id, muted: !m.muted }) });
    items.push({ label: 'Remove from this session…', danger: true, run: (button) => removePerson(m, button) });
    return items;
  }

  async function removePerson(m, button) {
    const sure = await confirmDialog({
      title: `Remove ${m.display_name} from this session?`,
      body: `${m.display_name} leaves the room at once and cannot come back into this session. They can still come to the group’s next session.`,
      confirm: `Remove ${m.display_name}`, danger: true,
      afterClose: (yes) => (yes ? people.list : button),
    });
    if (sure) await act('remove', { user_id: m.user_id });
  }

  async function removeMessage(m, button) {
    const item = button.closest('li');
    const sure = await confirmDialog({
      title: 'Remove this message for everyone?',
      body: `The message from ${m.author_name} is replaced by “This message was removed by a facilitator.” Its text is deleted from the server.`,
      confirm: 'Remove message', danger: true,
      afterClose: (yes) => (yes ? item : button),
    });
    if (sure) await act('redact', { seq: m.seq });
  }

  // ---- presence and transcript ----
  function apply(messages) {
    const result = transcript.apply(messages, (m) => {
      const mine = state.outbox.get(m.id);
      if (mine && state.me && m.author_id === state.me.id) { mine.item.remove(); state.outbox.delete(m.id); }
    });
    if (result === 'gap') catchUp();
  }

  let catchingUp = false;
  async function catchUp() {
    if (catchingUp || !state.joined) return;
    catchingUp = true;
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('history', { session_id: sessionId, since_seq: transcript.lastSeq });
      if (reply.ok) apply(reply.data.messages);
    } catch { /* reconnect will catch up */ } finally { catchingUp = false; }
  }

  // ---- getting in: ground rules, waiting room, admitted ----
  function showNotice(...children) {
    notice.hidden = false;
    clear(notice);
    append(notice, children);
  }

  function showRules(details) {
    const agree = h('button', { type: 'button', class: 'primary' }, 'I agree to these ground rules');
    agree.addEventListener('click', async () => {
      agree.disabled = true;
      const done = await act('accept_rules', {});
      if (done !== null) { notice.hidden = true; join(); } else agree.disabled = false;
    });
    showNotice(h('h2', {}, `Ground rules of ${details.group_name}`),
      h('p', {}, 'Before you join for the first time, please read and accept them.'),
      h('ol', { class: 'rules' }, details.rules.split('\n').map((line) => h('li', {}, line))), agree);
    say('Please read the ground rules.');
    agree.focus();
  }

  function showWaiting() {
    showNotice(h('h2', {}, 'Waiting room'),
      h('p', {}, 'A facilitator will let you in shortly. You will join automatically; you can leave this page open.'));
    say('Waiting to be let in…');
  }

  function closeWith(title, message) {
    state.closed = true;
    // Forget the conversation on the page: nothing of it stays behind.
    transcript.forget(); clear(pending); state.outbox.clear();
    layout.remove(); panes.el.remove(); facNotices.remove(); personal.remove();
    banner.stop();
    banner.el.remove();
    document.querySelectorAll('dialog.room-dialog').forEach((d) => d.remove());
    // Before a successful join there is no session title: the reason is the page's heading.
    const titled = Boolean(state.title);
    if (!titled) heading.textContent = title;
    document.title = `${title} · Balint Rooms`;
    notice.classList.add('closing');
    const back = h('a', { href: '#/', class: 'button primary' }, 'Back to my groups');
    showNotice(titled ? h('h2', {}, title) : null, message ? h('p', {}, message) : null, h('p', {}, back));
    subtitle.hidden = true;
    say('');
    socket.disconnect();
    back.focus();
  }

  async function join() {
    let reply;
    try {
      reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { session_id: sessionId, since_seq: transcript.lastSeq });
    } catch {
      say('The server is slow to answer; retrying…');
      return;
    }
    if (!reply.ok) {
      const code = reply.error.code;
      if (code === 'ground_rules_required') { showRules(reply.error.details); return; }
      if (code === 'session_not_open') { closeWith('This session has ended', reply.error.message); return; }
      const [title, words] = CLOSED[code] || ['You cannot enter this room', null];
      closeWith(title, words || reply.error.message);
      return;
    }
    const data = reply.data;
    state.me = data.me;
    state.role = data.role;
    state.title = data.session.title;
    heading.textContent = data.session.title;
    subtitle.textContent = `${data.session.group_name} · confidential: what is said here stays here. ${data.retention.chat}`;
    banner.setViewer({ id: data.me.id, role: data.role, admitted: data.status === 'admitted' });
    if (data.role === 'facilitator' && !stage) stage = createConsole({ act, banner, endSession });
    setFlow(data.flow);
    updateTitle();
    if (data.status !== 'admitted') { showWaiting(); return; }
    notice.hidden = true;
    layout.hidden = panes.el.hidden = false;
    state.joined = true;
    state.muted = data.muted;
    composer.showSignals(!isFacilitator());
    if (isFacilitator() && !panel) {
      panel = createFacilitatorPanel({ act, sendTo, groupId: data.session.group_id, focusNext: () => stage.focusPrimary(), countsChanged: updateTitle });
      facNotices.append(panel.notices);
      side.prepend(panel.el);
      layout.classList.add('with-panel');
      panes.rename('pane-side', 'Tools');
    }
    if (panel) {
      panel.setFlow(banner.flow);
      panel.setWaiting(data.facilitator.waiting);
      panel.setPauses(data.facilitator.pauses);
      setHands(data.facilitator.hands);
      data.facilitator.messages.forEach((m) => panel.addChannelMessage(m));
    }
    state.notes ??= mountNotes(side, { sessionId, groupId: data.session.group_id, me: data.me, role: data.role, socket });
    loadReflection(data.session.group_id);
    say('Connected');
    people.setMembers(data.presence);
    apply(data.messages);
    transcript.scrollToEnd();
    updateComposer();
    // Where a person starts once they are in: a facilitator on the session's next step, a
    // member in the message box. A rejoin after a dropped connection leaves the focus alone.
    if ([document.body, main].includes(document.activeElement)) {
      if (stage) stage.focusPrimary(); else if (!composer.input.disabled) composer.input.focus();
    }
    if (!data.complete) catchUp();
    for (const [clientId, item] of state.outbox) deliver(clientId, item.text); // resend after reconnect
  }

  async function endSession() {
    const sure = await confirmDialog({
      title: 'End the session for everyone?',
      body: 'Everyone sees a closing screen, and the conversation leaves every screen. This cannot be undone.',
      confirm: 'End the session for everyone', danger: true,
    });
    if (sure) await act('flow', { action: 'end' });
  }

  // ---- language reflection: the group's choice, read on each join and pushed when it changes ----
  function setReflection(settings) {
    const next = { enabled: Boolean(settings.enabled), extra_terms: settings.extra_terms || [] };
    composer.setReflection(next);
    panel?.setReflection(next);
  }

  async function loadReflection(groupId) {
    const pushes = state.reflectionPushes;
    try {
      const settings = await get(`/api/groups/${encodeURIComponent(groupId)}/settings`);
      // A change pushed while we were asking is newer than this answer.
      if (pushes === state.reflectionPushes) setReflection(settings.language_reflection);
    } catch { /* stays as it was: reflection is a kindness, never a gate */ }
  }

  // ---- sending ----
  function queue(text) {
    const clientId = crypto.randomUUID();
    const item = h('li', { class: 'message sending' }, h('span', { class: 'author' }, 'You'),
      h('span', { class: 'hint' }, ' sending…'), h('p', { class: 'text' }, text));
    pending.append(item);
    state.outbox.set(clientId, { text, item });
    transcript.scrollToEnd();
    if (socket.connected && state.joined) deliver(clientId, text);
  }

  async function deliver(clientId, text) {
    let reply;
    try {
      reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('send', { session_id: sessionId, client_id: clientId, text });
    } catch {
      return; // no answer: it stays in the outbox and is sent again on reconnect
    }
    const queued = state.outbox.get(clientId);
    if (reply.ok) {
      apply([reply.data]);
      if (queued) { queued.item.remove(); state.outbox.delete(clientId); }
    } else if (queued && reply.error.code === 'rate_limited') {
      setTimeout(() => { if (state.outbox.has(clientId) && state.joined) deliver(clientId, text); }, 3000);
    } else if (queued) {
      // Refused (too long, listening, muted...): give the text back so nothing is lost.
      queued.item.remove();
      state.outbox.delete(clientId);
      composer.giveBack(text);
      composer.error(reply.error.message);
    }
  }

  async function sendTo(channel, text) {
    const reply = await act('send', { client_id: crypto.randomUUID(), text, channel });
    if (reply) panel?.addChannelMessage(reply);
  }

  // ---- a member's two signals ----
  async function raiseHand(raise) {
    const reply = await act('hand', { raised: raise });
    if (reply) setHand(reply.raised, reply.position);
  }

  async function askForPause() {
    const note = await textDialog({
      title: 'Ask for a pause',
      body: 'Your facilitators will be told privately. Nobody else will know.',
      label: 'A short note (optional)', confirm: 'Tell the facilitators',
    });
    if (note === null) return;
    const reply = await act('pause_signal', { note });
    if (reply) tell(reply.message);
  }

  // A private word for this person only, until they close it.
  function tell(...words) {
    clear(personal);
    const close = h('button', { type: 'button', class: 'small' }, 'Close');
    close.addEventListener('click', () => { clear(personal); composer.input.focus(); });
    personal.append(h('div', { class: 'gentle' }, h('p', {}, ...words), close));
  }

  // ---- events from the server ----
  const mine = (data) => data && data.session_id === sessionId;
  socket.on('connect', () => { say('Joining…'); join(); });
  socket.on('disconnect', (reason) => {
    state.joined = false;
    if (state.closed) return;
    say('Connection lost — reconnecting. Nothing you wrote is lost.');
    // The server closed this socket on purpose (this sign-in ended elsewhere): socket.io does not
    // retry then, so ask once; connect_error explains an expired sign-in with a link.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err) => {
    const data = err && err.data;
    if (data && data.code) {
      state.closed = true;
      say(data.message, true);
      append(status, [' ', h('a', { href: '#/sign-in' }, 'Sign in')]);
      socket.disconnect();
    } else {
      say('Cannot reach the server — retrying…');
    }
  });
  socket.on('presence', (d) => { if (mine(d)) people.setMembers(d.members); });
  socket.on('message', (m) => {
    if (!mine(m)) return;
    if (m.channel === 'facilitators') panel?.addChannelMessage(m);
    else if (state.joined) apply([m]);
  });
  socket.on('flow', (d) => { if (mine(d)) setFlow(d); });
  socket.on('language_reflection', (d) => { if (mine(d)) { state.reflectionPushes += 1; setReflection(d); } });
  socket.on('admitted', (d) => { if (mine(d)) join(); });
  socket.on('turned_away', (d) => { if (mine(d)) closeWith(...CLOSED.turned_away); });
  socket.on('removed', (d) => { if (mine(d)) closeWith(...CLOSED.removed); });
  socket.on('muted', (d) => { if (mine(d)) { state.muted = d.muted; updateComposer(); } });
  socket.on('redacted', (d) => { if (mine(d)) transcript.redact(d.seq); });
  socket.on('floor', (d) => {
    if (!mine(d) || d.user_id !== state.me?.id) return;
    setHand(false);
    tell('You have the floor: the facilitator has invited you to speak.');
  });
  socket.on('hand', (d) => { if (mine(d)) setHand(d.raised, d.position); });
  socket.on('waiting', (d) => { if (mine(d)) panel?.setWaiting(d.people); });
  socket.on('hands', (d) => { if (mine(d)) setHands(d.hands); });
  socket.on('pause_signal', (d) => { if (mine(d)) panel?.addPause(d); });
  socket.on('pauses', (d) => { if (mine(d)) panel?.setPauses(d.pauses); });
  socket.on('pause_reply', (d) => {
    if (!mine(d)) return;
    if (d.text) tell(h('strong', {}, `${d.from_name} replied, privately: `), `“${d.text}”`);
    else tell(d.message);
  });
  socket.on('session_ended', (d) => { if (mine(d)) closeWith('The session has ended', d.message); });

  return () => {
    state.closed = true;
    banner.stop();
    socket.disconnect();
    main.classList.remove('room-page');
    document.querySelectorAll('dialog.room-dialog').forEach((d) => d.remove());
  };
}

// On a phone the room shows one pane at a time (the conversation first); on a wide screen the
// switcher is hidden and every pane is shown side by side.
function createPanes(list) {
  const buttons = new Map();
  const el = h('nav', { class: 'panes', 'aria-label': 'Room sections' });
  function show(id) {
    for (const [pane, button] of buttons) {
      button.setAttribute('aria-pressed', String(pane === id));
      document.getElementById(pane)?.classList.toggle('pane-off', pane !== id);
    }
  }
  for (const [id, label] of list) {
    const button = h('button', { type: 'button', class: 'quiet', 'aria-controls': id, 'aria-pressed': 'false' }, label);
    button.addEventListener('click', () => show(id));
    buttons.set(id, button);
    el.append(button);
  }
  queueMicrotask(() => show(list[0][0]));
  return { el, rename(id, label) { buttons.get(id).textContent = label; } };
}
