"""Regenerate the shared case-note vectors (docs/notes-envelope.md, "Test vectors").

    PYTHONPATH=. python tests/vectors/notes/generate.py

Deterministic: keys come from fixed seeds and every random draw comes from a seeded SHA-256 stream
that is recorded as `randomness`, so both the Python and the browser tests can replay the tape and
must reproduce each good envelope and backup byte for byte. Fail vectors are built by hand from the
same pieces, including ones a correct `seal` refuses to make (65 stanzas, a 64 KiB + 1 note), so
that an implementation which skips a check visibly decrypts something it should have refused.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from server.crypto import compare
from server.crypto import envelope as E

HERE = Path(__file__).resolve().parent
NOTE_ID = "nT3xq9Lk2VbR0aZc"
GROUP_ID = "gRp7Yw1sQe4uHm8D"
NOTE_TEXT = b"Presented: a patient who keeps coming back; I felt stuck and a little angry."


class Tape:
    """Seeded deterministic randomness that remembers everything it handed out."""

    def __init__(self, seed: str) -> None:
        self._seed = seed.encode()
        self._counter = 0
        self.drawn = bytearray()

    def __call__(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            block = self._seed + b"\x00" + self._counter.to_bytes(8, "big")
            out += hashlib.sha256(block).digest()
            self._counter += 1
        self.drawn += out[:n]
        return out[:n]


def identity(name: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(
        hashlib.sha256(b"test-key:" + name.encode()).digest()
    )


ALICE, BOB, CAROL = identity("alice"), identity("bob"), identity("carol")


def pub(k: X25519PrivateKey) -> bytes:
    return E.public_key_bytes(k)


def b64(data: bytes) -> str:
    return E.b64u_encode(data)


def sealed(
    name: str,
    plaintext: bytes,
    recipients: list[X25519PrivateKey],
    note_id: str = NOTE_ID,
    group_id: str = GROUP_ID,
) -> tuple[str, bytes, dict[str, Any]]:
    tape = Tape(name)
    env, note_key = E.seal(plaintext, note_id, group_id, [pub(k) for k in recipients], rng=tape)
    recipe = {
        "plaintext": b64(plaintext),
        "note_id": note_id,
        "group_id": group_id,
        "recipients": [b64(pub(k)) for k in recipients],
        "randomness": b64(bytes(tape.drawn)),
    }
    return env.decode(), note_key, recipe


def crafted(name: str, plaintext: bytes, recipients: list[bytes], note_id: str = NOTE_ID) -> str:
    """An envelope built from the real pieces but without seal()'s limits."""
    tape = Tape(name)
    note_key, nonce = tape(32), tape(12)
    stanzas = tuple(E._make_stanza(note_key, r, tape) for r in recipients)
    ct = AESGCM(note_key).encrypt(nonce, plaintext, E._body_ad(note_id, GROUP_ID))
    return E._serialise(E.Envelope(note_id, GROUP_ID, stanzas, nonce, ct)).decode()


# Codes that come from the structure check; every other outcome needs a key to reach.
STRUCTURE_CODES = {
    "malformed",
    "unsupported_version",
    "no_stanzas",
    "too_many_stanzas",
    "too_large",
}


def structure_of(text: str, expected: dict[str, Any]) -> dict[str, Any]:
    """What the server-side check must say, worked out without calling validate_structure."""
    if expected.get("error") in STRUCTURE_CODES:
        return {"error": expected["error"]}
    return {"key_ids": [s["kid"] for s in json.loads(text)["stanzas"]]}


def env_vector(
    description: str,
    text: str,
    reader: X25519PrivateKey,
    expected: dict[str, Any],
    note_id: str = NOTE_ID,
    group_id: str = GROUP_ID,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "kind": "envelope",
        "description": description,
        "note_id": note_id,
        "group_id": group_id,
        "reader_private_key": b64(reader.private_bytes_raw()),
        "envelope": text,
        "expected": expected,
        "structure": structure_of(text, expected),
        **extra,
    }


def edit(text: str, **fields: Any) -> str:
    """Change top-level fields but keep the canonical layout, so only the change is wrong."""
    obj = json.loads(text)
    obj.update(fields)
    return json.dumps(obj, separators=(",", ":"))


def edit_stanza(text: str, index: int, **fields: str) -> str:
    obj = json.loads(text)
    obj["stanzas"][index].update(fields)
    return json.dumps(obj, separators=(",", ":"))


def flip(b64text: str, byte_index: int) -> str:
    data = bytearray(E.b64u_decode(b64text))
    data[byte_index] ^= 0x01
    return b64(bytes(data))


def envelope_vectors() -> dict[str, dict[str, Any]]:
    v: dict[str, dict[str, Any]] = {}
    ok = {"plaintext": b64(NOTE_TEXT)}

    # --- good ---------------------------------------------------------------------------------
    text, _, recipe = sealed("single", NOTE_TEXT, [ALICE])
    v["good_single_recipient"] = env_vector("One reader.", text, ALICE, ok, seal=recipe)
    base, base_key, recipe = sealed("two", NOTE_TEXT, [ALICE, BOB])
    v["good_second_of_two_recipients"] = env_vector(
        "Two readers; the second one opens it.", base, BOB, ok, seal=recipe
    )
    text, _, recipe = sealed("empty", b"", [BOB])
    v["good_empty_note"] = env_vector("An empty note.", text, BOB, {"plaintext": ""}, seal=recipe)
    utf8 = "Ärztin, 3. Sitzung — «ich war wütend» 🩺\n".encode()
    text, _, recipe = sealed("utf8", utf8, [CAROL, ALICE])
    v["good_utf8_text"] = env_vector(
        "Non-ASCII text is just bytes.", text, CAROL, {"plaintext": b64(utf8)}, seal=recipe
    )
    biggest = bytes(i % 251 for i in range(E.MAX_PLAINTEXT))
    text, _, recipe = sealed("max-plaintext", biggest, [ALICE])
    v["good_max_plaintext"] = env_vector(
        "Exactly 65,536 bytes.", text, ALICE, {"plaintext": b64(biggest)}, seal=recipe
    )
    others = [identity(f"member-{i}") for i in range(E.MAX_STANZAS - 1)]
    text, _, recipe = sealed("max-stanzas", NOTE_TEXT, [*others, CAROL])
    v["good_max_stanzas"] = env_vector(
        "64 readers; the last one opens it.", text, CAROL, ok, seal=recipe
    )
    long_note, long_group = "n" * 128, "G.:_-9" * 21 + "xx"
    text, _, recipe = sealed("long-ids", NOTE_TEXT, [ALICE], long_note, long_group)
    v["good_longest_ids"] = env_vector(
        "128-character ids using every allowed character class.",
        text,
        ALICE,
        ok,
        long_note,
        long_group,
        seal=recipe,
    )
    tape = Tape("dedupe")
    raw, _ = E.seal(NOTE_TEXT, NOTE_ID, GROUP_ID, [pub(ALICE), pub(BOB), pub(ALICE)], rng=tape)
    v["good_duplicate_recipient_dropped"] = env_vector(
        "Alice listed twice gets one stanza.",
        raw.decode(),
        ALICE,
        ok,
        seal={
            "plaintext": b64(NOTE_TEXT),
            "note_id": NOTE_ID,
            "group_id": GROUP_ID,
            "recipients": [b64(pub(ALICE)), b64(pub(BOB)), b64(pub(ALICE))],
            "randomness": b64(bytes(tape.drawn)),
        },
    )
    tape = Tape("rewrap-private")
    text = E.rewrap(base, BOB, pub(CAROL), rng=tape).decode()
    v["good_rewrap_by_reader"] = env_vector(
        "Bob adds Carol using his private key; the body is untouched.",
        text,
        CAROL,
        ok,
        rewrap={
            "envelope": base,
            "private_key": b64(BOB.private_bytes_raw()),
            "new_recipient": b64(pub(CAROL)),
            "randomness": b64(bytes(tape.drawn)),
        },
    )
    tape = Tape("rewrap-note-key")
    text = E.rewrap(base, base_key, pub(CAROL), rng=tape).decode()
    v["good_rewrap_by_note_key"] = env_vector(
        "The author adds Carol with the note key kept from seal().",
        text,
        CAROL,
        ok,
        rewrap={
            "envelope": base,
            "note_key": b64(base_key),
            "new_recipient": b64(pub(CAROL)),
            "randomness": b64(bytes(tape.drawn)),
        },
    )

    # --- fail: expected refusals after a valid structure -----------------------------------------
    def fail(name: str, description: str, text: str, code: str, **kw: Any) -> None:
        reader = kw.pop("reader", BOB)
        v[name] = env_vector(description, text, reader, {"error": code}, **kw)

    stanzas = json.loads(base)["stanzas"]
    fail("fail_not_for_me", "Carol is not a reader.", base, "not_shared_with_you", reader=CAROL)
    ct = json.loads(base)["ct"]
    fail(
        "fail_tampered_body",
        "One bit of the body flipped.",
        edit(base, ct=flip(ct, 3)),
        "bad_ciphertext",
    )
    fail(
        "fail_tampered_tag",
        "One bit of the GCM tag flipped.",
        edit(base, ct=flip(ct, len(NOTE_TEXT) + 15)),
        "bad_ciphertext",
    )
    fail(
        "fail_tampered_nonce",
        "The body nonce changed.",
        edit(base, nonce=flip(json.loads(base)["nonce"], 0)),
        "bad_ciphertext",
    )
    fail(
        "fail_truncated_body",
        "The body lost its last three bytes (still valid base64url).",
        edit(base, ct=b64(E.b64u_decode(ct)[:-3])),
        "bad_ciphertext",
    )
    fail(
        "fail_tampered_stanza_wk",
        "Bob's wrapped key has a bit flipped.",
        edit_stanza(base, 1, wk=flip(stanzas[1]["wk"], 0)),
        "not_shared_with_you",
    )
    fail(
        "fail_tampered_stanza_epk",
        "Bob's ephemeral key has a bit flipped.",
        edit_stanza(base, 1, epk=flip(stanzas[1]["epk"], 0)),
        "not_shared_with_you",
    )
    fail(
        "fail_epk_high_bit",
        "Bit 255 of Bob's epk set: X25519 ignores it, the salt does not.",
        edit_stanza(base, 1, epk=_set_high_bit(stanzas[1]["epk"])),
        "not_shared_with_you",
    )
    fail(
        "fail_tampered_stanza_kid",
        "Bob's key id changed.",
        edit_stanza(base, 1, kid=flip(stanzas[1]["kid"], 0)),
        "not_shared_with_you",
    )
    fail(
        "fail_low_order_epk",
        "Bob's epk is the all-zero point (shared secret would be zero).",
        edit_stanza(base, 1, epk=b64(bytes(32))),
        "not_shared_with_you",
    )
    fail(
        "fail_swapped_stanzas",
        "Alice's stanza relabelled with Bob's key id.",
        edit_stanza(edit_stanza(base, 1, kid=stanzas[0]["kid"]), 0, kid=stanzas[1]["kid"]),
        "not_shared_with_you",
    )
    fail(
        "fail_expected_other_note",
        "Opened as if filed under another note.",
        base,
        "bad_ciphertext",
        note_id="nOtherNote000000",
    )
    fail(
        "fail_expected_other_group",
        "Opened as if filed under another group.",
        base,
        "bad_ciphertext",
        group_id="gOtherGroup00000",
    )
    fail(
        "fail_outsider_expected_other_note",
        "A non-reader opening under another note: the filing check comes first.",
        base,
        "bad_ciphertext",
        note_id="nOtherNote000000",
        reader=CAROL,
    )
    fail(
        "fail_moved_to_other_note",
        "note_id rewritten and opened there: the AD catches it.",
        edit(base, note_id="nOtherNote000000"),
        "bad_ciphertext",
        note_id="nOtherNote000000",
    )
    fail(
        "fail_moved_to_other_group",
        "group_id rewritten and opened there: the AD catches it.",
        edit(base, group_id="gOtherGroup00000"),
        "bad_ciphertext",
        group_id="gOtherGroup00000",
    )

    # --- fail: limits (real, decryptable content, so only the check stops it) -------------------
    fail(
        "fail_too_many_stanzas",
        "65 genuine stanzas; Bob's is the last.",
        crafted("65", NOTE_TEXT, [*(pub(k) for k in others), pub(ALICE), pub(BOB)]),
        "too_many_stanzas",
    )
    no_readers = edit(crafted("none", NOTE_TEXT, [pub(BOB)]), stanzas=[])
    fail("fail_no_stanzas", "A genuine body with no stanzas.", no_readers, "no_stanzas")
    fail(
        "fail_oversized_plaintext",
        "A genuine 65,537-byte note for Bob.",
        crafted("oversize", bytes(E.MAX_PLAINTEXT + 1), [pub(BOB)]),
        "too_large",
    )
    fail(
        "fail_oversized_envelope",
        "Over 100,000 bytes in all.",
        edit(base, ct="A" * 100_000),
        "too_large",
    )
    fail(
        "fail_ct_too_short",
        "A body shorter than a GCM tag.",
        edit(base, ct=b64(bytes(15))),
        "malformed",
    )

    # --- fail: structure ----------------------------------------------------------------------
    fail("fail_truncated_envelope", "Cut in half.", base[: len(base) // 2], "malformed")
    fail("fail_unsupported_version", "v is 3.", edit(base, v=3), "unsupported_version")
    fail("fail_version_string", 'v is "1".', edit(base, v="1"), "malformed")
    fail(
        "fail_version_float",
        "v is 1.0 (not canonical).",
        base.replace('"v":1,', '"v":1.0,'),
        "malformed",
    )
    fail("fail_version_true", "v is true.", edit(base, v=True), "malformed")
    fail(
        "fail_version_nan", "v is NaN (not JSON).", base.replace('"v":1,', '"v":NaN,'), "malformed"
    )
    fail("fail_version_missing", "No v.", base.replace('"v":1,', ""), "malformed")
    fail("fail_not_json", "Not JSON at all.", "hello", "malformed")
    fail("fail_top_level_array", "An array, not an object.", "[" + base + "]", "malformed")
    fail("fail_whitespace", "Pretty-printed.", json.dumps(json.loads(base), indent=1), "malformed")
    reordered = json.loads(base)
    reordered = {"note_id": reordered.pop("note_id"), **reordered}
    fail(
        "fail_key_order",
        "Keys out of order.",
        json.dumps(reordered, separators=(",", ":")),
        "malformed",
    )
    fail("fail_extra_field", "An unknown field.", edit(base, author="alice"), "malformed")
    fail(
        "fail_missing_field",
        "No nonce.",
        json.dumps(
            {k: x for k, x in json.loads(base).items() if k != "nonce"}, separators=(",", ":")
        ),
        "malformed",
    )
    fail(
        "fail_duplicate_json_key", "ct given twice.", base[:-1] + ',"ct":"' + ct + '"}', "malformed"
    )
    fail(
        "fail_duplicate_kid",
        "Bob's stanza appears twice.",
        edit(base, stanzas=[*stanzas, stanzas[1]]),
        "malformed",
    )
    fail(
        "fail_bad_id_chars",
        "A space in the note id.",
        edit(base, note_id="n 1"),
        "malformed",
        note_id="n 1",
    )
    fail(
        "fail_id_too_long",
        "A 129-character group id.",
        edit(base, group_id="g" * 129),
        "malformed",
        group_id="g" * 129,
    )
    fail(
        "fail_base64_padding",
        "epk with = padding.",
        edit_stanza(base, 1, epk=stanzas[1]["epk"] + "="),
        "malformed",
    )
    fail(
        "fail_base64_standard_alphabet",
        "ct starts with + (standard base64 alphabet).",
        edit(base, ct="+" + ct[1:]),
        "malformed",
    )
    fail(
        "fail_base64_trailing_bits",
        "epk's last character has non-zero unused bits.",
        edit_stanza(base, 1, epk=_dirty_tail(stanzas[1]["epk"])),
        "malformed",
    )
    fail(
        "fail_short_epk",
        "epk of 31 bytes.",
        edit_stanza(base, 1, epk=b64(E.b64u_decode(stanzas[1]["epk"])[:31])),
        "malformed",
    )
    fail(
        "fail_stanza_not_object",
        "A stanza that is a string.",
        edit(base, stanzas=[stanzas[0], "bob"]),
        "malformed",
    )
    fail(
        "fail_stanzas_not_list",
        "stanzas is an object.",
        edit(base, stanzas=stanzas[1]),
        "malformed",
    )
    return v


def _set_high_bit(b64text: str) -> str:
    data = bytearray(E.b64u_decode(b64text))
    data[31] ^= 0x80
    return b64(bytes(data))


def _dirty_tail(b64text: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(b64text[-1])
    return b64text[:-1] + alphabet[last | 1]


def backup_vectors() -> dict[str, dict[str, Any]]:
    v: dict[str, dict[str, Any]] = {}

    def good(
        name: str, description: str, key: X25519PrivateKey, passphrase: str, typed: str
    ) -> str:
        tape = Tape(name)
        blob = E.export_private_key(key, passphrase, rng=tape).decode()
        v[name] = {
            "kind": "backup",
            "description": description,
            "blob": blob,
            "passphrase": typed,
            "expected": {"public_key": b64(pub(key))},
            "export": {
                "private_key": b64(key.private_bytes_raw()),
                "passphrase": passphrase,
                "iterations": E.PBKDF2_ITERATIONS,
                "randomness": b64(bytes(tape.drawn)),
            },
        }
        return blob

    blob = good(
        "good_backup",
        "Alice's key under a plain passphrase.",
        ALICE,
        "correct horse battery staple",
        "correct horse battery staple",
    )
    good(
        "good_backup_unicode_passphrase",
        "Made with a decomposed (NFD) passphrase, restored with the composed (NFC) one.",
        CAROL,
        unicodedata.normalize("NFD", "Grüße aus Köln, naïve café"),
        unicodedata.normalize("NFC", "Grüße aus Köln, naïve café"),
    )

    def fail(
        name: str,
        description: str,
        text: str,
        code: str,
        passphrase: str = "correct horse battery staple",
    ) -> None:
        v[name] = {
            "kind": "backup",
            "description": description,
            "blob": text,
            "passphrase": passphrase,
            "expected": {"error": code},
        }

    obj = json.loads(blob)

    def with_(**fields: Any) -> str:
        return json.dumps({**obj, **fields}, separators=(",", ":"))

    fail(
        "fail_backup_wrong_passphrase",
        "One letter off.",
        blob,
        "bad_passphrase",
        "correct horse battery stapler",
    )
    fail("fail_backup_empty_passphrase", "Nothing typed.", blob, "bad_passphrase", "")
    fail(
        "fail_backup_tampered",
        "A bit of the ciphertext flipped.",
        with_(ct=flip(obj["ct"], 5)),
        "bad_passphrase",
    )
    fail(
        "fail_backup_kid_swapped",
        "The key id relabelled (bound as associated data).",
        with_(kid=E.key_id(pub(BOB))),
        "bad_passphrase",
    )
    fail(
        "fail_backup_low_iterations",
        "100,000 iterations: below the floor.",
        with_(iter=100_000),
        "malformed",
    )
    fail(
        "fail_backup_huge_iterations",
        "A billion iterations would freeze the page.",
        with_(iter=1_000_000_000),
        "malformed",
    )
    fail(
        "fail_backup_iterations_float",
        "600000.5 iterations.",
        blob.replace('"iter":600000', '"iter":600000.5'),
        "malformed",
    )
    fail("fail_backup_unsupported_version", "v is 3.", with_(v=3), "unsupported_version")
    fail("fail_backup_other_kdf", "An unknown kdf.", with_(kdf="scrypt"), "malformed")
    fail("fail_backup_not_json", "Truncated.", blob[:40], "malformed")
    fail("fail_backup_oversized", "Over 4,096 bytes.", with_(ct="A" * 5000), "too_large")
    fail(
        "fail_backup_wrong_key_inside",
        "Opens with the passphrase but holds Bob's key under Alice's key id.",
        _forged_backup(ALICE, BOB, "correct horse battery staple"),
        "malformed",
    )
    return v


def backup_v2_vectors() -> dict[str, dict[str, Any]]:
    """Version 2 (scrypt) backups, and the bare KDF, for both implementations."""
    v: dict[str, dict[str, Any]] = {}
    passphrase = "correct horse battery staple"
    tape = Tape("good_backup_scrypt")
    blob = E.backup_private_key(ALICE, passphrase, rng=tape).decode()
    v["good_backup_scrypt"] = {
        "kind": "backup",
        "description": "Alice's key under scrypt N=2^17, r=8, p=1 (version 2).",
        "blob": blob,
        "passphrase": passphrase,
        "expected": {"public_key": b64(pub(ALICE))},
        "export": {"private_key": b64(ALICE.private_bytes_raw()), "passphrase": passphrase,
                   "kdf": "scrypt", "n": E.SCRYPT_N, "randomness": b64(bytes(tape.drawn))},
    }
    salt = bytes(range(16))
    v["good_kdf_scrypt"] = {
        "kind": "kdf",
        "description": "The version-2 backup key: scrypt(NFC UTF-8 passphrase, salt, N=2^17, "
                       "r=8, p=1, 32 bytes), from OpenSSL; the browser computes it with noble.",
        "passphrase": "Grüße aus Köln, naïve café",
        "salt": b64(salt),
        "n": E.SCRYPT_N,
        "expected": {"key": b64(E.scrypt_backup_key("Grüße aus Köln, naïve café", salt))},
    }
    obj = json.loads(blob)

    def fail(name: str, description: str, text: str, code: str,
             typed: str = passphrase) -> None:
        v[name] = {"kind": "backup", "description": description, "blob": text,
                   "passphrase": typed, "expected": {"error": code}}

    def with_(**fields: Any) -> str:
        return json.dumps({**obj, **fields}, separators=(",", ":"))

    fail("fail_backup_scrypt_wrong_passphrase", "One letter off.", blob, "bad_passphrase",
         "correct horse battery stapler")
    fail("fail_backup_scrypt_low_n", "N=2^16: below the floor.", with_(n=2**16), "malformed")
    fail("fail_backup_scrypt_huge_n", "N=2^20 would take a GiB.", with_(n=2**20), "malformed")
    fail("fail_backup_scrypt_n_not_power", "N not a power of two.", with_(n=200_000),
         "malformed")
    fail("fail_backup_scrypt_other_r", "r=16.", with_(r=16), "malformed")
    fail("fail_backup_scrypt_iter_field", "A version-1 field in a version-2 backup.",
         json.dumps({"v": 2, "kid": obj["kid"], "kdf": "scrypt", "iter": 600000,
                     "salt": obj["salt"], "nonce": obj["nonce"], "ct": obj["ct"]},
                    separators=(",", ":")), "malformed")
    fail("fail_backup_scrypt_kid_swapped", "The key id relabelled (bound as associated data).",
         with_(kid=E.key_id(pub(BOB))), "bad_passphrase")
    # The associated data holds the kid's 22 ASCII characters; a writer that used the 16 raw
    # bytes instead makes a blob nobody can open.
    key = E.scrypt_backup_key(passphrase, E.b64u_decode(obj["salt"]))
    raw_kid_ct = AESGCM(key).encrypt(E.b64u_decode(obj["nonce"]),
                                     E.PKCS8_PREFIX + ALICE.private_bytes_raw(),
                                     E.BACKUP_LABEL_V2 + b"\x00" + E.b64u_decode(obj["kid"]))
    fail("fail_backup_scrypt_kid_as_raw_bytes",
         "Sealed with the kid's raw 16 bytes in the associated data instead of its text.",
         with_(ct=b64(raw_kid_ct)), "bad_passphrase")
    return v


SESSION_ID = "sEs5i0nQ7wPzK2rM"


def signed_vectors() -> dict[str, dict[str, Any]]:
    """Version 2: signed by the author (Alice); each bound field changed is refused."""
    v: dict[str, dict[str, Any]] = {}
    ok = {"plaintext": b64(NOTE_TEXT)}
    tape = Tape("signed")
    text, note_key = E.seal(NOTE_TEXT, NOTE_ID, GROUP_ID, [pub(ALICE), pub(BOB)], rng=tape,
                            author=ALICE, session_id=SESSION_ID, audience="group")
    base = text.decode()
    recipe = {"plaintext": b64(NOTE_TEXT), "note_id": NOTE_ID, "group_id": GROUP_ID,
              "recipients": [b64(pub(ALICE)), b64(pub(BOB))],
              "randomness": b64(bytes(tape.drawn)),
              "author_private_key": b64(ALICE.private_bytes_raw()),
              "session_id": SESSION_ID, "audience": "group"}
    extra = {"session_id": SESSION_ID, "author_signing_key": b64(E.signing_public(ALICE))}
    v["good_signed_note"] = env_vector("Version 2, signed by Alice, for Alice and Bob; Bob opens "
                                       "it.", base, BOB, ok, seal=recipe, **extra)
    tape = Tape("signed-rewrap")
    added = E.rewrap(base, BOB, pub(CAROL), rng=tape).decode()
    v["good_signed_then_given_to_carol"] = env_vector(
        "Bob (a reader) gave Carol access: a stanza after the signed ones, with a grant Bob "
        "signed; the author's signature still holds and Carol opens it.", added, CAROL, ok,
        rewrap={"envelope": base, "private_key": b64(BOB.private_bytes_raw()),
                "new_recipient": b64(pub(CAROL)), "randomness": b64(bytes(tape.drawn))},
        grants=[{"key_id": E.key_id(pub(CAROL)), "by": b64(E.signing_public(BOB))}], **extra)
    obj = json.loads(base)
    v.update(grant_vectors(base, added, note_key, extra))

    def changed(name: str, description: str, code: str, text: str | None = None,
                **expect: str) -> None:
        body = env_vector(description, text or base, BOB, {"error": code}, **extra)
        body.update(expect)
        v[name] = body

    def with_(**fields: Any) -> str:
        return json.dumps({**obj, **fields}, separators=(",", ":"))

    changed("fail_signed_other_session", "Filed under another session than the one it names.",
            "bad_ciphertext", session_id="sOthErSe55ion0001")
    changed("fail_signed_session_rewritten", "The session id inside rewritten to match another "
            "session.", "bad_signature", with_(session_id="sOthErSe55ion0001"),
            session_id="sOthErSe55ion0001")
    changed("fail_signed_note_id_rewritten", "The note id inside and where it is filed both "
            "changed.", "bad_signature", with_(note_id="nOthErNote000001"),
            note_id="nOthErNote000001")
    changed("fail_signed_audience", "Audience changed from the whole group to only me.",
            "bad_signature", with_(audience="me"))
    changed("fail_signed_author", "Author key replaced by Carol's signing key.",
            "bad_signature", with_(author=b64(E.signing_public(CAROL))))
    changed("fail_signed_count", "The signed stanza count lowered to 1.", "bad_signature",
            with_(signed=1))
    evil = E.rewrap(base, BOB, pub(CAROL), rng=Tape("evil")).decode()
    smuggled = json.loads(evil)["stanzas"]
    changed("fail_signed_stanza_swapped", "Bob's stanza inside the signed list replaced by one "
            "for Carol.", "bad_signature", with_(stanzas=[smuggled[0], smuggled[2]]))
    changed("fail_signed_body", "One bit of the body flipped.", "bad_signature",
            with_(ct=flip(obj["ct"], 3)))
    changed("fail_signed_nonce", "The nonce changed.", "bad_signature",
            with_(nonce=flip(obj["nonce"], 0)))
    changed("fail_signed_signature", "One bit of the signature flipped.", "bad_signature",
            with_(sig=flip(obj["sig"], 5)))
    changed("fail_signed_count_too_big", "Signed count above the number of stanzas.",
            "malformed", with_(signed=3))
    changed("fail_signed_bad_audience", "An audience that does not exist.", "malformed",
            with_(audience="everyone"))
    del note_key
    return v


DAVE = identity("dave")


def grant_vectors(base: str, added: str, note_key: bytes,
                  extra: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Grants (version 2): stanzas readers add are signed by them, bound to the signed header."""
    v: dict[str, dict[str, Any]] = {}
    ok = {"plaintext": b64(NOTE_TEXT)}
    tape = Tape("grant-chain")
    chain = E.rewrap(added, CAROL, pub(DAVE), rng=tape).decode()
    v["good_grant_chain"] = env_vector(
        "Carol, given access by Bob, gives Dave access in turn: two grants, in stanza order.",
        chain, DAVE, ok,
        rewrap={"envelope": added, "private_key": b64(CAROL.private_bytes_raw()),
                "new_recipient": b64(pub(DAVE)), "randomness": b64(bytes(tape.drawn))},
        grants=[{"key_id": E.key_id(pub(CAROL)), "by": b64(E.signing_public(BOB))},
                {"key_id": E.key_id(pub(DAVE)), "by": b64(E.signing_public(CAROL))}], **extra)
    tape = Tape("grant-unsigned")
    unsigned = E.rewrap(base, note_key, pub(CAROL), rng=tape).decode()
    v["good_signed_given_unsigned"] = env_vector(
        "Given to Carol with the bare note key and no granter (as older clients did): an added "
        "stanza without a grant still opens; readers show it as added without a signature.",
        unsigned, CAROL, ok,
        rewrap={"envelope": base, "note_key": b64(note_key), "new_recipient": b64(pub(CAROL)),
                "randomness": b64(bytes(tape.drawn))}, grants=[], **extra)
    obj = json.loads(chain)
    grants = obj["grants"]

    def fail(name: str, description: str, text: str, code: str, reader: Any = DAVE) -> None:
        v[name] = env_vector(description, text, reader, {"error": code}, **extra)

    def with_(**fields: Any) -> str:
        return json.dumps({**obj, **fields}, separators=(",", ":"))

    fail("fail_grant_signature", "One bit of Carol's grant signature flipped.",
         with_(grants=[grants[0], {**grants[1], "sig": flip(grants[1]["sig"], 7)}]),
         "bad_signature")
    fail("fail_grant_by_swapped", "Carol's grant claims to be by Alice (the author).",
         with_(grants=[grants[0], {**grants[1], "by": obj["author"]}]), "bad_signature")
    fail("fail_grant_stanza_changed", "Dave's stanza, covered by Carol's grant, replaced by "
         "another wrap.", edit_stanza(chain, 3, epk=json.loads(E.rewrap(
             added, CAROL, pub(DAVE), rng=Tape("other-wrap")))["stanzas"][3]["epk"]),
         "bad_signature")
    other, other_key = E.seal(NOTE_TEXT, "nOthErNote000001", GROUP_ID, [pub(ALICE), pub(BOB)],
                              rng=Tape("signed"), author=ALICE, session_id=SESSION_ID,
                              audience="group")
    moved = json.loads(E.rewrap(other, other_key, pub(CAROL), rng=Tape("signed-rewrap")))
    moved["grants"] = json.loads(added)["grants"]
    v["fail_grant_from_another_note"] = env_vector(
        "Bob's grant for Carol copied onto another note of Alice's with the same stanza: the "
        "grant is bound to the header it was made for.",
        json.dumps(moved, separators=(",", ":")), CAROL, {"error": "bad_signature"},
        note_id="nOthErNote000001", **extra)
    fail("fail_grant_for_signed_stanza", "A grant naming Bob's stanza, which the author signed.",
         with_(grants=[{**grants[0], "kid": obj["stanzas"][1]["kid"]}, grants[1]]), "malformed")
    fail("fail_grant_unknown_stanza", "A grant naming a key id with no stanza.",
         with_(grants=[grants[0], {**grants[1], "kid": b64(bytes(16))}]), "malformed")
    fail("fail_grants_out_of_order", "The two grants in the wrong order.",
         with_(grants=[grants[1], grants[0]]), "malformed")
    fail("fail_grants_empty", "An empty list of grants (left out when there are none).",
         with_(grants=[]), "malformed")
    fail("fail_grant_extra_field", "A grant with a field more.",
         with_(grants=[grants[0], {**grants[1], "note": "x"}]), "malformed")
    fail("fail_grants_too_many", "More grants than added stanzas.",
         with_(grants=[grants[0], grants[1], grants[1]]), "malformed")
    return v


def compare_vectors() -> dict[str, dict[str, Any]]:
    """The short code two people read aloud and the QR payload (docs: *Comparing keys*)."""
    people = [(pub(k), E.signing_public(k)) for k in (ALICE, BOB)]
    return {"good_short_code": {
        "kind": "compare",
        "description": "Alice and Bob: the short code (the same whichever way round) and what "
                       "each one's QR code holds.",
        "people": [{"public_key": b64(p), "signing_key": b64(s),
                    "safety_number": E.safety_number(p, s)} for p, s in people],
        "expected": {"short_code": compare.short_code(*people),
                     "qr": [compare.qr_payload(p, s) for p, s in people]},
    }}


def spec_gap_vectors(full_envelope: str) -> dict[str, dict[str, Any]]:
    """One fail vector per ambiguity the independent review found in version 1 of the spec."""
    v: dict[str, dict[str, Any]] = {}

    def parse_fail(name: str, description: str, text: str) -> None:
        v[name] = env_vector(description, text, BOB, {"error": "malformed"})

    parse_fail("fail_deep_nesting", "Nested 5,000 deep: Python's parser gave up (malformed), the "
               "browser's parsed it and saw v=3 (unsupported_version). Over 4 deep is malformed.",
               '{"v":3,"a":' + "[" * 5000 + "]" * 5000 + "}")
    parse_fail("fail_shallow_extra_nesting", "Nested 5 deep: over the limit of 4.",
               '{"v":3,"a":[[[[1]]]]}')
    parse_fail("fail_huge_integer", "A 5,000-digit version: Python refused the integer, the "
               "browser read Infinity. A number over 16 characters is malformed.",
               '{"v":1' + "0" * 5000 + "}")
    parse_fail("fail_lone_surrogate", "Text input with a lone surrogate (not valid Unicode).",
               '{"v":3,"x":"\ud800"}')
    readers = [E.public_key_bytes(identity(f"crowd-{i}")) for i in range(64)]
    v["fail_seal_65_keys_one_low_order"] = {
        "kind": "seal",
        "description": "65 distinct keys, one of them low-order: every key is checked before "
                       "the count, so bad_key (it was too_many_stanzas in code, bad_key in the "
                       "spec).",
        "plaintext": b64(b"x"), "note_id": NOTE_ID, "group_id": GROUP_ID,
        "recipients": [b64(k) for k in readers] + [b64(bytes(32))],
        "expected": {"error": "bad_key"},
    }
    max_reader = CAROL  # the reader good_max_stanzas is opened with
    for name, key, what in (("fail_rewrap_full_short_key", bytes(31), "a 31-byte key"),
                            ("fail_rewrap_full_low_order_key", bytes(32), "a low-order key")):
        v[name] = {
            "kind": "rewrap",
            "description": f"Adding {what} to a note that already has 64 readers: the new key "
                           "is checked first, so bad_key (not too_many_stanzas).",
            "envelope": full_envelope, "private_key": b64(max_reader.private_bytes_raw()),
            "new_recipient": b64(key), "expected": {"error": "bad_key"},
        }
    return v


def _forged_backup(label: X25519PrivateKey, inside: X25519PrivateKey, passphrase: str) -> str:
    tape = Tape("forged")
    kid = E.key_id(pub(label))
    salt, nonce = tape(16), tape(12)
    kdf = PBKDF2HMAC(hashes.SHA256(), 32, salt, E.PBKDF2_ITERATIONS)
    ct = AESGCM(kdf.derive(passphrase.encode())).encrypt(
        nonce,
        E.PKCS8_PREFIX + inside.private_bytes_raw(),
        E.BACKUP_LABEL + b"\x00" + kid.encode(),
    )
    return json.dumps(
        {
            "v": 1,
            "kid": kid,
            "kdf": "pbkdf2-sha256",
            "iter": E.PBKDF2_ITERATIONS,
            "salt": b64(salt),
            "nonce": b64(nonce),
            "ct": b64(ct),
        },
        separators=(",", ":"),
    )


def identity_vectors() -> dict[str, dict[str, Any]]:
    return {
        "good_identities": {
            "kind": "identity",
            "description": "Key ids and fingerprints of the test identities.",
            "keys": [
                {
                    "private_key": b64(k.private_bytes_raw()),
                    "public_key": b64(pub(k)),
                    "key_id": E.key_id(pub(k)),
                    "fingerprint": E.fingerprint(pub(k)),
                }
                for k in (ALICE, BOB, CAROL)
            ],
        }
    }


def build() -> dict[str, str]:
    """Every vector file's name and exact text."""
    envelopes = envelope_vectors()
    vectors = {**identity_vectors(), **envelopes, **backup_vectors(), **backup_v2_vectors(),
               **signed_vectors(), **compare_vectors(),
               **spec_gap_vectors(envelopes["good_max_stanzas"]["envelope"])}
    return {f"{name}.json": json.dumps(body, indent=1) + "\n" for name, body in vectors.items()}


def main() -> int:
    files = build()
    for old in HERE.glob("*.json"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} vector files to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
