"""The JSON report: `ScanReport.to_dict()` as UTF-8 JSON, described by `report.schema.json`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from osunited.scanner._model import ScanReport
from osunited.scanner.reports._base import ReportFormat

SCHEMA_FILE = "report.schema.json"


class JsonReport(ReportFormat):
    name = "json"
    suffix = ".json"
    description = "the full report for programs, versioned by its JSON Schema"

    def render(
        self, report: ScanReport, *, color: bool = False, language: str | None = None
    ) -> str:
        document = report.to_dict()
        for result in document["results"]:
            # Checks build `data` freely; sorting its keys keeps equal reports byte-identical.
            result["data"] = _sorted_keys(result["data"])
        return json.dumps(document, indent=2, ensure_ascii=False, default=_plain) + "\n"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON report, as a fresh dict."""
    return json.loads(_schema_text())  # type: ignore[no-any-return]


@cache
def _schema_text() -> str:
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8")


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _sorted_keys(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_sorted_keys(item) for item in value]
    return value


def _plain(value: object) -> object:
    """What json cannot encode by itself: sets as sorted lists, anything else refused."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} in a scan report is not JSON serialisable")
