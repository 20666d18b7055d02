"""The catalog's interchange formats: publiccode.yml in and out, Digital Public Goods registry
records in, CSV and JSON exports out.

Readers turn a file into `ImportedProject` values (or raise `InterchangeError` with a message for
the person who uploaded it); `imports.projects_import` writes them through the catalog's
services. Nothing here decides who may see or do what: callers pass what `visible_projects`
returned, and the services check the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class InterchangeError(ValueError):
    """The file or record cannot be read; the message says why, for the person who sent it."""


@dataclass
class ImportedProject:
    """A project as a file describes it: model fields plus the relations the services take."""

    fields: dict[str, Any]
    repositories: list[str] = field(default_factory=list)
    sdgs: list[tuple[int, str]] = field(default_factory=list)
    # Organisation names, the most responsible first (owner, maintainer, implementer).
    organisations: list[str] = field(default_factory=list)
    source: str = ""  # "publiccode.yml", "DPGA registry record"
    # The name, purpose and description in other UN languages, by language (ProjectText).
    texts: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.fields.get("name") or "")
