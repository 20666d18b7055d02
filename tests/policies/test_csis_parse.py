"""The CSIS dataset's CSV read into records and written back (no database)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import osunited.policies
from osunited.policies import csis
from osunited.policies.csis import CSIS_COLUMNS, csis_row, parse_csis, write_csis
from osunited.policies.models import (
    Action,
    IssuingArea,
    Objective,
    PolicyStatus,
    PolicyType,
    Region,
    Term,
)

DATASET = (
    Path(osunited.policies.__file__).parent
    / "data/third_party/csis/csis-government-oss-policies-2022-12.csv"
)


def dataset_text() -> str:
    with DATASET.open(encoding="utf-8", newline="") as file:
        return file.read()


def csv_text(*rows: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSIS_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def row(**cells: str) -> list[str]:
    base = dict.fromkeys(CSIS_COLUMNS, "-")
    base |= {
        "Government": "Ruritania",
        "Region": "Europe",
        "Issuing Area of Government": "Ministry",
        "Title": "Open by default",
        "Type": "Strategy",
        "Date": "2019",
        "OSS Specific?": "Yes",
        "Action": "R&D",
        "Term": "OSS",
        "Status": "Approved",
        "Comments": "A summary.",
        "Source": "https://example.org/policy",
        "Source II": "",
        "Notes": "",
    }
    return [(base | cells)[column] for column in CSIS_COLUMNS]


class FakeRelation:
    def __init__(self, items: list[object]) -> None:
        self.items = items

    def all(self) -> list[object]:
        return self.items


def policy_of(record: csis.CsisRecord, **changes: object) -> SimpleNamespace:
    fields = {
        name: getattr(record, name)
        for name in (
            "issuer",
            "region",
            "issuing_area",
            "title",
            "policy_type",
            "year",
            "oss_specific",
            "action",
            "term",
            "status",
            "summary",
            "notes",
        )
    }
    objectives = FakeRelation([SimpleNamespace(objective=o) for o in record.objectives])
    return SimpleNamespace(
        **(fields | changes),
        csis_row=record.row,
        objectives=objectives,
        sources=FakeRelation(list(record.sources)),
    )


def test_the_header_has_the_datasets_twenty_columns() -> None:
    with DATASET.open(encoding="utf-8", newline="") as file:
        assert tuple(next(csv.reader(file))) == CSIS_COLUMNS
    assert len(CSIS_COLUMNS) == 20


def test_it_reads_all_669_policies_without_error() -> None:
    parse = parse_csis(dataset_text())

    assert parse.errors == ()
    assert len(parse.records) == 669
    # The dataset's "110 governments" counts "Jordan " apart from "Jordan".
    assert len({record.row["Government"] for record in parse.records}) == 110
    assert len({record.issuer for record in parse.records}) == 109


def test_each_record_knows_the_line_its_row_starts_on() -> None:
    text = dataset_text()
    parse = parse_csis(text)
    lines = re.split(r"\r\n|\r|\n", text)

    assert parse.records[0].line == 2
    for record in parse.records:
        assert lines[record.line - 1].startswith(record.row["Government"])


def test_every_coded_value_is_one_of_the_models_choices() -> None:
    parse = parse_csis(dataset_text())
    choices = {
        "region": set(Region.values),
        "issuing_area": set(IssuingArea.values) | {""},
        "policy_type": set(PolicyType.values),
        "action": set(Action.values) | {""},
        "term": set(Term.values) | {""},
        "status": set(PolicyStatus.values),
    }
    for record in parse.records:
        for field, allowed in choices.items():
            assert getattr(record, field) in allowed
        assert set(record.objectives) <= set(Objective.values)
    assert set(csis.OBJECTIVE_COLUMNS.values()) == set(Objective.values)


def test_both_spellings_of_how_to_use_are_the_same_action_and_keep_their_spelling() -> None:
    parse = parse_csis(dataset_text())
    spellings = {r.row["Action"] for r in parse.records if r.action == Action.HOW_TO_USE}

    assert spellings == {"How to Use", "How to use"}
    for record in parse.records:
        assert csis_row(policy_of(record))["Action"] == record.row["Action"]


def test_unedited_records_write_back_the_dataset_field_for_field() -> None:
    text = dataset_text()
    parse = parse_csis(text)

    rows = [csis_row(policy_of(record)) for record in parse.records]

    original = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows == original
    assert write_csis(rows).removesuffix("\r\n") == text


def test_an_edited_field_writes_its_current_value_in_csis_coding() -> None:
    record = parse_csis(csv_text(row(Action="How to use", Status="Proposed"))).records[0]

    exported = csis_row(policy_of(record, status="replaced", year=2021, oss_specific=None))

    assert exported["Status"] == "Replaced"
    assert exported["Date"] == "2021"
    assert exported["OSS Specific?"] == "-"
    assert exported["Action"] == "How to use"  # untouched: the imported spelling


def test_a_policy_created_on_the_platform_exports_in_csis_coding() -> None:
    policy = SimpleNamespace(
        issuer="UNICEF",
        region="global",
        issuing_area="governing_body",
        title="Open source policy",
        policy_type="directive",
        year=None,
        oss_specific=True,
        action="how_to_use",
        term="oss",
        status="approved",
        summary="",
        notes="",
        csis_row={},
        objectives=FakeRelation([SimpleNamespace(objective="transparency")]),
        sources=FakeRelation([SimpleNamespace(citation="Board decision 2024/1", url="")]),
    )

    exported = csis_row(policy)

    assert exported["Region"] == "Global"
    assert exported["Type"] == "Directives & Regulation"
    assert exported["Date"] == ""
    assert exported["Stated Objective: Transparency"] == "X"
    assert exported["Stated Objective: Cost"] == "-"
    assert exported["Source"] == "Board decision 2024/1"
    assert parse_csis(write_csis([exported])).errors == ()


def test_a_malformed_row_is_reported_with_its_line_and_the_others_are_read() -> None:
    text = csv_text(
        row(Title="First"),
        row(Region="Atlantis", Date="about 2010", Title=""),
        row(Title="Third", Comments="two\nlines"),
        ["Short", "row"],
        row(Title="Fifth", Action="Lobbying"),
        row(Title="Sixth"),
    )

    parse = parse_csis(text)

    assert [(r.line, r.title) for r in parse.records] == [(2, "First"), (4, "Third"), (8, "Sixth")]
    assert [e.line for e in parse.errors] == [3, 6, 7]
    assert "unknown Region 'Atlantis'" in parse.errors[0].message
    assert "Date 'about 2010' is not a year" in parse.errors[0].message
    assert "Title is missing" in parse.errors[0].message
    assert "expected 20 columns, found 2" in parse.errors[1].message
    assert "unknown Action 'Lobbying'" in parse.errors[2].message


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("Maybe", "OSS Specific?", "OSS Specific? 'Maybe' is not Yes, No or -"),
        ("Y", "Stated Objective: Cost", "Stated Objective: Cost 'Y' is not X or -"),
        ("Open", "Term", "unknown Term 'Open'"),
        ("Done", "Status", "unknown Status 'Done'"),
        ("Law", "Type", "unknown Type 'Law'"),
        ("Court", "Issuing Area of Government", "unknown Issuing Area 'Court'"),
    ],
)
def test_it_names_the_wrong_cell(cell: str, column: str, message: str) -> None:
    parse = parse_csis(csv_text(row(**{column: cell})))

    assert parse.records == ()
    assert parse.errors[0].line == 2
    assert message in parse.errors[0].message


def test_a_file_that_is_not_the_dataset_is_refused_at_line_one() -> None:
    parse = parse_csis("name,country\r\nx,y\r\n")

    assert parse.records == ()
    assert parse.errors[0].line == 1
    assert "header" in parse.errors[0].message


def test_an_empty_file_is_an_error_not_a_crash() -> None:
    assert parse_csis("").errors[0].message == "the file is empty"


def test_a_source_without_a_link_is_a_citation() -> None:
    text = csv_text(row(Source='ITA, "OSS Policy Initiatives"', **{"Source II": "https://a.org/x"}))
    sources = parse_csis(text).records[0].sources

    assert sources[0].citation == 'ITA, "OSS Policy Initiatives"'
    assert sources[0].url == ""
    assert sources[1].url == "https://a.org/x"
