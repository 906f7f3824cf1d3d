"""The report's load time is taken in a Chromium no tool drives (bench/guard_timing.py): the page
times itself, posts its figures and is sent on to the next fresh site. These check that the
harness measures a real first check, and says so when it does not; not how fast it is."""

from __future__ import annotations

import pytest

from bench.guard_timing import SAMPLE_FINDINGS, first_check, unattended_first_check

pytestmark = pytest.mark.browser


async def test_an_unattended_browser_reports_each_fresh_page_s_first_check() -> None:
    check = await unattended_first_check(runs=2)
    assert len(check.runs) == 2  # the browser's first page, as it starts, is not among them
    # guard.js's own measure (its name data read) falls inside the page's whole measure.
    assert all(t > 0 for t in check.runs)
    assert 0 < check.data_ms <= max(check.runs)


def test_a_check_that_ran_without_its_name_data_is_not_timed() -> None:
    # The page found only the NHS number: the name lists never arrived, so its time means nothing.
    with pytest.raises(RuntimeError, match="found 1 of the sample's 2"):
        first_check([[40.0, 25.0, SAMPLE_FINDINGS], [38.0, 0.0, 1]])
    assert first_check([[40.0, 25.0, SAMPLE_FINDINGS]]).runs == (40.0,)
