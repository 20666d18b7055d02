"""Importing the CSIS dataset: on `migrate` into an empty library (the shipped file) and by
`osu policies import FILE`. One transaction: a database failure leaves the library as it was; a
malformed row is reported with its line and the other rows are imported. Re-importing the same
file changes nothing: a record is matched by its line and title, or else by issuer, title and
year when that names one record."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from osunited.accounts.types import Viewer
from osunited.audit.services import audit_record
from osunited.policies import csis
from osunited.policies.models import (
    IssuerKind,
    Origin,
    Policy,
    PolicyObjective,
    PolicySource,
)

SHIPPED_DATASET = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "third_party"
    / "csis"
    / "csis-government-oss-policies-2022-12.csv"
)
_FIELDS = (
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


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[csis.CsisError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


def read_dataset(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return file.read()


def _fields(record: csis.CsisRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in _FIELDS}
    # A copy: the shipped file's records are parsed once and shared by every load.
    return values | {"csis_row": dict(record.row), "csis_line": record.line}


def _new_policy(record: csis.CsisRecord) -> Policy:
    return Policy(
        issuer_kind=IssuerKind.GOVERNMENT,
        origin=Origin.CSIS_2022,
        published=True,
        **_fields(record),
    )


def _children(policy: Policy, record: csis.CsisRecord) -> tuple[list[Any], list[Any]]:
    objectives = [PolicyObjective(policy=policy, objective=o) for o in record.objectives]
    sources = [
        PolicySource(policy=policy, position=n, citation=s.citation, url=s.url)
        for n, s in enumerate(record.sources)
    ]
    return objectives, sources


class _Existing:
    """The library's CSIS records, by line and title and by issuer, title and year."""

    def __init__(self) -> None:
        self.by_line: dict[tuple[int | None, str], Policy] = {}
        self.by_name: dict[tuple[str, str, int | None], list[Policy]] = {}
        records = Policy.objects.filter(origin=Origin.CSIS_2022).prefetch_related(
            "objectives", "sources"
        )
        for policy in records:
            self.by_line[(policy.csis_line, policy.title)] = policy
            key = (policy.issuer, policy.title, policy.year)
            self.by_name.setdefault(key, []).append(policy)
        self.taken: set[int] = set()

    def match(self, record: csis.CsisRecord) -> Policy | None:
        found = self.by_line.get((record.line, record.title))
        if found is None:
            named = self.by_name.get((record.issuer, record.title, record.year), [])
            found = named[0] if len(named) == 1 else None
        if found is None or found.pk in self.taken:
            return None
        self.taken.add(found.pk)
        return found


def _same(policy: Policy, record: csis.CsisRecord) -> bool:
    objectives = {o.objective for o in policy.objectives.all()}
    sources = [(s.citation, s.url) for s in policy.sources.all()]
    return (
        all(getattr(policy, name) == value for name, value in _fields(record).items())
        and objectives == set(record.objectives)
        and sources == [(s.citation, s.url) for s in record.sources]
    )


def _update(policy: Policy, record: csis.CsisRecord) -> None:
    for name, value in _fields(record).items():
        setattr(policy, name, value)
    policy.save(update_fields=[*_fields(record), "updated_at"])
    policy.objectives.all().delete()
    policy.sources.all().delete()
    objectives, sources = _children(policy, record)
    PolicyObjective.objects.bulk_create(objectives)
    PolicySource.objects.bulk_create(sources)


@transaction.atomic
def csis_import(
    *, text: str, actor: Viewer | None = None, source: str = "", actor_label: str = ""
) -> ImportReport:
    """Import (or re-import) the dataset's rows; the report counts them and lists every error."""
    return _import(csis.parse_csis(text), actor=actor, source=source, actor_label=actor_label)


def _import(
    parse: csis.CsisParse, *, actor: Viewer | None, source: str, actor_label: str
) -> ImportReport:
    report = ImportReport(errors=list(parse.errors))
    existing = _Existing()
    new: list[tuple[Policy, csis.CsisRecord]] = []
    for record in parse.records:
        policy = existing.match(record)
        if policy is None:
            new.append((_new_policy(record), record))
        elif _same(policy, record):
            report.unchanged += 1
        else:
            _update(policy, record)
            report.updated += 1
    created = Policy.objects.bulk_create([policy for policy, _record in new])
    children = [_children(p, r) for p, (_same_p, r) in zip(created, new, strict=True)]
    PolicyObjective.objects.bulk_create([o for objectives, _s in children for o in objectives])
    PolicySource.objects.bulk_create([s for _o, sources in children for s in sources])
    report.created = len(created)
    audit_record(
        action="policies.csis_imported",
        actor=actor,
        actor_label=actor_label,
        changes={
            "source": source,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
        },
    )
    return report


@transaction.atomic
def csis_load_shipped() -> ImportReport | None:
    """The shipped dataset, into a library that holds no CSIS record (after `migrate`)."""
    if Policy.objects.filter(origin=Origin.CSIS_2022).exists():
        return None
    parse = _shipped_parse()
    return _import(parse, actor=None, source=SHIPPED_DATASET.name, actor_label="migrate")


@cache
def _shipped_parse() -> csis.CsisParse:
    # post_migrate also follows every transactional test's flush: read and parse the file once.
    return csis.parse_csis(read_dataset(SHIPPED_DATASET))
