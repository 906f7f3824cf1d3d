// "Compare keys with Tara": the ways two people check that the key this device has for the
// other is really theirs, besides the 40-digit safety number: a short code read aloud (the same
// on both screens), or each one's QR code, scanned with the camera (BarcodeDetector, where the
// browser has it) or pasted. A person is marked verified only when what was read, scanned or
// pasted matches the key pinned for them (web/key_compare.js checks; web/note_keys.js pins).

import encodeQR from '/vendor/qr.js';
import { h } from '/static/dom.js';
import { matches, qrPayload, shortCode } from '/static/key_compare.js';

const SCAN_EVERY_MS = 300;

/** My QR code as an image (a GIF data URL drawn by the `qr` library, no markup injected). */
export function qrImage(identity, alt) {
  const src = encodeQR(qrPayload(identity.publicKey, identity.signingPublic), 'data-url',
    { ecc: 'medium', border: 4, scale: 5 });
  return h('img', { class: 'key-qr', src, alt, width: 200, height: 200 });
}

/**
 * The fold-out for one person. `theirs`: { publicKey, signingKey } (the key that would be
 * marked verified); `onMatch` pins and verifies it, and redraws the list.
 */
export async function compareBox({ name, identity, theirs, onMatch, verified = false }) {
  const mine = { publicKey: identity.publicKey, signingKey: identity.signingPublic };
  const code = await shortCode(mine, theirs);
  const result = h('p', { class: 'compare-result', role: 'status' });
  const matched = h('button', { type: 'button', class: 'small' }, `The codes match: mark ${name} verified`);
  matched.addEventListener('click', async () => { matched.disabled = true; await onMatch(); });
  const scanArea = h('div', { class: 'scan-area' });
  const scan = h('button', { type: 'button', class: 'small' }, `Scan or paste ${name}’s code`);
  scan.addEventListener('click', () => {
    scan.hidden = true;
    scanArea.append(scanner({ name, theirs, mine, result, onMatch }));
  });
  return h('details', { class: 'compare-keys' },
    h('summary', {}, `Compare keys with ${name}`),
    h('p', {}, `Read this code aloud to each other, face to face or on a call. ${name} sees the same code when they compare keys with you.`),
    h('p', { class: 'short-code', 'aria-label': `Code to read aloud with ${name}` }, code),
    verified ? h('p', { class: 'hint' }, `You have verified ${name}. They may still want to check yours.`) : h('p', {}, matched),
    h('p', {}, `Or use a camera: ${name} scans your code, and you scan theirs.`),
    qrImage(identity, `Your key code, for ${name} to scan`),
    h('p', {}, scan), scanArea, result);
}

// The scan box: the camera where this browser can read QR codes, and always a field to paste
// (or type) the code, so the check never depends on the camera.
function scanner({ name, theirs, mine, result, onMatch }) {
  const field = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const check = h('button', { type: 'button', class: 'small' }, 'Check the code');
  const id = `scan-${Math.random().toString(36).slice(2)}`;
  field.id = id;
  const box = h('div', { class: 'scan-box' },
    h('label', { for: id }, `${name}’s code`), ' ',
    h('span', { class: 'hint' }, 'Paste the code from their screen, or type the 24 digits they read out.'),
    h('p', {}, field, ' ', check));
  let camera = null;
  async function decide(text) {
    const verdict = await matches(text, theirs, mine);
    result.setAttribute('role', verdict === 'match' ? 'status' : 'alert');
    if (verdict === 'match') {
      camera?.stop();
      result.textContent = `It matches: ${name} is verified.`;
      await onMatch();
    } else if (verdict === 'mismatch') {
      result.textContent = `This code does NOT match the key this device has for ${name}. Do not mark them verified. Check you scanned ${name}’s own screen; if it still differs, tell your facilitator.`;
    } else {
      result.textContent = `That is not a key code. Paste the code from ${name}’s screen, or type the 24 digits they read out.`;
    }
    return verdict;
  }
  check.addEventListener('click', () => decide(field.value));
  field.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); decide(field.value); } });
  if ('BarcodeDetector' in globalThis && navigator.mediaDevices?.getUserMedia) {
    camera = startCamera(box, decide);
  } else {
    box.prepend(h('p', { class: 'hint' }, 'This browser cannot scan with the camera here, so paste or type the code instead.'));
  }
  queueMicrotask(() => field.focus());
  return box;
}

function startCamera(box, decide) {
  const video = h('video', { class: 'scan-video', muted: true, playsinline: true, 'aria-label': 'Camera view: hold their code in front of it' });
  const status = h('p', { class: 'hint' }, 'Starting the camera…');
  box.prepend(video, status);
  let stream = null;
  let timer = null;
  const stop = () => {
    clearInterval(timer);
    stream?.getTracks().forEach((t) => t.stop());
    video.remove();
    status.remove();
  };
  (async () => {
    try {
      const detector = new globalThis.BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      video.srcObject = stream;
      await video.play();
      status.textContent = 'Hold their code in front of the camera.';
      let last = null;
      timer = setInterval(async () => {
        // Closed or redrawn meanwhile: the camera goes off with it.
        if (!video.isConnected || !video.closest('details')?.open) { stop(); return; }
        const found = await detector.detect(video).catch(() => []);
        const value = found[0]?.rawValue;
        if (!value || value === last) return; // the same wrong code is said once, not every beat
        last = value;
        if ((await decide(value)) === 'match') stop();
      }, SCAN_EVERY_MS);
    } catch {
      stop();
      box.prepend(h('p', { class: 'hint' }, 'The camera could not be used, so paste or type the code instead.'));
    }
  })();
  return { stop };
}
