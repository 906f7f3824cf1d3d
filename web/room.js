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
import { createMedia } from '/static/media.js';
import { mountNotes } from '/static/notes.js';
import { createPeople } from '/static/people.js';
import { createTranscript } from '/static/transcript.js';

const ACK_TIMEOUT_MS = 10000;

// What a person reads when the room is closed to them, by the server's error code: a title, and
// words of our own where the server's message alone would leave them without a next step
// (null: the server's message).
const CLOSED = {
  turned_away: ['Not admitted to this session', null],
  removed: ['A facilitator removed you from this session', 'You cannot come back into this session, but you can still come to the group’s next one. If you would like to talk about it, contact your facilitator.'],
  room_locked: ['The room is locked', null],
  session_unknown: ['There is no such session', null],
  not_a_member: ['This room is for the group’s members', null],
  lead_not_in_rooms: ['This room is for the group’s members', null],
};

export function openRoom(main, sessionId) {
  const room = new Room(main, sessionId);
  return () => room.leave();
}

// One room screen. Its parts (banner, console, people, transcript, composer, facilitator
// notices) each own their piece of the page; the Room keeps the socket, the session's state,
// and says which part hears what.
class Room {
  constructor(main, sessionId) {
    this.main = main;
    this.sessionId = sessionId;
    this.state = { me: null, role: null, title: null, outbox: new Map(), joined: false, closed: false,
      muted: false, silenced: {}, limits: {}, reflectionPushes: 0, talkPushes: 0, pushToTalk: false, catchingUp: false };
    this.panel = null; // the facilitator's notices and side panel
    this.stage = null; // the facilitator's console in the banner
    main.classList.add('room-page');
    this.build();
    this.socket = io({ transports: ['websocket'], withCredentials: true });
    this.listen();
  }

  get facilitating() { return this.state.role === 'facilitator'; }

  build() {
    this.status = h('p', { class: 'status', role: 'status' }, 'Connecting…');
    this.heading = this.main.querySelector('h1');
    this.subtitle = h('p', { class: 'hint subtitle' });
    this.banner = createBanner();
    this.notice = h('div', { class: 'notice', hidden: true });
    this.personal = h('div', { class: 'personal', 'aria-live': 'polite' });
    this.facNotices = h('div', { class: 'fac-slot' });
    this.pending = h('ol', { class: 'transcript pending', 'aria-label': 'Messages being sent' });
    this.people = createPeople({ isFacilitator: () => this.facilitating, me: () => this.state.me,
      menuItems: (m, handRaised) => this.personMenu(m, handRaised) });
    this.transcript = createTranscript({ canModerate: () => this.facilitating,
      onRemove: (m, button) => this.removeMessage(m, button) });
    this.composer = createComposer({ onSend: (text) => this.queue(text),
      onHand: (raise) => this.raiseHand(raise), onPause: () => this.askForPause(),
      known: () => this.people.members.map((m) => m.display_name) });
    const peopleCol = h('aside', { class: 'people', id: 'pane-people', 'aria-labelledby': 'people-heading' },
      h('h2', { id: 'people-heading' }, 'Here now ', this.people.count), this.people.list);
    const chat = h('section', { class: 'chat', id: 'pane-chat', 'aria-label': 'Chat' },
      this.transcript.empty, this.transcript.list, this.pending, this.composer.el);
    this.side = h('div', { class: 'side', id: 'pane-side' });
    this.panes = createPanes([['pane-chat', 'Conversation'], ['pane-people', 'People'], ['pane-side', 'Case notes']]);
    // The conversation first in the Tab order (the people column is drawn to its left by the
    // grid): between the phase's next step and the message box there is only the transcript.
    this.layout = h('div', { class: 'room' }, chat, peopleCol, this.side);
    // Voice and video (web/media.js), once admitted: drawn above the room (styles.css), but
    // after it in the Tab order, so the next step and the message box stay a few Tabs apart.
    this.mediaSlot = h('div', { class: 'media-slot' });
    append(this.main, [this.subtitle, this.status, this.banner.el, this.notice, this.personal,
      this.facNotices, this.panes.el, this.layout, this.mediaSlot]);
    this.layout.hidden = this.panes.el.hidden = true;
  }

  say(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle('error', isError);
  }

  async act(event, payload) {
    try {
      const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { session_id: this.sessionId, ...payload });
      if (!reply.ok) { this.composer.error(reply.error.message); return null; }
      this.composer.error('');
      return reply.data ?? {}; // null means refused; success with no data is still success
    } catch {
      this.composer.error('The server did not answer in time. Please try again.');
      return null;
    }
  }

  // The tab's title: facilitators see what is waiting for them even from another tab.
  updateTitle() {
    if (!this.state.title) return;
    const counts = this.panel ? this.panel.counts() : { waiting: 0, pauses: 0 };
    const bits = [];
    if (counts.pauses) bits.push(counts.pauses === 1 ? '1 pause request' : `${counts.pauses} pause requests`);
    if (counts.waiting) bits.push(`${counts.waiting} waiting`);
    document.title = `${bits.length ? `(${bits.join(', ')}) ` : ''}${this.state.title} · Balint Rooms`;
  }

  // Who may write now: mirrors the server's rule, which has the last word, in the server's
  // words for it (the join acknowledgement's `silenced`).
  updateComposer() {
    const { flow } = this.banner;
    const me = this.state.me?.id;
    const presenting = Boolean(flow && flow.presenter_user_id === me);
    const listening = presenting && !flow.presenter_may_post;
    let why = null;
    if (!this.facilitating && flow) {
      if (listening) why = 'presenter_listening';
      else if (this.state.muted) why = 'muted';
      else if (flow.muted_all && !presenting && flow.floor_user_id !== me) why = 'chat_paused';
    }
    this.composer.block(why ? this.state.silenced[why] ?? '' : '');
    // The presenter has the floor or is listening to the discussion: no hand to raise either way.
    this.composer.showHand(!this.facilitating && this.state.joined && !presenting);
  }

  setFlow(flow) {
    this.banner.update(flow);
    const current = this.banner.flow;
    this.stage?.setFlow(current);
    this.panel?.setFlow(current);
    this.people.setFlow(current);
    this.media?.setFlow(current);
    if (current.presenter_user_id && current.presenter_user_id === this.state.me?.id) this.composer.setHand(false);
    this.updateComposer();
  }

  setHands(hands) {
    this.people.setHands(hands);
    this.media?.setHands(hands);
    this.stage?.setHands(hands);
    this.panel?.setHands(hands);
  }

  // ---- the facilitator's per-person menu and removals, each asked in the page's own dialog ----
  personMenu(m, handRaised) {
    const { flow } = this.banner;
    const items = [];
    if (flow?.actions.includes('choose_presenter') && flow.presenter_user_id !== m.user_id) {
      items.push({ label: 'Choose as presenter', run: async () => {
        if (await this.act('flow', { action: 'choose_presenter', user_id: m.user_id })) this.stage.focusPrimary();
      } });
    }
    if (handRaised) items.push({ label: 'Give the floor', run: () => this.act('give_floor', { user_id: m.user_id }) });
    if (flow?.floor_user_id === m.user_id) items.push({ label: 'Take the floor back', run: () => this.act('give_floor', { user_id: null }) });
    items.push(...(this.media?.menuItems(m) || []));
    items.push({ label: m.muted ? 'Unmute' : 'Mute', run: () => this.act('mute', { user_id: m.user_id, muted: !m.muted }) });
    items.push({ label: 'Remove from this session…', danger: true, run: (button) => this.removePerson(m, button) });
    return items;
  }

  async removePerson(m, button) {
    const sure = await confirmDialog({
      title: `Remove ${m.display_name} from this session?`,
      body: `${m.display_name} leaves the room at once and cannot come back into this session. They can still come to the group’s next session.`,
      confirm: `Remove ${m.display_name}`, danger: true,
      afterClose: (yes) => (yes ? this.people.list : button),
    });
    if (sure) await this.act('remove', { user_id: m.user_id });
  }

  async removeMessage(m, button) {
    const item = button.closest('li');
    const sure = await confirmDialog({
      title: 'Remove this message for everyone?',
      body: `The message from ${m.author_name} is replaced by “This message was removed by a facilitator.” Its text is deleted from the server.`,
      confirm: 'Remove message', danger: true,
      afterClose: (yes) => (yes ? item : button),
    });
    if (sure) await this.act('redact', { seq: m.seq });
  }

  async endSession() {
    const sure = await confirmDialog({
      title: 'End the session for everyone?',
      body: 'Everyone sees a closing screen, and the conversation leaves every screen. This cannot be undone.',
      confirm: 'End the session for everyone', danger: true,
    });
    if (sure) await this.act('flow', { action: 'end' });
  }

  // ---- the conversation ----
  apply(messages) {
    const result = this.transcript.apply(messages, (m) => {
      const queued = this.state.outbox.get(m.id);
      if (queued && this.state.me && m.author_id === this.state.me.id) { queued.item.remove(); this.state.outbox.delete(m.id); }
    });
    if (result === 'gap') this.catchUp();
  }

  async catchUp() {
    if (this.state.catchingUp || !this.state.joined) return;
    this.state.catchingUp = true;
    try {
      const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('history', { session_id: this.sessionId, since_seq: this.transcript.lastSeq });
      if (reply.ok) this.apply(reply.data.messages);
    } catch { /* reconnect will catch up */ } finally { this.state.catchingUp = false; }
  }

  // ---- getting in: ground rules, waiting room, admitted; and the screens that close it ----
  showNotice(...children) {
    this.notice.hidden = false;
    clear(this.notice);
    append(this.notice, children);
  }

  showRules(details) {
    const agree = h('button', { type: 'button', class: 'primary' }, 'I agree to these ground rules');
    agree.addEventListener('click', async () => {
      agree.disabled = true;
      const done = await this.act('accept_rules', {});
      if (done !== null) { this.notice.hidden = true; this.join(); } else agree.disabled = false;
    });
    this.showNotice(h('h2', {}, `Ground rules of ${details.group_name}`),
      h('p', {}, 'Before you join for the first time, please read and accept them.'),
      h('ol', { class: 'rules' }, details.rules.split('\n').map((line) => h('li', {}, line))), agree);
    this.say('Please read the ground rules.');
    agree.focus();
  }

  showWaiting() {
    this.showNotice(h('h2', {}, 'Waiting room'),
      h('p', {}, 'A facilitator will let you in shortly. You will join automatically; you can leave this page open.'));
    this.say('Waiting to be let in…');
  }

  closeWith(title, message) {
    this.state.closed = true;
    this.media?.close(); // every voice connection closes at once
    // Forget the conversation on the page: nothing of it stays behind.
    this.transcript.forget(); clear(this.pending); this.state.outbox.clear();
    for (const part of [this.layout, this.mediaSlot, this.panes.el, this.facNotices, this.personal, this.banner.el]) part.remove();
    this.banner.stop();
    document.querySelectorAll('dialog.room-dialog').forEach((d) => d.remove());
    // Before a successful join there is no session title: the reason is the page's heading.
    const titled = Boolean(this.state.title);
    if (!titled) this.heading.textContent = title;
    document.title = `${title} · Balint Rooms`;
    this.notice.classList.add('closing');
    const back = h('a', { href: '#/', class: 'button primary' }, 'Back to my groups');
    this.showNotice(titled ? h('h2', {}, title) : null, message ? h('p', {}, message) : null, h('p', {}, back));
    this.subtitle.hidden = true;
    this.say('');
    this.socket.disconnect();
    back.focus();
  }

  async join() {
    let reply;
    try {
      reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { session_id: this.sessionId, since_seq: this.transcript.lastSeq });
    } catch {
      this.say('The server is slow to answer; retrying…');
      return;
    }
    if (!reply.ok) { this.refused(reply.error); return; }
    const data = reply.data;
    Object.assign(this.state, { me: data.me, role: data.role, title: data.session.title, silenced: data.silenced,
      limits: data.limits });
    this.composer.setLimits(data.limits);
    this.heading.textContent = data.session.title;
    this.subtitle.textContent = `${data.session.group_name} · confidential: what is said here stays here. ${data.retention.chat}`;
    this.banner.setViewer({ id: data.me.id, role: data.role, admitted: data.status === 'admitted' });
    if (this.facilitating && !this.stage) {
      this.stage = createConsole({ act: (...a) => this.act(...a), banner: this.banner, endSession: () => this.endSession() });
    }
    this.setFlow(data.flow);
    this.updateTitle();
    if (data.status !== 'admitted') { this.showWaiting(); return; }
    this.admitted(data);
  }

  refused(error) {
    if (error.code === 'ground_rules_required') { this.showRules(error.details); return; }
    if (error.code === 'session_not_open') { this.closeWith('This session has ended', error.message); return; }
    const [title, words] = CLOSED[error.code] || ['You cannot enter this room', null];
    this.closeWith(title, words || error.message);
  }

  admitted(data) {
    this.notice.hidden = true;
    this.layout.hidden = this.panes.el.hidden = false;
    Object.assign(this.state, { joined: true, muted: data.muted });
    this.composer.showSignals(!this.facilitating);
    if (this.facilitating) this.facilitatorJoined(data);
    this.state.notes ??= mountNotes(this.side, { sessionId: this.sessionId, groupId: data.session.group_id,
      me: data.me, role: data.role, socket: this.socket });
    this.loadReflection(data.session.group_id);
    this.say('Connected');
    this.people.setMembers(data.presence);
    this.joinMedia(data);
    this.apply(data.messages);
    this.transcript.scrollToEnd();
    this.updateComposer();
    // Where a person starts once they are in: a facilitator on the session's next step, a
    // member in the message box. A rejoin after a dropped connection leaves the focus alone.
    if ([document.body, this.main].includes(document.activeElement)) {
      if (this.stage) this.stage.focusPrimary(); else if (!this.composer.input.disabled) this.composer.input.focus();
    }
    if (!data.complete) this.catchUp();
    for (const [clientId, item] of this.state.outbox) this.deliver(clientId, item.text); // resend after reconnect
  }

  // Voice and video: made once, kept across reconnects (the calls go on peer to peer).
  joinMedia(data) {
    if (!this.media) {
      this.media = createMedia({ socket: this.socket, sessionId: this.sessionId, me: data.me,
        facilitating: this.facilitating, act: (...a) => this.act(...a), pushToTalk: this.state.pushToTalk });
      this.mediaSlot.append(this.media.el);
      this.media.setFlow(this.banner.flow);
    }
    this.media.setPresence(data.presence);
    this.media.rejoined(data.media);
  }

  facilitatorJoined(data) {
    if (!this.panel) {
      this.panel = createFacilitatorPanel({ act: (...a) => this.act(...a), sendTo: (c, t) => this.sendTo(c, t),
        groupId: data.session.group_id, limits: data.limits, focusNext: () => this.stage.focusPrimary(),
        countsChanged: () => this.updateTitle() });
      this.facNotices.append(this.panel.notices);
      this.side.prepend(this.panel.el);
      this.layout.classList.add('with-panel');
      this.panes.rename('pane-side', 'Tools');
    }
    this.panel.setFlow(this.banner.flow);
    this.panel.setWaiting(data.facilitator.waiting);
    this.panel.setPauses(data.facilitator.pauses);
    this.setHands(data.facilitator.hands);
    data.facilitator.messages.forEach((m) => this.panel.addChannelMessage(m));
  }

  // ---- language reflection: the group's choice, read on each join and pushed when it changes ----
  setReflection(settings) {
    const next = { enabled: Boolean(settings.enabled), extra_terms: settings.extra_terms || [] };
    this.composer.setReflection(next);
    this.panel?.setReflection(next);
  }

  // Push-to-talk ("only the speaker unmutes"): kept by the voice strip, read and pushed the same way.
  setPushToTalk(enabled) {
    this.state.pushToTalk = Boolean(enabled);
    this.media?.setPushToTalk(this.state.pushToTalk);
  }

  async loadReflection(groupId) {
    const pushes = this.state.reflectionPushes;
    const talkPushes = this.state.talkPushes;
    try {
      const settings = await get(`/api/groups/${encodeURIComponent(groupId)}/settings`);
      // A change pushed while we were asking is newer than this answer.
      if (pushes === this.state.reflectionPushes) this.setReflection(settings.language_reflection);
      if (talkPushes === this.state.talkPushes) this.setPushToTalk(settings.push_to_talk);
    } catch { /* stays as it was: reflection is a kindness, never a gate */ }
  }

  // ---- sending ----
  queue(text) {
    const clientId = crypto.randomUUID();
    const item = h('li', { class: 'message sending' }, h('span', { class: 'author' }, 'You'),
      h('span', { class: 'hint' }, ' sending…'), h('p', { class: 'text' }, text));
    this.pending.append(item);
    this.state.outbox.set(clientId, { text, item });
    this.transcript.scrollToEnd();
    if (this.socket.connected && this.state.joined) this.deliver(clientId, text);
  }

  async deliver(clientId, text) {
    let reply;
    try {
      reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('send', { session_id: this.sessionId, client_id: clientId, text });
    } catch {
      return; // no answer: it stays in the outbox and is sent again on reconnect
    }
    const { outbox } = this.state;
    const queued = outbox.get(clientId);
    if (reply.ok) {
      this.apply([reply.data]);
      if (queued) { queued.item.remove(); outbox.delete(clientId); }
    } else if (queued && reply.error.code === 'rate_limited') {
      setTimeout(() => { if (outbox.has(clientId) && this.state.joined) this.deliver(clientId, text); }, 3000);
    } else if (queued) {
      // Refused (too long, listening, muted...): give the text back so nothing is lost.
      queued.item.remove();
      outbox.delete(clientId);
      this.composer.giveBack(text);
      this.composer.error(reply.error.message);
    }
  }

  async sendTo(channel, text) {
    const reply = await this.act('send', { client_id: crypto.randomUUID(), text, channel });
    if (reply) this.panel?.addChannelMessage(reply);
  }

  // ---- a member's two signals, and the private words that answer them ----
  async raiseHand(raise) {
    const reply = await this.act('hand', { raised: raise });
    if (reply) this.composer.setHand(reply.raised, reply.position);
  }

  async askForPause() {
    const note = await textDialog({
      title: 'Ask for a pause',
      body: 'Your facilitators will be told privately. Nobody else will know.',
      label: 'A short note (optional)', confirm: 'Tell the facilitators',
      maxlength: this.state.limits.pause_note_chars,
    });
    if (note === null) return;
    const reply = await this.act('pause_signal', { note });
    if (reply) this.tell(reply.message);
  }

  // A private word for this person only, until they close it.
  tell(...words) {
    clear(this.personal);
    const close = h('button', { type: 'button', class: 'small' }, 'Close');
    close.addEventListener('click', () => { clear(this.personal); this.composer.input.focus(); });
    this.personal.append(h('div', { class: 'gentle' }, h('p', {}, ...words), close));
  }

  // ---- events from the server ----
  listen() {
    const { socket } = this;
    socket.on('connect', () => { this.say('Joining…'); this.join(); });
    socket.on('disconnect', (reason) => {
      this.state.joined = false;
      if (this.state.closed) return;
      this.say('Connection lost — reconnecting. Nothing you wrote is lost.');
      // The server closed this socket on purpose (this sign-in ended elsewhere): socket.io does
      // not retry then, so ask once; connect_error explains an expired sign-in with a link.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) => this.connectError(err));
    const on = (event, handler) => socket.on(event, (d) => { if (d && d.session_id === this.sessionId) handler(d); });
    on('presence', (d) => { this.people.setMembers(d.members); this.media?.setPresence(d.members); });
    on('message', (m) => {
      if (m.channel === 'facilitators') this.panel?.addChannelMessage(m);
      else if (this.state.joined) this.apply([m]);
    });
    on('flow', (d) => this.setFlow(d));
    on('language_reflection', (d) => { this.state.reflectionPushes += 1; this.setReflection(d); });
    on('push_to_talk', (d) => { this.state.talkPushes += 1; this.setPushToTalk(d.enabled); });
    on('admitted', () => this.join());
    on('turned_away', (d) => this.closeWith(CLOSED.turned_away[0], d.message));
    on('removed', () => this.closeWith(...CLOSED.removed));
    on('muted', (d) => { this.state.muted = d.muted; this.updateComposer(); });
    on('redacted', (d) => this.transcript.redact(d.seq));
    on('floor', (d) => {
      if (d.user_id !== this.state.me?.id) return;
      this.composer.setHand(false);
      this.tell('You have the floor: the facilitator has invited you to speak.');
    });
    on('hand', (d) => this.composer.setHand(d.raised, d.position));
    on('waiting', (d) => this.panel?.setWaiting(d.people));
    on('hands', (d) => this.setHands(d.hands));
    on('pause_signal', (d) => this.panel?.addPause(d));
    on('pauses', (d) => this.panel?.setPauses(d.pauses));
    on('pause_reply', (d) => {
      if (d.text) this.tell(h('strong', {}, `${d.from_name} replied, privately: `), `“${d.text}”`);
      else this.tell(d.message);
    });
    on('session_ended', (d) => this.closeWith('The session has ended', d.message));
  }

  connectError(err) {
    const data = err && err.data;
    if (data && data.code) {
      this.state.closed = true;
      this.say(data.message, true);
      append(this.status, [' ', h('a', { href: '#/sign-in' }, 'Sign in')]);
      this.socket.disconnect();
    } else {
      this.say('Cannot reach the server — retrying…');
    }
  }

  leave() {
    this.state.closed = true;
    this.media?.close();
    this.banner.stop();
    this.socket.disconnect();
    this.main.classList.remove('room-page');
    document.querySelectorAll('dialog.room-dialog').forEach((d) => d.remove());
  }
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
