"""The Markdown report, for a merge-request comment or a project page (GitHub and GitLab flavours).

Everything that comes from the repository is escaped so that it renders as the literal text:
a file named `<img src=x onerror=...>.md` or `a|b*c*.md` must neither inject HTML nor break a table,
emphasis, a link or a mention.
"""

from __future__ import annotations

from collections.abc import Sequence

from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, ScanReport
from osunited.scanner._text import _, join, say
from osunited.scanner.reports._base import ReportFormat
from osunited.scanner.reports._untrusted import one_line

MAX_LOCATIONS = 10
_OUTCOMES = {
    Outcome.PASS: _("✅ pass"),
    Outcome.FAIL: _("❌ fail"),
    Outcome.NOT_AVAILABLE: _("⚪ n/a"),
}
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
    translated = True

    def render(
        self, report: ScanReport, *, color: bool = False, language: str | None = None
    ) -> str:
        words = _Words(language)
        sections = [
            _header(report, words),
            _score_table(report, words),
            _check_table(report.results, words),
            _findings(report.results, words),
            "\n".join("> " + words(_("Note: {note}", note=words.escaped(n))) for n in report.notes),
        ]
        return "\n\n".join(section for section in sections if section) + "\n"


class _Words:
    """The report's texts in its language (None: English), escaped when they come from a scan."""

    def __init__(self, language: str | None) -> None:
        self.language = language

    def __call__(self, text: str) -> str:
        return say(text, self.language)

    def escaped(self, text: str) -> str:
        return escape(say(text, self.language))


def escape(text: str) -> str:
    """`text` as Markdown that renders as exactly this text, on one line."""
    return "".join(
        _ENTITIES.get(char) or (f"\\{char}" if char in _BACKSLASHED else char)
        for char in one_line(text)
    )


def _header(report: ScanReport, words: _Words) -> str:
    target, stats = report.target, report.stats
    facts: list[str] = [target.kind]
    if target.revision:
        facts.append(_("revision {revision}", revision=escape(target.revision[:12])))
    facts += [
        _("{count} files", count=stats.files),
        _("{seconds:.1f} s", seconds=report.duration_seconds),
        f"osunited-scanner {escape(report.tool_version)}",
    ]
    title = _("Open Source United scan of {location}", location=escape(target.location))
    return f"## {words(title)}\n\n" + words(join(" · ", facts))


def _score_table(report: ScanReport, words: _Words) -> str:
    rows = [f"| {words(_('Pillar'))} | {words(_('Score'))} |", "| --- | ---: |"]
    for pillar in Pillar:
        score = report.scores.get(pillar)
        shown = words(_("n/a")) if score is None else score
        rows.append(f"| {words.escaped(pillar.label)} | {shown} |")
    return "\n".join(rows)


def _check_table(results: Sequence[CheckResult], words: _Words) -> str:
    if not results:
        return words(_("No check ran."))
    heads = [words(_("Outcome")), words(_("Check")), words(_("Summary"))]
    rows = [f"### {words(_('Checks'))}", "", f"| {' | '.join(heads)} |", "| --- | --- | --- |"]
    rows += [
        f"| {words(_OUTCOMES[r.outcome])} | {words.escaped(r.title)} (`{r.check_id}`) | "
        f"{words.escaped(r.summary)} |"
        for r in results
    ]
    return "\n".join(rows)


def _findings(results: Sequence[CheckResult], words: _Words) -> str:
    items = [_finding(finding, words) for result in results for finding in result.findings]
    heading = words(_("Findings"))
    if not items:
        return f"### {heading}\n\n{words(_('None.'))}"
    return f"### {heading} ({len(items)})\n\n" + "\n".join(items)


def _finding(finding: Finding, words: _Words) -> str:
    message = words.escaped(finding.message)
    lines = [f"- **{finding.severity.value}** `{finding.rule_id}`: {message}"]
    if finding.evidence:
        lines.append("  - " + words(_("at {locations}", locations=_locations(finding.evidence))))
    if finding.remediation:
        fix = _("fix: {remediation}", remediation=words.escaped(finding.remediation))
        lines.append("  - " + words(fix))
    return "\n".join(lines)


def _locations(evidence: Sequence[Evidence]) -> str:
    shown = ", ".join(_location(e) for e in evidence[:MAX_LOCATIONS])
    more = len(evidence) - MAX_LOCATIONS
    return _("{locations} and {count} more", locations=shown, count=more) if more > 0 else shown


def _location(evidence: Evidence) -> str:
    where = escape(evidence.path)
    return f"{where}:{evidence.line}" if evidence.line is not None else where
