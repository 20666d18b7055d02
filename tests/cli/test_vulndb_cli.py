"""`osu vulndb import | status | update`, through the command line, with no network."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from osunited.cli import main
from tests.scanner.vulns.osv_records import osv_record, write_records, write_zip


def osu(db_file: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["vulndb", "--db", str(db_file), *args])


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "osv.sqlite3"


def test_import_reports_what_it_stored(db_file: Path, tmp_path: Path) -> None:
    directory = write_records(tmp_path / "osv", [osv_record("PYSEC-1", "PyPI", "a")])
    (directory / "broken.json").write_text("{", encoding="utf-8")

    result = osu(db_file, "import", str(directory))

    assert result.exit_code == 0
    assert result.stdout == (
        "Imported 1 records from osv (0 unchanged, 1 malformed).\nUnreadable: broken.json\n"
    )


def test_import_of_a_file_that_is_not_an_archive_exits_2(db_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")

    result = osu(db_file, "import", str(path))

    assert result.exit_code == 2
    assert "neither a directory nor a zip or tar archive of OSV records" in result.stderr


def test_import_reads_a_tar_gz_of_yaml_records_and_status_shows_date_and_source(
    db_file: Path, tmp_path: Path
) -> None:
    tree = tmp_path / "advisory-database" / "vulns" / "a"
    tree.mkdir(parents=True)
    (tree / "PYSEC-1.yaml").write_text(
        "id: PYSEC-1\nmodified: 2024-10-10T17:22:00Z\n"
        "affected:\n- package: {name: a, ecosystem: PyPI}\n",
        encoding="utf-8",
    )
    archive = tmp_path / "snapshot.tar.gz"
    with tarfile.open(archive, "w:gz") as writable:
        writable.add(tmp_path / "advisory-database", arcname="advisory-database")

    imported = osu(db_file, "import", str(archive), "--source", "PyPA Advisory Database, CC-BY-4.0")
    shown = osu(db_file, "status")

    assert (
        imported.stdout == "Imported 1 records from snapshot.tar.gz (0 unchanged, 0 malformed).\n"
    )
    assert "Database of 2024-10-10: 1 records.\n" in shown.stdout
    assert "Last import: " in shown.stdout
    assert "Source: PyPA Advisory Database, CC-BY-4.0\n" in shown.stdout


def test_status_of_an_empty_database_says_how_to_fill_it(db_file: Path) -> None:
    result = osu(db_file, "status")

    assert result.exit_code == 0
    assert "No records yet: run `osu vulndb update`" in result.stdout


def test_status_lists_records_per_ecosystem(db_file: Path, tmp_path: Path) -> None:
    records = [osv_record("PYSEC-1", "PyPI", "a"), osv_record("GO-1", "Go", "example.com/m")]
    osu(db_file, "import", str(write_zip(tmp_path / "all.zip", records)))

    result = osu(db_file, "status")

    assert result.exit_code == 0
    assert "  Go: 1 records\n  PyPI: 1 records\n" in result.stdout
    assert "Newest record modified: 2024-03-01T12:00:00" in result.stdout


def test_update_downloads_and_imports_each_ecosystem(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = write_zip(tmp_path / "all.zip", [osv_record("PYSEC-1", "PyPI", "a")]).read_bytes()
    requested: list[str] = []

    def fake_urlopen(url: str, timeout: float) -> Any:
        requested.append(url)
        return io.BytesIO(archive)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)

    result = osu(db_file, "update", "--ecosystem", "pypi", "-e", "crates.io")

    assert result.exit_code == 0
    assert requested == [
        "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip",
        "https://osv-vulnerabilities.storage.googleapis.com/crates.io/all.zip",
    ]
    assert "PyPI: Imported 1 records from PyPI.zip" in result.stdout
    assert "crates.io: Imported 0 records from crates.io.zip (1 unchanged" in result.stdout


def test_update_offline_explains_how_to_import_instead(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(url: str, timeout: float) -> Any:
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)

    result = osu(db_file, "update", "-e", "npm")

    assert result.exit_code == 2
    assert "cannot download https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip" in (
        result.stderr
    )
    assert "Offline? Fetch the zip on another machine and run `osu vulndb import PATH`" in (
        result.stderr
    )


def test_starting_osu_does_not_load_the_vulnerability_engine() -> None:
    code = (
        "import sys; from osunited.cli import main; "
        "assert 'osunited.scanner.vulns' not in sys.modules, 'loaded'"
    )

    subprocess.run([sys.executable, "-c", code], check=True)
