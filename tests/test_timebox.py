"""The one timebox rule that the stand-up and the review share."""

from __future__ import annotations

import pytest

from ritual.clock import ManualClock
from ritual.timebox import Phase, phase, seconds_spent


@pytest.mark.parametrize(
    ("remaining", "timebox", "expected"),
    [
        (120, 120, Phase.NORMAL),
        (25, 120, Phase.NORMAL),
        (24, 120, Phase.WARNING),  # a fifth of 2:00 is 0:24
        (0, 120, Phase.WARNING),
        (-0.5, 120, Phase.OVERTIME),
        (121, 600, Phase.NORMAL),
        (120, 600, Phase.WARNING),
    ],
)
def test_phase(remaining: float, timebox: float, expected: Phase) -> None:
    assert phase(remaining, timebox) is expected


def test_open_segment_counts_up_to_now() -> None:
    clock = ManualClock("2026-11-26T09:00:00Z")
    segments = [["2026-11-26T08:50:00+00:00", "2026-11-26T08:51:30+00:00"]]
    segments.append(["2026-11-26T08:59:00+00:00"])
    assert seconds_spent(segments, clock.now()) == 90 + 60
    clock.advance(30)
    assert seconds_spent(segments, clock.now()) == 90 + 90
