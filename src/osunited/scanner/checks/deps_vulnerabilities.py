"""deps.vulnerabilities: no dependency version has a known vulnerability, looked up offline in
the local OSV database (`osu vulndb update` or `osu vulndb import`)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _
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
    title = _("Known vulnerabilities")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        path = context.vulndb_path or default_db_path()
        if not path.is_file():
            return self.not_available(
                _(
                    "No vulnerability database at {path}: run `osu vulndb update` (online) or "
                    "`osu vulndb import PATH` with OSV exports.",
                    path=str(path),
                )
            )
        database = _database(path)
        pinned = [d for d in context.dependencies.dependencies if d.version]
        checked = [d for d in pinned if d.ecosystem in database["ecosystems"]]
        unchecked = sorted({d.ecosystem for d in pinned} - set(database["ecosystems"]))
        if not pinned:
            return self._nothing_to_check(context, database)
        if not checked:
            # A database without records for these ecosystems knows nothing of them: that is
            # "not measured", not "no known vulnerability".
            return self.result(
                Outcome.NOT_AVAILABLE,
                _(
                    "The {database} has no records for {ecosystems}: none of the {count} pinned "
                    "dependencies could be checked. Import them with `osu vulndb update -e "
                    "{ecosystem}`.",
                    database=_named(database),
                    ecosystems=", ".join(unchecked),
                    count=len(pinned),
                    ecosystem=unchecked[0],
                ),
                data={"database": database, "reason": NOT_COVERED, "unchecked": unchecked},
            )
        affecting = _lookups(context, path, checked)
        found = [(d, v) for d in checked for v in affecting.get(_package(d), ())]
        return self._outcome(found, len(checked), unchecked, database)

    def _nothing_to_check(self, context: ScanContext, database: dict[str, Any]) -> CheckResult:
        """No pinned version to look up: "not measured", never "no known vulnerability"."""
        found = len(context.dependencies.dependencies)
        if found:
            summary = _(
                "None of the {count} dependencies found names an exact version, so none could be "
                "looked up: pin versions (a lockfile) to have them checked.",
                count=found,
            )
            reason = UNPINNED
        else:
            summary = _("No dependency was found to look up.")
            reason = NO_DEPENDENCIES
        return self.result(
            Outcome.NOT_AVAILABLE, summary, data={"database": database, "reason": reason}
        )

    def _outcome(
        self,
        found: list[tuple[Dependency, Vulnerability]],
        checked: int,
        unchecked: list[str],
        database: dict[str, Any],
    ) -> CheckResult:
        data = {
            "database": database,
            "checked": checked,
            "unchecked_ecosystems": unchecked,
            "vulnerable_packages": len({d.purl for d, _ in found}),
            "vulnerabilities": [
                {
                    "id": v.id,
                    "aliases": list(v.aliases),
                    "purl": d.purl,
                    "severity": v.severity,
                    "score": v.score,
                    "fix": v.suggested_fix,
                }
                for d, v in found
            ],
        }
        against = (
            _(
                "({database}; not checked: {ecosystems}, no records)",
                database=_named(database),
                ecosystems=", ".join(unchecked),
            )
            if unchecked
            else _("({database})", database=_named(database))
        )
        if not found:
            summary = _(
                "No known vulnerability in {count} pinned dependencies {against}.",
                count=checked,
                against=against,
            )
            return self.result(Outcome.PASS, summary, data=data)
        summary = _(
            "{count} known vulnerability(ies) in {packages} package(s) {against}.",
            count=len(found),
            packages=len({d.purl for d, _v in found}),
            against=against,
        )
        findings = [self._finding(dep, vulnerability) for dep, vulnerability in found]
        return self.result(Outcome.FAIL, summary, findings, data)

    def _finding(self, dep: Dependency, vulnerability: Vulnerability) -> Finding:
        ids = ", ".join((vulnerability.id, *vulnerability.aliases))
        severity = (
            f"{vulnerability.severity}, CVSS {vulnerability.score:g}"
            if vulnerability.score is not None
            else vulnerability.severity
        )
        fix = (
            _(
                "Upgrade {name} to {version} or later.",
                name=dep.name,
                version=vulnerability.suggested_fix,
            )
            if vulnerability.suggested_fix
            else _(
                "No fixed version of {name} is known: consider replacing it or mitigating.",
                name=dep.name,
            )
        )
        return self.finding(
            _(
                "{name} {version} is affected by {ids} ({severity}): {summary}",
                name=dep.name,
                version=dep.version,
                ids=ids,
                severity=severity,
                summary=vulnerability.summary,
            ),
            _SEVERITY.get(vulnerability.severity, Severity.WARNING),
            fix,
            [Evidence(dep.path, dep.line, snippet=dep.purl)],
            rule="known",
        )


NOT_COVERED = "ecosystems_not_in_database"
UNPINNED = "no_pinned_dependencies"
NO_DEPENDENCIES = "no_dependencies_found"


def _database(path: Path) -> dict[str, Any]:
    """The database's date, sources (the attribution shown with the results) and ecosystems."""
    with VulnDB(path) as db:
        found = provenance(db)
    return {
        "date": found.date,
        "newest_modified": found.newest_modified,
        "imported_at": found.imported_at,
        "sources": list(found.sources),
        "ecosystems": list(found.ecosystems),
    }


def _named(database: dict[str, Any]) -> str:
    if database["date"]:
        return _("OSV database of {date}", date=database["date"])
    return _("OSV database of an unknown date")


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
