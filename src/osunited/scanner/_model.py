"""The result types of a scan. Everything here is plain data and serialises to the JSON report."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from osunited.scanner._text import Text, _, stored_text, text_to_dict


class Pillar(StrEnum):
    """The framework pillar a check serves (CPF section 4.3)."""

    LICENSING = "licensing"
    SECURITY = "security"
    DOCUMENTATION = "documentation"
    COMMUNITY = "community"
    REUSABILITY = "reusability"

    @property
    def label(self) -> str:
        return PILLAR_LABELS[self]


PILLAR_LABELS = {
    Pillar.LICENSING: _("Licensing and compliance"),
    Pillar.SECURITY: _("Security"),
    Pillar.DOCUMENTATION: _("Documentation"),
    Pillar.COMMUNITY: _("Community and maintenance"),
    Pillar.REUSABILITY: _("Reusability"),
}


class Severity(StrEnum):
    """How much a finding matters. Ordered: `info` < `warning` < `error`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]


SEVERITY_LABELS = {
    Severity.INFO: _("info"),
    Severity.WARNING: _("warning"),
    Severity.ERROR: _("error"),
}


class Outcome(StrEnum):
    """What a check concluded."""

    PASS = "pass"  # noqa: S105 - not a password
    FAIL = "fail"
    NOT_AVAILABLE = "not_available"  # the input lacks what the check needs (e.g. git history)


@dataclass(frozen=True)
class Evidence:
    """Where a finding was seen. `path` is relative to the scanned tree, with `/` separators."""

    path: str
    line: int | None = None
    column: int | None = None
    snippet: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem or observation, with where it was seen and how to fix it."""

    rule_id: str
    message: str
    severity: Severity
    remediation: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass
class CheckResult:
    """The outcome of one check: a verdict, findings, and the facts it measured (`data`)."""

    check_id: str
    title: str
    pillar: Pillar
    outcome: Outcome
    summary: str
    findings: list[Finding] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def worst_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)


@dataclass(frozen=True)
class Target:
    """What was scanned: `kind` is directory, git or archive; `revision` the commit if known."""

    kind: str
    location: str
    revision: str | None = None


@dataclass(frozen=True)
class TreeStats:
    files: int
    bytes: int
    skipped: tuple[Evidence, ...] = ()  # files left out, with the reason as snippet


@dataclass(frozen=True)
class FileLicense:
    """A license expression found in one file: an SPDX tag (`kind` "tag", score 100) or a
    license text, notice or reference matched to `score` percent of its known words."""

    expression: str
    kind: str
    start_line: int
    end_line: int
    score: float


@dataclass(frozen=True)
class FileCopyright:
    statement: str
    holder: str | None
    line: int


@dataclass(frozen=True)
class FileFacts:
    """What one file says about its licensing (the report's `files` inventory)."""

    path: str
    sha1: str
    licenses: tuple[FileLicense, ...] = ()
    copyrights: tuple[FileCopyright, ...] = ()


@dataclass
class ScanReport:
    """A whole scan. `to_dict()` gives the versioned JSON report (see `report.schema.json`).
    Its texts for people (titles, summaries, messages, remediations, notes) are `Text`s: the
    English, which the report keeps, and the template that renders them in other languages."""

    schema_version: str
    tool_version: str
    target: Target
    started_at: str
    duration_seconds: float
    stats: TreeStats
    results: list[CheckResult]
    scores: dict[Pillar, int | None]
    notes: list[str] = field(default_factory=list)  # what limited the scan, for the reader
    # The project's dependencies (deps.Dependency), for SBOMs; empty when not analysed.
    dependencies: list[Any] = field(default_factory=list)
    # Files with license or copyright facts, by path; empty when licenses were not analysed.
    files: list[FileFacts] = field(default_factory=list)

    def result(self, check_id: str) -> CheckResult:
        for result in self.results:
            if result.check_id == check_id:
                return result
        raise KeyError(check_id)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.results for finding in result.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "tool": {"name": "osunited-scanner", "version": self.tool_version},
            "target": dataclasses.asdict(self.target),
            "started_at": self.started_at,
            "duration_seconds": round(self.duration_seconds, 3),
            "stats": {
                "files": self.stats.files,
                "bytes": self.stats.bytes,
                "skipped": [_evidence_dict(e) for e in self.stats.skipped],
            },
            "scores": {pillar.value: score for pillar, score in self.scores.items()},
            "notes": list(self.notes),
            "notes_text": [_text_or_none(note) for note in self.notes],
            "dependencies": [_dependency_dict(d) for d in self.dependencies],
            "files": [dataclasses.asdict(f) for f in self.files],
            "results": [_result_dict(r) for r in self.results],
        }


def report_from_dict(data: Any) -> ScanReport:
    """A report read back from its JSON form (`ScanReport.to_dict()`), with the scanner's own
    types, so that a stored report is read the way it was written. Dependencies stay plain
    dicts. Raises ValueError when `data` is not such a report."""
    try:
        return ScanReport(
            schema_version=str(data["schema_version"]),
            tool_version=str(data["tool"]["version"]),
            target=Target(**data["target"]),
            started_at=str(data["started_at"]),
            duration_seconds=float(data["duration_seconds"]),
            stats=TreeStats(
                int(data["stats"]["files"]),
                int(data["stats"]["bytes"]),
                tuple(_evidence_from_dict(e) for e in data["stats"].get("skipped", [])),
            ),
            results=[_result_from_dict(r) for r in data["results"]],
            scores={Pillar(k): v for k, v in data["scores"].items()},
            notes=_notes_from_dict(data),
            dependencies=list(data.get("dependencies", [])),
            files=[_file_from_dict(f) for f in data.get("files", [])],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a scan report: {error!r}") from error


def _result_from_dict(data: dict[str, Any]) -> CheckResult:
    return CheckResult(
        check_id=str(data["check_id"]),
        title=_stored(data["title"], data.get("title_text")),
        pillar=Pillar(data["pillar"]),
        outcome=Outcome(data["outcome"]),
        summary=_stored(data["summary"], data.get("summary_text")),
        findings=[
            Finding(
                rule_id=str(f["rule_id"]),
                message=_stored(f["message"], f.get("message_text")),
                severity=Severity(f["severity"]),
                remediation=_stored(f.get("remediation", ""), f.get("remediation_text")),
                evidence=tuple(_evidence_from_dict(e) for e in f.get("evidence", [])),
            )
            for f in data.get("findings", [])
        ],
        data=dict(data.get("data") or {}),
    )


def _stored(english: Any, text: Any) -> str:
    """The stored English, a Text when the report keeps its template (`<key>_text`, since
    1.3)."""
    return stored_text(str(english), text)


def _notes_from_dict(data: dict[str, Any]) -> list[str]:
    notes = [str(note) for note in data.get("notes", [])]
    texts = data.get("notes_text")
    if not isinstance(texts, list) or len(texts) != len(notes):
        return notes
    return [stored_text(note, text) for note, text in zip(notes, texts, strict=True)]


def _evidence_from_dict(data: dict[str, Any]) -> Evidence:
    if "snippet_text" not in data:
        return Evidence(**data)
    fields = {key: value for key, value in data.items() if key != "snippet_text"}
    return Evidence(**{**fields, "snippet": _stored(data["snippet"], data["snippet_text"])})


def _file_from_dict(data: dict[str, Any]) -> FileFacts:
    return FileFacts(
        path=str(data["path"]),
        sha1=str(data["sha1"]),
        licenses=tuple(FileLicense(**item) for item in data.get("licenses", [])),
        copyrights=tuple(FileCopyright(**item) for item in data.get("copyrights", [])),
    )


def _dependency_dict(dependency: Any) -> dict[str, Any]:
    if isinstance(dependency, dict):
        return dependency  # a report read back from its JSON form
    return {
        key: value.value if isinstance(value, StrEnum) else value
        for key, value in dataclasses.asdict(dependency).items()
    }


def _evidence_dict(evidence: Evidence) -> dict[str, Any]:
    fields = {k: v for k, v in dataclasses.asdict(evidence).items() if v is not None}
    return {**fields, **_texts(snippet=evidence.snippet)}


def _result_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "check_id": result.check_id,
        "title": result.title,
        "pillar": result.pillar.value,
        "outcome": result.outcome.value,
        "summary": result.summary,
        **_texts(title=result.title, summary=result.summary),
        "findings": [
            {
                "rule_id": f.rule_id,
                "message": f.message,
                "severity": f.severity.value,
                "remediation": f.remediation,
                **_texts(message=f.message, remediation=f.remediation),
                "evidence": [_evidence_dict(e) for e in f.evidence],
            }
            for f in result.findings
        ],
        "data": result.data,
    }


def _texts(**fields: str | None) -> dict[str, Any]:
    """`<field>_text` (the template and values) of each field whose value is a Text."""
    return {
        f"{key}_text": text_to_dict(value)
        for key, value in fields.items()
        if isinstance(value, Text)
    }


def _text_or_none(value: str) -> dict[str, Any] | None:
    return text_to_dict(value) if isinstance(value, Text) else None
