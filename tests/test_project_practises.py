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
    }
    assert failing == {}


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
