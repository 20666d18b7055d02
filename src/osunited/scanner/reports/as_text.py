"""The text report: a summary for a terminal, readable in 100 columns, coloured on request."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence

from osunited.scanner._model import (
    CheckResult,
    Evidence,
    Finding,
    Outcome,
    Pillar,
    ScanReport,
    Severity,
)
from osunited.scanner.reports._base import ReportFormat
from osunited.scanner.reports._untrusted import one_line

WIDTH = 100
MAX_LOCATIONS = 5  # a finding about 500 files shows the first few, then a count
_PLURALS = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}
_MARKS = {Outcome.PASS: "PASS", Outcome.FAIL: "FAIL", Outcome.NOT_AVAILABLE: "N/A"}
_STYLES = {
    "heading": "1",
    Outcome.PASS: "32",
    Outcome.FAIL: "1;31",
    Outcome.NOT_AVAILABLE: "2",
    Severity.ERROR: "31",
    Severity.WARNING: "33",
    Severity.INFO: "36",
}

_SKIPPED_SHOWN = 10


class TextReport(ReportFormat):
    name = "text"
    suffix = ".txt"
    description = "a summary for people at a terminal"

    def render(self, report: ScanReport, *, color: bool = False) -> str:
        paint = _Painter(color)
        lines = [
            *_header(report, paint),
            "",
            *_scores(report, paint),
            "",
            paint("Checks", "heading"),
        ]
        for result in report.results:
            lines += _check(result, paint)
        if report.notes:
            lines += ["", paint("Notes", "heading")]
            for note in report.notes:
                lines += _wrapped(f"- {one_line(note)}", indent=4)
        lines += ["", _totals(report)]
        return "\n".join(lines) + "\n"


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if self.color else text


def _header(report: ScanReport, paint: _Painter) -> list[str]:
    target = report.target
    facts = [target.kind]
    if target.revision:
        facts.append(f"revision {target.revision[:12]}")
    facts += [
        f"{_plural(report.stats.files, 'file')} ({_size(report.stats.bytes)})",
        f"{report.duration_seconds:.1f} s",
        f"osunited-scanner {report.tool_version}",
    ]
    title = _wrapped(f"Scan of {one_line(target.location)}", indent=2, first=("", ""))
    lines = [*(paint(line, "heading") for line in title), *_wrapped(", ".join(facts), indent=2)]
    skipped = report.stats.skipped
    if skipped:
        lines.append(f"  {_plural(len(skipped), 'file')} not read:")
        for place in skipped[:_SKIPPED_SHOWN]:
            lines += _wrapped(f"{one_line(place.path)}: {place.snippet}", indent=4)
        if len(skipped) > _SKIPPED_SHOWN:
            lines.append(f"    and {len(skipped) - _SKIPPED_SHOWN} more (see the JSON report)")
    return lines


def _scores(report: ScanReport, paint: _Painter) -> list[str]:
    lines = [paint("Scores", "heading")]
    for pillar in Pillar:
        score = report.scores.get(pillar)
        shown = "n/a" if score is None else f"{score:>3}"
        lines.append(f"  {pillar.label:<28}{shown:>4}  {_bar(score)}".rstrip())
    return lines


def _bar(score: int | None) -> str:
    if score is None:
        return ""
    filled = round(score / 10)
    return "#" * filled + "." * (10 - filled)


def _check(result: CheckResult, paint: _Painter) -> list[str]:
    mark = _MARKS[result.outcome]
    lines = _wrapped(
        f"{result.check_id}  {one_line(result.summary)}",
        first=(f"  {mark:<4}  ", f"  {paint(mark, result.outcome)}{' ' * (4 - len(mark))}  "),
        indent=8,
    )
    for finding in result.findings:
        lines += _finding(finding, paint)
    return lines


def _finding(finding: Finding, paint: _Painter) -> list[str]:
    label = finding.severity.value
    pad = " " * (8 - len(label))
    lines = _wrapped(
        one_line(finding.message),
        first=(f"        {label}{pad}", f"        {paint(label, finding.severity)}{pad}"),
        indent=16,
    )
    if finding.evidence:
        lines += _wrapped(f"at {_locations(finding.evidence)}", indent=16)
    if finding.remediation:
        lines += _wrapped(f"fix: {one_line(finding.remediation)}", indent=16)
    return lines


def _locations(evidence: Sequence[Evidence]) -> str:
    shown = ", ".join(location(e) for e in evidence[:MAX_LOCATIONS])
    more = len(evidence) - MAX_LOCATIONS
    return f"{shown} and {more} more" if more > 0 else shown


def location(evidence: Evidence) -> str:
    """`path:line` (or `path` when the line is unknown), made safe for a terminal."""
    where = one_line(evidence.path)
    return f"{where}:{evidence.line}" if evidence.line is not None else where


def _wrapped(text: str, *, indent: int, first: tuple[str, str] | None = None) -> list[str]:
    """`text` wrapped to WIDTH; `first` is the first line's prefix, plain and painted (the
    painted one has the same visible width)."""
    plain, painted = first or (" " * indent, " " * indent)
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=plain,
        subsequent_indent=" " * indent,
        break_on_hyphens=False,
    ) or [plain.rstrip()]
    lines[0] = painted + lines[0][len(plain) :]
    return lines


def _totals(report: ScanReport) -> str:
    outcomes = Counter(result.outcome for result in report.results)
    severities = Counter(finding.severity for finding in report.findings)
    checks = (
        f"{_plural(len(report.results), 'check')}: {outcomes[Outcome.PASS]} passed, "
        f"{outcomes[Outcome.FAIL]} failed, {outcomes[Outcome.NOT_AVAILABLE]} not available."
    )
    findings = ", ".join(_plural(severities[s], s.value, _PLURALS[s]) for s in reversed(Severity))
    return f"{checks} Findings: {findings}."


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _size(count: int) -> str:
    if count < 1000:
        return _plural(count, "byte")
    size, units = count / 1000, ["kB", "MB", "GB"]
    while size >= 1000 and len(units) > 1:
        size, units = size / 1000, units[1:]
    return f"{size:.1f} {units[0]}"
