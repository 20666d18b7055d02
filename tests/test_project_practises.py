"""The project practises what it checks: its own scan passes every check that its files decide,
and it is REUSE compliant."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from osunited.scanner import Outcome, Severity, scan
from osunited.scanner.publiccode import files_in_directory, validate_publiccode

ROOT = Path(__file__).resolve().parents[1]

# What only a forge, a larger team, a release or a database can show: visible as it is.
NOT_DECIDED_BY_FILES = {
    "health.bus-factor": "a team of more than one person",
    "health.organisational-diversity": "contributors from more than one organisation",
    "health.releases": "a release tag, made when a version is released",
    "health.activity": "the repository's history",
    "health.maintained": "the repository's history",
    "deps.vulnerabilities": "a vulnerability database (`osu vulndb update`, online)",
    "deps.licenses": "a lockfile format that states licenses (uv.lock does not)",
    "license.compatibility": "a lockfile format that states licenses (uv.lock does not)",
    "docs.languages": "documentation in a second UN language (issue #21)",
}
# Checks of what the project does not have, rightly: the pipeline is GitLab CI.
NOT_APPLICABLE = {
    "security.dangerous-workflow": "GitHub workflows",
    "security.token-permissions": "GitHub workflows",
}

# What a person checked and a scan cannot: the condition the check names is met. Each entry is
# the check, the folder its findings may name, and why.
CHECKED_BY_A_PERSON = {
    "license.file-compatibility": (
        "src/osunited/policies/data/third_party/csis/",
        "the CSIS dataset (CC-BY-4.0, ASF Category B) ships unmodified, with its license text "
        "and attribution beside it and on every page that shows it",
    ),
}


@pytest.fixture(scope="module")
def own_report():
    if not (ROOT / ".git").exists():
        pytest.fail("The project's own scan needs its git checkout at " + str(ROOT))
    return scan(ROOT, use_cache=False)


def test_the_projects_own_scan_has_no_error(own_report):
    errors = [
        (result.check_id, finding.message)
        for result in own_report.results
        for finding in result.findings
        if finding.severity.rank >= Severity.ERROR.rank
    ]
    assert errors == []


def test_every_check_its_files_decide_passes(own_report):
    failing = {
        result.check_id: result.summary
        for result in own_report.results
        if result.check_id not in NOT_DECIDED_BY_FILES | NOT_APPLICABLE
        and result.outcome != Outcome.PASS
        and not _only_what_a_person_checked(result)
    }
    assert failing == {}


def _only_what_a_person_checked(result) -> bool:  # type: ignore[no-untyped-def]
    folder, _why = CHECKED_BY_A_PERSON.get(result.check_id, ("", ""))
    findings = [f for f in result.findings if f.severity.rank >= Severity.WARNING.rank]
    paths = [evidence.path for finding in findings for evidence in finding.evidence]
    return bool(folder and paths and all(path.startswith(folder) for path in paths))


def test_what_does_not_apply_is_said_so(own_report):
    outcomes = {result.check_id: result.outcome for result in own_report.results}
    assert {check: outcomes[check] for check in NOT_APPLICABLE} == dict.fromkeys(
        NOT_APPLICABLE, Outcome.NOT_AVAILABLE
    )


def test_the_exceptions_name_real_checks(own_report):
    checks = {result.check_id for result in own_report.results}
    assert set(NOT_DECIDED_BY_FILES) | set(NOT_APPLICABLE) <= checks


def test_every_file_states_its_license_and_holder(own_report):
    by_id = {result.check_id: result for result in own_report.results}
    assert "100%" in by_id["license.file-coverage"].summary
    holders = by_id["license.copyright"].summary
    assert "Open Source United Platform contributors" in holders
    assert "UNICEF" not in holders  # demo data is content, not a copyright holder


def test_the_publiccode_file_is_valid():
    validation = validate_publiccode(
        (ROOT / "publiccode.yml").read_bytes(), files=files_in_directory(ROOT)
    )
    assert validation.problems == ()


def test_reuse_lint_passes():
    reuse = shutil.which("reuse", path=str(Path(sys.executable).parent))
    assert reuse, "the reuse tool is a dev dependency (uv sync installs it)"
    lint = subprocess.run(
        [reuse, "--root", str(ROOT), "lint"], capture_output=True, text=True, timeout=300
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
