"""The checks a guard rule's match passes before it is a finding, for server/guard.py: given the
match's groups (index 0 is the whole match, unmatched groups are None), the kind to report, or
None to drop the match. Their browser twins are in web/guard.js.
"""

from __future__ import annotations

import re

from server.guard_context import is_valid_nhs_number, valid_day

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _month_number(name: str) -> int:
    return _MONTHS.index(name[:3].lower()) + 1


def nhs(g: list[str | None]) -> str | None:
    digits = f"{g[1]}{g[3]}{g[4]}"
    # An invalid check digit is still a long number about a patient: report the weaker kind.
    return "nhs_number" if is_valid_nhs_number(digits) else "patient_number"


def nhs_any_grouping(g: list[str | None]) -> str | None:
    digits = "".join(c for c in g[0] or "" if c in "0123456789")
    return "nhs_number" if is_valid_nhs_number(digits) else None


def phone_in_brackets(g: list[str | None]) -> str | None:
    digits = sum(c in "0123456789" for c in g[0] or "")
    return "phone" if digits in (10, 11) else None


def dmy(g: list[str | None]) -> str | None:
    day, month, year = g[1] or "", int(g[3] or "0"), g[4] or ""
    if len(year) == 4 and not ("1900" <= year <= "2099"):
        return None
    return "date" if valid_day(day, month) else None


def dmy_or_mdy(g: list[str | None]) -> str | None:
    """ "07/19/1980": an American month first, when the second number can be no month (only
    with a separator: "10 20 2019 things" is no date)."""
    if int(g[3] or "0") > 12:
        return dmy([g[0], g[3], g[2], g[1], g[4]])
    return dmy(g)


def ymd(g: list[str | None]) -> str | None:
    return "date" if valid_day(g[4] or "0", int(g[3] or "0")) else None


def day_month_name(g: list[str | None]) -> str | None:
    return "date" if valid_day(g[1] or "0", _month_number(g[2] or "")) else None


def born_day_month(g: list[str | None]) -> str | None:
    return "date" if valid_day(g[2] or "0", _month_number(g[3] or "")) else None


def born_digits(g: list[str | None]) -> str | None:
    return "date" if valid_day(g[2] or "0", int(g[3] or "0")) else None


_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth"
).split()
ORDINAL_WORDS = "|".join(_ORDINALS)


def word_day_month(g: list[str | None]) -> str | None:
    unit = _ORDINALS.index((g[2] or "").lower()) + 1
    day = {"twentieth": 20, "thirtieth": 30}.get((g[2] or "").lower(), unit)
    if g[1]:
        if day >= 10:  # "twenty twentieth" is no day
            return None
        day += 20 if g[1].lower() == "twenty" else 30
    return "date" if valid_day(str(day), _month_number(g[3] or "")) else None


def month_name_day(g: list[str | None]) -> str | None:
    return "date" if valid_day(g[2] or "0", _month_number(g[1] or "")) else None


_ORDINAL = re.compile(r"1st|2nd|3rd|[4-9]th")


def postcode(g: list[str | None]) -> str | None:
    # "B12 2nd dose", "the A1 3rd exit": lowercase ordinals are not inward codes. "B33 8TH" is.
    return None if _ORDINAL.fullmatch((g[1] or "")[-3:]) else "postcode"
