// One helper every part of the case-notes panel shares: run a step with its button disabled,
// and put a refusal where the person is looking, in the server's (or the envelope's) own words.

import { ApiError } from '/static/api.js';
import { EnvelopeError } from '/static/crypto.js';
import { showError } from '/static/dom.js';

/** Runs `work` with `button` disabled; a refusal goes into `where`. */
export async function busy(button, where, work) {
  button.disabled = true;
  showError(where, '');
  try {
    await work();
  } catch (err) {
    showError(where, err instanceof ApiError || err instanceof EnvelopeError ? err.message
      : 'Something went wrong. Please try again.');
  } finally {
    button.disabled = false;
  }
}
