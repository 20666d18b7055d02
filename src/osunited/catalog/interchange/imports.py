"""Creating draft projects from an uploaded publiccode.yml or DPGA registry file.

A file that cannot be read changes nothing. A readable file gives one outcome per record:
created (the importer becomes the focal point), already in the catalog (same name or a
repository in common), or an error that says what to fix. Records are independent: one that
fails leaves the others in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.catalog import services
from osunited.catalog.interchange import ImportedProject, InterchangeError
from osunited.catalog.interchange.dpga import dpga_records, dpga_to_project, match_entity
from osunited.catalog.interchange.publiccode import publiccode_to_project
from osunited.catalog.models import Project
from osunited.catalog.selectors import visible_projects
from osunited.entities.models import Entity


@dataclass
class ImportOutcome:
    name: str
    project: Project | None = None  # created
    existing: Project | None = None  # already in the catalog, and visible to the importer
    duplicate: bool = False
    error: str = ""


def read_import_file(text: str, *, kind: str) -> list[ImportedProject | InterchangeError]:
    """The records of a `publiccode` or `dpga` file. A file that cannot be read at all raises
    InterchangeError; a record that cannot be read is returned as its error."""
    if kind == "publiccode":
        return [publiccode_to_project(text)]
    if kind != "dpga":
        raise InterchangeError(f"Unknown format {kind!r}: publiccode or dpga.")
    records: list[ImportedProject | InterchangeError] = []
    for record in dpga_records(text):
        try:
            records.append(dpga_to_project(record))
        except InterchangeError as error:
            name = record.get("name") if isinstance(record.get("name"), str) else "A record"
            records.append(InterchangeError(f"{name}: {error}"))
    return records


@transaction.atomic
def projects_import(
    *,
    user: User,
    records: list[ImportedProject | InterchangeError],
    fallback_entity: Entity | None = None,
) -> list[ImportOutcome]:
    """Create a draft project per record, with `user` as its focal point. A record's entity is
    the UN entity its organisations name, else `fallback_entity`. Several records at once (a
    registry's bulk file) are for platform admins."""
    if len(records) > 1 and Role.PLATFORM_ADMIN not in roles_of(user):
        raise PermissionDenied(_("Importing several records at once is for platform admins."))
    entities = list(Entity.objects.all())
    outcomes = []
    for record in records:
        if isinstance(record, InterchangeError):
            outcomes.append(ImportOutcome(name="", error=str(record)))
            continue
        outcomes.append(_import_one(user, record, entities, fallback_entity))
    return outcomes


def _import_one(
    user: User, record: ImportedProject, entities: list[Entity], fallback: Entity | None
) -> ImportOutcome:
    outcome = ImportOutcome(name=record.name)
    existing = _existing(record)
    if existing is not None:
        outcome.duplicate = True
        outcome.existing = visible_projects(user).filter(pk=existing.pk).first()
        return outcome
    entity = match_entity(record.organisations, entities) or fallback
    if entity is None:
        named = ", ".join(record.organisations) or "none"
        outcome.error = (
            f"No UN entity among the organisations ({named}): choose the entity to import it into."
        )
        return outcome
    try:
        with transaction.atomic():  # a failed record leaves no half-written rows
            outcome.project = services.project_create(
                entity=entity,
                created_by=user,
                focal_points=[user],
                repositories=record.repositories,
                sdgs=record.sdgs,
                texts=record.texts,
                **record.fields,
            )
    except ValidationError as error:
        outcome.error = " ".join(_messages(error))
    return outcome


def _existing(record: ImportedProject) -> Project | None:
    same = Q(name__iexact=record.name)
    if record.repositories:
        same |= Q(repositories__url__in=record.repositories)
    return Project.objects.filter(same).order_by("pk").first()


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
    return list(error.messages)
