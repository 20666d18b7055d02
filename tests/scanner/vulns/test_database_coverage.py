"""deps.vulnerabilities says what it was measured against: the database's date and sources, and
"not available" (not "no known vulnerability") for dependencies of ecosystems it has no records
for."""

from __future__ import annotations

import json
from pathlib import Path

from osunited.scanner import Outcome, scan
from osunited.scanner.vulns import VulnDB, import_osv
from tests.scanner.conftest import TreeMaker
from tests.scanner.vulns.osv_records import ecosystem_range, osv_record, write_records

PACKAGE_JSON = json.dumps({"name": "app", "dependencies": {"lodash": "4.17.15"}})


def pypi_only_db(tmp_path: Path) -> Path:
    record = osv_record(
        "PYSEC-2023-74", "PyPI", "requests", modified="2024-10-10T17:22:00Z",
        ranges=[ecosystem_range(("introduced", "0"), ("fixed", "2.31.0"))],
    )  # fmt: skip
    path = tmp_path / "osv.sqlite3"
    with VulnDB(path) as db:
        import_osv(write_records(tmp_path / "records", [record]), db, source="PyPA, CC-BY-4.0")
    return path


def test_the_result_names_the_databases_date_and_sources(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    tree = make_tree({"requirements.txt": "requests==2.31.0\n"})

    report = scan(
        tree, use_cache=False, only=["deps.vulnerabilities"], vulndb=pypi_only_db(tmp_path)
    )

    result = report.result("deps.vulnerabilities")
    assert result.outcome == Outcome.PASS
    assert result.summary == (
        "No known vulnerability in 1 pinned dependencies (OSV database of 2024-10-10)."
    )
    assert result.data["database"]["date"] == "2024-10-10"
    assert result.data["database"]["sources"] == ["PyPA, CC-BY-4.0"]
    assert result.data["database"]["ecosystems"] == ["PyPI"]


def test_dependencies_of_an_ecosystem_without_records_are_not_checked(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    tree = make_tree({"package.json": PACKAGE_JSON})

    report = scan(
        tree, use_cache=False, only=["deps.vulnerabilities"], vulndb=pypi_only_db(tmp_path)
    )

    result = report.result("deps.vulnerabilities")
    assert result.outcome == Outcome.NOT_AVAILABLE
    assert result.data["reason"] == "ecosystems_not_in_database"
    assert result.data["unchecked"] == ["npm"]
    assert result.summary.startswith("The OSV database of 2024-10-10 has no records for npm")


def test_a_mixed_project_is_checked_where_the_database_knows_and_says_what_was_not(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    tree = make_tree({"package.json": PACKAGE_JSON, "requirements.txt": "requests==2.25.0\n"})

    report = scan(
        tree, use_cache=False, only=["deps.vulnerabilities"], vulndb=pypi_only_db(tmp_path)
    )

    result = report.result("deps.vulnerabilities")
    assert result.outcome == Outcome.FAIL
    assert (result.data["checked"], result.data["unchecked_ecosystems"]) == (1, ["npm"])
    assert result.summary.endswith("(OSV database of 2024-10-10; not checked: npm, no records).")
