// The home page follows the server: when a facilitator opens or ends a session of one of my
// groups, the server sends `sessions_changed` to my personal room (docs/protocol.md) and the
// page reads /api/me again. The event carries only the group's id; the API says what changed.

import { io } from '/vendor/socket.io.js';

/**
 * Call `onChange(groupId | null)` whenever my groups' sessions may have changed: on each
 * `sessions_changed`, and with null on each (re)connection (events sent while we were not
 * connected are lost, so look again). Returns a function that stops watching and closes the socket.
 */
export function watchSessions(onChange) {
  const socket = io({ transports: ['websocket'], withCredentials: true });
  // On every connection, the first included: a change made between the page's own read and
  // this socket joining my personal room would otherwise be missed.
  socket.on('connect', () => onChange(null));
  socket.on('sessions_changed', (d) => onChange(d && typeof d.group_id === 'string' ? d.group_id : null));
  // A refused connection (sign-in expired) is not retried by socket.io; the page itself still
  // works, and the next navigation asks for sign-in.
  return { socket, stop: () => socket.disconnect() };
}
