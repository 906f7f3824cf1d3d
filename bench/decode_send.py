"""Parsing one `send` payload: the old hand checks against msgspec (server/payloads.py).

Both sides do the whole edge work a chat message meets before the actions run: the depth and
number pre-scan (validate.json_input), the shape (an object; session_id, client_id and text
strings; channel a string or absent) and the text rules (client id, NFC, control characters,
length). "old" is the field-by-field code that server/realtime/rooms_ns.py and
server/actions/rooms.py ran before the change, kept here as it was. Prints microseconds per
payload (best of --repeat alternating rounds, to keep a busy machine's noise out) for a short
and a long text.

    .venv/bin/python bench/decode_send.py [--number 20000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import functools
import sys
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from server import payloads, validate  # noqa: E402

GROUP = "group"


def old(data: Any) -> tuple[str, str, str, str]:
    """What the send path did before: json_input, then each field fetched and checked by hand."""
    validate.json_input(data)
    session_id = validate.field(data, "session_id", str)
    channel = validate.optional(data, "channel", str, GROUP)
    client_id = validate.client_id(validate.field(data, "client_id", str))
    text = validate.message_text(validate.field(data, "text", str))
    return session_id, channel, client_id, text


def new(data: Any) -> payloads.Send:
    """What it does now: the same pre-scan, then one conversion into the typed structure."""
    validate.json_input(data)
    return payloads.parse(payloads.Send, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20000, help="payloads per round")
    parser.add_argument("--repeat", type=int, default=7, help="rounds (the best is kept)")
    args = parser.parse_args()
    cases = {
        "short (40 chars)": "A word for the group about the case, ok.",
        "long (2,000 chars, accents)": ("Le généraliste écoute. " * 87)[:2000],
    }
    print(f"{'payload':<30}{'old us':>10}{'new us':>10}{'new/old':>10}")
    for name, text in cases.items():
        data = {"session_id": "s" * 22, "client_id": "c" * 16, "text": text}
        assert new(data).text == old(data)[3]  # the same result from both
        # Old and new alternate round by round, so a busy spell on the machine hits both.
        best = [float("inf"), float("inf")]
        for _ in range(args.repeat):
            for i, fn in enumerate((old, new)):
                spent = timeit.timeit(functools.partial(fn, data), number=args.number)
                best[i] = min(best[i], spent)
        timings = [b / args.number * 1e6 for b in best]
        print(f"{name:<30}{timings[0]:>10.2f}{timings[1]:>10.2f}{timings[1] / timings[0]:>10.2f}")


if __name__ == "__main__":
    main()
