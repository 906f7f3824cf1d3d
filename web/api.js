// The JSON API: one fetch wrapper that adds the CSRF token and turns refusals into errors
// carrying the server's plain-English message.

let csrfToken = '';

export function setCsrf(token) {
  csrfToken = token || '';
}

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('offline', 'We cannot reach Balint Rooms. Check your connection and try again.', 0);
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    throw new ApiError('bad_response', 'The server sent an answer we could not read. Please try again.', response.status);
  }
  if (!payload.ok) {
    const err = payload.error || {};
    throw new ApiError(err.code || 'error', err.message || 'Something went wrong.', response.status);
  }
  return payload.data;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);
