"""The project page's activity chart: commits per month from the scan's history, as bars of an
SVG whose coordinates this module computes. Time runs in the reading direction: the oldest
month at the start of the line, on the left in English and on the right in Arabic. The page
gives the same figures as a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

WIDTH = 480
HEIGHT = 120
GAP = 2
MIN_VISIBLE = 2  # a month with commits never draws as an invisible bar


@dataclass(frozen=True)
class Bar:
    month: date
    commits: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ActivityChart:
    bars: list[Bar]  # oldest month first, whatever the direction
    peak: int
    total: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def first(self) -> date:
        return self.bars[0].month

    @property
    def last(self) -> date:
        return self.bars[-1].month


def activity_chart(months: Any, *, rtl: bool) -> ActivityChart | None:
    """The chart of health.history's `commits_by_month`, or None when it has no month."""
    counts = _months(months)
    if not counts:
        return None
    peak = max(commits for _, commits in counts)
    slot = WIDTH / len(counts)
    bars = []
    for index, (month, commits) in enumerate(counts):
        position = len(counts) - 1 - index if rtl else index
        height = commits / peak * HEIGHT if peak else 0
        if commits:
            height = max(height, MIN_VISIBLE)
        bars.append(
            Bar(
                month=month,
                commits=commits,
                x=round(position * slot + GAP / 2, 2),
                y=round(HEIGHT - height, 2),
                width=round(slot - GAP, 2),
                height=round(height, 2),
            )
        )
    return ActivityChart(bars=bars, peak=peak, total=sum(b.commits for b in bars))


def _months(months: Any) -> list[tuple[date, int]]:
    """(first day of the month, commits), skipping anything malformed in stored data."""
    parsed = []
    for entry in months if isinstance(months, list) else ():
        try:
            year, month = (int(part) for part in str(entry["month"]).split("-"))
            parsed.append((date(year, month, 1), max(0, int(entry["commits"]))))
        except (KeyError, TypeError, ValueError):
            continue
    return sorted(parsed)
