"""Small OSV records written by the tests, in the shape of osv.dev exports."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

MODIFIED = "2024-03-01T12:00:00Z"


def osv_record(
    record_id: str,
    ecosystem: str,
    name: str,
    *,
    ranges: list[dict[str, Any]] | None = None,
    versions: list[str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    affected: dict[str, Any] = {"package": {"ecosystem": ecosystem, "name": name}}
    if ranges is not None:
        affected["ranges"] = ranges
    if versions is not None:
        affected["versions"] = versions
    return {
        "schema_version": "1.6.0",
        "id": record_id,
        "modified": MODIFIED,
        "summary": f"Issue {record_id} in {name}",
        "affected": [affected],
        **fields,
    }


def ecosystem_range(*events: tuple[str, str], kind: str = "ECOSYSTEM") -> dict[str, Any]:
    return {"type": kind, "events": [{event: version} for event, version in events]}


def write_records(directory: Path, records: list[dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for record in records:
        (directory / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    return directory


def write_zip(path: Path, records: list[dict[str, Any]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for record in records:
            archive.writestr(f"{record['id']}.json", json.dumps(record))
    return path
