"""The CSIS Government Open Source Software Policies dataset (December 2022) as CSV: reading its
rows into records coded with the policy library's choices, and writing a policy back as a row.

Pure Python: `parse_csis` needs no database. `csis_row` reads a `Policy` (its fields, objectives and
sources) and gives each column the imported cell unchanged when the field still holds what that
cell says, so a record nobody edited exports exactly its imported row ("How to use" stays as
spelled), and an edited field exports its current value in the dataset's coding.

    >>> parse = parse_csis(text)  # parse.records (each with its .line), parse.errors
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from osunited.policies.models import Policy

__all__ = [
    "CSIS_COLUMNS",
    "OBJECTIVE_COLUMNS",
    "CsisError",
    "CsisParse",
    "CsisRecord",
    "CsisSource",
    "csis_row",
    "parse_csis",
    "write_csis",
]

CSIS_COLUMNS: tuple[str, ...] = (
    "Government",
    "Region",
    "Issuing Area of Government",
    "Title",
    "Type",
    "Date",
    "OSS Specific?",
    "Stated Objective: Cost",
    "Stated Objective: Sovereignty",
    "Stated Objective: Support for National Industry",
    "Stated Objective: Modernization",
    "Stated Objective: Transparency",
    "Stated Objective: Security",
    "Action",
    "Term",
    "Status",
    "Comments",
    "Source",
    "Source II",
    "Notes",
)

# Column -> the model's choice value (osunited.policies.models.Objective).
OBJECTIVE_COLUMNS: dict[str, str] = {
    "Stated Objective: Cost": "cost",
    "Stated Objective: Sovereignty": "sovereignty",
    "Stated Objective: Support for National Industry": "national_industry",
    "Stated Objective: Modernization": "modernization",
    "Stated Objective: Transparency": "transparency",
    "Stated Objective: Security": "security",
}

# The dataset's spelling -> the model's choice value; the first spelling of a value is the one
# written back. "Global", "Governing body" and "Secretariat or management" are the library's own
# (organisations), accepted so that any exported row reads back.
_REGIONS = {
    "Africa": "africa",
    "Asia": "asia",
    "Central America and the Caribbean": "central_america_caribbean",
    "Europe": "europe",
    "Middle East": "middle_east",
    "North America": "north_america",
    "Oceania": "oceania",
    "South America": "south_america",
    "Global": "global",
}
_ISSUING_AREAS = {
    "Legislative": "legislative",
    "Executive": "executive",
    "Ministry": "ministry",
    "Agency": "agency",
    "Armed Forces": "armed_forces",
    "Governing body": "governing_body",
    "Secretariat or management": "secretariat",
}
_TYPES = {
    "Bill": "bill",
    "Directives & Regulation": "directive",
    "Strategy": "strategy",
    "Support": "support",
    "Other": "other",
}
_ACTIONS = {
    "Procurement - mandatory": "procurement_mandatory",
    "Procurement - advisory": "procurement_advisory",
    "R&D": "research",
    "How to Use": "how_to_use",
    "Training": "training",
    "Repository": "repository",
    "Tech Neutrality": "tech_neutrality",
    "Cooperation": "cooperation",
}
_TERMS = {
    "OSS": "oss",
    "FLOSS / FOSS": "floss",
    "Both": "both",
    "Public Software": "public_software",
}
_STATUSES = {
    "Proposed": "proposed",
    "Approved": "approved",
    "Replaced": "replaced",
    "Failed": "failed",
}
_YES_NO = {"yes": True, "no": False}
_MARKED = {"X": True, "-": False, "": False}
_YEAR = re.compile(r"\d{4}")
_URL = re.compile(r"https?://\S+")
_URL_MAX = 1000  # PolicySource.url's max_length


@dataclass(frozen=True)
class CsisSource:
    """A source cell: a link (citation and url the same) or a citation without a link."""

    citation: str
    url: str = ""


@dataclass(frozen=True)
class CsisRecord:
    """One row, coded with the policy library's choice values; `row` keeps the cells as read."""

    line: int
    row: dict[str, str]
    issuer: str
    region: str
    issuing_area: str
    title: str
    policy_type: str
    year: int | None
    oss_specific: bool | None
    objectives: tuple[str, ...]
    action: str
    term: str
    status: str
    summary: str
    sources: tuple[CsisSource, ...]
    notes: str


@dataclass(frozen=True)
class CsisError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class CsisParse:
    records: tuple[CsisRecord, ...]
    errors: tuple[CsisError, ...]


class _CellError(ValueError):
    pass


def _folded(vocabulary: dict[str, str]) -> dict[str, str]:
    return {spelling.casefold(): value for spelling, value in vocabulary.items()}


def _choice(vocabulary: dict[str, str], what: str, *, required: bool) -> Callable[[str], str]:
    folded = _folded(vocabulary)

    def decode(cell: str) -> str:
        text = _clean(cell)
        if not text:
            if required:
                raise _CellError(f"{what} is missing")
            return ""
        try:
            return folded[text.casefold()]
        except KeyError:
            raise _CellError(f"unknown {what} {text!r}") from None

    return decode


def _clean(cell: str) -> str:
    # The dataset pads some cells with spaces and narrow no-break spaces ("Kyrgyzstan\u202f ").
    return cell.strip().strip("\u202f").strip()


def _required_text(what: str) -> Callable[[str], str]:
    def decode(cell: str) -> str:
        text = _clean(cell)
        if not text:
            raise _CellError(f"{what} is missing")
        return text

    return decode


def _year(cell: str) -> int | None:
    text = _clean(cell)
    if not text:
        return None
    if not _YEAR.fullmatch(text):
        raise _CellError(f"Date {text!r} is not a year")
    return int(text)


def _yes_no(cell: str) -> bool | None:
    text = _clean(cell)
    if text in ("", "-"):
        return None
    try:
        return _YES_NO[text.casefold()]
    except KeyError:
        raise _CellError(f"OSS Specific? {text!r} is not Yes, No or -") from None


def _marked(column: str) -> Callable[[str], bool]:
    def decode(cell: str) -> bool:
        try:
            return _MARKED[_clean(cell).upper()]
        except KeyError:
            raise _CellError(f"{column} {_clean(cell)!r} is not X or -") from None

    return decode


def _source(cell: str) -> CsisSource | None:
    text = _clean(cell)
    if not text:
        return None
    if _URL.fullmatch(text) and len(text) <= _URL_MAX:
        return CsisSource(citation=text, url=text)
    return CsisSource(citation=text)


_DECODERS: dict[str, Callable[[str], object]] = {
    "Government": _required_text("Government"),
    "Region": _choice(_REGIONS, "Region", required=True),
    "Issuing Area of Government": _choice(_ISSUING_AREAS, "Issuing Area", required=False),
    "Title": _required_text("Title"),
    "Type": _choice(_TYPES, "Type", required=True),
    "Date": _year,
    "OSS Specific?": _yes_no,
    **{column: _marked(column) for column in OBJECTIVE_COLUMNS},
    "Action": _choice(_ACTIONS, "Action", required=False),
    "Term": _choice(_TERMS, "Term", required=False),
    "Status": _choice(_STATUSES, "Status", required=True),
    "Comments": _clean,
    "Source": _source,
    "Source II": _source,
    "Notes": _clean,
}


def parse_csis(text: str) -> CsisParse:
    """Read the dataset's CSV. Each record carries the line its row starts on; a malformed row
    becomes an error (its line and every problem found) and never stops the rows after it."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return CsisParse(records=(), errors=(CsisError(1, "the file is empty"),))
    except csv.Error as error:
        return CsisParse(records=(), errors=(CsisError(1, f"unreadable CSV: {error}"),))
    if tuple(_clean(name) for name in header) != CSIS_COLUMNS:
        message = "the header is not the CSIS dataset's: expected " + ", ".join(CSIS_COLUMNS)
        return CsisParse(records=(), errors=(CsisError(1, message),))
    records: list[CsisRecord] = []
    errors: list[CsisError] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(CsisError(line, f"unreadable CSV: {error}"))
            line = reader.line_num + 1
            continue
        if any(cell.strip() for cell in cells):
            _read_row(line, cells, records, errors)
        line = reader.line_num + 1
    return CsisParse(records=tuple(records), errors=tuple(errors))


def _read_row(
    line: int, cells: list[str], records: list[CsisRecord], errors: list[CsisError]
) -> None:
    if len(cells) != len(CSIS_COLUMNS):
        message = f"expected {len(CSIS_COLUMNS)} columns, found {len(cells)}"
        errors.append(CsisError(line, message))
        return
    row = dict(zip(CSIS_COLUMNS, cells, strict=True))
    values: dict[str, object] = {}
    problems: list[str] = []
    for column, decode in _DECODERS.items():
        try:
            values[column] = decode(row[column])
        except _CellError as problem:
            problems.append(str(problem))
    if problems:
        errors.append(CsisError(line, "; ".join(problems)))
        return
    records.append(_record(line, row, values))


def _record(line: int, row: dict[str, str], values: dict[str, object]) -> CsisRecord:
    sources = tuple(
        source
        for source in (values["Source"], values["Source II"])
        if isinstance(source, CsisSource)
    )
    year = values["Date"]
    oss_specific = values["OSS Specific?"]
    return CsisRecord(
        line=line,
        row=row,
        issuer=str(values["Government"]),
        region=str(values["Region"]),
        issuing_area=str(values["Issuing Area of Government"]),
        title=str(values["Title"]),
        policy_type=str(values["Type"]),
        year=year if isinstance(year, int) else None,
        oss_specific=oss_specific if isinstance(oss_specific, bool) else None,
        objectives=tuple(value for column, value in OBJECTIVE_COLUMNS.items() if values[column]),
        action=str(values["Action"]),
        term=str(values["Term"]),
        status=str(values["Status"]),
        summary=str(values["Comments"]),
        sources=sources,
        notes=str(values["Notes"]),
    )


def _spelling(vocabulary: dict[str, str], value: str) -> str:
    for spelling, coded in vocabulary.items():
        if coded == value:
            return spelling
    return value


def _current(policy: Policy) -> dict[str, object]:
    """The policy's fields as the decoders would give them."""
    objectives = {objective.objective for objective in policy.objectives.all()}
    sources = [CsisSource(citation=s.citation, url=s.url) for s in policy.sources.all()]
    return {
        "Government": policy.issuer,
        "Region": policy.region,
        "Issuing Area of Government": policy.issuing_area,
        "Title": policy.title,
        "Type": policy.policy_type,
        "Date": policy.year,
        "OSS Specific?": policy.oss_specific,
        **{column: value in objectives for column, value in OBJECTIVE_COLUMNS.items()},
        "Action": policy.action,
        "Term": policy.term,
        "Status": policy.status,
        "Comments": policy.summary,
        "Source": sources[0] if sources else None,
        "Source II": _joined(sources[1:]),
        "Notes": policy.notes,
    }


def _joined(sources: list[CsisSource]) -> CsisSource | None:
    if len(sources) <= 1:
        return sources[0] if sources else None
    return CsisSource(citation=" ".join(source.url or source.citation for source in sources))


def _encode(column: str, value: object) -> str:
    vocabularies = {
        "Region": _REGIONS,
        "Issuing Area of Government": _ISSUING_AREAS,
        "Type": _TYPES,
        "Action": _ACTIONS,
        "Term": _TERMS,
        "Status": _STATUSES,
    }
    if column in vocabularies:
        return _spelling(vocabularies[column], str(value)) if value else ""
    if column in OBJECTIVE_COLUMNS:
        return "X" if value else "-"
    if column == "OSS Specific?":
        return {True: "Yes", False: "No"}.get(value, "-") if isinstance(value, bool) else "-"
    if isinstance(value, CsisSource):
        return value.url or value.citation
    return "" if value is None else str(value)


def csis_row(policy: Policy) -> dict[str, str]:
    """The policy as a CSIS row: each imported cell kept where its field is unchanged."""
    imported = policy.csis_row or {}
    current = _current(policy)
    row: dict[str, str] = {}
    for column in CSIS_COLUMNS:
        cell = imported.get(column)
        if isinstance(cell, str) and _decodes_to(column, cell, current[column]):
            row[column] = cell
        else:
            row[column] = _encode(column, current[column])
    return row


def _decodes_to(column: str, cell: str, value: object) -> bool:
    try:
        return _DECODERS[column](cell) == value
    except _CellError:
        return False


def write_csis(rows: Iterable[dict[str, str]]) -> str:
    """Rows as CSV text with the dataset's header (CRLF line ends, as the dataset has)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSIS_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
