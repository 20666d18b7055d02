from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from osunited.scanner.vulns import VulnDB, import_osv, vulnerabilities_for
from tests.scanner.vulns.osv_records import ecosystem_range, osv_record, write_records

Loader = Callable[..., None]

CVSS3_CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
CVSS3_MEDIUM = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N"
CVSS4_CRITICAL = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"


@pytest.fixture
def vulndb(tmp_path: Path) -> Iterator[VulnDB]:
    with VulnDB(tmp_path / "osv.sqlite3") as database:
        yield database


@pytest.fixture
def load(vulndb: VulnDB, tmp_path: Path) -> Loader:
    def load_records(*records: dict[str, Any]) -> None:
        stats = import_osv(write_records(tmp_path / "records", list(records)), vulndb)
        assert stats.malformed == 0

    return load_records


def ids(vulndb: VulnDB, ecosystem: str, name: str, version: str) -> list[str]:
    return [v.id for v in vulnerabilities_for(vulndb, ecosystem, name, version)]


@pytest.mark.parametrize(
    ("ecosystem", "name", "introduced", "fixed", "affected", "unaffected"),
    [
        ("PyPI", "Django", "4.0", "4.2.1", "4.2.1rc1", "4.2.1"),
        ("npm", "lodash", "4.0.0", "4.17.21", "4.17.21-beta.1", "4.17.21"),
        ("Go", "golang.org/x/net", "0.1.0", "0.17.0", "v0.9.0", "v0.17.0"),
        ("crates.io", "hyper", "0.14.0", "0.14.10", "0.14.9", "0.14.10"),
        ("Maven", "org.apache.logging.log4j:log4j-core", "2.0-beta9", "2.15.0", "2.14.1", "2.15.0"),
        ("RubyGems", "rails", "7.0.0", "7.0.4.1", "7.0.4", "7.0.10"),
        ("Packagist", "symfony/http-kernel", "5.0.0", "5.4.20", "5.4.2", "5.4.20"),
        ("NuGet", "Newtonsoft.Json", "0", "13.0.1", "12.0.3", "13.0.1"),
        ("Pub", "http", "0.13.0", "0.13.3", "0.13.2", "1.0.0"),
    ],
)
def test_each_ecosystem_orders_versions_its_own_way(
    vulndb: VulnDB,
    load: Loader,
    ecosystem: str,
    name: str,
    introduced: str,
    fixed: str,
    affected: str,
    unaffected: str,
) -> None:
    kind = "SEMVER" if ecosystem == "Go" else "ECOSYSTEM"
    load(
        osv_record(
            "OSV-1",
            ecosystem,
            name,
            ranges=[ecosystem_range(("introduced", introduced), ("fixed", fixed), kind=kind)],
        )
    )

    assert ids(vulndb, ecosystem, name, affected) == ["OSV-1"]
    assert ids(vulndb, ecosystem, name, unaffected) == []


def test_versions_before_introduced_are_not_affected(vulndb: VulnDB, load: Loader) -> None:
    load(osv_record("PYSEC-1", "PyPI", "a", ranges=[ecosystem_range(("introduced", "2.0"))]))

    assert ids(vulndb, "PyPI", "a", "1.9") == []
    assert ids(vulndb, "PyPI", "a", "2.0") == ["PYSEC-1"]
    assert ids(vulndb, "PyPI", "a", "99.0") == ["PYSEC-1"]


def test_last_affected_includes_that_version_and_nothing_after(
    vulndb: VulnDB, load: Loader
) -> None:
    events = ecosystem_range(("introduced", "0"), ("last_affected", "1.4.2"))
    load(osv_record("GHSA-1", "npm", "left-pad", ranges=[events]))

    assert ids(vulndb, "npm", "left-pad", "1.4.2") == ["GHSA-1"]
    assert ids(vulndb, "npm", "left-pad", "1.4.3") == []


def test_limit_ends_the_range_exclusively(vulndb: VulnDB, load: Loader) -> None:
    events = ecosystem_range(("introduced", "1.0.0"), ("limit", "1.5.0"))
    load(osv_record("RUSTSEC-1", "crates.io", "x", ranges=[events]))

    assert ids(vulndb, "crates.io", "x", "1.4.9") == ["RUSTSEC-1"]
    assert ids(vulndb, "crates.io", "x", "1.5.0") == []


def test_explicitly_listed_versions_are_affected(vulndb: VulnDB, load: Loader) -> None:
    load(osv_record("PYSEC-1", "PyPI", "a", versions=["1.0", "1.1"]))

    assert ids(vulndb, "PyPI", "a", "1.1") == ["PYSEC-1"]
    assert ids(vulndb, "PyPI", "a", "1.1.0") == ["PYSEC-1"]
    assert ids(vulndb, "PyPI", "a", "1.2") == []


def test_several_ranges_and_introductions_leave_gaps_unaffected(
    vulndb: VulnDB, load: Loader
) -> None:
    ranges = [
        ecosystem_range(("introduced", "1.0"), ("fixed", "1.2"), ("introduced", "1.5")),
        ecosystem_range(("introduced", "2.0"), ("fixed", "2.3")),
    ]
    load(osv_record("PYSEC-1", "PyPI", "a", ranges=ranges))

    affected = {
        v: ids(vulndb, "PyPI", "a", v) == ["PYSEC-1"]
        for v in ["0.9", "1.1", "1.3", "1.6", "2.2", "2.3"]
    }

    assert affected == {
        "0.9": False,
        "1.1": True,
        "1.3": False,
        "1.6": True,
        "2.2": True,
        "2.3": True,
    }


def test_several_affected_entries_are_matched_by_package(vulndb: VulnDB, load: Loader) -> None:
    record = osv_record(
        "GHSA-1", "npm", "a", ranges=[ecosystem_range(("introduced", "0"), ("fixed", "1.0.0"))]
    )
    record["affected"].append(
        {
            "package": {"ecosystem": "npm", "name": "b"},
            "ranges": [ecosystem_range(("introduced", "2.0.0"))],
        }
    )
    load(record)

    assert ids(vulndb, "npm", "a", "0.5.0") == ["GHSA-1"]
    assert ids(vulndb, "npm", "b", "0.5.0") == []
    assert ids(vulndb, "npm", "b", "2.1.0") == ["GHSA-1"]


def test_package_names_are_compared_the_way_the_registry_does(vulndb: VulnDB, load: Loader) -> None:
    load(osv_record("PYSEC-1", "PyPI", "Zope.Interface", versions=["1.0"]))

    assert ids(vulndb, "pypi", "zope_interface", "1.0") == ["PYSEC-1"]


def test_git_ranges_alone_do_not_match_a_version(vulndb: VulnDB, load: Loader) -> None:
    git = {"type": "GIT", "repo": "https://example.org/a", "events": [{"introduced": "0"}]}
    load(osv_record("OSV-1", "PyPI", "a", ranges=[git]))

    assert ids(vulndb, "PyPI", "a", "1.0") == []


def test_an_unreadable_introduced_version_counts_as_the_start(vulndb: VulnDB, load: Loader) -> None:
    events = ecosystem_range(("introduced", "not a version!"), ("fixed", "2.0"))
    load(osv_record("PYSEC-1", "PyPI", "a", ranges=[events]))

    assert ids(vulndb, "PyPI", "a", "1.0") == ["PYSEC-1"]
    assert ids(vulndb, "PyPI", "a", "2.0") == []


def test_withdrawn_records_are_left_out(vulndb: VulnDB, load: Loader) -> None:
    load(osv_record("PYSEC-1", "PyPI", "a", versions=["1.0"], withdrawn="2024-02-01T00:00:00Z"))

    assert ids(vulndb, "PyPI", "a", "1.0") == []


def test_aliases_of_one_issue_are_merged_into_one_result(vulndb: VulnDB, load: Loader) -> None:
    load(
        osv_record("PYSEC-2024-1", "PyPI", "a", versions=["1.0"], aliases=["CVE-2024-0001"]),
        osv_record("GHSA-xxxx-yyyy-zzzz", "PyPI", "a", versions=["1.0"], aliases=["CVE-2024-0001"]),
        osv_record("PYSEC-2024-9", "PyPI", "a", versions=["1.0"]),
    )

    found = vulnerabilities_for(vulndb, "PyPI", "a", "1.0")

    assert [(v.id, v.aliases) for v in found] == [
        ("CVE-2024-0001", ("GHSA-xxxx-yyyy-zzzz", "PYSEC-2024-1")),
        ("PYSEC-2024-9", ()),
    ]


def test_cvss_v3_vectors_give_the_base_score_and_rating(vulndb: VulnDB, load: Loader) -> None:
    severity = [{"type": "CVSS_V3", "score": CVSS3_CRITICAL}]
    load(osv_record("GHSA-1", "npm", "a", versions=["1.0.0"], severity=severity))

    (found,) = vulnerabilities_for(vulndb, "npm", "a", "1.0.0")

    assert (found.severity, found.score, found.vector) == ("critical", 9.8, CVSS3_CRITICAL)


def test_cvss_v4_vectors_give_the_base_score_and_rating(vulndb: VulnDB, load: Loader) -> None:
    severity = [{"type": "CVSS_V4", "score": CVSS4_CRITICAL}]
    load(osv_record("GHSA-1", "npm", "a", versions=["1.0.0"], severity=severity))

    (found,) = vulnerabilities_for(vulndb, "npm", "a", "1.0.0")

    assert (found.severity, found.score, found.vector) == ("critical", 9.3, CVSS4_CRITICAL)


def test_the_highest_score_of_merged_records_wins(vulndb: VulnDB, load: Loader) -> None:
    load(
        osv_record(
            "GHSA-1",
            "npm",
            "a",
            versions=["1.0.0"],
            aliases=["CVE-1"],
            severity=[{"type": "CVSS_V3", "score": CVSS3_MEDIUM}],
        ),
        osv_record(
            "CVE-1",
            "npm",
            "a",
            versions=["1.0.0"],
            severity=[{"type": "CVSS_V3", "score": CVSS3_CRITICAL}],
        ),
    )

    (found,) = vulnerabilities_for(vulndb, "npm", "a", "1.0.0")

    assert (found.severity, found.score) == ("critical", 9.8)


def test_without_a_vector_the_database_rating_is_used(vulndb: VulnDB, load: Loader) -> None:
    load(
        osv_record(
            "GHSA-1", "npm", "a", versions=["1.0.0"], database_specific={"severity": "MODERATE"}
        ),
        osv_record(
            "GHSA-2",
            "npm",
            "a",
            versions=["1.0.0"],
            severity=[{"type": "CVSS_V3", "score": "garbage"}],
        ),
    )

    found = vulnerabilities_for(vulndb, "npm", "a", "1.0.0")

    assert [(v.id, v.severity, v.score) for v in found] == [
        ("GHSA-1", "medium", None),
        ("GHSA-2", "unknown", None),
    ]


def test_the_suggested_fix_is_the_lowest_fixed_version_above_the_installed_one(
    vulndb: VulnDB, load: Loader
) -> None:
    ranges = [
        ecosystem_range(("introduced", "1.0"), ("fixed", "1.10")),
        ecosystem_range(("introduced", "2.0"), ("fixed", "2.3.1")),
        ecosystem_range(("introduced", "3.0"), ("fixed", "3.1")),
    ]
    load(osv_record("PYSEC-1", "PyPI", "a", ranges=ranges))

    (found,) = vulnerabilities_for(vulndb, "PyPI", "a", "2.1")

    assert found.fixed_versions == ("1.10", "2.3.1", "3.1")
    assert found.suggested_fix == "2.3.1"


def test_without_a_fix_there_is_no_suggestion(vulndb: VulnDB, load: Loader) -> None:
    load(osv_record("PYSEC-1", "PyPI", "a", ranges=[ecosystem_range(("introduced", "0"))]))

    (found,) = vulnerabilities_for(vulndb, "PyPI", "a", "1.0")

    assert (found.fixed_versions, found.suggested_fix) == ((), None)


def test_results_carry_the_summary_and_the_first_references(vulndb: VulnDB, load: Loader) -> None:
    references = [{"type": "WEB", "url": f"https://example.org/{n}"} for n in range(8)]
    load(osv_record("PYSEC-1", "PyPI", "a", versions=["1.0"], references=references))

    (found,) = vulnerabilities_for(vulndb, "PyPI", "a", "1.0")

    assert found.summary == "Issue PYSEC-1 in a"
    assert found.references == tuple(f"https://example.org/{n}" for n in range(5))


def test_the_most_severe_comes_first(vulndb: VulnDB, load: Loader) -> None:
    load(
        osv_record("A-1", "npm", "a", versions=["1.0.0"], database_specific={"severity": "LOW"}),
        osv_record(
            "A-2",
            "npm",
            "a",
            versions=["1.0.0"],
            severity=[{"type": "CVSS_V3", "score": CVSS3_CRITICAL}],
        ),
        osv_record("A-3", "npm", "a", versions=["1.0.0"]),
    )

    assert ids(vulndb, "npm", "a", "1.0.0") == ["A-2", "A-1", "A-3"]


def test_an_unknown_package_has_no_vulnerabilities(vulndb: VulnDB) -> None:
    assert vulnerabilities_for(vulndb, "PyPI", "nothing-here", "1.0") == []


def test_aliases_chained_through_a_shared_id_are_merged(vulndb: VulnDB, load: Loader) -> None:
    load(
        osv_record("GHSA-aaaa-bbbb-cccc", "PyPI", "a", versions=["1.0"], aliases=["CVE-2024-1"]),
        osv_record("PYSEC-2024-1", "PyPI", "a", versions=["1.0"], aliases=["GHSA-aaaa-bbbb-cccc"]),
        osv_record("CVE-2024-1", "PyPI", "a", versions=["1.0"]),
    )

    found = vulnerabilities_for(vulndb, "PyPI", "a", "1.0")

    assert [(v.id, v.aliases) for v in found] == [
        ("CVE-2024-1", ("GHSA-aaaa-bbbb-cccc", "PYSEC-2024-1"))
    ]


def test_oddly_shaped_records_never_break_a_lookup(vulndb: VulnDB, load: Loader) -> None:
    odd_ranges: list[Any] = [
        {"type": "ECOSYSTEM", "events": ["1.0", {"introduced": 3}, {"fixed": None}]},
        {"type": "ECOSYSTEM"},
        {"events": [{"introduced": "0"}]},
        "not a range",
    ]
    odd_versions: list[Any] = [1, None]
    odd = osv_record(
        "OSV-1",
        "Maven",
        "g:a",
        ranges=odd_ranges,
        versions=odd_versions,
        aliases="CVE-1",
        severity={"type": "CVSS_V3"},
        references=[{"url": 5}, "x"],
        database_specific=[],
    )
    odd["affected"].append({"package": "g:a"})
    odd["affected"].append({"package": {"ecosystem": "Maven"}})
    load(odd)

    assert vulnerabilities_for(vulndb, "Maven", "g:a", "1.0") == []
    assert vulnerabilities_for(vulndb, "Maven", "g:a", "%%%") == []
