"""Attendance files from other systems: Indico's registrant export and a generic file, read
strictly (every faulty line named) and recorded all or nothing; hostile files refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from osunited.learning.attendance_import import GENERIC, INDICO, MAX_BYTES, read_attendance_file
from osunited.learning.models import Attendance, AttendanceSource, Completion
from tests.conftest import Cast, client_for
from tests.learning.attendance_helpers import registered, workshop
from tests.learning.events_helpers import capacity_team_member

INDICO_HEADER = (
    "ID,Name,Email Address,First Name,Last Name,Affiliation,Registration state,"
    "Checked in,Check-in date"
)


def read(text: str | bytes):  # type: ignore[no-untyped-def]
    data = text.encode() if isinstance(text, str) else text
    return read_attendance_file(data, timezone=UTC)


def test_it_reads_indicos_export_keeping_only_those_checked_in() -> None:
    result = read(
        f"{INDICO_HEADER}\n"
        "1,Alice Martin,Alice@UNICEF.org,Alice,Martin,UNICEF,Completed,Yes,2031-05-06 09:04:12\n"
        "2,Bob Diaz,bob@undp.org,Bob,Diaz,UNDP,Completed,No,\n"
        "3,Zoe Li,zoe@example.org,Zoe,Li,,Completed,Yes,2031-05-06T09:10:00+02:00\n"
    )

    assert result.errors == []
    assert result.format == INDICO
    assert result.not_checked_in == 1
    assert [(row.line, row.email, row.name) for row in result.rows] == [
        (2, "alice@unicef.org", "Alice Martin"),
        (4, "zoe@example.org", "Zoe Li"),
    ]
    assert result.rows[0].checked_in_at == datetime(2031, 5, 6, 9, 4, 12, tzinfo=UTC)
    assert result.rows[1].checked_in_at == datetime(2031, 5, 6, 7, 10, tzinfo=UTC)


def test_an_indico_export_without_the_checked_in_column_is_refused() -> None:
    result = read("ID,Name,Email Address\n1,Alice Martin,alice@unicef.org\n")

    assert result.rows == []
    assert "no “Checked in” column" in result.errors[0]


def test_it_reads_a_generic_file_with_a_bom_crlf_and_semicolons() -> None:
    data = (
        "\ufeffemail;name;checked_in_at\r\n"
        "alice@unicef.org;Martin, Alice;2031-05-06 09:02\r\n"
        "zoe@example.org;;\r\n"
    ).encode()

    result = read(data)

    assert result.errors == []
    assert result.format == GENERIC
    assert [(row.email, row.name, row.checked_in_at) for row in result.rows] == [
        ("alice@unicef.org", "Martin, Alice", datetime(2031, 5, 6, 9, 2, tzinfo=UTC)),
        ("zoe@example.org", "", None),
    ]


def test_a_faulty_file_is_refused_with_every_line_named() -> None:
    result = read(
        "email,name,checked_in_at\n"
        "alice@unicef.org,Alice,2031-05-06 09:02\n"
        "not-an-address,Bob,\n"
        "zoe@example.org,Zoe,yesterday\n"
        "alice@unicef.org,Alice again,\n"
        "carol@example.org,Carol\n"
        ",Nobody,\n"
    )

    assert result.rows == []
    assert result.errors == [
        "Line 3: “not-an-address” is not an e-mail address.",
        "Line 4: “yesterday” is not a date and time such as 2026-10-03 10:02.",
        "Line 5: alice@unicef.org is already on line 2.",
        "Line 6 has 2 cells where the header names 3.",
        "Line 7: the e-mail address is missing.",
    ]


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_a_name_that_a_spreadsheet_would_run_as_a_formula_is_refused(cell: str) -> None:
    result = read(f'email,name\nalice@unicef.org,"{cell}"\n')

    assert result.rows == []
    assert "which spreadsheets run as a formula" in result.errors[0]


def test_an_address_starting_like_a_formula_is_refused() -> None:
    result = read('email,name\n"=HYPERLINK(""http://x"")@x.org",Alice\n')

    assert result.rows == []
    assert result.errors[0].startswith("Line 2: “=hyperlink")


def test_a_ten_megabyte_file_is_refused_before_it_is_read() -> None:
    data = b"email,name\n" + b"a@example.org,A\n" * (10 * 1024 * 1024 // 16)

    result = read(data)

    assert len(data) > MAX_BYTES
    assert result.rows == []
    assert result.errors == ["The file is larger than 2 MB; split it by session."]


def test_more_rows_than_the_cap_are_refused() -> None:
    rows = "".join(f"p{n}@example.org,P{n}\n" for n in range(5001))

    result = read("email,name\n" + rows)

    assert result.rows == []
    assert result.errors == ["The file has more than 5000 rows; split it."]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "The file is empty"),
        (b"\n\nemail\n", "The file is empty"),
        (b"email,name\x00\n", "binary data"),
        ("email,name\ncafé@example.org,Zoé\n".encode("latin-1"), "not UTF-8"),
        (b"id,fullname\n1,Alice\n", "Line 1 names no e-mail column"),
        (b'email,name\nalice@unicef.org,"Alice\n', "cannot be read as CSV"),
    ],
)
def test_a_file_that_is_not_attendance_text_is_refused_with_the_reason(
    data: bytes, error: str
) -> None:
    result = read(data)

    assert result.rows == []
    assert error in result.errors[0]


def upload(client, event, session, content: bytes, name: str = "attendance.csv"):  # type: ignore[no-untyped-def]
    url = reverse("learning:attendance_import", args=[event.slug])
    data = {"session": session.pk, "file": SimpleUploadedFile(name, content, "text/csv")}
    return client.post(url, data, follow=True)


@pytest.mark.django_db
def test_an_import_matches_people_by_address_and_keeps_the_others(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    alice = registered(cast.alice, event)
    session = event.sessions.first()
    content = (
        f"{INDICO_HEADER}\r\n"
        "1,Alice Martin,ALICE@unicef.org,Alice,Martin,UNICEF,Completed,Yes,2031-05-06 09:04\r\n"
        "2,Bob Diaz,bob@undp.org,Bob,Diaz,UNDP,Completed,Yes,\r\n"
        "3,Zoe Li,zoe@who.int,Zoe,Li,WHO,Completed,Yes,2031-05-06 09:10\r\n"
        "4,Sam Roe,sam@example.org,Sam,Roe,,Completed,No,\r\n"
    ).encode()

    response = upload(client_for(cast.grace), event, session, content, "indico-export.csv")

    rows = {row.email: row for row in Attendance.objects.filter(session=session)}
    assert set(rows) == {"alice@unicef.org", "bob@undp.org", "zoe@who.int"}
    assert rows["alice@unicef.org"].user == cast.alice
    assert rows["alice@unicef.org"].registration == alice
    assert rows["bob@undp.org"].user == cast.bob
    assert rows["bob@undp.org"].registration is None
    assert rows["bob@undp.org"].checked_in_at == session.starts_at  # the file does not say
    assert rows["zoe@who.int"].user is None
    assert rows["zoe@who.int"].name == "Zoe Li"
    assert rows["zoe@who.int"].entity == cast.who  # by the address's domain
    assert {row.source for row in rows.values()} == {AttendanceSource.IMPORT}
    assert {row.imported_from for row in rows.values()} == {"indico-export.csv"}
    assert "3 people recorded: 2 with an account (1 of them registered), 1 without" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_faulty_file_records_nothing_and_names_its_lines(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    session = event.sessions.first()
    content = b"email,name\nalice@unicef.org,Alice\nnot-an-address,Bob\n"

    response = upload(client_for(cast.grace), event, session, content)

    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert "Line 3: “not-an-address” is not an e-mail address." in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_importing_the_same_file_twice_records_each_person_once(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    session = event.sessions.first()
    content = b"email,name\nalice@unicef.org,Alice\nzoe@example.org,Zoe\n"
    client = client_for(cast.grace)

    upload(client, event, session, content)
    second = upload(client, event, session, content)

    assert Attendance.objects.count() == 2
    assert "2 were recorded before" in second.content.decode()


@pytest.mark.django_db
def test_importing_the_last_session_completes_the_event(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    registered(cast.alice, event)
    first, last = event.sessions.all()
    client = client_for(capacity_team_member(cast.frank))

    upload(client, event, first, b"email\nalice@unicef.org\n")
    assert not Completion.objects.exists()
    upload(client, event, last, b"email\nalice@unicef.org\n")

    completion = Completion.objects.get()
    assert completion.user == cast.alice
    assert completion.event == event
    assert completion.entity == cast.unicef
    assert completion.completed_on.isoformat() == "2031-05-13"


@pytest.mark.django_db
def test_only_the_organisers_and_the_capacity_team_import(cast: Cast) -> None:
    event = workshop(organiser=cast.grace)
    session = event.sessions.first()

    response = upload(client_for(cast.alice), event, session, b"email\nalice@unicef.org\n")

    assert response.status_code == 403
    assert not Attendance.objects.exists()
