// Attendance certificates as people use them: a printable page that reads like a certificate
// (drawn from the signed document itself, so what is printed is what was signed), and a check
// page that takes the downloaded file, or opens from the QR code or link on a printed copy.
//
// The QR code's link carries the whole signed certificate, compressed, after the '#': browsers
// never send that part to a server, so it stays out of every log.

import { get, post } from '/static/api.js';
import { append, errorBox, h, labelled, showError } from '/static/dom.js';
import { figureTable } from '/static/charts.js';

const LONDON = 'Europe/London';
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const DATE = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit' });

// "Tuesday 3 December 2026" (built from parts: browsers differ on a comma after the weekday).
function dayWords(date) {
  const part = Object.fromEntries(DAY.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} ${part.year}`;
}

// "Tuesday 3 December 2026, 19:00–20:30" in UK time; older certificates have only a date.
export function sessionWords(s) {
  if (!s.start) return dayWords(new Date(`${s.date}T12:00:00Z`));
  const start = new Date(s.start);
  const end = s.end ? `–${TIME.format(new Date(s.end))}` : '';
  return `${dayWords(start)}, ${TIME.format(start)}${end}`;
}

const dateWords = (isoDay) => DATE.format(new Date(`${isoDay}T12:00:00Z`));

function duration(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [];
  if (hours) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (rest || !hours) parts.push(`${rest} minute${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

// The face of a certificate. `qr` is an <img> of its code (printed copies), or null.
export function certificateView(doc, qr = null) {
  const c = doc.certificate;
  const issued = c.issued_at ? DATE.format(new Date(c.issued_at)) : '';
  return h('article', { class: 'certificate', 'aria-labelledby': 'cert-h' },
    h('h2', { id: 'cert-h' }, 'Certificate of attendance'),
    h('p', { class: 'awarded' }, 'This is to certify that'),
    h('p', { class: 'name' }, c.trainee),
    h('p', { class: 'lead' }, `attended ${c.sessions_attended} of the ${c.sessions_expected} sessions of the Balint group `,
      `“${c.group}” of ${c.programme} between ${dateWords(c.period.from)} and ${dateWords(c.period.to)}, `,
      `${duration(c.total_minutes)} in all.`),
    c.sessions.length ? figureTable('Sessions attended', ['Session (UK time)', 'Minutes attended'],
      c.sessions.map((s) => [sessionWords(s), String(s.minutes)])) : null,
    h('p', {}, `Issued on ${issued} by Balint Rooms.`),
    h('div', { class: 'check' }, qr,
      h('div', {},
        h('p', {}, `Check this certificate at ${c.issuer}/#/verify`, qr ? ' (scan the code to open it with this certificate)' : '',
          ', or upload the certificate file there.'),
        h('p', {}, `Signature reference: Ed25519 key ${doc.signature.key_id}.`))));
}

async function qrImage(doc) {
  const { svg, link, modules } = await post('/api/certificate-qr', doc);
  // About 0.4 mm a module when printed (1.5 CSS px), so a phone reads it from the page.
  const size = Math.max(120, Math.round(modules * 1.5));
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  const img = h('img', { src: `data:image/svg+xml;base64,${btoa(binary)}`, alt: 'QR code that opens the check page with this certificate', width: size, height: size, class: 'qr' });
  return { img, link };
}

export async function certificateScreen(screen, arg) {
  const groupId = decodeURIComponent((arg || '').split('?')[0]);
  const params = new URLSearchParams((arg || '').split('?')[1] || '');
  const query = new URLSearchParams();
  for (const key of ['from', 'to']) if (params.get(key)) query.set(key, params.get(key));
  const doc = await get(`/api/me/certificates/${encodeURIComponent(groupId)}?${query}`);
  const { img, link } = await qrImage(doc);
  const print = h('button', { type: 'button', class: 'primary' }, 'Print');
  print.addEventListener('click', () => window.print());
  const copied = h('span', { class: 'hint', role: 'status' });
  const copy = h('button', { type: 'button' }, 'Copy a link that checks this certificate');
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(link); copied.textContent = ' Link copied.'; } catch { copied.textContent = ' Your browser did not allow copying.'; }
  });
  const file = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  screen('Attendance certificate', certificateView(doc, img),
    h('p', { class: 'no-print actions' }, print, ' ',
      h('a', { class: 'button', href: file, download: `attendance-certificate-${doc.certificate.issued_at.slice(0, 10)}.json` }, 'Download the certificate file'),
      ' ', copy, copied),
    h('p', { class: 'no-print hint' }, 'The file is what an e-portfolio or an assessor can check; the printed copy carries a code that opens the same check.'),
    h('p', { class: 'no-print' }, h('a', { href: '#/attendance' }, 'Back to my attendance')));
}

// The document in a check link: base64url of raw DEFLATE of its JSON (server/actions/certificates.py).
async function unpack(packed) {
  const b64 = packed.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (packed.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return JSON.parse(await new Response(stream).text());
}

export function verifyScreen(screen, packed) {
  const file = h('input', { type: 'file', name: 'certificate_file', accept: '.json,application/json' });
  const text = h('textarea', { name: 'certificate', rows: 8, spellcheck: 'false' });
  const box = errorBox();
  const result = h('div', { role: 'status', class: 'verdict' });

  async function check(doc) {
    result.replaceChildren();
    result.className = 'verdict';
    try {
      const verdict = await post('/api/verify', doc);
      result.className = `verdict ${verdict.valid ? 'good' : 'bad'}`;
      append(result, [h('p', { class: 'reason' }, verdict.reason)]);
      if (verdict.valid) append(result, [certificateView({ ...doc, certificate: verdict.certificate })]);
    } catch (err) {
      showError(box, err.message);
    }
  }

  function parse(raw, where) {
    try {
      return JSON.parse(raw);
    } catch {
      showError(box, where === 'file' ? 'That file is not a Balint Rooms certificate file: choose the .json file you downloaded from “My attendance”.'
        : 'That is not a whole certificate. Paste everything from the first { to the last }.');
      return null;
    }
  }

  file.addEventListener('change', async () => {
    showError(box, '');
    const chosen = file.files[0];
    if (!chosen) return;
    if (chosen.size > 60000) { showError(box, 'That file is too large to be a certificate.'); return; }
    const doc = parse(await chosen.text(), 'file');
    if (doc) await check(doc);
  });
  const form = h('form', { class: 'verify' },
    labelled('Certificate file', file, 'Choose the certificate file (.json) downloaded from Balint Rooms. It is checked here and not kept.'),
    h('details', {}, h('summary', {}, 'Or paste the certificate’s text'),
      labelled('Certificate text', text), h('button', { type: 'submit' }, 'Check the certificate')),
    box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(box, '');
    const doc = parse(text.value, 'text');
    if (doc) await check(doc);
  });
  screen('Check an attendance certificate',
    h('p', { class: 'hint' }, 'Checks the certificate’s signature against this service’s published keys. Nothing is stored.'),
    form, result,
    h('p', { class: 'hint' }, 'Published keys: ', h('a', { href: '/api/certificate-keys' }, '/api/certificate-keys'), '.'));
  if (packed) {
    unpack(packed).then(check, () => showError(box, 'This link does not hold a whole certificate: it may have been cut short. Scan the code again, or upload the certificate file.'));
  }
}
