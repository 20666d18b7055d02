"""Dependencies in the scan: the inventory, known vulnerabilities from the local OSV database,
and the licenses of dependencies against the project's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osunited.scanner import Outcome, Severity, scan
from osunited.scanner.vulns import VulnDB, import_osv
from tests.scanner.conftest import TreeMaker
from tests.scanner.vulns.osv_records import ecosystem_range, osv_record, write_records

DEPS = ("deps.inventory", "deps.vulnerabilities", "deps.licenses")


def lockfile(*packages: tuple[str, str, str]) -> str:
    entries = {
        "": {"name": "app", "dependencies": {name: version for name, version, _ in packages}}
    }
    for name, version, license in packages:
        entries[f"node_modules/{name}"] = {"version": version, "license": license}
    return json.dumps({"name": "app", "lockfileVersion": 3, "packages": entries}, indent=2)


def package_json(*names: str) -> str:
    return json.dumps({"name": "app", "license": "MIT", "dependencies": dict.fromkeys(names, "*")})


def vulndb(tmp_path: Path) -> Path:
    record = osv_record(
        "GHSA-aaaa-bbbb-cccc", "npm", "left-pad",
        ranges=[ecosystem_range(("introduced", "0"), ("fixed", "1.3.1"))],
        aliases=["CVE-2024-0001"],
        severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    )  # fmt: skip
    path = tmp_path / "osv.sqlite3"
    with VulnDB(path) as db:
        import_osv(write_records(tmp_path / "records", [record]), db)
    return path


def test_the_inventory_counts_each_locked_package_once(make_tree: TreeMaker) -> None:
    tree = make_tree(
        {"package.json": package_json("left-pad", "chalk"),
         "package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"), ("chalk", "5.3.0", "MIT"))}
    )  # fmt: skip
    (result,) = scan(tree, use_cache=False, only=["deps.inventory"]).results
    assert result.outcome == Outcome.PASS
    assert result.data["total"] == 2
    assert result.data["direct"] == 2
    assert result.data["ecosystems"] == {"npm": 2}


def test_an_unreadable_lockfile_is_a_finding_not_a_crash(make_tree: TreeMaker) -> None:
    tree = make_tree({"Cargo.lock": "[[package]\nname = broken", "go.mod": "module m\n"})
    (result,) = scan(tree, use_cache=False, only=["deps.inventory"]).results
    assert result.outcome == Outcome.FAIL
    assert [e.path for f in result.findings for e in f.evidence] == ["Cargo.lock"]


def test_a_vulnerable_version_is_reported_with_its_ids_and_fix(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    tree = make_tree(
        {"package.json": package_json("left-pad"),
         "package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"))}
    )  # fmt: skip
    report = scan(tree, use_cache=False, only=DEPS, vulndb=vulndb(tmp_path))
    result = report.result("deps.vulnerabilities")
    assert result.outcome == Outcome.FAIL
    (finding,) = result.findings
    assert "CVE-2024-0001" in finding.message
    assert "GHSA-aaaa-bbbb-cccc" in finding.message
    assert finding.severity == Severity.ERROR  # CVSS 9.8
    assert "1.3.1" in finding.remediation
    assert finding.evidence[0].path == "package-lock.json"


def test_a_fixed_version_is_not_reported(make_tree: TreeMaker, tmp_path: Path) -> None:
    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.1", "WTFPL"))})
    report = scan(tree, use_cache=False, only=DEPS, vulndb=vulndb(tmp_path))
    assert report.result("deps.vulnerabilities").outcome == Outcome.PASS


def test_without_a_database_vulnerabilities_are_not_available(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"))})
    report = scan(tree, use_cache=False, only=DEPS, vulndb=tmp_path / "none.sqlite3")
    result = report.result("deps.vulnerabilities")
    assert result.outcome == Outcome.NOT_AVAILABLE
    assert "osu vulndb" in result.summary


def test_a_copyleft_dependency_is_explained_by_license_compatibility_not_deps_licenses(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    tree = make_tree(
        {"LICENSE": license_texts["mit"], "package.json": package_json("gpl-lib", "mit-lib"),
         "package-lock.json": lockfile(("gpl-lib", "2.0.0", "GPL-3.0-only"),
                                       ("mit-lib", "1.0.0", "MIT"))}
    )  # fmt: skip
    only = (*DEPS, "license.project", "license.compatibility")
    report = scan(tree, use_cache=False, only=only)
    assert report.result("deps.licenses").findings == []  # license.compatibility judges it
    (finding,) = report.result("license.compatibility").findings
    assert finding.rule_id == "license.compatibility.conflict"
    assert "copyleft" in finding.message


def test_the_report_lists_the_dependencies_for_sboms(make_tree: TreeMaker) -> None:
    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"))})
    report = scan(tree, use_cache=False, only=["deps.inventory"]).to_dict()
    (dependency,) = report["dependencies"]
    assert dependency["purl"] == "pkg:npm/left-pad@1.3.0"
    assert dependency["scope"] == "runtime"
    assert dependency["license"] == "WTFPL"


def test_a_scan_without_dependency_checks_does_not_read_them(make_tree: TreeMaker) -> None:
    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"))})
    assert scan(tree, use_cache=False, only=["docs.readme"]).dependencies == []


def test_osu_scan_takes_the_vulnerability_database_from_an_option(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from osunited.cli import main

    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"))})
    database = vulndb(tmp_path)
    command = ["scan", str(tree), "--only", "deps.vulnerabilities", "--no-cache", "-q"]
    result = CliRunner().invoke(main, [*command, "--vulndb", str(database), "-f", "json"])
    assert result.exit_code == 1, result.output
    assert "CVE-2024-0001" in result.output


def test_a_rescan_reuses_the_parsed_lockfiles_and_lookups(
    make_tree: TreeMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"))})
    database, cache = vulndb(tmp_path), tmp_path / "cache"
    first = scan(tree, cache_dir=cache, only=DEPS, vulndb=database)

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed or looked up again")

    monkeypatch.setattr("osunited.scanner.deps._parse_all", fail)
    monkeypatch.setattr("osunited.scanner.checks.deps_vulnerabilities.vulnerabilities_for", fail)
    second = scan(tree, cache_dir=cache, only=DEPS, vulndb=database)
    assert second.to_dict()["results"] == first.to_dict()["results"]
    assert second.result("deps.vulnerabilities").outcome == Outcome.FAIL


def test_a_changed_lockfile_is_parsed_again(make_tree: TreeMaker, tmp_path: Path) -> None:
    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.0", "WTFPL"))})
    scan(tree, cache_dir=tmp_path / "cache", only=["deps.inventory"])
    (tree / "package-lock.json").write_text(
        lockfile(("left-pad", "1.3.1", "WTFPL"), ("chalk", "5.3.0", "MIT"))
    )
    report = scan(tree, cache_dir=tmp_path / "cache", only=["deps.inventory"])
    assert report.result("deps.inventory").data["total"] == 2


def test_a_lockfile_over_the_per_file_limit_says_so_instead_of_reading_cut_short(
    make_tree: TreeMaker,
) -> None:
    from osunited.scanner import ScanLimits

    tree = make_tree({"package-lock.json": lockfile(("left-pad", "1.3.0", "MIT")) + " " * 2048})
    limits = ScanLimits(max_file_bytes=1024)
    (result,) = scan(tree, use_cache=False, only=["deps.inventory"], limits=limits).results
    messages = [finding.message for finding in result.findings]
    assert any("larger than the scan's per-file limit" in message for message in messages)
    assert not any("JSON" in message for message in messages)
