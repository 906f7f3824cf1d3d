// The room: presence, the transcript and the composer, over one socket.io connection.
//
// Exactly-once delivery: every message carries the server's sequence number. We apply only the
// next number we expect; anything older is a copy and is dropped, anything newer means we missed
// something, so we ask for history since the last number we hold. Unacknowledged sends stay in
// an outbox and are sent again, with the same client id, after a reconnect; the server stores
// them once.

import { io } from '/vendor/socket.io.js';
import { append, clear, errorBox, formatTime, h, showError } from '/static/dom.js';

const MAX_CHARS = 4000;
const ACK_TIMEOUT_MS = 10000;

function newClientId() {
  return crypto.randomUUID();
}

export function openRoom(main, sessionId) {
  const state = { lastSeq: 0, me: null, outbox: new Map(), joined: false, closed: false };

  const status = h('p', { class: 'status', role: 'status' }, 'Connecting…');
  const heading = main.querySelector('h1');
  const subtitle = h('p', { class: 'hint' });
  const people = h('ul', { class: 'presence', 'aria-label': 'Who is here' });
  const transcript = h('ol', { class: 'transcript', 'aria-label': 'Messages', 'aria-live': 'polite' });
  const pending = h('ol', { class: 'transcript pending', 'aria-label': 'Messages being sent' });
  const box = errorBox();
  const input = h('textarea', {
    name: 'message', rows: 3, maxlength: MAX_CHARS + 500, 'aria-label': 'Your message',
    placeholder: 'Write to the group. Enter sends, Shift+Enter adds a line.',
  });
  const counter = h('span', { class: 'counter hint', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const composer = h('form', { class: 'composer' }, input, h('div', { class: 'composer-bar' }, counter, send), box);

  append(main, [
    subtitle, status,
    h('div', { class: 'room' },
      h('aside', { class: 'people' }, h('h2', {}, 'Here now'), people),
      h('section', { class: 'chat', 'aria-label': 'Chat' }, transcript, pending, composer)),
  ]);

  const socket = io({ transports: ['websocket'], withCredentials: true });

  function renderPresence(members) {
    clear(people);
    for (const m of members) {
      append(people, [h('li', {}, m.display_name,
        m.role === 'facilitator' ? h('span', { class: 'badge' }, 'facilitator') : null,
        state.me && m.user_id === state.me.id ? h('span', { class: 'hint' }, ' (you)') : null)]);
    }
  }

  function messageItem(m) {
    return h('li', { class: 'message', dataset: { seq: m.seq } },
      h('span', { class: 'author' }, m.author_name),
      h('time', { class: 'hint' }, formatTime(m.at)),
      m.redacted ? h('p', { class: 'redacted' }, 'This message was removed by a facilitator.')
        : h('p', { class: 'text' }, m.text));
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

  async function join() {
    let reply;
    try {
      reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { session_id: sessionId, since_seq: state.lastSeq });
    } catch {
      status.textContent = 'The server is slow to answer; retrying…';
      return;
    }
    if (!reply.ok) {
      state.closed = true;
      status.textContent = reply.error.message;
      status.classList.add('error');
      composer.hidden = true;
      socket.disconnect();
      return;
    }
    const data = reply.data;
    state.me = data.me;
    state.joined = true;
    heading.textContent = data.session.title;
    document.title = `${data.session.title} · Balint Rooms`;
    subtitle.textContent = `${data.session.group_name} · confidential: what is said here stays here`;
    status.textContent = 'Connected';
    status.classList.remove('error');
    renderPresence(data.presence);
    apply(data.messages);
    if (!data.complete) catchUp();
    for (const [clientId, item] of state.outbox) deliver(clientId, item.text); // resend after reconnect
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
    } else if (queued) {
      // Refused (too long, not allowed...): give the text back so nothing is lost.
      queued.item.remove();
      state.outbox.delete(clientId);
      if (!input.value.trim()) input.value = text;
      showError(box, reply.error.message);
      updateCounter();
    }
  }

  function updateCounter() {
    const n = input.value.trim().length;
    counter.textContent = n > MAX_CHARS - 500 ? `${n.toLocaleString('en-GB')} / ${MAX_CHARS.toLocaleString('en-GB')} characters` : '';
    counter.classList.toggle('over', n > MAX_CHARS);
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (text.length > MAX_CHARS) {
      showError(box, `Your message is ${text.length.toLocaleString('en-GB')} characters; the limit is ${MAX_CHARS.toLocaleString('en-GB')}. Please shorten it.`);
      return;
    }
    showError(box, '');
    const clientId = newClientId();
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

  socket.on('connect', () => { status.textContent = 'Joining…'; join(); });
  socket.on('disconnect', () => {
    state.joined = false;
    if (!state.closed) status.textContent = 'Connection lost — reconnecting. Nothing you wrote is lost.';
  });
  socket.on('connect_error', (err) => {
    const data = err && err.data;
    if (data && data.code) {
      state.closed = true;
      status.textContent = data.message;
      status.classList.add('error');
      append(status, [' ', h('a', { href: '#/sign-in' }, 'Sign in')]);
      socket.disconnect();
    } else {
      status.textContent = 'Cannot reach the server — retrying…';
    }
  });
  socket.on('presence', (data) => { if (data.session_id === sessionId) renderPresence(data.members); });
  socket.on('message', (m) => { if (m.session_id === sessionId && state.joined) apply([m]); });

  input.focus();
  return () => { state.closed = true; socket.disconnect(); };
}
