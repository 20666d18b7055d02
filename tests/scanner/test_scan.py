"""scan() end to end on small trees: verdicts, scores, policy, cache."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from osunited.scanner import Outcome, Pillar, ScanError, Severity, scan
from osunited.scanner._policy import parse_policy
from osunited.scanner.licenses import _index
from tests.scanner.conftest import TreeMaker

MIT_HEADER = "# SPDX-License-Identifier: MIT\n# SPDX-FileCopyrightText: 2025 UNICEF\n"


@pytest.fixture
def mit_project(make_tree: TreeMaker, license_texts: dict[str, str]) -> Path:
    return make_tree(
        {
            "LICENSE": "Copyright (c) 2025 UNICEF\n\n" + license_texts["mit"],
            "README.md": "# Tool\n\n## Installation\n\npip install tool\n\n## Usage\n\ntool run\n",
            "src/tool.py": MIT_HEADER + "print('hello')\n",
            "package.json": '{"name": "tool", "license": "MIT"}',
        }
    )


def test_it_finds_the_project_license_and_its_sources(mit_project: Path) -> None:
    report = scan(mit_project, use_cache=False)
    project = report.result("license.project")
    assert project.outcome == Outcome.PASS
    assert project.data["expression"] == "MIT"
    assert project.data["license_files"] == ["LICENSE"]
    assert report.result("license.osi-approved").outcome == Outcome.PASS
    assert report.result("license.declared-matches-detected").outcome == Outcome.PASS
    assert report.result("license.copyright").data["holders"][0]["name"] == "UNICEF"
    coverage = report.result("license.file-coverage").data
    assert coverage["with_license"] == 1  # src/tool.py; README and package.json have none


def test_it_fails_a_project_without_any_license(make_tree: TreeMaker) -> None:
    report = scan(make_tree({"main.c": "int main() { return 0; }\n"}), use_cache=False)
    project = report.result("license.project")
    assert project.outcome == Outcome.FAIL
    assert [f.rule_id for f in project.findings] == ["license.project.missing"]
    assert project.findings[0].severity == Severity.ERROR
    assert report.result("license.osi-approved").outcome == Outcome.NOT_AVAILABLE


def test_it_flags_a_manifest_that_contradicts_the_license_file(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "Cargo.toml": '[package]\nname = "x"\nlicense = "MIT"\n',
        }
    )
    result = scan(root, use_cache=False).result("license.declared-matches-detected")
    assert result.outcome == Outcome.FAIL
    assert result.findings[0].rule_id == "license.declared-matches-detected.mismatch"
    assert result.findings[0].evidence[0].path == "Cargo.toml"


def test_it_flags_a_license_that_is_not_osi_approved(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree({"LICENSE": license_texts["cc-by-nc-4.0"]})
    report = scan(root, use_cache=False)
    assert report.result("license.project").data["expression"] == "CC-BY-NC-4.0"
    osi = report.result("license.osi-approved")
    assert [f.rule_id for f in osi.findings] == ["license.osi-approved.not-approved"]


def test_it_reads_a_bare_gpl_text_as_or_later_when_the_notices_say_so(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    notice = (
        "# This program is free software: you can redistribute it and/or modify it under the\n"
        "# terms of the GNU General Public License as published by the Free Software\n"
        "# Foundation, either version 3 of the License, or (at your option) any later version.\n"
    )
    root = make_tree({"COPYING": license_texts["gpl-3.0"], "main.py": notice})
    data = scan(root, use_cache=False).result("license.project").data
    assert data["expression"] == "GPL-3.0-or-later"
    assert data["notes"]


def test_pillar_scores_follow_the_documented_rule(mit_project: Path) -> None:
    report = scan(mit_project, use_cache=False)
    licensing = [r for r in report.results if r.pillar == Pillar.LICENSING]
    points = [
        1.0 if r.outcome == Outcome.PASS or r.worst_severity in (None, Severity.INFO)
        else 0.5 if r.worst_severity == Severity.WARNING else 0.0
        for r in licensing
        if r.outcome != Outcome.NOT_AVAILABLE
    ]  # fmt: skip
    assert report.scores[Pillar.LICENSING] == round(100 * sum(points) / len(points))
    assert report.scores[Pillar.COMMUNITY] is None  # no git history: every check N/A


def test_a_policy_can_change_severities_and_disable_checks(mit_project: Path) -> None:
    policy = parse_policy(
        "licenses:\n  recommended: [Apache-2.0]\nseverity:\n  license.policy: error\n"
        "disabled_checks: [publiccode.valid]\n",
        source="test",
    )
    report = scan(mit_project, policy=policy, use_cache=False)
    finding = report.result("license.policy").findings[0]
    assert finding.rule_id == "license.policy.not-recommended"
    assert finding.severity == Severity.ERROR
    assert "publiccode.valid" not in {r.check_id for r in report.results}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail_on: fatal\n", "fail_on must be one of info, warning, error"),
        ("licenses: [MIT]\n", "licenses must be a mapping"),
        ("colour: blue\n", "unknown key(s) colour"),
        ("health:\n  unmaintained_after_days: -3\n", "unmaintained_after_days must be"),
        ("a: [\n", "not valid YAML"),
    ],
)
def test_it_rejects_a_malformed_policy_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ScanError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_policy(text, source="policy.yml")


def test_a_rescan_of_an_unchanged_tree_comes_from_the_cache_without_the_index(
    mit_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = scan(mit_project, cache_dir=tmp_path / "cache")

    def no_index(*args: object) -> None:
        raise AssertionError("the license index was loaded on a rescan")

    monkeypatch.setattr("osunited.scanner.licenses.load_index", no_index)
    monkeypatch.setattr(_index, "build_index", no_index)
    second = scan(mit_project, cache_dir=tmp_path / "cache")
    assert second.to_dict()["results"] == first.to_dict()["results"]


def test_a_changed_file_is_analysed_again(mit_project: Path, tmp_path: Path) -> None:
    scan(mit_project, cache_dir=tmp_path / "cache")
    (mit_project / "src/tool.py").write_text("# SPDX-License-Identifier: Apache-2.0\n")
    report = scan(mit_project, cache_dir=tmp_path / "cache")
    assert report.result("license.file-coverage").data["with_copyright"] == 0


def test_in_a_git_work_tree_ignored_files_are_not_scanned(mit_project: Path) -> None:
    (mit_project / ".gitignore").write_text("build/\n")
    (mit_project / "build").mkdir()
    (mit_project / "build/LICENSE.GPL").write_text("GNU GENERAL PUBLIC LICENSE")
    git = ["git", "-C", str(mit_project), "-c", "user.name=T", "-c", "user.email=t@un.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], check=True)
    report = scan(mit_project, use_cache=False)
    assert report.stats.files == 5  # LICENSE, README.md, src/tool.py, package.json, .gitignore


def test_an_unreadable_target_is_a_scan_error(tmp_path: Path) -> None:
    with pytest.raises(ScanError):
        scan(tmp_path / "missing", use_cache=False)


def test_a_content_license_recommended_by_the_policy_is_only_a_remark(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {"LICENSES/Apache-2.0.txt": license_texts["apache-2.0"],
         "LICENSES/CC0-1.0.txt": license_texts["cc0-1.0"]}
    )  # fmt: skip
    osi = scan(root, use_cache=False).result("license.osi-approved")
    assert osi.outcome == Outcome.PASS
    assert [f.rule_id for f in osi.findings] == ["license.osi-approved.content-license"]
    assert osi.findings[0].severity == Severity.INFO


def test_a_manifest_pointing_at_the_license_file_is_not_a_finding(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    pyproject = '[project]\nname = "x"\nlicense = {file = "LICENSE"}\n'
    root = make_tree({"LICENSE": license_texts["mit"], "pyproject.toml": pyproject})
    result = scan(root, use_cache=False).result("license.declared-matches-detected")
    assert result.outcome == Outcome.PASS
    assert result.findings == []


def test_a_severity_raised_by_the_policy_fails_the_check(make_tree: TreeMaker) -> None:
    root = make_tree({"README.md": "# x\n"})
    policy = parse_policy("severity:\n  docs.folder: error\n", source="test")
    result = scan(root, policy=policy, use_cache=False).result("docs.folder")
    assert result.outcome == Outcome.FAIL
    assert {f.severity for f in result.findings} == {Severity.ERROR}


@pytest.mark.parametrize(
    "text",
    ["disabled_checks: [licence.project]\n", "severity:\n  docs.readm: error\n"],
)
def test_a_policy_naming_an_unknown_check_is_refused(make_tree: TreeMaker, text: str) -> None:
    with pytest.raises(ScanError, match="unknown checks or rules"):
        scan(make_tree({"a": ""}), policy=parse_policy(text, source="p"), use_cache=False)


def test_a_misspelt_policy_setting_is_refused() -> None:
    with pytest.raises(ScanError, match=r"unknown key\(s\) in health: unmaintained_days"):
        parse_policy("health:\n  unmaintained_days: 30\n", source="policy.yml")


def test_on_a_shallow_clone_the_year_long_health_checks_are_not_available(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    origin = make_tree({"a.txt": "a"})
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@un.org"]
    subprocess.run([*git, "-C", str(origin), "init", "-q"], check=True)
    for number in range(3):
        (origin / "a.txt").write_text(str(number))
        subprocess.run([*git, "-C", str(origin), "commit", "-qam", f"c{number}"], check=False)
        subprocess.run([*git, "-C", str(origin), "add", "."], check=True)
        subprocess.run([*git, "-C", str(origin), "commit", "-qm", f"c{number}"], check=False)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True
    )
    report = scan(clone, use_cache=False)
    assert report.result("health.bus-factor").outcome == Outcome.NOT_AVAILABLE
    assert report.result("health.releases").outcome == Outcome.NOT_AVAILABLE
    assert report.result("health.maintained").outcome == Outcome.PASS
    assert report.notes  # the history could not be deepened in a local checkout
