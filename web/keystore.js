// This device's copy of a user's notes key, in IndexedDB, keyed by user id.
//
// What is stored is a non-extractable CryptoKey (IndexedDB keeps CryptoKey objects as they are):
// page script on this origin can use it to open notes but can never read the key's bytes out,
// so it cannot be copied off the device. The public key and key id ride along so the page can
// tell, without the server, whether the key it holds is the one the server knows.

const DB_NAME = 'balint-notes';
const STORE = 'identities';
// Version 2 adds the pins: per signed-in user, the other people's keys this device seals to.
const PINS = 'pins';

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
      if (!db.objectStoreNames.contains(PINS)) db.createObjectStore(PINS);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work, name = STORE) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** The identity kept on this device for `userId`, or null. */
export async function loadIdentity(userId) {
  const found = await withStore('readonly', (store) => store.get(userId));
  // A key kept before notes were signed has no signing key: restore it once from the backup.
  if (!found || !(found.privateKey instanceof CryptoKey) || !(found.signingKey instanceof CryptoKey)) return null;
  return { privateKey: found.privateKey, publicKey: new Uint8Array(found.publicKey), keyId: found.keyId,
    signingKey: found.signingKey, signingPublic: new Uint8Array(found.signingPublic) };
}

/** Keep `identity` (its private key must be non-extractable) on this device for `userId`. */
export async function saveIdentity(userId, identity) {
  if (identity.privateKey.extractable || identity.signingKey.extractable) throw new Error('Only a non-extractable key may be stored.');
  await withStore('readwrite', (store) => store.put(
    { privateKey: identity.privateKey, publicKey: identity.publicKey, keyId: identity.keyId,
      signingKey: identity.signingKey, signingPublic: identity.signingPublic }, userId));
}

/** Remove this device's copy (the passphrase backup on the server is untouched). */
export async function forgetIdentity(userId) {
  await withStore('readwrite', (store) => store.delete(userId));
}

/**
 * The keys `userId` has trusted on this device: { [otherUserId]: { name, publicKey (b64u),
 * keyId, verified } }. Sealing goes only to these (web/notes.js); the server never sees them.
 */
export async function loadPins(userId) {
  return (await withStore('readonly', (store) => store.get(userId), PINS)) || {};
}

export async function savePins(userId, pins) {
  await withStore('readwrite', (store) => store.put(pins, userId), PINS);
}
