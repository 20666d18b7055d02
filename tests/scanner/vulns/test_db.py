from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from osunited.scanner.vulns import VulnDB, default_db_path, import_osv, provenance, status
from tests.scanner.vulns.osv_records import ecosystem_range, osv_record, write_records, write_zip

FIXED_IN_2 = ecosystem_range(("introduced", "0"), ("fixed", "2.0"))


@pytest.fixture
def vulndb(tmp_path: Path) -> Iterator[VulnDB]:
    with VulnDB(tmp_path / "db" / "osv.sqlite3") as database:
        yield database


def test_it_imports_a_directory_of_records(vulndb: VulnDB, tmp_path: Path) -> None:
    records = [
        osv_record("PYSEC-1", "PyPI", "Django", ranges=[FIXED_IN_2]),
        osv_record("GHSA-aaaa-bbbb-cccc", "npm", "lodash", ranges=[FIXED_IN_2]),
    ]

    stats = import_osv(write_records(tmp_path / "osv", records), vulndb)

    assert (stats.imported, stats.unchanged, stats.malformed) == (2, 0, 0)
    assert [r["id"] for r in vulndb.records_for("pypi", "django")] == ["PYSEC-1"]
    assert [r["id"] for r in vulndb.records_for("npm", "lodash")] == ["GHSA-aaaa-bbbb-cccc"]


def test_it_imports_a_zip_export(vulndb: VulnDB, tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "all.zip", [osv_record("RUSTSEC-2024-0001", "crates.io", "t")])

    stats = import_osv(archive, vulndb)

    assert stats.imported == 1
    assert [r["id"] for r in vulndb.records_for("crates.io", "t")] == ["RUSTSEC-2024-0001"]


def test_reimporting_the_same_records_changes_nothing(vulndb: VulnDB, tmp_path: Path) -> None:
    directory = write_records(tmp_path / "osv", [osv_record("PYSEC-1", "PyPI", "a")])
    import_osv(directory, vulndb)

    stats = import_osv(directory, vulndb)

    assert (stats.imported, stats.unchanged) == (0, 1)
    assert len(vulndb.records_for("PyPI", "a")) == 1


def test_a_newer_record_replaces_the_stored_one_and_its_packages(
    vulndb: VulnDB, tmp_path: Path
) -> None:
    import_osv(write_records(tmp_path / "old", [osv_record("PYSEC-1", "PyPI", "a")]), vulndb)
    newer = osv_record("PYSEC-1", "PyPI", "b", modified="2024-03-01T12:00:00.5Z")

    stats = import_osv(write_records(tmp_path / "new", [newer]), vulndb)

    assert stats.imported == 1
    assert vulndb.records_for("PyPI", "a") == []
    assert [r["modified"] for r in vulndb.records_for("PyPI", "b")] == ["2024-03-01T12:00:00.5Z"]


def test_an_older_record_does_not_replace_a_newer_one(vulndb: VulnDB, tmp_path: Path) -> None:
    import_osv(write_records(tmp_path / "new", [osv_record("PYSEC-1", "PyPI", "a")]), vulndb)
    older = osv_record("PYSEC-1", "PyPI", "b", modified="2023-01-01T00:00:00Z")

    stats = import_osv(write_records(tmp_path / "old", [older]), vulndb)

    assert stats.unchanged == 1
    assert vulndb.records_for("PyPI", "b") == []


def test_malformed_records_are_counted_and_the_rest_imported(
    vulndb: VulnDB, tmp_path: Path
) -> None:
    directory = write_records(tmp_path / "osv", [osv_record("PYSEC-1", "PyPI", "a")])
    (directory / "broken.json").write_text("{not json", encoding="utf-8")
    (directory / "list.json").write_text("[]", encoding="utf-8")
    (directory / "no-id.json").write_text(json.dumps({"modified": "2024-01-01T00:00:00Z"}))
    (directory / "bad-time.json").write_text(json.dumps({"id": "X-1", "modified": "yesterday"}))
    (directory / "bad-affected.json").write_text(
        json.dumps({"id": "X-2", "modified": "2024-01-01T00:00:00Z", "affected": "a"})
    )
    (directory / "latin1.json").write_bytes(b'{"id": "X-3", "summary": "caf\xe9"}')

    stats = import_osv(directory, vulndb)

    assert (stats.imported, stats.malformed, stats.read) == (1, 6, 7)
    assert "broken.json" in stats.malformed_names


def test_only_the_first_few_malformed_names_are_kept(vulndb: VulnDB, tmp_path: Path) -> None:
    directory = tmp_path / "osv"
    directory.mkdir()
    for n in range(30):
        (directory / f"broken-{n:02}.json").write_text("{", encoding="utf-8")

    stats = import_osv(directory, vulndb)

    assert stats.malformed == 30
    assert stats.malformed_names == [f"broken-{n:02}.json" for n in range(20)]


def test_a_file_that_is_neither_a_directory_nor_an_archive_is_refused(
    vulndb: VulnDB, tmp_path: Path
) -> None:
    not_a_zip = tmp_path / "records.txt"
    not_a_zip.write_text("hello", encoding="utf-8")

    with pytest.raises(ValueError, match="neither a directory nor a zip or tar archive"):
        import_osv(not_a_zip, vulndb)


def test_imports_larger_than_one_batch_are_complete(vulndb: VulnDB, tmp_path: Path) -> None:
    records = [osv_record(f"PYSEC-{n}", "PyPI", "many") for n in range(2500)]

    stats = import_osv(write_zip(tmp_path / "all.zip", records), vulndb)

    assert stats.imported == 2500
    assert len(vulndb.records_for("PyPI", "many")) == 2500


def test_status_counts_records_per_ecosystem(vulndb: VulnDB, tmp_path: Path) -> None:
    records = [
        osv_record("PYSEC-1", "PyPI", "a"),
        osv_record("PYSEC-2", "PyPI", "b", modified="2025-06-01T00:00:00Z"),
        osv_record("GO-2024-1", "Go", "example.com/m"),
    ]
    import_osv(write_records(tmp_path / "osv", records), vulndb)

    found = status(vulndb)

    assert found.records_by_ecosystem == {"Go": 1, "PyPI": 2}
    assert found.total_records == 3
    assert found.newest_modified is not None
    assert found.newest_modified.startswith("2025-06-01")
    assert found.imported_at is not None


def test_status_of_an_empty_database_says_nothing_was_imported(vulndb: VulnDB) -> None:
    found = status(vulndb)

    assert (found.total_records, found.newest_modified, found.imported_at) == (0, None, None)


def test_the_database_lives_in_the_xdg_cache_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    assert default_db_path() == tmp_path / "osunited" / "osv.sqlite3"


def test_an_archive_member_too_large_for_a_record_is_not_read(
    vulndb: VulnDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("osunited.scanner.vulns._read.MAX_RECORD_BYTES", 2048)
    archive = write_zip(tmp_path / "all.zip", [osv_record("RUSTSEC-2024-0001", "crates.io", "t")])
    import zipfile

    with zipfile.ZipFile(archive, "a") as writable:
        writable.writestr("bomb.json", " " * 1_000_000, compress_type=zipfile.ZIP_DEFLATED)

    stats = import_osv(archive, vulndb)

    assert (stats.imported, stats.malformed) == (1, 1)
    assert stats.malformed_names == ["bomb.json"]


# -- YAML records, tar archives, caps ------------------------------------------------------------

YAML_RECORD = """\
id: PYSEC-2024-1
modified: 2024-10-10T17:22:00.587279Z
published: 2024-10-01
summary: A flaw
affected:
- package:
    name: Requests
    ecosystem: PyPI
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: "0"
    - fixed: 2.31.0
"""


def yaml_tree(root: Path) -> Path:
    (root / "vulns" / "requests").mkdir(parents=True)
    (root / "vulns" / "requests" / "PYSEC-2024-1.yaml").write_text(YAML_RECORD, encoding="utf-8")
    (root / "vulns" / ".id-allocator").write_text("", encoding="utf-8")
    (root / "README.md").write_text("# Not a record", encoding="utf-8")
    return root


def test_it_imports_yaml_records_from_nested_folders(vulndb: VulnDB, tmp_path: Path) -> None:
    stats = import_osv(yaml_tree(tmp_path / "advisories"), vulndb)

    assert (stats.imported, stats.malformed) == (1, 0)
    (record,) = vulndb.records_for("PyPI", "requests")
    # Timestamps stay the text they were, as in the JSON form of a record.
    assert (record["modified"], record["published"]) == (
        "2024-10-10T17:22:00.587279Z",
        "2024-10-01",
    )


@pytest.mark.parametrize(("suffix", "mode"), [(".tar", "w"), (".tar.gz", "w:gz"), (".tgz", "w:gz")])
def test_it_imports_a_tar_archive_without_extracting_it(
    vulndb: VulnDB, tmp_path: Path, suffix: str, mode: str
) -> None:
    tree = yaml_tree(tmp_path / "advisory-database")
    archive = tmp_path / f"snapshot{suffix}"
    with tarfile.open(archive, mode) as writable:
        writable.add(tree, arcname="advisory-database")

    stats = import_osv(archive, vulndb)

    assert (stats.imported, stats.malformed) == (1, 0)
    assert [r["id"] for r in vulndb.records_for("pypi", "requests")] == ["PYSEC-2024-1"]
    left_on_disk = {p.name for p in tmp_path.iterdir()}
    assert left_on_disk == {"advisory-database", archive.name, "db"}


def test_links_and_special_members_of_a_tar_are_never_read(vulndb: VulnDB, tmp_path: Path) -> None:
    archive = tmp_path / "hostile.tar"
    with tarfile.open(archive, "w") as writable:
        link = tarfile.TarInfo("vulns/PYSEC-9.yaml")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        writable.addfile(link)
        data = YAML_RECORD.encode()
        member = tarfile.TarInfo("vulns/PYSEC-2024-1.yaml")
        member.size = len(data)
        writable.addfile(member, io.BytesIO(data))

    stats = import_osv(archive, vulndb)

    assert (stats.imported, stats.malformed) == (1, 0)


def test_a_damaged_tar_archive_is_refused_with_its_reason(vulndb: VulnDB, tmp_path: Path) -> None:
    whole = tmp_path / "whole.tar.gz"
    with tarfile.open(whole, "w:gz") as writable:
        writable.add(yaml_tree(tmp_path / "tree"), arcname="tree")
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(whole.read_bytes()[:-40])

    with pytest.raises(ValueError, match="damaged tar archive"):
        import_osv(damaged, vulndb)


@pytest.mark.parametrize(
    "text",
    [
        # An "aliases bomb": each level doubles what storing it as JSON would write.
        "id: X-1\nmodified: 2024-01-01T00:00:00Z\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
        "id: X-2\nmodified: 2024-01-01T00:00:00Z\ndeep: " + "[" * 200 + "]" * 200 + "\n",
        "id: X-3\nmodified: 2024-01-01T00:00:00Z\nblob: !!binary aGVsbG8=\n",
        "id: X-4\nmodified: 2024-01-01T00:00:00Z\n---\nid: X-5\n",
        "id: [unclosed\n",
    ],
    ids=["aliases", "deep-nesting", "not-json", "two-documents", "bad-syntax"],
)
def test_hostile_or_broken_yaml_is_counted_as_malformed(
    vulndb: VulnDB, tmp_path: Path, text: str
) -> None:
    directory = tmp_path / "osv"
    directory.mkdir()
    (directory / "record.yaml").write_text(text, encoding="utf-8")

    stats = import_osv(directory, vulndb)

    assert (stats.imported, stats.malformed, stats.malformed_names) == (0, 1, ["record.yaml"])


def test_an_archive_with_too_many_members_is_refused(
    vulndb: VulnDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("osunited.scanner.vulns._read.MAX_MEMBERS", 10)
    records = [osv_record(f"PYSEC-{n}", "PyPI", "many") for n in range(11)]

    with pytest.raises(ValueError, match="more than 10 files"):
        import_osv(write_zip(tmp_path / "all.zip", records), vulndb)


def test_the_database_keeps_its_date_and_every_source(vulndb: VulnDB, tmp_path: Path) -> None:
    import_osv(yaml_tree(tmp_path / "pypa"), vulndb, source="PyPA Advisory Database, CC-BY-4.0")
    zip_records = [osv_record("GO-1", "Go", "m", modified="2023-01-01T00:00:00Z")]
    import_osv(write_zip(tmp_path / "all.zip", zip_records), vulndb, source="OSV.dev")

    found = provenance(vulndb)

    assert found.date == "2024-10-10"
    assert found.newest_modified == "2024-10-10T17:22:00.587279+00:00"
    assert found.sources == ("PyPA Advisory Database, CC-BY-4.0", "OSV.dev")
    assert found.imported_at is not None
    assert status(vulndb).sources == found.sources


def test_the_shipped_pypa_snapshot_imports_completely(vulndb: VulnDB) -> None:
    import osunited.demo

    snapshot = (
        Path(osunited.demo.__file__).parent / "data/osv/pypa-advisory-database-2024-10-10.tar.gz"
    )

    stats = import_osv(snapshot, vulndb)

    assert (stats.imported, stats.unchanged, stats.malformed) == (2661, 0, 0)
    assert status(vulndb).records_by_ecosystem == {"PyPI": 2661}
    assert provenance(vulndb).date == "2024-10-10"
    django = [r["id"] for r in vulndb.records_for("PyPI", "django")]
    assert "PYSEC-2023-100" in django
