"""The result types of a scan. Everything here is plain data and serialises to the JSON report."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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
    Pillar.LICENSING: "Licensing and compliance",
    Pillar.SECURITY: "Security",
    Pillar.DOCUMENTATION: "Documentation",
    Pillar.COMMUNITY: "Community and maintenance",
    Pillar.REUSABILITY: "Reusability",
}


class Severity(StrEnum):
    """How much a finding matters. Ordered: `info` < `warning` < `error`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


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
    """A whole scan. `to_dict()` gives the versioned JSON report (see `report.schema.json`)."""

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
                tuple(Evidence(**e) for e in data["stats"].get("skipped", [])),
            ),
            results=[_result_from_dict(r) for r in data["results"]],
            scores={Pillar(k): v for k, v in data["scores"].items()},
            notes=[str(note) for note in data.get("notes", [])],
            dependencies=list(data.get("dependencies", [])),
            files=[_file_from_dict(f) for f in data.get("files", [])],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a scan report: {error!r}") from error


def _result_from_dict(data: dict[str, Any]) -> CheckResult:
    return CheckResult(
        check_id=str(data["check_id"]),
        title=str(data["title"]),
        pillar=Pillar(data["pillar"]),
        outcome=Outcome(data["outcome"]),
        summary=str(data["summary"]),
        findings=[
            Finding(
                rule_id=str(f["rule_id"]),
                message=str(f["message"]),
                severity=Severity(f["severity"]),
                remediation=str(f.get("remediation", "")),
                evidence=tuple(Evidence(**e) for e in f.get("evidence", [])),
            )
            for f in data.get("findings", [])
        ],
        data=dict(data.get("data") or {}),
    )


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
    return {k: v for k, v in dataclasses.asdict(evidence).items() if v is not None}


def _result_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "check_id": result.check_id,
        "title": result.title,
        "pillar": result.pillar.value,
        "outcome": result.outcome.value,
        "summary": result.summary,
        "findings": [
            {
                "rule_id": f.rule_id,
                "message": f.message,
                "severity": f.severity.value,
                "remediation": f.remediation,
                "evidence": [_evidence_dict(e) for e in f.evidence],
            }
            for f in result.findings
        ],
        "data": result.data,
    }
