"""deps.vulnerabilities: no dependency version has a known vulnerability, looked up offline in
the local OSV database (`osu vulndb update` or `osu vulndb import`)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.deps import Dependency
from osunited.scanner.vulns import VulnDB, Vulnerability, default_db_path, vulnerabilities_for

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
        with VulnDB(path) as db:
            found = [
                (d, v)
                for d in pinned
                for v in vulnerabilities_for(db, d.ecosystem, d.name, d.version or "")
            ]
        findings = [self._finding(dep, vulnerability) for dep, vulnerability in found]
        data = {
            "checked": len(pinned),
            "vulnerable_packages": len({d.purl for d, _ in found}),
            "vulnerabilities": [
                {"id": v.id, "aliases": list(v.aliases), "purl": d.purl, "severity": v.severity,
                 "score": v.score, "fix": v.suggested_fix}
                for d, v in found
            ],
        }  # fmt: skip
        if not found:
            summary = f"No known vulnerability in {len(pinned)} pinned dependencies."
            return self.result(Outcome.PASS, summary, data=data)
        packages = data["vulnerable_packages"]
        summary = f"{len(found)} known vulnerability(ies) in {packages} package(s)."
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
