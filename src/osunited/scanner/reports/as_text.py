"""The text report: a summary for a terminal, readable in 100 columns, coloured on request, in
English or in a language of the platform's catalogues. The marks (PASS, FAIL, N/A) and the
severities stay as they are: they are the report's keywords, the ones `--fail-on` takes."""

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
from osunited.scanner._text import _, join, ngettext, say
from osunited.scanner.reports._base import ReportFormat
from osunited.scanner.reports._untrusted import one_line

WIDTH = 100
MAX_LOCATIONS = 5  # a finding about 500 files shows the first few, then a count
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
    translated = True

    def render(
        self, report: ScanReport, *, color: bool = False, language: str | None = None
    ) -> str:
        paint = _Painter(color, language)
        lines = [
            *_header(report, paint),
            "",
            *_scores(report, paint),
            "",
            paint(_("Checks"), "heading"),
        ]
        for result in report.results:
            lines += _check(result, paint)
        if report.notes:
            lines += ["", paint(_("Notes"), "heading")]
            for note in report.notes:
                lines += _wrapped(f"- {one_line(paint.say(note))}", indent=4)
        lines += ["", paint.say(_totals(report))]
        return "\n".join(lines) + "\n"


class _Painter:
    """Colours (when asked) and the language the report is written in."""

    def __init__(self, color: bool, language: str | None = None) -> None:
        self.color = color
        self.language = language

    def __call__(self, text: str, style: str) -> str:
        text = self.say(text)
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if self.color else text

    def say(self, text: str) -> str:
        return say(text, self.language)


def _header(report: ScanReport, paint: _Painter) -> list[str]:
    target = report.target
    facts: list[str] = [target.kind]
    if target.revision:
        facts.append(_("revision {revision}", revision=target.revision[:12]))
    facts += [
        _(
            "{files} ({size})",
            files=_files(report.stats.files),
            size=_size(report.stats.bytes),
        ),
        _("{seconds:.1f} s", seconds=report.duration_seconds),
        f"osunited-scanner {report.tool_version}",
    ]
    heading = _("Scan of {location}", location=one_line(target.location))
    title = _wrapped(paint.say(heading), indent=2, first=("", ""))
    lines = [*(paint(line, "heading") for line in title)]
    lines += _wrapped(paint.say(join(", ", facts)), indent=2)
    skipped = report.stats.skipped
    if skipped:
        lines.append("  " + paint.say(_("{files} not read:", files=_files(len(skipped)))))
        for place in skipped[:_SKIPPED_SHOWN]:
            reason = paint.say(place.snippet or "")
            lines += _wrapped(f"{one_line(place.path)}: {reason}", indent=4)
        if len(skipped) > _SKIPPED_SHOWN:
            more = _("and {count} more (see the JSON report)", count=len(skipped) - _SKIPPED_SHOWN)
            lines.append("    " + paint.say(more))
    return lines


def _scores(report: ScanReport, paint: _Painter) -> list[str]:
    lines = [paint(_("Scores"), "heading")]
    for pillar in Pillar:
        score = report.scores.get(pillar)
        shown = paint.say(_("n/a")) if score is None else f"{score:>3}"
        label = paint.say(pillar.label)
        lines.append(f"  {label:<28}{shown:>4}  {_bar(score)}".rstrip())
    return lines


def _bar(score: int | None) -> str:
    if score is None:
        return ""
    filled = round(score / 10)
    return "#" * filled + "." * (10 - filled)


def _check(result: CheckResult, paint: _Painter) -> list[str]:
    mark = _MARKS[result.outcome]
    lines = _wrapped(
        f"{result.check_id}  {one_line(paint.say(result.summary))}",
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
        one_line(paint.say(finding.message)),
        first=(f"        {label}{pad}", f"        {paint(label, finding.severity)}{pad}"),
        indent=16,
    )
    if finding.evidence:
        where = _("at {locations}", locations=_locations(finding.evidence))
        lines += _wrapped(paint.say(where), indent=16)
    if finding.remediation:
        fix = _("fix: {remediation}", remediation=one_line(paint.say(finding.remediation)))
        lines += _wrapped(paint.say(fix), indent=16)
    return lines


def _locations(evidence: Sequence[Evidence]) -> str:
    shown = ", ".join(location(e) for e in evidence[:MAX_LOCATIONS])
    more = len(evidence) - MAX_LOCATIONS
    return _("{locations} and {count} more", locations=shown, count=more) if more > 0 else shown


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
    return _(
        "{checks}: {passed} passed, {failed} failed, {not_available} not available. Findings: "
        "{errors}, {warnings}, {infos}.",
        checks=ngettext("{count} check", "{count} checks", len(report.results)),
        passed=outcomes[Outcome.PASS],
        failed=outcomes[Outcome.FAIL],
        not_available=outcomes[Outcome.NOT_AVAILABLE],
        errors=ngettext("{count} error", "{count} errors", severities[Severity.ERROR]),
        warnings=ngettext("{count} warning", "{count} warnings", severities[Severity.WARNING]),
        infos=ngettext("{count} info", "{count} info", severities[Severity.INFO]),
    )


def _files(count: int) -> str:
    return ngettext("{count} file", "{count} files", count)


def _size(count: int) -> str:
    if count < 1000:
        return ngettext("{count} byte", "{count} bytes", count)
    size, units = count / 1000, ["kB", "MB", "GB"]
    while size >= 1000 and len(units) > 1:
        size, units = size / 1000, units[1:]
    return f"{size:.1f} {units[0]}"
