// The page's own dialogs and menus, instead of the browser's alert/confirm/prompt pop-ups:
// they say what will happen in the room's words, keep the focus inside while open, and give it
// back where the person was (or to the next sensible place) when they close.

import { h, labelled } from '/static/dom.js';

let dialogCount = 0;

function openDialog({ title, body, build, confirm, cancel = 'Cancel', danger = false, afterClose }) {
  const opener = document.activeElement;
  const id = `dlg${++dialogCount}`;
  const yes = h('button', { type: 'submit', class: danger ? 'primary danger-fill' : 'primary', value: 'yes' }, confirm);
  const no = h('button', { type: 'button' }, cancel);
  const extra = build ? build() : null;
  const form = h('form', { method: 'dialog' },
    h('h2', { id: `${id}-title` }, title),
    // A body of several paragraphs reads better than one long sentence.
    body ? h('div', { id: `${id}-body` }, (Array.isArray(body) ? body : [body]).map((t) => h('p', {}, t))) : null,
    extra ? extra.el : null,
    h('div', { class: 'dialog-actions' }, no, yes));
  const dialog = h('dialog', { class: 'room-dialog', 'aria-labelledby': `${id}-title`,
    'aria-describedby': body ? `${id}-body` : null }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = null;
    no.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      answer = extra ? extra.value() : true;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      // Back where the person was; if that control went away (the person it named left the
      // waiting room), the caller says where to go instead.
      const target = afterClose ? afterClose(answer, opener) : opener;
      if (target && target.isConnected) target.focus();
      else if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    });
    dialog.showModal();
    // A field to fill takes the focus; a yes/no question starts on the safe answer.
    (extra?.focus || no).focus();
  });
}

/** Ask a yes/no question; resolves true when the person confirms. */
export async function confirmDialog(options) {
  return (await openDialog(options)) === true;
}

/**
 * Ask for a short optional text; resolves the text ('' allowed) or null when cancelled.
 * `maxlength`: the server's own limit for it, from the join acknowledgement.
 */
export function textDialog({ label, hint, maxlength, rows = 3, ...options }) {
  return openDialog({
    ...options,
    build() {
      const field = h('textarea', { rows, maxlength, name: 'text' });
      return { el: labelled(label, field, hint), focus: field, value: () => field.value.trim() };
    },
  });
}

/**
 * A button that opens a menu of actions (WAI-ARIA menu button). `items()` is called each time
 * the menu opens and returns [{label, run, danger}] so the menu always offers what is possible
 * now. Arrow keys move, Enter/Space choose, Escape or a click elsewhere closes it and returns
 * the focus to the button.
 */
export function menuButton({ label, text = '⋯', className = 'menu-button', items, onClose }) {
  const button = h('button', { type: 'button', class: className, 'aria-haspopup': 'menu',
    'aria-expanded': 'false', 'aria-label': label, title: label }, text);
  const list = h('ul', { role: 'menu', class: 'menu', 'aria-label': label, hidden: true });
  const el = h('span', { class: 'menu-wrap' }, button, list);

  function close(returnFocus = true) {
    if (list.hidden) return;
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', outside, true);
    if (returnFocus) button.focus();
    if (onClose) setTimeout(onClose);
  }
  function outside(event) { if (!el.contains(event.target)) close(false); }
  const entries = () => [...list.querySelectorAll('[role=menuitem]')];

  function open(focusLast = false) {
    list.replaceChildren(...items().map((item) => {
      const entry = h('li', { role: 'menuitem', tabindex: '-1', class: item.danger ? 'danger' : null }, item.label);
      entry.addEventListener('click', () => { close(); item.run(button); });
      return entry;
    }));
    if (!entries().length) return;
    list.hidden = false;
    // Fixed to the viewport, beside its button: a scrolling column would otherwise clip it.
    const at = button.getBoundingClientRect();
    const width = list.offsetWidth;
    const height = list.offsetHeight;
    list.style.left = `${Math.max(8, Math.min(at.right - width, innerWidth - width - 8))}px`;
    list.style.top = `${at.bottom + height + 4 > innerHeight ? Math.max(8, at.top - height - 4) : at.bottom + 4}px`;
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('pointerdown', outside, true);
    const all = entries();
    (focusLast ? all[all.length - 1] : all[0]).focus();
  }

  button.addEventListener('click', () => (list.hidden ? open() : close()));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.key === 'ArrowUp');
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = entries();
    const at = all.indexOf(document.activeElement);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      all[(move + all.length) % all.length].focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      close(false);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      document.activeElement.click();
    }
  });
  return { el, button, close };
}
