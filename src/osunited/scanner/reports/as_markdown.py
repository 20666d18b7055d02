"""The Markdown report, for a merge-request comment or a project page (GitHub and GitLab flavours).

Everything that comes from the repository is escaped so that it renders as the literal text:
a file named `<img src=x onerror=...>.md` or `a|b*c*.md` must neither inject HTML nor break a table,
emphasis, a link or a mention.
"""

from __future__ import annotations

from collections.abc import Sequence

from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, ScanReport
from osunited.scanner.reports._base import ReportFormat
from osunited.scanner.reports._untrusted import one_line

MAX_LOCATIONS = 10
_OUTCOMES = {Outcome.PASS: "✅ pass", Outcome.FAIL: "❌ fail", Outcome.NOT_AVAILABLE: "⚪ n/a"}
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Punctuation that means something inline to CommonMark, GFM (tables, strikethrough), math, GitLab
# inline diffs ({+ +}) or GitHub and GitLab references (@mention, #issue, !merge-request, ~label,
# %milestone, $snippet). Block syntax (# heading, - list, > quote) needs no escape: repository text
# never starts a line here, since line breaks are removed first.
_BACKSLASHED = frozenset("\\`*_{}[]#!|~@$%")


class MarkdownReport(ReportFormat):
    name = "md"
    suffix = ".md"
    description = "Markdown for a merge-request comment or a project page"

    def render(self, report: ScanReport, *, color: bool = False) -> str:
        sections = [
            _header(report),
            _score_table(report),
            _check_table(report.results),
            _findings(report.results),
            "\n".join(f"> Note: {escape(note)}" for note in report.notes),
        ]
        return "\n\n".join(section for section in sections if section) + "\n"


def escape(text: str) -> str:
    """`text` as Markdown that renders as exactly this text, on one line."""
    return "".join(
        _ENTITIES.get(char) or (f"\\{char}" if char in _BACKSLASHED else char)
        for char in one_line(text)
    )


def _header(report: ScanReport) -> str:
    target, stats = report.target, report.stats
    facts = [target.kind]
    if target.revision:
        facts.append(f"revision {escape(target.revision[:12])}")
    facts += [
        f"{stats.files} files",
        f"{report.duration_seconds:.1f} s",
        f"osunited-scanner {escape(report.tool_version)}",
    ]
    return f"## Open Source United scan of {escape(target.location)}\n\n" + " · ".join(facts)


def _score_table(report: ScanReport) -> str:
    rows = ["| Pillar | Score |", "| --- | ---: |"]
    for pillar in Pillar:
        score = report.scores.get(pillar)
        rows.append(f"| {pillar.label} | {'n/a' if score is None else score} |")
    return "\n".join(rows)


def _check_table(results: Sequence[CheckResult]) -> str:
    if not results:
        return "No check ran."
    rows = ["### Checks", "", "| Outcome | Check | Summary |", "| --- | --- | --- |"]
    rows += [
        f"| {_OUTCOMES[r.outcome]} | {escape(r.title)} (`{r.check_id}`) | {escape(r.summary)} |"
        for r in results
    ]
    return "\n".join(rows)


def _findings(results: Sequence[CheckResult]) -> str:
    items = [_finding(finding) for result in results for finding in result.findings]
    if not items:
        return "### Findings\n\nNone."
    return f"### Findings ({len(items)})\n\n" + "\n".join(items)


def _finding(finding: Finding) -> str:
    lines = [f"- **{finding.severity.value}** `{finding.rule_id}`: {escape(finding.message)}"]
    if finding.evidence:
        lines.append(f"  - at {_locations(finding.evidence)}")
    if finding.remediation:
        lines.append(f"  - fix: {escape(finding.remediation)}")
    return "\n".join(lines)


def _locations(evidence: Sequence[Evidence]) -> str:
    shown = ", ".join(_location(e) for e in evidence[:MAX_LOCATIONS])
    more = len(evidence) - MAX_LOCATIONS
    return f"{shown} and {more} more" if more > 0 else shown


def _location(evidence: Evidence) -> str:
    where = escape(evidence.path)
    return f"{where}:{evidence.line}" if evidence.line is not None else where
