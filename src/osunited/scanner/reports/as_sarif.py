"""The SARIF 2.1.0 report, for code-scanning dashboards (GitHub, Azure DevOps, IDE viewers).

One run; one rule per distinct rule id; one result per finding (passes are not results). File
locations are relative to the `%SRCROOT%` base, so that a dashboard resolves them in its checkout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from osunited.scanner._model import CheckResult, Evidence, Finding, ScanReport, Severity
from osunited.scanner.reports._base import ReportFormat

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "osunited-scanner"
INFORMATION_URI = "https://opensourceunited.org"
SRCROOT = "%SRCROOT%"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class SarifReport(ReportFormat):
    name = "sarif"
    suffix = ".sarif"
    description = "SARIF 2.1.0 for code-scanning dashboards"

    def render(
        self, report: ScanReport, *, color: bool = False, language: str | None = None
    ) -> str:
        document = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [_run(report)]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _run(report: ScanReport) -> dict[str, Any]:
    findings = [(result, finding) for result in report.results for finding in result.findings]
    rules = _rules(findings)
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "results": [_result(finding, index[finding.rule_id]) for _, finding in findings],
        "properties": {"scores": {p.value: score for p, score in report.scores.items()}},
    }
    run.update(_provenance(report))
    return run


def _rules(findings: list[tuple[CheckResult, Finding]]) -> list[dict[str, Any]]:
    """One rule per rule id, described by its first finding."""
    rules: dict[str, dict[str, Any]] = {}
    for result, finding in findings:
        if finding.rule_id in rules:
            continue
        rule: dict[str, Any] = {
            "id": finding.rule_id,
            "name": result.title,
            "shortDescription": {"text": finding.message},
            "properties": {"pillar": result.pillar.value, "check": result.check_id},
        }
        if finding.remediation:
            rule["help"] = {"text": finding.remediation}
        rules[finding.rule_id] = rule
    return list(rules.values())


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
    }
    # GitHub code scanning refuses results without a location, so a finding about the project
    # as a whole points at the root of the source tree.
    evidence = finding.evidence or (Evidence("."),)
    result["locations"] = [_location(item) for item in evidence]
    return result


def _location(evidence: Evidence) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": _relative_uri(evidence.path), "uriBaseId": SRCROOT}
    }
    if evidence.line is not None and evidence.line >= 1:
        region: dict[str, Any] = {"startLine": evidence.line}
        if evidence.column is not None and evidence.column >= 1:
            region["startColumn"] = evidence.column
        if evidence.snippet:
            region["snippet"] = {"text": evidence.snippet}
        physical["region"] = region
    return {"physicalLocation": physical}


def _relative_uri(path: str) -> str:
    """A relative URI reference for a tree path: all but unreserved characters and `/` are
    percent-encoded, so that a file named `a:b?#.md` cannot read as a scheme, query or fragment."""
    return quote(path.lstrip("/"), safe="/")


def _provenance(report: ScanReport) -> dict[str, Any]:
    """Where `%SRCROOT%` was (a scanned directory) and which commit of which repository."""
    target = report.target
    extra: dict[str, Any] = {}
    if target.kind == "directory":
        root = Path(target.location).expanduser().absolute().as_uri().rstrip("/") + "/"
        extra["originalUriBaseIds"] = {SRCROOT: {"uri": root}}
    if target.kind == "git" and target.revision and target.location.startswith("https://"):
        extra["versionControlProvenance"] = [
            {"repositoryUri": target.location, "revisionId": target.revision}
        ]
    return extra
