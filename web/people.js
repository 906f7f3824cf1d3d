// Who is here now. For a facilitator, each member has one "⋯" menu with what can be done for
// that person now (choose as presenter, give the floor, mute, remove), instead of a row of
// buttons under every name.

import { clear, h } from '/static/dom.js';
import { menuButton } from '/static/dialogs.js';

export function createPeople({ isFacilitator, me, menuItems }) {
  const list = h('ul', { class: 'presence', 'aria-label': 'Who is here' });
  const count = h('span', { class: 'count' });
  let members = [];
  let flow = null;
  let hands = [];

  let pending = false;
  function render() {
    // An open menu is not pulled from under the facilitator: redraw when it closes.
    if (list.querySelector('[aria-expanded="true"]')) { pending = true; return; }
    pending = false;
    const focused = list.contains(document.activeElement) ? document.activeElement.closest('li')?.dataset.user : null;
    clear(list);
    count.textContent = members.length ? `(${members.length})` : '';
    for (const m of members) {
      const hand = hands.findIndex((x) => x.user_id === m.user_id);
      const badges = [
        m.role === 'facilitator' ? h('span', { class: 'badge' }, 'facilitator') : null,
        flow && m.user_id === flow.presenter_user_id ? h('span', { class: 'badge presenting' }, 'presenting') : null,
        flow && m.user_id === flow.floor_user_id ? h('span', { class: 'badge' }, 'has the floor') : null,
        hand >= 0 && isFacilitator() ? h('span', { class: 'badge hand' }, `hand raised (${hand + 1})`) : null,
        m.muted ? h('span', { class: 'badge muted' }, 'muted') : null,
      ];
      const tools = isFacilitator() && m.role !== 'facilitator'
        ? menuButton({ label: `Actions for ${m.display_name}`, items: () => menuItems(m, hand >= 0), onClose: () => { if (pending) render(); } }).el : null;
      // The name is the item's first text node (tests and screen readers read it first).
      list.append(h('li', { dataset: { user: m.user_id } }, m.display_name,
        me() && m.user_id === me().id ? h('span', { class: 'hint' }, ' (you)') : null,
        h('span', { class: 'badges' }, badges), tools));
    }
    if (focused) list.querySelector(`li[data-user="${CSS.escape(focused)}"] .menu-button`)?.focus();
  }
  list.addEventListener('focusout', () => setTimeout(() => { if (pending) render(); }));

  return {
    list,
    count,
    get members() { return members; },
    setMembers(next) { members = next; render(); },
    setFlow(next) { flow = next; render(); },
    setHands(next) { hands = next; render(); },
  };
}
