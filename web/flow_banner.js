// The phase banner every participant sees: phase, case, presenter and the time left.
// The server owns the clock: we count down to its deadline, corrected by the difference between
// its clock and ours at the moment the update arrived.

import { h } from '/static/dom.js';

export function formatClock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function createBanner() {
  const phase = h('p', { class: 'phase' });
  const detail = h('p', { class: 'phase-detail hint' });
  const timer = h('p', { class: 'timer', 'aria-live': 'off' });
  const el = h('section', { class: 'banner', 'aria-label': 'Session phase', role: 'region' }, phase, detail, timer);
  let flow = null;
  let offset = 0; // server clock minus ours, in seconds

  function tick() {
    if (!flow) return;
    if (flow.paused) {
      timer.textContent = `Timer paused at ${formatClock(flow.remaining ?? 0)}`;
      timer.className = 'timer';
    } else if (flow.deadline == null) {
      timer.textContent = '';
    } else {
      const left = flow.deadline - (Date.now() / 1000 + offset);
      timer.textContent = left > 0 ? `${formatClock(left)} left` : `Time's up (${formatClock(-left)} over)`;
      timer.className = left > 0 ? 'timer' : 'timer over';
    }
  }
  const interval = setInterval(tick, 1000);

  return {
    el,
    update(next) {
      // Ignore a stale update that arrives after a newer one.
      if (flow && next.version < flow.version) return;
      flow = next;
      offset = next.server_now - Date.now() / 1000;
      phase.textContent = next.phase_label;
      const bits = [];
      if (!['waiting', 'check_in', 'ended'].includes(next.phase)) bits.push(`Case ${next.case_number}`);
      if (next.presenter_name) bits.push(`presented by ${next.presenter_name}`);
      if (next.locked) bits.push('room locked');
      if (next.muted_all) bits.push('chat paused by the facilitator');
      detail.textContent = bits.join(' · ');
      el.dataset.phase = next.phase;
      tick();
    },
    get flow() { return flow; },
    stop() { clearInterval(interval); },
  };
}
