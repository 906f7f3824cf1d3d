// The page's own confirmation dialog (a modal <dialog>), instead of window.confirm: it can say
// what will happen in full sentences, it is styled like the rest of the page, and focus comes
// back to the button that opened it.

import { h } from '/static/dom.js';

let count = 0;

// Resolves true when the person confirms, false when they cancel or press Escape.
export function confirmInPage({ title, body, confirmLabel, cancelLabel = 'Cancel', danger = false }) {
  const opener = document.activeElement;
  const id = `pd-${++count}`;
  const yes = h('button', { type: 'button', class: danger ? 'primary danger-fill' : 'primary' }, confirmLabel);
  const no = h('button', { type: 'button' }, cancelLabel);
  const dialog = h('dialog', { class: 'page-dialog', 'aria-labelledby': `${id}-h`, 'aria-describedby': `${id}-b` },
    h('h2', { id: `${id}-h` }, title),
    h('div', { id: `${id}-b` }, (Array.isArray(body) ? body : [body]).map((p) => h('p', {}, p))),
    h('p', { class: 'dialog-actions' }, yes, ' ', no));
  document.body.append(dialog);
  return new Promise((resolve) => {
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    };
    yes.addEventListener('click', () => finish(true));
    no.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(false); });
    dialog.showModal();
    no.focus(); // the safe choice is the one Enter presses by accident
  });
}
