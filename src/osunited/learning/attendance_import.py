"""Attendance files from other systems, read into rows the attendance service records.

Two formats, told apart by their header line:

- Indico's CSV export of a registration form's registrants: "ID", "Name" (first
  and last name joined), one column per registration-form field under its title ("Email Address",
  "First Name", "Last Name", "Affiliation", ...), then the columns the organiser ticked, among
  them "Checked in" ("Yes"/"No") and "Check-in date". Only rows checked in are attendance; an
  export without the "Checked in" column cannot say who came and is refused.
- A generic file: "email", "name" (optional) and "checked_in_at" (optional) columns.

The reader is strict: a file is refused as a whole, with every faulty line named, and nothing of
it is written (the service records all rows or none). Cells starting like a spreadsheet formula
(`=`, `+`, `-`, `@`) are refused rather than stored, so that no later export runs them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_NAME = 200
MAX_EMAIL = 254
MAX_ERRORS_SHOWN = 50
DELIMITERS = (",", ";", "\t")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

INDICO = "indico"
GENERIC = "generic"

_INDICO_EMAIL = ("email address", "email", "e-mail")
_GENERIC_EMAIL = ("email", "e-mail", "email address", "e-mail address")
_GENERIC_NAME = ("name", "full name")
_GENERIC_TIME = ("checked_in_at", "checked in at", "check-in date")


@dataclass(frozen=True)
class AttendanceRow:
    line: int
    email: str  # lower case
    name: str
    checked_in_at: datetime | None  # None: the file does not say when


@dataclass
class AttendanceFile:
    format: str = ""
    rows: list[AttendanceRow] = field(default_factory=list)
    not_checked_in: int = 0  # Indico rows of registrants who did not come
    errors: list[str] = field(default_factory=list)


def read_attendance_file(data: bytes, *, timezone: tzinfo) -> AttendanceFile:
    """Every row of an attendance file, or every reason it is refused (`errors`)."""
    result = AttendanceFile()
    text = _decoded(data, result)
    if text is None:
        return result
    first_line = text.partition("\n")[0]
    if not first_line.strip():
        result.errors.append(_("The file is empty: its first line should name the columns."))
        return result
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True
    )
    try:
        header = [cell.strip() for cell in next(reader)]
        columns = _columns(header, result)
        if columns is not None:
            records = _records(reader, lambda: reader.line_num)
            _read_rows(records, len(header), columns, timezone, result)
    except csv.Error as error:
        result.errors.append(
            _("Line %(line)s cannot be read as CSV (%(reason)s).")
            % {"line": reader.line_num, "reason": error}
        )
    if result.errors:
        result.rows = []
    return result


def _decoded(data: bytes, result: AttendanceFile) -> str | None:
    if len(data) > MAX_BYTES:
        result.errors.append(
            _("The file is larger than %(size)s MB; split it by session.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
        return None
    if b"\x00" in data:
        result.errors.append(_("The file holds binary data: export it as CSV text."))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(_("The file is not UTF-8 text: save it as “CSV UTF-8”."))
        return None


def _delimiter(header_line: str) -> str:
    """The separator the header uses most: spreadsheets in many languages write semicolons."""
    return max(DELIMITERS, key=header_line.count)


@dataclass(frozen=True)
class _Columns:
    format: str
    email: int
    name: int | None = None
    first_name: int | None = None
    last_name: int | None = None
    checked_in: int | None = None
    time: int | None = None


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [cell.lower() for cell in header]
    return next((lowered.index(name) for name in names if name in lowered), None)


def _columns(header: list[str], result: AttendanceFile) -> _Columns | None:
    if _find(header, ("id",)) is not None and _find(header, ("name",)) is not None:
        return _indico_columns(header, result)
    email = _find(header, _GENERIC_EMAIL)
    if email is None:
        result.errors.append(
            _(
                "Line 1 names no e-mail column: an Indico export or a file with “email”, "
                "“name” and “checked_in_at” columns is expected."
            )
        )
        return None
    result.format = GENERIC
    return _Columns(
        GENERIC, email, name=_find(header, _GENERIC_NAME), time=_find(header, _GENERIC_TIME)
    )


def _indico_columns(header: list[str], result: AttendanceFile) -> _Columns | None:
    result.format = INDICO
    email, checked_in = _find(header, _INDICO_EMAIL), _find(header, ("checked in",))
    if email is None:
        result.errors.append(_("This Indico export has no “Email Address” column."))
    if checked_in is None:
        result.errors.append(
            _(
                "This Indico export has no “Checked in” column, so it cannot say who came: "
                "tick it among the export's columns."
            )
        )
    if email is None or checked_in is None:
        return None
    return _Columns(
        INDICO,
        email,
        name=_find(header, ("name",)),
        first_name=_find(header, ("first name",)),
        last_name=_find(header, ("last name",)),
        checked_in=checked_in,
        time=_find(header, ("check-in date",)),
    )


def _records(
    reader: Iterator[list[str]], line: Callable[[], int]
) -> Iterator[tuple[int, list[str]]]:
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield line(), cells


def _read_rows(
    records: Iterator[tuple[int, list[str]]],
    width: int,
    columns: _Columns,
    zone: tzinfo,
    result: AttendanceFile,
) -> None:
    seen: dict[str, int] = {}
    for count, (line, cells) in enumerate(records, start=1):
        if count > MAX_ROWS:
            result.errors.append(
                _("The file has more than %(rows)s rows; split it.") % {"rows": MAX_ROWS}
            )
            return
        _read_row(line, cells, width, columns, zone, seen, result)
        if len(result.errors) >= MAX_ERRORS_SHOWN:
            result.errors.append(_("More lines are faulty; correct these first."))
            return


def _read_row(
    line: int,
    cells: list[str],
    width: int,
    columns: _Columns,
    zone: tzinfo,
    seen: dict[str, int],
    result: AttendanceFile,
) -> None:
    if len(cells) != width:
        result.errors.append(
            _("Line %(line)s has %(found)s cells where the header names %(expected)s.")
            % {"line": line, "found": len(cells), "expected": width}
        )
        return
    if columns.checked_in is not None and not _is_yes(cells[columns.checked_in]):
        result.not_checked_in += 1
        return
    problems: list[str] = []
    email = _email(cells[columns.email], problems)
    name = _name(cells, columns, problems)
    when = _time(cells[columns.time] if columns.time is not None else "", zone, problems)
    if email and email in seen:
        problems.append(
            _("%(email)s is already on line %(first)s") % {"email": email, "first": seen[email]}
        )
    if problems:
        result.errors.append(
            _("Line %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
        )
        return
    seen[email] = line
    result.rows.append(AttendanceRow(line=line, email=email, name=name, checked_in_at=when))


def _is_yes(cell: str) -> bool:
    return cell.strip().lower() in {"yes", "true", "1"}


def _refused_start(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def _email(cell: str, problems: list[str]) -> str:
    email = cell.strip().lower()
    if not email:
        problems.append(_("the e-mail address is missing"))
        return ""
    try:
        if len(email) > MAX_EMAIL or _refused_start(email):
            raise ValidationError("")
        validate_email(email)
    except ValidationError:
        problems.append(_("“%(value)s” is not an e-mail address") % {"value": email[:80]})
        return ""
    return email


def _name(cells: list[str], columns: _Columns, problems: list[str]) -> str:
    parts = [columns.first_name, columns.last_name]
    if columns.name is not None:
        name = cells[columns.name].strip()
    else:
        name = " ".join(cells[i].strip() for i in parts if i is not None).strip()
    if _refused_start(name):
        problems.append(
            _("the name starts with “%(char)s”, which spreadsheets run as a formula")
            % {"char": name[0]}
        )
    elif len(name) > MAX_NAME:
        problems.append(_("the name is longer than %(max)s characters") % {"max": MAX_NAME})
    return " ".join(name.split())


def _time(cell: str, zone: tzinfo, problems: list[str]) -> datetime | None:
    """ISO 8601 ("2026-10-03 10:02", "2026-10-03T10:02:41+02:00"); a time without an offset is
    read in the platform's time zone."""
    text = cell.strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        problems.append(
            _("“%(value)s” is not a date and time such as 2026-10-03 10:02") % {"value": text[:40]}
        )
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=zone)
