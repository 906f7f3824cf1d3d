"""The case-note envelope in Python: shared vectors, round trips, rewrap, limits, key backup.

The browser half of the same vectors runs in tests/browser/test_notes_interop.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.crypto import compare
from server.crypto import envelope as E
from server.errors import AppError

VECTORS = Path(__file__).parent / "vectors" / "notes"


def load(kind: str, prefix: str = "") -> list[Any]:
    params = []
    for path in sorted(VECTORS.glob(f"{prefix}*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        if body["kind"] == kind:
            params.append(pytest.param(body, id=path.stem))
    return params


class Replay:
    """Hands back a recorded randomness tape, and notices if it is not used exactly."""

    def __init__(self, b64: str) -> None:
        self.data = E.b64u_decode(b64)
        self.pos = 0

    def __call__(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        assert len(chunk) == n, "implementation drew more randomness than the vector recorded"
        self.pos += n
        return chunk

    @property
    def finished(self) -> bool:
        return self.pos == len(self.data)


def priv(b64: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(E.b64u_decode(b64))


def pub(key: X25519PrivateKey) -> bytes:
    return E.public_key_bytes(key)


def code_of(excinfo: pytest.ExceptionInfo[E.EnvelopeError]) -> str:
    return excinfo.value.code


@pytest.fixture
def people() -> dict[str, X25519PrivateKey]:
    return {name: E.generate_identity() for name in ("facilitator", "trainee1", "trainee2", "out")}


# --- shared vectors ---------------------------------------------------------------------------


def test_vector_files_match_the_generator() -> None:
    """The committed vectors are exactly what generate.py makes (so it is deterministic, too)."""
    spec = importlib.util.spec_from_file_location("notes_generate", VECTORS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in VECTORS.glob("*.json")}
    assert sorted(built) == sorted(on_disk)
    for name, text in built.items():
        assert on_disk[name] == text, name
    assert any(n.startswith("good_") for n in built) and any(n.startswith("fail_") for n in built)


def browser_made(kind: str) -> list[Any]:
    found = [json.loads(p.read_text(encoding="utf-8"))
             for p in sorted((VECTORS / "from_browser").glob("*.json"))]
    params = [pytest.param(v, id=v["description"]) for v in found if v["kind"] == kind]
    assert params, f"no browser-made {kind} vectors"
    return params


@pytest.mark.parametrize("vector", browser_made("envelope"))
def test_browser_made_envelope_opens_and_python_seals_the_same_bytes(
    vector: dict[str, Any],
) -> None:
    """Sealed by web/crypto.js in Chromium (generate_in_browser.py): Python opens it, and
    Python's seal, given the same randomness, makes exactly the same envelope."""
    assert vector["made_by"] == "web/crypto.js"
    reader = priv(vector["reader_private_key"])
    got = E.open_note(vector["envelope"], vector["note_id"], vector["group_id"], reader,
                      vector.get("session_id"))
    assert got.plaintext == E.b64u_decode(vector["expected"]["plaintext"])
    if "author_signing_key" in vector:  # signed in the browser, verified here
        assert E.b64u_encode(got.author or b"") == vector["author_signing_key"]
    assert E.validate_structure(vector["envelope"]).key_ids == vector["structure"]["key_ids"]
    if "grants" in vector:  # a grant signed in the browser, verified here
        assert [{"key_id": k, "by": E.b64u_encode(by)} for k, by in got.grants] == \
            vector["grants"]
    if "rewrap" in vector:  # remade by Python's rewrap from the same randomness
        w = vector["rewrap"]
        tape = Replay(w["randomness"])
        out = E.rewrap(w["envelope"], priv(w["private_key"]), E.b64u_decode(w["new_recipient"]),
                       rng=tape)
        assert out.decode() == vector["envelope"] and tape.finished
        return
    recipe = vector["seal"]
    tape = Replay(recipe["randomness"])
    author = priv(recipe["author_private_key"]) if "author_private_key" in recipe else None
    env, _ = E.seal(E.b64u_decode(recipe["plaintext"]), recipe["note_id"], recipe["group_id"],
                    [E.b64u_decode(k) for k in recipe["recipients"]], rng=tape, author=author,
                    session_id=recipe.get("session_id"), audience=recipe.get("audience"))
    assert env.decode() == vector["envelope"] and tape.finished


@pytest.mark.parametrize("vector", browser_made("backup"))
def test_browser_made_backup_restores_and_python_makes_the_same_bytes(
    vector: dict[str, Any],
) -> None:
    """A scrypt backup made with noble in Chromium restores in Python, byte-identical remake."""
    key = E.import_private_key(vector["blob"], vector["passphrase"])
    assert E.b64u_encode(pub(key)) == vector["expected"]["public_key"]
    recipe = vector["export"]
    tape = Replay(recipe["randomness"])
    blob = E.backup_private_key(priv(recipe["private_key"]), recipe["passphrase"], recipe["n"],
                                rng=tape)
    assert blob.decode() == vector["blob"] and tape.finished


@pytest.mark.parametrize("vector", load("envelope"))
def test_envelope_vector_opens_or_is_refused(vector: dict[str, Any]) -> None:
    """Each vector gives exactly the expected plaintext or the expected error code."""
    reader = priv(vector["reader_private_key"])
    args = (vector["envelope"], vector["note_id"], vector["group_id"], reader,
            vector.get("session_id"))
    if "plaintext" in vector["expected"]:
        assert E.open_envelope(*args) == E.b64u_decode(vector["expected"]["plaintext"])
        # bytes and str are the same envelope
        assert E.open_envelope(vector["envelope"].encode(), *args[1:]) == E.open_envelope(*args)
        if "author_signing_key" in vector:  # version 2: the verified author
            opened = E.open_note(*args)
            assert E.b64u_encode(opened.author or b"") == vector["author_signing_key"]
            if "grants" in vector:  # who gave access, verified
                assert [{"key_id": k, "by": E.b64u_encode(by)} for k, by in opened.grants] \
                    == vector["grants"]
    else:
        with pytest.raises(E.EnvelopeError) as excinfo:
            E.open_envelope(*args)
        assert code_of(excinfo) == vector["expected"]["error"]
        is_not_for_me = vector["expected"]["error"] == "not_shared_with_you"
        assert isinstance(excinfo.value, E.NotForMe) == is_not_for_me


@pytest.mark.parametrize("vector", load("envelope"))
def test_server_structure_check_matches_vector(vector: dict[str, Any]) -> None:
    """The server's keyless check accepts or refuses exactly as the vector says."""
    if "error" in vector["structure"]:
        with pytest.raises(E.EnvelopeError) as excinfo:
            E.validate_structure(vector["envelope"])
        assert code_of(excinfo) == vector["structure"]["error"]
    else:
        parsed = E.validate_structure(vector["envelope"])
        assert parsed.key_ids == vector["structure"]["key_ids"]


@pytest.mark.parametrize("vector", load("envelope", "good_"))
def test_good_envelope_is_reproduced_byte_for_byte(vector: dict[str, Any]) -> None:
    """Replaying the recorded randomness gives the identical envelope bytes."""
    if "seal" in vector:
        recipe = vector["seal"]
        tape = Replay(recipe["randomness"])
        out, _ = E.seal(
            E.b64u_decode(recipe["plaintext"]),
            recipe["note_id"],
            recipe["group_id"],
            [E.b64u_decode(r) for r in recipe["recipients"]],
            rng=tape,
            author=priv(recipe["author_private_key"]) if "author_private_key" in recipe else None,
            session_id=recipe.get("session_id"),
            audience=recipe.get("audience"),
        )
    else:
        recipe = vector["rewrap"]
        tape = Replay(recipe["randomness"])
        key = (
            priv(recipe["private_key"])
            if "private_key" in recipe
            else E.b64u_decode(recipe["note_key"])
        )
        out = E.rewrap(recipe["envelope"], key, E.b64u_decode(recipe["new_recipient"]), rng=tape)
    assert out.decode() == vector["envelope"]
    assert tape.finished


@pytest.mark.parametrize("vector", load("backup"))
def test_backup_vector_restores_or_is_refused(vector: dict[str, Any]) -> None:
    """Key backups restore the expected key, or fail with the expected code."""
    if "public_key" in vector["expected"]:
        key = E.import_private_key(vector["blob"], vector["passphrase"])
        assert E.b64u_encode(pub(key)) == vector["expected"]["public_key"]
        recipe = vector["export"]
        tape = Replay(recipe["randomness"])
        if recipe.get("kdf") == "scrypt":
            blob = E.backup_private_key(
                priv(recipe["private_key"]), recipe["passphrase"], recipe["n"], rng=tape
            )
        else:
            blob = E.export_private_key(
                priv(recipe["private_key"]), recipe["passphrase"], recipe["iterations"], rng=tape
            )
        assert blob.decode() == vector["blob"] and tape.finished
    else:
        with pytest.raises(E.EnvelopeError) as excinfo:
            E.import_private_key(vector["blob"], vector["passphrase"])
        assert code_of(excinfo) == vector["expected"]["error"]


@pytest.mark.parametrize("vector", load("identity"))
def test_identity_vector(vector: dict[str, Any]) -> None:
    """Public keys, key ids and fingerprints are derived as the spec says."""
    for entry in vector["keys"]:
        public = pub(priv(entry["private_key"]))
        assert E.b64u_encode(public) == entry["public_key"]
        assert E.key_id(public) == entry["key_id"]
        assert E.fingerprint(public) == entry["fingerprint"]


def test_base64url_is_strict_and_round_trips() -> None:
    """Only canonical unpadded base64url decodes; every length round-trips."""
    for n in range(40):
        data = bytes(range(n))
        assert E.b64u_decode(E.b64u_encode(data)) == data
    for bad in ("AA==", "AA=", "A", "AB", "+/8", "AAA ", 7):
        with pytest.raises(E.EnvelopeError) as excinfo:
            E.b64u_decode(bad)
        assert code_of(excinfo) == "malformed", bad
    assert E.b64u_decode("AA") == b"\x00" and E.b64u_decode("_w") == b"\xff"
    with pytest.raises(E.EnvelopeError):
        E.b64u_decode("AA", 2)


# --- round trips ------------------------------------------------------------------------------


def test_every_reader_opens_and_an_outsider_gets_not_for_me(people: dict) -> None:
    """Sealed to three group members: each reads it; someone else is told it is not for them."""
    readers = [people["facilitator"], people["trainee1"], people["trainee2"]]
    text = b"We noticed how often the word 'difficult' came up."
    envelope, note_key = E.seal(text, "note1", "group1", [pub(k) for k in readers])
    assert len(note_key) == 32
    for key in readers:
        assert E.open_envelope(envelope, "note1", "group1", key) == text
    with pytest.raises(E.NotForMe):
        E.open_envelope(envelope, "note1", "group1", people["out"])


def test_sealing_twice_uses_fresh_randomness(people: dict) -> None:
    """Same note, same reader: different key, nonce and ephemeral keys each time."""
    a, key_a = E.seal(b"same", "n", "g", [pub(people["trainee1"])])
    b, key_b = E.seal(b"same", "n", "g", [pub(people["trainee1"])])
    assert a != b and key_a != key_b
    sa, sb = E.validate_structure(a), E.validate_structure(b)
    assert sa.nonce != sb.nonce and sa.stanzas[0].epk != sb.stanzas[0].epk


def test_serialisation_is_the_documented_layout(people: dict) -> None:
    """One line, fixed key order, unpadded base64url of the documented lengths."""
    envelope, _ = E.seal(b"x" * 10, "n1", "g1", [pub(people["trainee1"])])
    obj = json.loads(envelope)
    assert list(obj) == ["v", "note_id", "group_id", "stanzas", "nonce", "ct"]
    assert list(obj["stanzas"][0]) == ["kid", "epk", "wk"]
    assert [len(obj["stanzas"][0][k]) for k in ("kid", "epk", "wk")] == [22, 43, 64]
    assert len(obj["nonce"]) == 16 and len(E.b64u_decode(obj["ct"])) == 10 + 16
    assert b" " not in envelope and b"=" not in envelope
    assert obj["stanzas"][0]["kid"] == E.key_id(pub(people["trainee1"]))


def test_wrong_filing_is_bad_ciphertext_not_a_leak(people: dict) -> None:
    """Opening under another group fails, and the error carries no note text."""
    secret = b"the patient's daughter phoned again"
    envelope, _ = E.seal(secret, "n1", "g1", [pub(people["trainee1"])])
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.open_envelope(envelope, "n1", "g2", people["trainee1"])
    assert excinfo.value.code == "bad_ciphertext"
    assert "daughter" not in str(excinfo.value) and "daughter" not in repr(excinfo.value)
    assert isinstance(excinfo.value, AppError) and excinfo.value.status == 400


# --- rewrap -----------------------------------------------------------------------------------


def test_rewrap_adds_a_reader_without_touching_the_body(people: dict) -> None:
    """A new trainee joins: one stanza is appended, everything else is byte-identical."""
    envelope, note_key = E.seal(b"case", "n1", "g1", [pub(people["facilitator"])])
    before = E.validate_structure(envelope)
    for key in (note_key, people["facilitator"]):
        after_bytes = E.rewrap(envelope, key, pub(people["trainee2"]))
        after = E.validate_structure(after_bytes)
        assert after.ct == before.ct and after.nonce == before.nonce
        assert after.stanzas[:1] == before.stanzas and len(after.stanzas) == 2
        assert E.open_envelope(after_bytes, "n1", "g1", people["trainee2"]) == b"case"


def test_rewrap_for_an_existing_reader_changes_nothing(people: dict) -> None:
    """Adding someone who can already read is a no-op, not a duplicate stanza."""
    envelope, note_key = E.seal(b"case", "n1", "g1", [pub(people["trainee1"])])
    assert E.rewrap(envelope, note_key, pub(people["trainee1"])) == envelope


def test_rewrap_refusals(people: dict) -> None:
    """Outsiders cannot add readers, a wrong note key is caught, and the cap holds."""
    envelope, note_key = E.seal(b"case", "n1", "g1", [pub(people["trainee1"])])
    with pytest.raises(E.NotForMe):
        E.rewrap(envelope, people["out"], pub(people["trainee2"]))
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.rewrap(envelope, bytes(32), pub(people["trainee2"]))
    assert code_of(excinfo) == "bad_ciphertext"
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.rewrap(envelope, note_key[:16], pub(people["trainee2"]))
    assert code_of(excinfo) == "bad_key"
    full, key = E.seal(b"case", "n1", "g1", [pub(E.generate_identity()) for _ in range(64)])
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.rewrap(full, key, pub(people["trainee2"]))
    assert code_of(excinfo) == "too_many_stanzas"


# --- limits -----------------------------------------------------------------------------------


def test_seal_limits(people: dict) -> None:
    """64 KiB and 64 readers are allowed; one more of either is refused, as is nobody."""
    reader = pub(people["trainee1"])
    E.seal(bytes(E.MAX_PLAINTEXT), "n", "g", [reader])
    cases = [
        ((bytes(E.MAX_PLAINTEXT + 1), "n", "g", [reader]), "too_large"),
        ((b"x", "n", "g", []), "no_stanzas"),
        ((b"x", "n", "g", [pub(E.generate_identity()) for _ in range(65)]), "too_many_stanzas"),
        ((b"x", "n 1", "g", [reader]), "malformed"),
        ((b"x", "n", "", [reader]), "malformed"),
        ((b"x", "n", "g" * 129, [reader]), "malformed"),
        ((b"x", "n", "g", [reader[:31]]), "bad_key"),
        ((b"x", "n", "g", [bytes(32)]), "bad_key"),  # low-order point: zero shared secret
    ]
    for args, code in cases:
        with pytest.raises(E.EnvelopeError) as excinfo:
            E.seal(*args)
        assert code_of(excinfo) == code, code
    sixty_four = [pub(E.generate_identity()) for _ in range(63)] + [reader, reader]
    envelope, _ = E.seal(b"x", "n", "g", sixty_four)
    assert len(E.validate_structure(envelope).stanzas) == 64


def test_largest_valid_envelope_fits_under_the_size_cap() -> None:
    """64 readers, 128-character ids and a 64 KiB note give the 97,788 bytes the spec states."""
    readers = [pub(E.generate_identity()) for _ in range(64)]
    envelope, _ = E.seal(bytes(E.MAX_PLAINTEXT), "n" * 128, "g" * 128, readers)
    assert len(envelope) == 97_788 < E.MAX_ENVELOPE_BYTES
    assert len(E.validate_structure(envelope).key_ids) == 64


def test_lengths_are_checked_before_any_decryption(people: dict) -> None:
    """An over-long body is refused even though it would decrypt (only the check stops it)."""
    vector = json.loads((VECTORS / "fail_oversized_plaintext.json").read_text())
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.open_envelope(
            vector["envelope"],
            vector["note_id"],
            vector["group_id"],
            priv(vector["reader_private_key"]),
        )
    assert code_of(excinfo) == "too_large"


def test_structure_check_rejects_non_canonical_spellings(people: dict) -> None:
    """Escaped characters or a trailing newline are not the canonical envelope."""
    envelope, _ = E.seal(b"x", "n1", "g1", [pub(people["trainee1"])])
    E.validate_structure(envelope)
    for variant in (
        envelope + b"\n",
        envelope.replace(b'"n1"', b'"\\u006e1"'),
        b"\xef\xbb\xbf" + envelope,
        envelope.replace(b'"v":1', b'"v":1e0'),
    ):
        with pytest.raises(E.EnvelopeError) as excinfo:
            E.validate_structure(variant)
        assert code_of(excinfo) == "malformed"
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.validate_structure(b"[" * 50_000 + b"]" * 50_000)
    assert code_of(excinfo) == "malformed"


# --- key backup -------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", load("seal") + load("rewrap"))
def test_operation_vector_is_refused(vector: dict[str, Any]) -> None:
    """Sealing and adding a reader refuse with the vector's code (the spec's order of checks)."""
    with pytest.raises(E.EnvelopeError) as excinfo:
        if vector["kind"] == "seal":
            E.seal(E.b64u_decode(vector["plaintext"]), vector["note_id"], vector["group_id"],
                   [E.b64u_decode(k) for k in vector["recipients"]])
        else:
            E.rewrap(vector["envelope"], priv(vector["private_key"]),
                     E.b64u_decode(vector["new_recipient"]))
    assert code_of(excinfo) == vector["expected"]["error"]


@pytest.mark.parametrize("vector", load("kdf"))
def test_kdf_vector(vector: dict[str, Any]) -> None:
    """The version-2 backup key is scrypt with the spec's parameters (checked by the browser's
    noble scrypt too, in tests/browser/test_notes_interop.py)."""
    key = E.scrypt_backup_key(vector["passphrase"], E.b64u_decode(vector["salt"]), vector["n"])
    assert E.b64u_encode(key) == vector["expected"]["key"]


def test_scrypt_is_rfc_7914() -> None:
    """The library's scrypt against RFC 7914 section 12's third vector (not our own output)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    key = Scrypt(salt=b"SodiumChloride", length=64, n=16384, r=8, p=1).derive(b"pleaseletmein")
    assert key.hex() == (
        "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
        "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")


def test_backup_round_trip_and_wrong_passphrase(people: dict) -> None:
    """A backup restores the same key; a wrong passphrase is `bad_passphrase`."""
    key = people["trainee1"]
    blob = E.backup_private_key(key, "blue kettle on the third shelf")
    assert json.loads(blob)["kdf"] == "scrypt" and json.loads(blob)["n"] == 2**17
    assert pub(E.import_private_key(blob, "blue kettle on the third shelf")) == pub(key)
    with pytest.raises(E.EnvelopeError) as excinfo:
        E.import_private_key(blob, "blue kettle on the second shelf")
    assert code_of(excinfo) == "bad_passphrase"
    assert b"blue kettle" not in blob


def test_backup_export_refusals(people: dict) -> None:
    """No empty passphrases and no iteration counts below the floor."""
    for args, code in (
        ((people["trainee1"], ""), "bad_passphrase"),
        ((people["trainee1"], "pass", 1000), "malformed"),
    ):
        with pytest.raises(E.EnvelopeError) as excinfo:
            E.export_private_key(*args)
        assert code_of(excinfo) == code


@pytest.mark.parametrize("vector", load("compare"))
def test_short_code_and_qr_vector(vector: dict[str, Any]) -> None:
    """The short code is the same both ways round; the QR payload holds the person's keys."""
    people = [(E.b64u_decode(p["public_key"]), E.b64u_decode(p["signing_key"]))
              for p in vector["people"]]
    assert compare.short_code(*people) == vector["expected"]["short_code"]
    assert compare.short_code(*reversed(people)) == vector["expected"]["short_code"]
    assert re.fullmatch(r"\d{6} \d{6} \d{6} \d{6}", vector["expected"]["short_code"])
    assert [compare.qr_payload(*p) for p in people] == vector["expected"]["qr"]
    assert [compare.parse_qr(q) for q in vector["expected"]["qr"]] == people
    with pytest.raises(E.EnvelopeError):
        compare.parse_qr(vector["expected"]["qr"][0] + "x")


def test_a_grant_names_who_gave_access_and_the_server_shape_holds(people: dict) -> None:
    """A reader's rewrap of a signed note carries a grant by that reader; the bare note key
    with a granter signs too; a grant is refused when it no longer matches its stanza."""
    fac, t1, t2 = people["facilitator"], people["trainee1"], people["trainee2"]
    sealed, note_key = E.seal(b"x", "n1", "g1", [pub(fac), pub(t1)], author=fac,
                              session_id="s1", audience="group")
    given = E.rewrap(sealed, t1, pub(t2))
    opened = E.open_note(given, "n1", "g1", t2, "s1")
    assert opened.grants == ((E.key_id(pub(t2)), E.signing_public(t1)),)
    by_key = E.rewrap(sealed, note_key, pub(t2), granter=fac)
    assert E.open_note(by_key, "n1", "g1", t2, "s1").grants[0][1] == E.signing_public(fac)
    # A grant moved onto the other wrap of the same reader: refused.
    forged = json.loads(by_key)
    forged["grants"] = json.loads(given)["grants"]
    with pytest.raises(E.EnvelopeError) as caught:
        E.open_note(json.dumps(forged, separators=(",", ":")), "n1", "g1", t2, "s1")
    assert code_of(caught) == "bad_signature"
