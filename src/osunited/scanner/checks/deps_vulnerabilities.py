"""deps.vulnerabilities: no dependency version has a known vulnerability, looked up offline in
the local OSV database (`osu vulndb update` or `osu vulndb import`)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.deps import Dependency
from osunited.scanner.vulns import (
    VulnDB,
    Vulnerability,
    default_db_path,
    provenance,
    vulnerabilities_for,
)

_SEVERITY = {
    "critical": Severity.ERROR,
    "high": Severity.ERROR,
    "medium": Severity.WARNING,
    "low": Severity.INFO,
    "unknown": Severity.WARNING,
}


class KnownVulnerabilities(Check):
    id = "deps.vulnerabilities"
    title = "Known vulnerabilities"
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        path = context.vulndb_path or default_db_path()
        if not path.is_file():
            return self.not_available(
                f"No vulnerability database at {path}: run `osu vulndb update` (online) or "
                "`osu vulndb import PATH` with OSV exports."
            )
        pinned = [d for d in context.dependencies.dependencies if d.version]
        affecting = _lookups(context, path, pinned)
        found = [(d, v) for d in pinned for v in affecting.get(_package(d), ())]
        findings = [self._finding(dep, vulnerability) for dep, vulnerability in found]
        database = _database(path)
        data = {
            "database": database,
            "checked": len(pinned),
            "vulnerable_packages": len({d.purl for d, _ in found}),
            "vulnerabilities": [
                {"id": v.id, "aliases": list(v.aliases), "purl": d.purl, "severity": v.severity,
                 "score": v.score, "fix": v.suggested_fix}
                for d, v in found
            ],
        }  # fmt: skip
        against = f"(OSV database of {database['date'] or 'unknown date'})"
        if not found:
            summary = f"No known vulnerability in {len(pinned)} pinned dependencies {against}."
            return self.result(Outcome.PASS, summary, data=data)
        packages = data["vulnerable_packages"]
        summary = f"{len(found)} known vulnerability(ies) in {packages} package(s) {against}."
        return self.result(Outcome.FAIL, summary, findings, data)

    def _finding(self, dep: Dependency, vulnerability: Vulnerability) -> Finding:
        ids = ", ".join((vulnerability.id, *vulnerability.aliases))
        score = f", CVSS {vulnerability.score:g}" if vulnerability.score is not None else ""
        fix = (
            f"Upgrade {dep.name} to {vulnerability.suggested_fix} or later."
            if vulnerability.suggested_fix
            else f"No fixed version of {dep.name} is known: consider replacing it or mitigating."
        )
        return self.finding(
            f"{dep.name} {dep.version} is affected by {ids} ({vulnerability.severity}{score}): "
            f"{vulnerability.summary}",
            _SEVERITY.get(vulnerability.severity, Severity.WARNING),
            fix,
            [Evidence(dep.path, dep.line, snippet=dep.purl)],
            rule="known",
        )


def _database(path: Path) -> dict[str, Any]:
    """The database's date and sources, shown with the results (their attribution)."""
    with VulnDB(path) as db:
        found = provenance(db)
    return {
        "date": found.date,
        "newest_modified": found.newest_modified,
        "imported_at": found.imported_at,
        "sources": list(found.sources),
    }


ANALYSIS = "vulnerabilities-1"
Package = tuple[str, str, str]


def _package(dep: Dependency) -> Package:
    return (dep.ecosystem, dep.name, dep.version or "")


def _lookups(
    context: ScanContext, path: Path, pinned: list[Dependency]
) -> dict[Package, list[Vulnerability]]:
    """The vulnerabilities of each package version, cached until the database or the set of
    versions changes."""
    packages = sorted({_package(d) for d in pinned})
    stamp = path.stat()
    key = hashlib.sha256(f"{stamp.st_size}:{stamp.st_mtime_ns}:{packages!r}".encode()).hexdigest()
    cached = context.cache.get(ANALYSIS, key)
    if cached is None:
        with VulnDB(path) as db:
            found = {
                index: vulnerabilities_for(db, *package) for index, package in enumerate(packages)
            }
        cached = {str(i): [dataclasses.asdict(v) for v in vs] for i, vs in found.items() if vs}
        context.cache.put(ANALYSIS, key, cached)
    return {packages[int(i)]: [_vulnerability(v) for v in vs] for i, vs in cached.items()}


def _vulnerability(data: dict[str, Any]) -> Vulnerability:
    return Vulnerability(
        id=data["id"],
        aliases=tuple(data["aliases"]),
        summary=data["summary"],
        severity=data["severity"],
        score=data["score"],
        vector=data["vector"],
        fixed_versions=tuple(data["fixed_versions"]),
        suggested_fix=data["suggested_fix"],
        references=tuple(data["references"]),
    )
