// The conversation: one list that scrolls on its own, in the server's order.
//
// Exactly-once delivery: every message carries the server's sequence number. `apply` takes only
// the next number expected; anything older is a copy and is dropped; a gap asks the room to
// fetch what was missed (`onGap`).
//
// Keyboard: the list is one Tab stop however long it is. Arrow keys, Home and End move between
// messages (each focusable by script only); a facilitator's message actions appear on the
// message that has the focus or the pointer, and only that message's button is a Tab stop, so
// a 200-message conversation never means 200 more presses of Tab.

import { formatTime, h } from '/static/dom.js';

export function createTranscript({ canModerate, onRemove }) {
  const list = h('ol', { class: 'transcript', 'aria-label': 'Messages', 'aria-live': 'polite', tabindex: '0' });
  const empty = h('p', { class: 'transcript-empty hint' }, 'No messages yet. What is said here stays here.');
  let lastSeq = 0;

  function actions(m) {
    if (!canModerate()) return null;
    const remove = h('button', { type: 'button', class: 'small', tabindex: '-1',
      'aria-label': `Remove message from ${m.author_name}` }, 'Remove message');
    remove.addEventListener('click', () => onRemove(m, remove));
    return h('span', { class: 'msg-actions' }, remove);
  }

  function setBody(item, m) {
    item.querySelectorAll('.text, .redacted, .msg-actions').forEach((n) => n.remove());
    if (m.redacted) {
      item.append(h('p', { class: 'redacted' }, 'This message was removed by a facilitator.'));
      return;
    }
    item.append(h('p', { class: 'text' }, m.text));
    const tools = actions(m);
    if (tools) item.append(tools);
  }

  // A run of messages from one person within a few minutes reads as one turn: the name and
  // time are shown once (and still read out for each message by a screen reader).
  let previous = null;
  function item(m) {
    const continued = previous && previous.author_id === m.author_id && m.at - previous.at < 300;
    previous = m;
    const li = h('li', { class: continued ? 'message continued' : 'message', tabindex: '-1', dataset: { seq: m.seq } },
      h('span', { class: 'author' }, m.author_name),
      h('time', { class: 'hint' }, formatTime(m.at)));
    setBody(li, m);
    return li;
  }

  walkWithKeys(list, canModerate);
  const end = followTheEnd(list);

  return {
    list,
    empty,
    get lastSeq() { return lastSeq; },
    /** Add messages in order; returns 'gap' when one is missing (the caller fetches history). */
    apply(messages, onAdded) {
      const follow = end.following();
      let result = 'ok';
      for (const m of messages) {
        if (m.seq <= lastSeq) continue; // a copy we already hold
        if (m.seq !== lastSeq + 1) { result = 'gap'; break; }
        lastSeq = m.seq;
        list.append(item(m));
        onAdded?.(m);
      }
      empty.hidden = lastSeq > 0;
      if (follow) list.scrollTop = list.scrollHeight;
      return result;
    },
    redact(seq) {
      const li = list.querySelector(`[data-seq="${seq}"]`);
      if (li) setBody(li, { redacted: true });
    },
    scrollToEnd: end.scrollToEnd,
    forget() { list.replaceChildren(); previous = null; },
  };
}

// The list is one Tab stop; arrow keys, Home and End move between messages, Delete removes the
// focused one (facilitators), and only the focused message's action button is a Tab stop.
function walkWithKeys(list, canModerate) {
  const items = () => [...list.querySelectorAll(':scope > li.message')];
  function activate(li) {
    list.querySelectorAll('.msg-actions button[tabindex="0"]').forEach((b) => b.setAttribute('tabindex', '-1'));
    li?.querySelector('.msg-actions button')?.setAttribute('tabindex', '0');
  }

  list.addEventListener('keydown', (event) => {
    const all = items();
    if (!all.length) return;
    const current = event.target.closest('li.message');
    const at = current ? all.indexOf(current) : all.length;
    const to = { ArrowUp: at - 1, ArrowDown: at + 1, Home: 0, End: all.length - 1 }[event.key];
    if (to === undefined || event.target.closest('.msg-actions')) {
      if (current && canModerate() && event.key === 'Delete') current.querySelector('.msg-actions button')?.click();
      return;
    }
    event.preventDefault();
    const target = all[Math.max(0, Math.min(all.length - 1, to))];
    target.focus();
  });
  list.addEventListener('focusin', (event) => {
    const li = event.target.closest('li.message');
    if (li && event.target === li) activate(li);
  });
  list.addEventListener('focusout', (event) => {
    if (!list.contains(event.relatedTarget)) activate(null);
  });
}

// A reader at the latest message stays there when the list changes size (a notice appears
// above it, the phone's keyboard opens); one who scrolled back to read stays where they are.
// Only the reader's own scrolling unpins: the list's own jumps to the end (while messages pour
// in) can land short of a bottom that has moved on, and must not count as reading back.
function followTheEnd(list) {
  const atBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  let pinned = true;
  let reading = false;
  for (const intent of ['wheel', 'touchstart', 'pointerdown', 'keydown']) {
    list.addEventListener(intent, () => { reading = true; }, { passive: true });
  }
  list.addEventListener('scroll', () => {
    if (atBottom()) pinned = true;
    else if (reading) pinned = false;
    reading = false;
  }, { passive: true });
  new ResizeObserver(() => { if (pinned) list.scrollTop = list.scrollHeight; }).observe(list);
  return {
    following: () => pinned || atBottom(),
    scrollToEnd() { list.scrollTop = list.scrollHeight; pinned = true; },
  };
}
