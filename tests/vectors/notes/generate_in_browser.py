"""Good vectors made by the BROWSER code (web/crypto.js in Chromium), checked by Python.

`generate.py` makes its good vectors with the Python implementation, and the browser suite
checks them; this script makes the other half with web/crypto.js, written to `from_browser/`,
and tests/test_envelope.py checks that Python opens each one and, replaying the same randomness,
seals the very same bytes. So neither implementation is only ever checked against itself.

    PYTHONPATH=. .venv/bin/python tests/vectors/notes/generate_in_browser.py

Needs Chromium (tests/browser/conftest.py finds it) and starts the app on a loopback port to
serve web/crypto.js from a secure origin. Deterministic: the same files every run.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from tests.browser.conftest import CHROMIUM_ARGS, EXECUTABLE, start_server

HERE = Path(__file__).resolve().parent
OUT = HERE / "from_browser"

_spec = importlib.util.spec_from_file_location("notes_generate", HERE / "generate.py")
assert _spec and _spec.loader
G = importlib.util.module_from_spec(_spec)
sys.modules["notes_generate"] = G
_spec.loader.exec_module(G)

# (name, description, plaintext, recipients by name, reader by name[, author by name])
ENVELOPES: list[tuple[Any, ...]] = [
    ("good_browser_signed_note", "Version 2, signed in Chromium by Carol, for Carol and Alice.",
     G.NOTE_TEXT, ["CAROL", "ALICE"], "ALICE", "CAROL"),
    ("good_browser_single_recipient", "One reader, sealed in Chromium.", G.NOTE_TEXT,
     ["ALICE"], "ALICE"),
    ("good_browser_three_recipients", "Three readers, sealed in Chromium; the last opens it.",
     "Ärztin — «ich war wütend» 🩺\n".encode(), ["BOB", "ALICE", "CAROL"], "CAROL"),
    ("good_browser_duplicate_dropped", "Alice twice: one stanza, one ephemeral key drawn.",
     b"dup", ["ALICE", "BOB", "ALICE"], "BOB"),
    ("good_browser_empty_note", "An empty note, sealed in Chromium.", b"", ["BOB"], "BOB"),
]

SCRIPT = """
async (arg) => {
  const m = await import('/static/crypto.js');
  const replay = (b64) => {
    const data = m.b64uDecode(b64);
    let pos = 0;
    const rng = (n) => { pos += n; return data.slice(pos - n, pos); };
    rng.used = () => pos;
    return rng;
  };
  const out = {};
  for (const e of arg.envelopes) {
    const rng = replay(e.tape);
    const author = e.author ? await m.importRawPrivateKey(m.b64uDecode(e.author)) : undefined;
    const { envelope } = await m.seal(m.b64uDecode(e.plaintext), e.note_id, e.group_id,
      e.recipients.map((k) => m.b64uDecode(k)),
      { rng, author, sessionId: e.session_id, audience: e.audience });
    out[e.name] = { envelope, used: rng.used() };
  }
  // Alice, a reader of Carol's signed note, gives Bob access: the grant is signed here.
  const g = arg.grant, rngG = replay(g.tape);
  const granter = await m.importRawPrivateKey(m.b64uDecode(g.private_key));
  out.grant = { envelope: await m.rewrap(out[g.base].envelope, granter,
    m.b64uDecode(g.new_recipient), { rng: rngG }), used: rngG.used() };
  const b = arg.backup, rng = replay(b.tape);
  const id = await m.importRawPrivateKey(m.b64uDecode(b.private_key), { extractable: true });
  out.backup = { blob: await m.backupPrivateKey(id, b.passphrase, m.SCRYPT_N, { rng }),
                 used: rng.used() };
  return out;
}
"""


def b64(data: bytes) -> str:
    return G.b64(data)


async def make() -> dict[str, str]:
    keys = {"ALICE": G.ALICE, "BOB": G.BOB, "CAROL": G.CAROL}
    jobs = []
    for name, _, plaintext, who, _, *author in ENVELOPES:
        distinct = len(dict.fromkeys(who))
        tape = G.Tape(name)
        job = {"name": name, "plaintext": b64(plaintext), "note_id": G.NOTE_ID,
               "group_id": G.GROUP_ID, "recipients": [b64(G.pub(keys[k])) for k in who],
               "tape": b64(tape(32 + 12 + 32 * distinct))}
        if author:
            job |= {"author": b64(keys[author[0]].private_bytes_raw()),
                    "session_id": G.SESSION_ID, "audience": "facilitators"}
        jobs.append(job)
    passphrase = "Grüße aus Köln, naïve café"
    backup_tape = b64(G.Tape("good_browser_backup_scrypt")(16 + 12))
    backup_job = {"private_key": b64(G.CAROL.private_bytes_raw()), "passphrase": passphrase,
                  "tape": backup_tape}
    grant_job = {"base": "good_browser_signed_note",
                 "private_key": b64(G.ALICE.private_bytes_raw()),
                 "new_recipient": b64(G.pub(G.BOB)),
                 "tape": b64(G.Tape("good_browser_grant_to_bob")(32))}
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp))
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=EXECUTABLE,
                                                   args=CHROMIUM_ARGS, headless=True)
                page = await browser.new_page()
                await page.goto(server.url + "/#/sign-in")
                got = await page.evaluate(SCRIPT, {"envelopes": jobs, "backup": backup_job,
                                                   "grant": grant_job})
                await browser.close()
        finally:
            server.stop()
    files: dict[str, str] = {}
    for (name, description, plaintext, _who, reader, *_), job in zip(ENVELOPES, jobs,
                                                                      strict=True):
        made = got[name]
        body: dict[str, Any] = {
            "kind": "envelope", "description": description, "made_by": "web/crypto.js",
            "note_id": G.NOTE_ID, "group_id": G.GROUP_ID,
            "reader_private_key": b64(keys[reader].private_bytes_raw()),
            "envelope": made["envelope"], "expected": {"plaintext": b64(plaintext)},
            "structure": {"key_ids": [s["kid"] for s in json.loads(made["envelope"])["stanzas"]]},
            "seal": {"plaintext": job["plaintext"], "note_id": G.NOTE_ID,
                     "group_id": G.GROUP_ID, "recipients": job["recipients"],
                     "randomness": job["tape"]},
        }
        if "author" in job:
            body["session_id"] = job["session_id"]
            body["author_signing_key"] = b64(G.E.signing_public(keys[job_author(job, keys)]))
            body["seal"] |= {"author_private_key": job["author"],
                             "session_id": job["session_id"], "audience": job["audience"]}
        assert made["used"] == len(G.E.b64u_decode(job["tape"]))
        files[f"{name}.json"] = json.dumps(body, indent=1) + "\n"
    files["good_browser_grant_to_bob.json"] = grant_file(got, grant_job)
    files["good_browser_backup_scrypt.json"] = json.dumps({
        "kind": "backup", "description": "Carol's key backed up in Chromium (noble scrypt).",
        "made_by": "web/crypto.js", "blob": got["backup"]["blob"], "passphrase": passphrase,
        "expected": {"public_key": b64(G.pub(G.CAROL))},
        "export": {"private_key": backup_job["private_key"], "passphrase": passphrase,
                   "kdf": "scrypt", "n": 2**17, "randomness": backup_tape},
    }, indent=1) + "\n"
    return files


def grant_file(got: dict[str, Any], job: dict[str, Any]) -> str:
    """Alice's grant to Bob, made in Chromium: Python must open it, report the grant, and
    remake it byte for byte from the same randomness."""
    made = got["grant"]["envelope"]
    assert got["grant"]["used"] == 32
    return json.dumps({
        "kind": "envelope", "made_by": "web/crypto.js",
        "description": "Alice (a reader of Carol's signed note) gives Bob access in Chromium; "
                       "her grant is signed there.",
        "note_id": G.NOTE_ID, "group_id": G.GROUP_ID, "session_id": G.SESSION_ID,
        "reader_private_key": b64(G.BOB.private_bytes_raw()), "envelope": made,
        "expected": {"plaintext": b64(G.NOTE_TEXT)},
        "structure": {"key_ids": [s["kid"] for s in json.loads(made)["stanzas"]]},
        "author_signing_key": b64(G.E.signing_public(G.CAROL)),
        "grants": [{"key_id": G.E.key_id(G.pub(G.BOB)), "by": b64(G.E.signing_public(G.ALICE))}],
        "rewrap": {"envelope": got[job["base"]]["envelope"], "private_key": job["private_key"],
                   "new_recipient": job["new_recipient"], "randomness": job["tape"]},
    }, indent=1) + "\n"


def job_author(job: dict[str, Any], keys: dict[str, Any]) -> str:
    return next(n for n, k in keys.items() if b64(k.private_bytes_raw()) == job["author"])


def main() -> int:
    files = asyncio.run(make())
    OUT.mkdir(exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} browser-made vector files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
