"""The CSIS dataset in the library: loaded on migrate, re-imported and exported by `osu policies`
with its coding kept (the issue's bar: all 669 records, each round-tripping to CSV unchanged)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from osunited.audit.models import AuditEvent
from osunited.cli import main
from osunited.policies.csis import CSIS_COLUMNS, csis_row
from osunited.policies.models import Origin, Policy, PolicyObjective, PolicySource
from osunited.policies.services.importing import (
    SHIPPED_DATASET,
    csis_import,
    csis_load_shipped,
    read_dataset,
)

pytestmark = pytest.mark.django_db


def csis_records() -> int:
    return Policy.objects.filter(origin=Origin.CSIS_2022).count()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def small_csv(*rows: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSIS_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def good_row(title: str, government: str = "Ruritania") -> list[str]:
    return [
        government, "Europe", "Ministry", title, "Strategy", "2019", "Yes",
        "X", "-", "-", "X", "-", "-", "R&D", "OSS", "Approved", "A summary.",
        "https://example.org/policy", "", "",
    ]  # fmt: skip


def test_migrate_loads_all_669_csis_records_with_their_coding() -> None:
    assert csis_records() == 669
    argentina = Policy.objects.get(title="2607-D-2007")
    assert (argentina.issuer, argentina.region, argentina.status) == (
        "Argentina",
        "south_america",
        "failed",
    )
    assert argentina.csis_line == 2
    assert set(argentina.objectives.values_list("objective", flat=True)) == {
        "cost",
        "national_industry",
    }
    assert argentina.sources.get().url.startswith("https://www.hcdn.gob.ar/")


def test_every_record_exports_its_row_unchanged(tmp_path: Path) -> None:
    exported = tmp_path / "export.csv"

    result = CliRunner().invoke(main, ["policies", "export", "--output", str(exported)])

    assert result.exit_code == 0, result.output
    original = rows_of(read_dataset(SHIPPED_DATASET))
    back = rows_of(read_dataset(exported))
    assert len(back) == len(original) == 669
    for number, (row, expected) in enumerate(zip(back, original, strict=True), start=2):
        assert row == expected, f"row {number}"


def test_an_edited_record_exports_its_current_value() -> None:
    policy = Policy.objects.get(title="2607-D-2007")
    policy.status = "approved"
    policy.save(update_fields=["status"])

    row = csis_row(Policy.objects.get(pk=policy.pk))

    assert row["Status"] == "Approved"
    assert row["Title"] == "2607-D-2007"


def test_reimporting_the_dataset_changes_nothing(tmp_path: Path) -> None:
    before = set(Policy.objects.values_list("pk", flat=True))

    result = CliRunner().invoke(main, ["policies", "import", str(SHIPPED_DATASET)])

    assert result.exit_code == 0, result.output
    assert "669 policies imported" in result.output
    assert "0 new, 0 updated, 669 unchanged; 0 rows with errors" in result.output
    assert set(Policy.objects.values_list("pk", flat=True)) == before
    event = AuditEvent.objects.filter(action="policies.csis_imported").latest("pk")
    assert event.changes["unchanged"] == 669


def test_a_malformed_row_is_reported_with_its_line_and_the_others_are_imported(
    tmp_path: Path,
) -> None:
    bad = good_row("Broken")
    bad[1] = "Atlantis"
    path = tmp_path / "edition.csv"
    path.write_text(
        small_csv(good_row("First"), bad, ["Too", "short"], good_row("Fourth")),
        encoding="utf-8",
        newline="",
    )

    result = CliRunner().invoke(main, ["policies", "import", str(path)])

    assert result.exit_code == 1
    assert f"{path}:3: unknown Region 'Atlantis'" in result.output
    assert f"{path}:4: expected 20 columns, found 2" in result.output
    assert "2 policies imported from edition.csv: 2 new" in result.output
    imported = Policy.objects.filter(issuer="Ruritania")
    assert sorted(imported.values_list("title", flat=True)) == ["First", "Fourth"]
    assert not Policy.objects.filter(title="Broken").exists()


def test_a_changed_row_updates_its_record() -> None:
    csis_import(text=small_csv(good_row("First")))
    changed = good_row("First")
    changed[15] = "Replaced"

    report = csis_import(text=small_csv(changed))

    assert (report.created, report.updated) == (0, 1)
    assert Policy.objects.get(issuer="Ruritania", title="First").status == "replaced"


def test_a_file_that_is_not_the_dataset_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,country\nx,y\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["policies", "import", str(path)])

    assert result.exit_code == 1
    assert f"{path}:1: the header is not the CSIS dataset's" in result.output
    assert csis_records() == 669


def test_a_database_failure_leaves_the_library_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(PolicySource.objects, "bulk_create", fail)

    with pytest.raises(RuntimeError):
        csis_import(text=small_csv(good_row("First")))

    assert not Policy.objects.filter(issuer="Ruritania").exists()


def test_the_shipped_dataset_loads_fast_into_an_empty_library() -> None:
    PolicyObjective.objects.all().delete()
    PolicySource.objects.all().delete()
    Policy.objects.all().delete()

    started = time.perf_counter()
    report = csis_load_shipped()
    elapsed = time.perf_counter() - started

    assert report is not None
    assert report.created == 669
    assert elapsed < 2.0
    assert csis_load_shipped() is None  # only into a library without CSIS records


def test_a_library_emptied_again_is_refilled_without_reading_the_file_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # post_migrate follows every transactional test's flush: the file is read once per process.
    csis_load_shipped()  # the parse is kept, whichever test ran first
    sources = PolicySource.objects.filter(policy__origin=Origin.CSIS_2022).count()
    objectives = PolicyObjective.objects.filter(policy__origin=Origin.CSIS_2022).count()
    Policy.objects.filter(origin=Origin.CSIS_2022).delete()
    reads: list[Path] = []
    monkeypatch.setattr(
        "osunited.policies.services.importing.read_dataset", lambda path: reads.append(path) or ""
    )

    report = csis_load_shipped()

    assert report is not None
    assert report.created == 669
    assert reads == []
    assert PolicySource.objects.filter(policy__origin=Origin.CSIS_2022).count() == sources
    assert PolicyObjective.objects.filter(policy__origin=Origin.CSIS_2022).count() == objectives
    first = Policy.objects.get(origin=Origin.CSIS_2022, csis_line=2)
    assert first.csis_row == rows_of(read_dataset(SHIPPED_DATASET))[0]
