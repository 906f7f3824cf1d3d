"""Language reflection: a gentle question, shown only to its writer, when a message labels a
patient with a word the literature links to worse care (the twin of `reflectLanguage` in
web/guard.js; tests/browser/test_guard_parity.py holds them together). Split from
server/guard.py, which re-exports these names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reflection:
    """One stigmatising label, as written (`term`), found at `text[start:end]`."""

    term: str
    start: int
    end: int


# Language reflection: labels the literature links to worse care for people with persistent or
# poorly understood symptoms. Kept short on purpose, so that a prompt stays rare enough to be
# read: each term is a label for a person, not a description of a feeling ("my heart sank" is
# exactly what a Balint group wants said, so "heart sink" with a space is not in the list).

DEFAULT_TERMS: tuple[str, ...] = (
    "heartsink",
    "heart-sink",
    "frequent flyer",
    "frequent flier",
    "time-waster",
    "timewaster",
    "time waster",
    "crock",
    "difficult patient",
    "attention seeker",
    "attention-seeker",
    "attention-seeking",
    "drug seeker",
    "drug-seeker",
    "drug-seeking",
)

# Kind and curious, never a rebuke: the feeling behind a label is exactly what a Balint group
# is for, so the prompt says so before it asks about the patient.
REFLECTION_PROMPT = (
    "You wrote \u201c{term}\u201d. Words like this often carry how hard a consultation has "
    "felt, and that is worth bringing to the group. "
    "What might this patient be feeling when they come to see you?"
)


def reflection_prompt(term: str) -> str:
    """The gentle, never-blocking question shown, only to its writer, when `term` was used."""
    return REFLECTION_PROMPT.format(term=" ".join(term.split()))


def _term_source(term: str) -> str:
    # Literal words (never regex), any run of spaces between them.
    return r"[ \t\n\u00a0]+".join(re.escape(w) for w in term.split())


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    # One spelling per term, whatever its case or spacing: matching ignores both anyway.
    unique: dict[str, str] = {}
    for term in terms:
        words = " ".join(term.split())
        if words:
            unique.setdefault(words.lower(), words)
    if not unique:
        return None
    # Longest first, so the alternation prefers "difficult patient" to a facilitator's "difficult".
    ordered = [unique[k] for k in sorted(unique, key=lambda k: (-len(k), k))]
    alternation = "|".join(_term_source(t) for t in ordered)
    # Whole words with an optional plural "s". Unicode-aware here (Python's \w is letters, digits
    # and "_"; guard.js spells that out as [\p{L}\p{N}_] with the u flag) because extra terms
    # may be in any language.
    return re.compile(rf"(?<!\w)(?:{alternation})s?(?!\w)", re.IGNORECASE)


_DEFAULT_PATTERN = _terms_pattern(DEFAULT_TERMS)


def reflect_language(text: str, extra_terms: Iterable[str] = ()) -> list[Reflection]:
    """Find stigmatising labels in `text`: the defaults plus a facilitator's `extra_terms`.

    Matching is case-insensitive and on whole words; extra terms are literal text, never
    patterns. Each reflection carries the term as written, for `reflection_prompt`.
    """
    extra = [t for t in extra_terms if t.strip()]
    pattern = _terms_pattern([*DEFAULT_TERMS, *extra]) if extra else _DEFAULT_PATTERN
    if pattern is None:
        return []
    return [Reflection(m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]
