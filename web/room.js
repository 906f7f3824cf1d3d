// The room: ground rules, waiting room, phase banner, presence, transcript and composer, over
// one socket.io connection.
//
// Exactly-once delivery: every message carries the server's sequence number. We apply only the
// next number we expect; anything older is a copy and is dropped, anything newer means we missed
// something, so we ask for history since the last number we hold. Unacknowledged sends stay in
// an outbox and are sent again, with the same client id, after a reconnect; the server stores
// them once. Nothing of the conversation is ever written to browser storage.

import { io } from '/vendor/socket.io.js';
import { get } from '/static/api.js';
import { append, clear, errorBox, formatTime, h, showError } from '/static/dom.js';
import { createFacilitatorPanel } from '/static/facilitator.js';
import { createBanner } from '/static/flow_banner.js';
import { createGuardWarning, createReflectionNote } from '/static/guard_ui.js';
import { mountNotes } from '/static/notes.js';

const MAX_CHARS = 4000;
const ACK_TIMEOUT_MS = 10000;

export function openRoom(main, sessionId) {
  const state = { lastSeq: 0, me: null, role: null, outbox: new Map(), joined: false, closed: false, muted: false,
    reflection: { enabled: false, extra_terms: [] }, reflectionPushes: 0 };
  let panel = null;

  const status = h('p', { class: 'status', role: 'status' }, 'Connecting…');
  const heading = main.querySelector('h1');
  const subtitle = h('p', { class: 'hint' });
  const banner = createBanner();
  const notice = h('div', { class: 'notice', hidden: true });
  const people = h('ul', { class: 'presence', 'aria-label': 'Who is here' });
  const transcript = h('ol', { class: 'transcript', 'aria-label': 'Messages', 'aria-live': 'polite' });
  const pending = h('ol', { class: 'transcript pending', 'aria-label': 'Messages being sent' });
  const box = errorBox();
  const input = h('textarea', {
    name: 'message', rows: 3, 'aria-label': 'Your message',
    placeholder: 'Write to the group. Enter sends, Shift+Enter adds a line.',
  });
  const why = h('p', { class: 'composer-why', hidden: true, id: 'composer-why' });
  const counter = h('span', { class: 'counter hint', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const hand = h('button', { type: 'button', hidden: true, 'aria-pressed': 'false' }, 'Raise my hand');
  const pause = h('button', { type: 'button', hidden: true }, 'I need a pause');
  // The confidentiality guard runs here, in the browser: nothing leaves the device (and nothing
  // about a finding is sent or logged) until the sender decides. Language reflection, when the
  // group has it on, is a note to the sender alone after their message has gone.
  const guard = createGuardWarning({
    input, nothingYet: 'Nothing has been sent.', edit: 'Edit my message', anyway: 'Send anyway',
    onAnyway: () => composer.requestSubmit(),
  });
  const reflection = createReflectionNote();
  const composer = h('form', { class: 'composer' }, why, guard.el, reflection.el, input,
    h('div', { class: 'composer-bar' }, counter, h('span', { class: 'actions' }, hand, pause, send)), box);
  const chat = h('section', { class: 'chat', 'aria-label': 'Chat' }, transcript, pending, composer);
  const layout = h('div', { class: 'room' }, h('aside', { class: 'people' }, h('h2', {}, 'Here now'), people), chat);

  append(main, [subtitle, status, banner.el, notice, layout]);
  layout.hidden = true;

  const socket = io({ transports: ['websocket'], withCredentials: true });

  function say(message, isError = false) {
    status.textContent = message;
    status.classList.toggle('error', isError);
  }

  async function act(event, payload) {
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { session_id: sessionId, ...payload });
      if (!reply.ok) { showError(box, reply.error.message); return null; }
      showError(box, '');
      return reply.data ?? {}; // null means refused; success with no data is still success
    } catch {
      showError(box, 'The server did not answer in time. Please try again.');
      return null;
    }
  }

  // ---- composer rules: the presenter listens during discussion; muted members read only ----
  function updateComposer() {
    const flow = banner.flow;
    let reason = '';
    if (state.role !== 'facilitator' && flow) {
      if (flow.presenter_user_id === state.me?.id && !flow.presenter_may_post) {
        reason = 'You are listening while the group discusses your case. You can read everything; the facilitator will invite you back to speak.';
      } else if (flow.muted_all || state.muted) {
        reason = 'A facilitator has paused chat for now. You can still read everything.';
      }
    }
    why.textContent = reason;
    why.hidden = !reason;
    input.disabled = Boolean(reason);
    send.disabled = Boolean(reason);
    if (reason) input.setAttribute('aria-describedby', 'composer-why'); else input.removeAttribute('aria-describedby');
  }

  function setFlow(flow) {
    banner.update(flow);
    panel?.setFlow(banner.flow);
    if (banner.flow.presenter_user_id && banner.flow.presenter_user_id === state.me?.id) resetHand();
    renderPresence(lastMembers);
    updateComposer();
  }

  // The server takes a hand out of the queue when its owner is chosen or given the floor.
  function resetHand() {
    hand.setAttribute('aria-pressed', 'false');
    hand.textContent = 'Raise my hand';
  }

  // ---- presence and transcript ----
  let lastMembers = [];
  function renderPresence(members) {
    lastMembers = members;
    clear(people);
    panel?.setMembers(members);
    for (const m of members) {
      const controls = state.role === 'facilitator' && m.role !== 'facilitator' ? h('span', { class: 'member-tools' },
        h('button', { type: 'button', class: 'small', onclick: () => act('mute', { user_id: m.user_id, muted: !m.muted }) }, m.muted ? `Unmute ${m.display_name}` : `Mute ${m.display_name}`),
        h('button', { type: 'button', class: 'small danger', onclick: () => { if (confirm(`Remove ${m.display_name} from this session? They cannot come back into it.`)) act('remove', { user_id: m.user_id }); } }, `Remove ${m.display_name}`)) : null;
      append(people, [h('li', {}, m.display_name,
        m.role === 'facilitator' ? h('span', { class: 'badge' }, 'facilitator') : null,
        banner.flow && m.user_id === banner.flow.presenter_user_id ? h('span', { class: 'badge' }, 'presenting') : null,
        m.muted ? h('span', { class: 'badge' }, 'muted') : null,
        state.me && m.user_id === state.me.id ? h('span', { class: 'hint' }, ' (you)') : null, controls)]);
    }
  }

  function messageItem(m) {
    const item = h('li', { class: 'message', dataset: { seq: m.seq } },
      h('span', { class: 'author' }, m.author_name),
      h('time', { class: 'hint' }, formatTime(m.at)));
    setBody(item, m);
    return item;
  }

  function setBody(item, m) {
    item.querySelectorAll('.text, .redacted, .tools').forEach((n) => n.remove());
    if (m.redacted) {
      item.append(h('p', { class: 'redacted' }, 'This message was removed by a facilitator.'));
      return;
    }
    item.append(h('p', { class: 'text' }, m.text));
    if (state.role === 'facilitator') {
      item.append(h('span', { class: 'tools' }, h('button', {
        type: 'button', class: 'small',
        onclick: () => { if (confirm('Remove this message for everyone? Its text is deleted.')) act('redact', { seq: m.seq }); },
      }, 'Remove message')));
    }
  }

  function apply(messages) {
    const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
    for (const m of messages) {
      if (m.seq <= state.lastSeq) continue; // a copy we already hold
      if (m.seq !== state.lastSeq + 1) { catchUp(); return; } // a gap: fetch what we missed
      state.lastSeq = m.seq;
      transcript.append(messageItem(m));
      const mine = state.outbox.get(m.id);
      if (mine && state.me && m.author_id === state.me.id) { mine.item.remove(); state.outbox.delete(m.id); }
    }
    if (atBottom) transcript.scrollTop = transcript.scrollHeight;
  }

  let catchingUp = false;
  async function catchUp() {
    if (catchingUp || !state.joined) return;
    catchingUp = true;
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('history', { session_id: sessionId, since_seq: state.lastSeq });
      if (reply.ok) apply(reply.data.messages);
    } catch { /* reconnect will catch up */ } finally { catchingUp = false; }
  }

  // ---- getting in: ground rules, waiting room, admitted ----
  function showRules(details) {
    notice.hidden = false;
    clear(notice);
    const agree = h('button', { type: 'button', class: 'primary' }, 'I agree to these ground rules');
    agree.addEventListener('click', async () => {
      agree.disabled = true;
      const done = await act('accept_rules', {});
      if (done !== null) { notice.hidden = true; join(); } else agree.disabled = false;
    });
    append(notice, [h('h2', {}, `Ground rules of ${details.group_name}`),
      h('p', {}, 'Before you join for the first time, please read and accept them.'),
      h('ol', { class: 'rules' }, details.rules.split('\n').map((line) => h('li', {}, line))), agree]);
    say('Please read the ground rules.');
    agree.focus();
  }

  function showWaiting() {
    notice.hidden = false;
    clear(notice);
    append(notice, [h('h2', {}, 'Waiting room'),
      h('p', {}, 'A facilitator will let you in shortly. You will join automatically.')]);
    say('Waiting to be let in…');
  }

  function closeWith(title, message) {
    state.closed = true;
    // Forget the conversation on the page: nothing of it stays behind.
    clear(transcript); clear(pending); state.outbox.clear();
    layout.remove();
    panel?.el.remove();
    banner.stop();
    banner.el.remove();
    notice.hidden = false;
    clear(notice);
    notice.classList.add('closing');
    append(notice, [h('h2', {}, title), h('p', {}, message), h('p', {}, h('a', { href: '#/', class: 'button primary' }, 'Back to my groups'))]);
    say('');
    socket.disconnect();
  }

  async function join() {
    let reply;
    try {
      reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { session_id: sessionId, since_seq: state.lastSeq });
    } catch {
      say('The server is slow to answer; retrying…');
      return;
    }
    if (!reply.ok) {
      if (reply.error.code === 'ground_rules_required') { showRules(reply.error.details); return; }
      if (reply.error.code === 'session_not_open') { closeWith('This session has ended', reply.error.message); return; }
      state.closed = true;
      say(reply.error.message, true);
      socket.disconnect();
      return;
    }
    const data = reply.data;
    state.me = data.me;
    state.role = data.role;
    heading.textContent = data.session.title;
    document.title = `${data.session.title} · Balint Rooms`;
    subtitle.textContent = `${data.session.group_name} · confidential: what is said here stays here. ${data.retention.chat}`;
    setFlow(data.flow);
    if (data.status !== 'admitted') { showWaiting(); return; }
    notice.hidden = true;
    layout.hidden = false;
    state.joined = true;
    state.muted = data.muted;
    hand.hidden = pause.hidden = data.role === 'facilitator';
    if (data.role === 'facilitator' && !panel) {
      panel = createFacilitatorPanel({ act, sendTo, groupId: data.session.group_id });
      layout.append(panel.el);
      layout.classList.add('with-panel');
    }
    if (panel) {
      panel.setFlow(banner.flow);
      panel.setWaiting(data.facilitator.waiting);
      panel.setHands(data.facilitator.hands);
      panel.setPauses(data.facilitator.pauses);
      data.facilitator.messages.forEach((m) => panel.addChannelMessage(m));
    }
    state.notes ??= mountNotes(layout, { sessionId, groupId: data.session.group_id, me: data.me, role: data.role, socket });
    loadReflection(data.session.group_id);
    say('Connected');
    renderPresence(data.presence);
    apply(data.messages);
    updateComposer();
    // The message box is where a person starts once they are in; a rejoin after a dropped
    // connection leaves the focus wherever they had put it.
    if (!input.disabled && [document.body, main].includes(document.activeElement)) input.focus();
    if (!data.complete) catchUp();
    for (const [clientId, item] of state.outbox) deliver(clientId, item.text); // resend after reconnect
  }

  // ---- language reflection: the group's choice, read on each join and pushed when it changes ----
  function setReflection(settings) {
    state.reflection = { enabled: Boolean(settings.enabled), extra_terms: settings.extra_terms || [] };
    if (!state.reflection.enabled) reflection.hide();
    panel?.setReflection(state.reflection);
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
      if (!input.value.trim()) input.value = text;
      showError(box, reply.error.message);
      updateCounter();
    }
  }

  async function sendTo(channel, text) {
    const reply = await act('send', { client_id: crypto.randomUUID(), text, channel });
    if (reply) panel?.addChannelMessage(reply);
  }

  function updateCounter() {
    const n = input.value.trim().length;
    counter.textContent = n > MAX_CHARS - 500 ? `${n.toLocaleString('en-GB')} / ${MAX_CHARS.toLocaleString('en-GB')} characters` : '';
    counter.classList.toggle('over', n > MAX_CHARS);
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || input.disabled) return;
    if (text.length > MAX_CHARS) {
      showError(box, `Your message is ${text.length.toLocaleString('en-GB')} characters; the limit is ${MAX_CHARS.toLocaleString('en-GB')}. Please shorten it.`);
      return;
    }
    if (!guard.check(text)) return;
    showError(box, '');
    reflection.after(text, state.reflection);
    const clientId = crypto.randomUUID();
    const item = h('li', { class: 'message sending' }, h('span', { class: 'author' }, 'You'),
      h('span', { class: 'hint' }, ' sending…'), h('p', { class: 'text' }, text));
    pending.append(item);
    state.outbox.set(clientId, { text, item });
    input.value = '';
    updateCounter();
    if (socket.connected && state.joined) deliver(clientId, text);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  input.addEventListener('input', updateCounter);

  hand.addEventListener('click', async () => {
    const raised = hand.getAttribute('aria-pressed') !== 'true';
    const reply = await act('hand', { raised });
    if (!reply) return;
    hand.setAttribute('aria-pressed', String(reply.raised));
    hand.textContent = reply.raised ? `Lower my hand (you are number ${reply.position})` : 'Raise my hand';
  });
  pause.addEventListener('click', async () => {
    const note = prompt('Your facilitators will be told privately. Add a short note if you wish (optional):', '');
    if (note === null) return;
    const reply = await act('pause_signal', { note });
    if (reply) { notice.hidden = false; clear(notice); append(notice, [h('p', { class: 'gentle' }, reply.message)]); }
  });

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
  socket.on('presence', (d) => { if (mine(d)) renderPresence(d.members); });
  socket.on('message', (m) => {
    if (!mine(m)) return;
    if (m.channel === 'facilitators') panel?.addChannelMessage(m);
    else if (state.joined) apply([m]);
  });
  socket.on('flow', (d) => { if (mine(d)) setFlow(d); });
  socket.on('language_reflection', (d) => { if (mine(d)) { state.reflectionPushes += 1; setReflection(d); } });
  socket.on('admitted', (d) => { if (mine(d)) join(); });
  socket.on('turned_away', (d) => { if (mine(d)) closeWith('You were not admitted', 'A facilitator could not admit you to this session. Please contact them if you think this is a mistake.'); });
  socket.on('removed', (d) => { if (mine(d)) closeWith('You have left this session', d.message); });
  socket.on('muted', (d) => { if (mine(d)) { state.muted = d.muted; updateComposer(); } });
  socket.on('redacted', (d) => {
    if (!mine(d)) return;
    const item = transcript.querySelector(`[data-seq="${d.seq}"]`);
    if (item) setBody(item, { redacted: true });
  });
  socket.on('floor', (d) => {
    if (!mine(d)) return;
    say(d.user_id === state.me?.id ? 'You have the floor.' : `${d.display_name} has the floor.`);
    if (d.user_id === state.me?.id) resetHand();
  });
  socket.on('waiting', (d) => { if (mine(d)) panel?.setWaiting(d.people); });
  socket.on('hands', (d) => { if (mine(d)) panel?.setHands(d.hands); });
  socket.on('pause_signal', (d) => { if (mine(d)) panel?.addPause(d); });
  socket.on('session_ended', (d) => { if (mine(d)) closeWith('The session has ended', d.message); });

  return () => { state.closed = true; banner.stop(); socket.disconnect(); };
}
