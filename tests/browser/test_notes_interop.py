"""The case-note envelope in a real Chromium: web/crypto.js against the shared vectors and Python.

Every good vector opens (and is re-sealed byte for byte) in the browser, every fail vector is
refused with its code, and notes and key backups cross between the browser and Python both ways.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

from server.crypto import envelope as E

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "notes"


@pytest.fixture
def crypto_page(static_page: Page) -> Page:
    """A page on the real app's loopback origin (secure context): imports /static/crypto.js."""
    return static_page


# --- helpers ------------------------------------------------------------------------------------

# Shared by every script below: the module, and a replay of a recorded randomness tape that
# refuses to run past its end and reports whether it was used up exactly.
PRELUDE = """
const m = await import('/static/crypto.js');
const tape = (b64) => {
  const data = m.b64uDecode(b64);
  let pos = 0;
  const rng = (n) => {
    if (pos + n > data.length) throw new Error('tape exhausted');
    pos += n;
    return data.slice(pos - n, pos);
  };
  rng.finished = () => pos === data.length;
  return rng;
};
const outcome = async (fn) => {
  try {
    return { value: await fn() };
  } catch (e) {
    if (e instanceof m.EnvelopeError) {
      return { error: e.code, notForMe: e instanceof m.NotForMe };
    }
    return { unexpected: String(e) };
  }
};
"""


async def run(page: Page, body: str, arg: Any = None) -> Any:
    """Run an async script body in the page with `m` (web/crypto.js) and `arg` in scope."""
    return await page.evaluate(f"async (arg) => {{ {PRELUDE}\n{body} }}", arg)


def vectors(kind: str, prefix: str) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted(VECTORS.glob(f"{prefix}*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        if body["kind"] == kind:
            found[path.stem] = body
    assert found, f"no {prefix}* {kind} vectors"
    return found


def b64(data: bytes) -> str:
    return E.b64u_encode(data)


# --- the shared vectors -------------------------------------------------------------------------

OPEN_VECTORS = """
const results = {};
for (const [name, v] of Object.entries(arg)) {
  const reader = await m.importRawPrivateKey(m.b64uDecode(v.reader_private_key));
  const r = {};
  r.open = await outcome(async () => m.b64uEncode(
    await m.openEnvelope(v.envelope, v.note_id, v.group_id, reader, { sessionId: v.session_id })));
  if (v.author_signing_key && r.open.value !== undefined) {
    const opened = await m.openNote(v.envelope, v.note_id, v.group_id, reader,
      { sessionId: v.session_id });
    r.author = m.b64uEncode(opened.author);
    r.grants = opened.grants.map((g) => ({ key_id: g.keyId, by: m.b64uEncode(g.by) }));
  }
  r.structure = await outcome(async () => m.validateStructure(v.envelope).keyIds);
  if (v.seal) {
    const s = v.seal, rng = tape(s.randomness);
    const author = s.author_private_key
      ? await m.importRawPrivateKey(m.b64uDecode(s.author_private_key)) : undefined;
    r.remade = await outcome(async () => (await m.seal(m.b64uDecode(s.plaintext), s.note_id,
      s.group_id, s.recipients.map((x) => m.b64uDecode(x)),
      { rng, author, sessionId: s.session_id, audience: s.audience })).envelope);
    r.tapeFinished = rng.finished();
  } else if (v.rewrap) {
    const w = v.rewrap, rng = tape(w.randomness);
    const key = w.note_key ? m.b64uDecode(w.note_key)
      : await m.importRawPrivateKey(m.b64uDecode(w.private_key));
    r.remade = await outcome(async () => m.rewrap(w.envelope, key,
      m.b64uDecode(w.new_recipient), { rng }));
    r.tapeFinished = rng.finished();
  }
  results[name] = r;
}
return results;
"""


def expected_structure(vector: dict[str, Any]) -> dict[str, Any]:
    if "error" in vector["structure"]:
        return {"error": vector["structure"]["error"], "notForMe": False}
    return {"value": vector["structure"]["key_ids"]}


async def test_good_vectors_open_and_are_remade_byte_for_byte_in_chromium(
    crypto_page: Page,
) -> None:
    """Every good vector opens to its exact plaintext, and replaying its tape remakes it."""
    good = vectors("envelope", "good_")
    results = await run(crypto_page, OPEN_VECTORS, good)
    wrong: list[tuple[Any, ...]] = []
    for name, v in good.items():
        r = results[name]
        if r["open"] != {"value": v["expected"]["plaintext"]}:
            wrong.append((name, "open", r["open"]))
        if r["structure"] != expected_structure(v):
            wrong.append((name, "structure", r["structure"]))
        if r.get("author") != v.get("author_signing_key"):  # version 2: the verified author
            wrong.append((name, "author", r.get("author")))
        if "grants" in v and r.get("grants") != v["grants"]:  # who gave access, verified
            wrong.append((name, "grants", r.get("grants")))
        if r["remade"] != {"value": v["envelope"]} or not r["tapeFinished"]:
            wrong.append((name, "remade", r["remade"].get("error"), r["tapeFinished"]))
    assert wrong == []


async def test_fail_vectors_are_refused_with_their_codes_in_chromium(crypto_page: Page) -> None:
    """Every fail vector is refused with exactly the code the vector names, as in Python."""
    fail = vectors("envelope", "fail_")
    results = await run(crypto_page, OPEN_VECTORS, fail)
    wrong: list[tuple[Any, ...]] = []
    for name, v in fail.items():
        code = v["expected"]["error"]
        want = {"error": code, "notForMe": code == "not_shared_with_you"}
        if results[name]["open"] != want:
            wrong.append((name, "open", results[name]["open"]))
        if results[name]["structure"] != expected_structure(v):
            wrong.append((name, "structure", results[name]["structure"]))
    assert wrong == []


async def test_seal_and_rewrap_vectors_are_refused_with_their_codes_in_chromium(
    crypto_page: Page,
) -> None:
    """The spec's order of checks when sealing and adding a reader, as in Python."""
    ops = {**vectors("seal", "fail_"), **vectors("rewrap", "fail_")}
    got = await run(crypto_page, """
      const out = {};
      for (const [name, v] of Object.entries(arg)) {
        out[name] = await outcome(async () => v.kind === 'seal'
          ? m.seal(m.b64uDecode(v.plaintext), v.note_id, v.group_id,
                   v.recipients.map((k) => m.b64uDecode(k)))
          : m.rewrap(v.envelope, await m.importRawPrivateKey(m.b64uDecode(v.private_key)),
                     m.b64uDecode(v.new_recipient)));
      }
      return out;
    """, ops)
    assert got == {name: {"error": v["expected"]["error"], "notForMe": False}
                   for name, v in ops.items()}


async def test_short_code_and_qr_vector_in_chromium(crypto_page: Page) -> None:
    """web/key_compare.js gives Python's short code (both ways round) and QR payloads, and
    accepts the code, the QR text and the safety number only for the matching key."""
    vector = vectors("compare", "good_")["good_short_code"]
    got = await run(crypto_page, """
      const k = await import('/static/key_compare.js');
      const [a, b] = arg.people.map((p) => ({ publicKey: m.b64uDecode(p.public_key),
        signingKey: m.b64uDecode(p.signing_key) }));
      const other = { ...b, signingKey: a.signingKey };
      return { ab: await k.shortCode(a, b), ba: await k.shortCode(b, a),
        qr: [k.qrPayload(a.publicKey, a.signingKey), k.qrPayload(b.publicKey, b.signingKey)],
        typed: await k.matches(arg.expected.short_code.replaceAll(' ', ''), b, a),
        scanned: await k.matches(arg.expected.qr[1], b, a),
        number: await k.matches(arg.people[1].safety_number.toLowerCase(), b, a),
        swapped: await k.matches(arg.expected.qr[1], other, a),
        wrongCode: await k.matches('000000 000000 000000 000000', b, a),
        nonsense: await k.matches('hello', b, a) };
    """, vector)
    code = vector["expected"]["short_code"]
    assert got == {"ab": code, "ba": code, "qr": vector["expected"]["qr"], "typed": "match",
                   "scanned": "match", "number": "match", "swapped": "mismatch",
                   "wrongCode": "mismatch", "nonsense": "unreadable"}


async def test_identity_vectors_in_chromium(crypto_page: Page) -> None:
    """Public keys, key ids and fingerprints agree with Python's."""
    keys = vectors("identity", "good_")["good_identities"]["keys"]
    got = await run(
        crypto_page,
        """
      const out = [];
      for (const k of arg) {
        const id = await m.importRawPrivateKey(m.b64uDecode(k.private_key));
        out.push({ public_key: m.b64uEncode(id.publicKey), key_id: await m.keyId(id.publicKey),
                   fingerprint: await m.fingerprint(id.publicKey),
                   extractable: id.privateKey.extractable });
      }
      return out;
    """,
        keys,
    )
    assert got == [
        {**{f: k[f] for f in ("public_key", "key_id", "fingerprint")}, "extractable": False}
        for k in keys
    ]


async def test_backup_vectors_in_chromium(crypto_page: Page) -> None:
    """Good backups restore (non-extractable) and are remade byte for byte; bad ones fail right."""
    backups = vectors("backup", "")
    results = await run(
        crypto_page,
        """
      const results = {};
      for (const [name, v] of Object.entries(arg)) {
        const r = {};
        r.restore = await outcome(async () => {
          const id = await m.importPrivateKey(v.blob, v.passphrase);
          return [m.b64uEncode(id.publicKey), id.privateKey.extractable];
        });
        if (v.export) {
          const x = v.export, rng = tape(x.randomness);
          const id = await m.importRawPrivateKey(m.b64uDecode(x.private_key),
                                                 { extractable: true });
          r.remade = await outcome(() => x.kdf === 'scrypt'
            ? m.backupPrivateKey(id, x.passphrase, x.n, { rng })
            : m.exportPrivateKey(id, x.passphrase, x.iterations, { rng }));
          r.tapeFinished = rng.finished();
        }
        results[name] = r;
      }
      return results;
    """,
        backups,
    )
    wrong = []
    for name, v in backups.items():
        r = results[name]
        if "public_key" in v["expected"]:
            if r["restore"] != {"value": [v["expected"]["public_key"], False]}:
                wrong.append((name, "restore", r["restore"]))
            if r["remade"] != {"value": v["blob"]} or not r["tapeFinished"]:
                wrong.append((name, "remade", r["remade"].get("error")))
        elif r["restore"] != {"error": v["expected"]["error"], "notForMe": False}:
            wrong.append((name, "restore", r["restore"]))
    assert wrong == []


async def test_scrypt_in_chromium_matches_python_and_rfc_7914(crypto_page: Page) -> None:
    """noble's scrypt (browser) gives OpenSSL's bytes (the shared KDF vector, made in Python)
    and RFC 7914's third vector; the other half: a key derived here checks out in Python."""
    [kdf] = vectors("kdf", "good_").values()
    got = await run(crypto_page, """
      const noble = await import('/vendor/noble-hashes/scrypt.js');
      const rfc = noble.scrypt(new TextEncoder().encode('pleaseletmein'),
        new TextEncoder().encode('SodiumChloride'), { N: 16384, r: 8, p: 1, dkLen: 64 });
      const hex = Array.from(rfc, (b) => b.toString(16).padStart(2, '0')).join('');
      const shared = m.b64uEncode(await m.scryptBackupKey(arg.passphrase,
        m.b64uDecode(arg.salt), arg.n));
      const salt = new Uint8Array(16).fill(7);
      const mine = m.b64uEncode(await m.scryptBackupKey('tea at the nurses station', salt));
      const low = await outcome(() => m.scryptBackupKey('x', salt, 1024));
      return { hex, shared, mine, low };
    """, kdf)
    assert got["hex"] == (
        "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
        "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")
    assert got["shared"] == kdf["expected"]["key"]
    assert got["mine"] == b64(E.scrypt_backup_key("tea at the nurses station", bytes([7] * 16)))
    assert got["low"] == {"error": "malformed", "notForMe": False}


async def test_base64url_codec_matches_python(crypto_page: Page) -> None:
    """The browser's base64url agrees with Python's for every length and is just as strict."""
    samples = [b64(bytes((i * 37 + n) % 256 for i in range(n))) for n in range(70)]
    got = await run(
        crypto_page,
        """
      const same = arg.samples.every((s) => m.b64uEncode(m.b64uDecode(s)) === s);
      const refused = [];
      for (const bad of ['AA==', 'AA=', 'A', 'AB', '+/8', 'AAA ', 7]) {
        const r = await outcome(async () => m.b64uDecode(bad));
        refused.push(r.error);
      }
      return { same, refused, lengths: arg.samples.map((s) => m.b64uDecode(s).length) };
    """,
        {"samples": samples},
    )
    assert got == {"same": True, "refused": ["malformed"] * 7, "lengths": list(range(70))}


# --- live interop -------------------------------------------------------------------------------


async def test_note_sealed_in_chromium_opens_in_python(crypto_page: Page) -> None:
    """A facilitator seals in the browser; trainees open it in Python, byte for byte."""
    fiona, tom, tara = (E.generate_identity() for _ in range(3))
    note = b"Fiona's note: the group kept returning to the word 'heartsink'.\n" + bytes(range(256))
    sealed = await run(
        crypto_page,
        """
      const readers = arg.readers.map((x) => m.b64uDecode(x));
      const [text, added] = [m.b64uDecode(arg.note), m.b64uDecode(arg.added)];
      const { envelope, noteKey } = await m.seal(text, 'note-7', 'group-3', readers);
      const widened = await m.rewrap(envelope, noteKey, added);
      return { envelope, widened };
    """,
        {
            "readers": [b64(E.public_key_bytes(k)) for k in (fiona, tom)],
            "note": b64(note),
            "added": b64(E.public_key_bytes(tara)),
        },
    )
    for key in (fiona, tom):
        assert E.open_envelope(sealed["envelope"], "note-7", "group-3", key) == note
    with pytest.raises(E.NotForMe):
        E.open_envelope(sealed["envelope"], "note-7", "group-3", tara)
    assert E.open_envelope(sealed["widened"], "note-7", "group-3", tara) == note
    parsed = E.validate_structure(sealed["widened"])
    assert parsed.key_ids == [E.key_id(E.public_key_bytes(k)) for k in (fiona, tom, tara)]
    assert E.validate_structure(sealed["envelope"]).ct == parsed.ct


async def test_note_sealed_in_python_opens_in_chromium(crypto_page: Page) -> None:
    """A browser identity (non-extractable) reads a note sealed and then widened in Python."""
    browser_pub = E.b64u_decode(
        await run(
            crypto_page,
            """
      globalThis.reader = await m.generateIdentity();
      return m.b64uEncode(globalThis.reader.publicKey);
    """,
        )
    )
    author = E.generate_identity()
    note = "Ärztin: «Ich war wütend» 🩺".encode()
    envelope, _ = E.seal(note, "n1", "g1", [E.public_key_bytes(author)])
    widened = E.rewrap(envelope, author, browser_pub)
    got = await run(
        crypto_page,
        """
      const open = (env, n, g) => outcome(async () =>
        m.b64uEncode(await m.openEnvelope(env, n, g, globalThis.reader)));
      return { before: await open(arg.envelope, 'n1', 'g1'),
               after: await open(arg.widened, 'n1', 'g1'),
               elsewhere: await open(arg.widened, 'n1', 'g2'),
               extractable: globalThis.reader.privateKey.extractable };
    """,
        {"envelope": envelope.decode(), "widened": widened.decode()},
    )
    assert got == {
        "before": {"error": "not_shared_with_you", "notForMe": True},
        "after": {"value": b64(note)},
        "elsewhere": {"error": "bad_ciphertext", "notForMe": False},
        "extractable": False,
    }


async def test_browser_seal_refusals_match_python(crypto_page: Page) -> None:
    """The browser refuses the same bad seal requests as Python, with the same codes."""
    reader = E.public_key_bytes(E.generate_identity())
    many = [b64(E.public_key_bytes(E.generate_identity())) for _ in range(65)]
    got = await run(
        crypto_page,
        """
      const r = m.b64uDecode(arg.reader);
      const seal = (text, n, g, rs) => outcome(async () => (await m.seal(text, n, g, rs)).envelope);
      return {
        tooLarge: await seal(new Uint8Array(65537), 'n', 'g', [r]),
        largest: (await seal(new Uint8Array(65536), 'n', 'g', [r])).value !== undefined,
        nobody: await seal('x', 'n', 'g', []),
        crowd: await seal('x', 'n', 'g', arg.many.map((x) => m.b64uDecode(x))),
        badId: await seal('x', 'n 1', 'g', [r]),
        shortKey: await seal('x', 'n', 'g', [r.slice(0, 31)]),
        lowOrder: await seal('x', 'n', 'g', [new Uint8Array(32)]),
        notExtractable: await outcome(async () =>
          m.exportPrivateKey(await m.generateIdentity(), 'a passphrase')),
        mismatched: await outcome(async () => m.exportPrivateKey({
          privateKey: (await m.generateIdentity({ extractable: true })).privateKey,
          publicKey: r }, 'a passphrase')),
      };
    """,
        {"reader": b64(reader), "many": many},
    )
    refused = {k: v for k, v in got.items() if k != "largest"}
    assert got["largest"] is True
    assert refused == {
        "tooLarge": {"error": "too_large", "notForMe": False},
        "nobody": {"error": "no_stanzas", "notForMe": False},
        "crowd": {"error": "too_many_stanzas", "notForMe": False},
        "badId": {"error": "malformed", "notForMe": False},
        "shortKey": {"error": "bad_key", "notForMe": False},
        "lowOrder": {"error": "bad_key", "notForMe": False},
        "notExtractable": {"error": "bad_key", "notForMe": False},
        "mismatched": {"error": "bad_key", "notForMe": False},
    }


async def test_key_backup_made_in_chromium_restores_in_python_and_back(crypto_page: Page) -> None:
    """Sign-up backup from the browser restores in Python; a Python backup restores in Chromium."""
    made = await run(
        crypto_page,
        """
      const { identity, backup } = await m.generateIdentityWithBackup('tea at the nurses station');
      const wrong = await outcome(() => m.importPrivateKey(backup, 'coffee at the nurses station'));
      return { pub: m.b64uEncode(identity.publicKey), backup, wrong,
               extractable: identity.privateKey.extractable };
    """,
    )
    assert made["extractable"] is False
    assert json.loads(made["backup"])["kdf"] == "scrypt"  # new backups are memory-hard
    assert made["wrong"] == {"error": "bad_passphrase", "notForMe": False}
    restored = E.import_private_key(made["backup"], "tea at the nurses station")
    assert b64(E.public_key_bytes(restored)) == made["pub"]
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.import_private_key(made["backup"], "tea at the nurses")
    assert excinfo.value.code == "bad_passphrase"

    python_key = E.generate_identity()
    blob = E.backup_private_key(python_key, "Grüße aus Köln")
    envelope, _ = E.seal(b"for the restored key", "n1", "g1", [E.public_key_bytes(python_key)])
    got = await run(
        crypto_page,
        """
      const id = await m.importPrivateKey(arg.blob, arg.passphrase);
      return [m.b64uEncode(id.publicKey),
              m.b64uEncode(await m.openEnvelope(arg.envelope, 'n1', 'g1', id))];
    """,
        {"blob": blob.decode(), "passphrase": "Grüße aus Köln", "envelope": envelope.decode()},
    )
    assert got == [b64(E.public_key_bytes(python_key)), b64(b"for the restored key")]
