// Small SVG charts built with createElementNS (no libraries), each paired with a table: the chart
// is one image with a summary for screen readers, the table holds every figure.

import { h } from '/static/dom.js';

const NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// A table of figures, with a caption and header cells scoped for screen readers.
export function figureTable(caption, headings, rows) {
  return h('table', { class: 'figures' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map((cells) => h('tr', {},
      h('th', { scope: 'row' }, cells[0]), cells.slice(1).map((c) => h('td', {}, c))))));
}

function chartFigure(id, caption, summary, chart, table) {
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', summary);
  return h('figure', { class: 'chart', 'aria-labelledby': id },
    h('figcaption', { id }, caption),
    chart,
    h('details', {}, h('summary', {}, 'Show the figures as a table'), table));
}

// Attendance rate per session: a bar per session, a dashed line at the expected rate. Sessions
// whose rate is withheld get an empty outlined slot, so the gap is visible, not hidden.
export function sessionRateChart(id, caption, sessions, expectedRate) {
  const width = Math.max(320, 40 + sessions.length * 34);
  const height = 220;
  const top = 12;
  const bottom = 170;
  const y = (pct) => bottom - ((bottom - top) * pct) / 100;
  const step = sessions.length ? (width - 50) / sessions.length : 0;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'rate-chart' });
  for (const pct of [0, 50, 100]) {
    chart.append(svg('line', { x1: 40, x2: width - 6, y1: y(pct), y2: y(pct), class: 'grid' }),
      svg('text', { x: 34, y: y(pct) + 4, 'text-anchor': 'end', class: 'axis' }, `${pct}%`));
  }
  sessions.forEach((s, i) => {
    const x = 46 + i * step;
    const barWidth = Math.max(6, step - 8);
    if (s.rate === null) {
      chart.append(svg('rect', { x, y: top, width: barWidth, height: bottom - top, class: 'withheld-bar' }));
    } else {
      chart.append(svg('rect', { x, y: y(s.rate), width: barWidth, height: bottom - y(s.rate), class: 'bar' }));
    }
    const lx = x + barWidth / 2;
    chart.append(svg('text', { x: lx, y: bottom + 12, transform: `rotate(-45 ${lx} ${bottom + 12})`, 'text-anchor': 'end', class: 'axis' },
      s.date.slice(5)));
  });
  chart.append(svg('line', { x1: 40, x2: width - 6, y1: y(expectedRate), y2: y(expectedRate), class: 'expected' }),
    svg('text', { x: width - 8, y: y(expectedRate) - 4, 'text-anchor': 'end', class: 'axis' }, `expected ${expectedRate}%`));
  const shown = sessions.filter((s) => s.rate !== null).map((s) => s.rate);
  const summary = sessions.length === 0 ? `${caption}: no sessions in this period.`
    : `${caption}: ${sessions.length} sessions; ${shown.length ? `rates from ${Math.min(...shown)}% to ${Math.max(...shown)}%` : 'every rate withheld'}${shown.length < sessions.length ? `, ${sessions.length - shown.length} withheld` : ''}. The table below lists each session.`;
  const table = figureTable(caption, ['Session date', 'Attendance rate'], sessions.map((s) => [s.date, s.display]));
  return chartFigure(id, caption, summary, chart, table);
}

// Trainees per attendance-rate band: horizontal bars for shown counts; a suppressed count is
// written out ("<5", "withheld") with no bar, because its length would give the number away.
export function bandChart(id, caption, bands, cells) {
  const rowHeight = 30;
  const width = 420;
  const height = bands.length * rowHeight + 10;
  const values = bands.map((b) => cells[b.key].value).filter((v) => v !== null);
  const most = Math.max(1, ...values);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'band-chart' });
  bands.forEach((b, i) => {
    const cell = cells[b.key];
    const yTop = 5 + i * rowHeight;
    chart.append(svg('text', { x: 150, y: yTop + 18, 'text-anchor': 'end', class: 'axis' }, b.label));
    const length = cell.value === null ? 0 : Math.max(2, (cell.value / most) * 200);
    if (length) chart.append(svg('rect', { x: 158, y: yTop + 4, width: length, height: rowHeight - 10, class: b.below_expected ? 'bar below' : 'bar' }));
    chart.append(svg('text', { x: 164 + length, y: yTop + 18, class: 'value' }, cell.display));
  });
  const summary = `${caption}: ${bands.map((b) => `${b.label}: ${cells[b.key].display}`).join('; ')}.`;
  const table = figureTable(caption, ['Attendance rate', 'Trainees'], bands.map((b) => [b.label, cells[b.key].display]));
  return chartFigure(id, caption, summary, chart, table);
}
