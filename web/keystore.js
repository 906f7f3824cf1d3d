// This device's copy of a user's notes key, in IndexedDB, keyed by user id.
//
// What is stored is a non-extractable CryptoKey (IndexedDB keeps CryptoKey objects as they are):
// page script on this origin can use it to open notes but can never read the key's bytes out,
// so it cannot be copied off the device. The public key and key id ride along so the page can
// tell, without the server, whether the key it holds is the one the server knows.

const DB_NAME = 'balint-notes';
const STORE = 'identities';

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
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
  if (!found || !(found.privateKey instanceof CryptoKey)) return null;
  return { privateKey: found.privateKey, publicKey: new Uint8Array(found.publicKey), keyId: found.keyId };
}

/** Keep `identity` (its private key must be non-extractable) on this device for `userId`. */
export async function saveIdentity(userId, identity) {
  if (identity.privateKey.extractable) throw new Error('Only a non-extractable key may be stored.');
  await withStore('readwrite', (store) => store.put(
    { privateKey: identity.privateKey, publicKey: identity.publicKey, keyId: identity.keyId }, userId));
}

/** Remove this device's copy (the passphrase backup on the server is untouched). */
export async function forgetIdentity(userId) {
  await withStore('readwrite', (store) => store.delete(userId));
}
