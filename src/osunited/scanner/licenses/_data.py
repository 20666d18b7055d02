"""Reading the ScanCode LicenseDB (the `licensedcode-data` package, CC-BY-4.0, by nexB Inc. and
others): license texts, and rules for notices, references and tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

DATA_PACKAGE = "licensedcode-data"
ATTRIBUTION = (
    "License texts and rules: ScanCode LicenseDB (licensedcode-data), "
    "copyright nexB Inc. and others, CC-BY-4.0."
)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n?(.*)\Z", re.DOTALL)
_KEY_VALUE = re.compile(r"^([a-z_]+):\s*(.*)$")


@dataclass(frozen=True)
class LicenseRecord:
    """One license of the database: its key, SPDX id, category and full text."""

    key: str
    spdx: str
    name: str
    category: str
    is_exception: bool
    is_deprecated: bool
    text: str


@dataclass(frozen=True)
class RuleRecord:
    """One text known to mean a license expression (in database keys)."""

    identifier: str
    expression: str
    kind: str  # text, notice, reference, tag, intro, clue
    relevance: int
    minimum_coverage: int
    text: str


def data_version() -> str:
    return metadata.version(DATA_PACKAGE)


def data_root() -> Path:
    return Path(str(resources.files("licensedcode").joinpath("data")))


def read_licenses() -> Iterator[LicenseRecord]:
    for path in sorted((data_root() / "licenses").glob("*.LICENSE")):
        fields, text = _split(path.read_text("utf-8"))
        key = fields.get("key", path.stem)
        yield LicenseRecord(
            key=key,
            spdx=fields.get("spdx_license_key") or f"LicenseRef-scancode-{key}",
            name=fields.get("name", key),
            category=fields.get("category", ""),
            is_exception=_yes(fields, "is_exception"),
            is_deprecated=_yes(fields, "is_deprecated"),
            text=text,
        )


def read_rules() -> Iterator[RuleRecord]:
    for path in sorted((data_root() / "rules").glob("*.RULE")):
        fields, text = _split(path.read_text("utf-8"))
        if _yes(fields, "is_false_positive") or _yes(fields, "is_deprecated"):
            continue
        expression = fields.get("license_expression", "")
        if not expression or not text.strip():
            continue
        yield RuleRecord(
            identifier=path.stem,
            expression=expression,
            kind=_rule_kind(fields),
            relevance=int(fields.get("relevance") or 100),
            minimum_coverage=int(fields.get("minimum_coverage") or 0),
            text=text,
        )


def _split(document: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(document)
    if match is None:
        return {}, document
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        found = _KEY_VALUE.match(line)
        if found:
            fields[found.group(1)] = found.group(2).strip().strip("'\"")
    return fields, match.group(2)


def _yes(fields: dict[str, str], key: str) -> bool:
    return fields.get(key, "").lower() in {"yes", "true"}


def _rule_kind(fields: dict[str, str]) -> str:
    for kind in ("text", "notice", "reference", "tag", "intro", "clue"):
        if _yes(fields, f"is_license_{kind}"):
            return kind
    return "notice"
