from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from osunited.scanner.vulns import VulnDB, default_db_path, import_osv, status
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


def test_a_file_that_is_neither_a_directory_nor_a_zip_is_refused(
    vulndb: VulnDB, tmp_path: Path
) -> None:
    not_a_zip = tmp_path / "records.txt"
    not_a_zip.write_text("hello", encoding="utf-8")

    with pytest.raises(ValueError, match="neither a directory nor a zip"):
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
    monkeypatch.setattr("osunited.scanner.vulns._db.MAX_RECORD_BYTES", 2048)
    archive = write_zip(tmp_path / "all.zip", [osv_record("RUSTSEC-2024-0001", "crates.io", "t")])
    import zipfile

    with zipfile.ZipFile(archive, "a") as writable:
        writable.writestr("bomb.json", " " * 1_000_000, compress_type=zipfile.ZIP_DEFLATED)

    stats = import_osv(archive, vulndb)

    assert (stats.imported, stats.malformed) == (1, 1)
    assert stats.malformed_names == ["bomb.json"]
