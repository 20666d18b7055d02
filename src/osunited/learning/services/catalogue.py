"""Writes of the learning catalogue and paths: the shipped modules and paths created when missing
(never overwriting what the capacity-building team changed), modules created, edited, published
and unpublished, and a path's steps added, explained, removed and reordered. Every write is
audited; every refusal is a ValidationError naming the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from osunited import osee
from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.learning.models import (
    LearningModule,
    LearningPath,
    Level,
    ModuleKind,
    PathStep,
)
from osunited.learning.shipped import shipped_modules, shipped_paths
from osunited.licenses import license_facts

EDITABLE_FIELDS = (
    "title",
    "summary",
    "kind",
    "osee_module",
    "competencies",
    "provider",
    "url",
    "language",
    "level",
    "duration_minutes",
    "license",
    "self_paced",
)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_LICENSE_ID = re.compile(r"^[A-Za-z0-9.+-]+$")
RESERVED_SLUGS = frozenset({"new"})  # /learning/modules/new/ is the creation form


@dataclass(frozen=True)
class SyncResult:
    modules_created: tuple[str, ...]
    paths_created: tuple[str, ...]


@transaction.atomic
def catalogue_sync() -> SyncResult:
    """Create the shipped modules and paths whose slug is missing; leave every other one as it
    is. Running it again creates nothing."""
    existing = set(LearningModule.objects.values_list("slug", flat=True))
    new_modules = [
        LearningModule(**entry.as_fields())
        for entry in shipped_modules()
        if entry.slug not in existing
    ]
    LearningModule.objects.bulk_create(new_modules)
    paths_created = _create_missing_paths()
    result = SyncResult(
        modules_created=tuple(module.slug for module in new_modules),
        paths_created=paths_created,
    )
    if result.modules_created or result.paths_created:
        audit_record(
            action="learning_catalogue.synced",
            changes={"modules": list(result.modules_created), "paths": list(paths_created)},
        )
    return result


def _create_missing_paths() -> tuple[str, ...]:
    existing = set(LearningPath.objects.values_list("slug", flat=True))
    modules = dict(LearningModule.objects.values_list("slug", "pk"))
    created = []
    for entry in shipped_paths():
        if entry.slug in existing:
            continue
        path = LearningPath.objects.create(
            slug=entry.slug, title=entry.title, role=entry.role, summary=entry.summary
        )
        PathStep.objects.bulk_create(
            PathStep(path=path, module_id=modules[step.module], position=position, why=step.why)
            for position, step in enumerate(entry.steps)
        )
        created.append(entry.slug)
    return tuple(created)


def license_text(value: str) -> str:
    """An SPDX id the platform knows, in its exact spelling, or a license written in words. One
    word that is no known SPDX id is refused: it is a misspelt id more often than a name."""
    value = value.strip()
    if not value or not _LICENSE_ID.match(value):
        return value
    facts = license_facts(value)
    if facts is None:
        raise ValidationError(
            {
                "license": _(
                    "%(id)s is not an SPDX license id the platform knows; write the license in "
                    "words if it has no SPDX id."
                )
                % {"id": value}
            }
        )
    return facts.spdx_id


def _field_errors(fields: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(fields["title"]).strip():
        errors["title"] = _("Give the module a title.")
    if not str(fields["summary"]).strip():
        errors["summary"] = _("Say in a few sentences what the module teaches.")
    if fields["kind"] not in ModuleKind.values:
        errors["kind"] = _("Choose one of the kinds listed.")
    if fields["level"] not in Level.values:
        errors["level"] = _("Choose one of the levels listed.")
    url = str(fields["url"])
    if url and not url.lower().startswith(("https://", "http://")):
        errors["url"] = _("The link must be an http or https address.")
    duration = fields["duration_minutes"]
    if duration is not None and duration <= 0:
        errors["duration_minutes"] = _("The duration is a number of minutes above zero.")
    if fields["language"] and not _LANGUAGE.match(fields["language"]):
        errors["language"] = _('Write the language as a code such as "en", "fr" or "pt-BR".')
    return errors


def _framework_errors(fields: dict[str, Any]) -> dict[str, str]:
    framework = osee.load_osee()
    errors: dict[str, str] = {}
    module_ids = {module.id for module in framework.modules}
    if fields["osee_module"] and fields["osee_module"] not in module_ids:
        errors["osee_module"] = _("Choose one of the OSEE modules listed.")
    if fields["kind"] == ModuleKind.OSEE and not fields["osee_module"]:
        errors["osee_module"] = _("An OSEE framework module names its OSEE module.")
    known = {competency.id for competency in framework.competencies()}
    unknown = [c for c in fields["competencies"] if c not in known]
    if unknown:
        errors["competencies"] = _("Not OSEE competencies: %(ids)s.") % {"ids": ", ".join(unknown)}
    return errors


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields as stored, or a ValidationError with every field's reason."""
    unexpected = set(fields) - set(EDITABLE_FIELDS)
    if unexpected:
        raise TypeError(f"not module fields: {', '.join(sorted(unexpected))}")
    fields = {**fields, "competencies": list(dict.fromkeys(fields["competencies"]))}
    for name in ("title", "summary", "provider", "url", "language"):
        fields[name] = str(fields[name]).strip()
    errors = {**_field_errors(fields), **_framework_errors(fields)}
    try:
        fields["license"] = license_text(str(fields["license"]))
    except ValidationError as error:
        errors.update({name: "; ".join(messages) for name, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def module_create(*, slug: str, actor: User, **fields: Any) -> LearningModule:
    if slug in RESERVED_SLUGS or LearningModule.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("The short name %(slug)s is taken.") % {"slug": slug}})
    module = LearningModule.objects.create(slug=slug, **_cleaned(fields))
    audit_record(
        action="learning_module.created", actor=actor, target=module, changes={"kind": module.kind}
    )
    return module


@transaction.atomic
def module_update(*, module: LearningModule, actor: User, **fields: Any) -> LearningModule:
    """Change a module's facts; the audit log keeps each changed field's old and new value."""
    cleaned = _cleaned(fields)
    changes = {
        name: [getattr(module, name), value]
        for name, value in cleaned.items()
        if getattr(module, name) != value
    }
    if not changes:
        return module
    for name, value in cleaned.items():
        setattr(module, name, value)
    module.save(update_fields=[*changes, "updated_at"])
    audit_record(action="learning_module.updated", actor=actor, target=module, changes=changes)
    return module


@transaction.atomic
def module_publication_set(*, module: LearningModule, published: bool, actor: User) -> None:
    """Publish or unpublish a module: an unpublished one leaves the catalogue and the paths'
    pages, and stays for the events and completions that name it."""
    if module.published == published:
        return
    module.published = published
    module.save(update_fields=["published", "updated_at"])
    action = "learning_module.published" if published else "learning_module.unpublished"
    audit_record(action=action, actor=actor, target=module)


def _lock(path: LearningPath) -> None:
    # Two members editing the same path take turns, so that positions stay unique.
    LearningPath.objects.select_for_update().filter(pk=path.pk).first()


@transaction.atomic
def path_step_set(*, path: LearningPath, module: LearningModule, why: str, actor: User) -> PathStep:
    """Add a module to the end of the path, or change why an existing step is there."""
    why = why.strip()
    if not why:
        raise ValidationError({"why": _("Say why this step is on the path.")})
    _lock(path)
    last = path.steps.aggregate(last=Max("position"))["last"]
    step, created = PathStep.objects.get_or_create(
        path=path,
        module=module,
        defaults={"why": why, "position": 0 if last is None else last + 1},
    )
    if not created and step.why != why:
        step.why = why
        step.save(update_fields=["why"])
    audit_record(
        action="learning_path.step_added" if created else "learning_path.step_explained",
        actor=actor,
        target=path,
        changes={"module": module.slug, "why": why},
    )
    return step


def _step_of(path: LearningPath, step_id: int) -> PathStep:
    step = path.steps.select_related("module").filter(pk=step_id).first()
    if step is None:
        raise ValidationError(_("That step is not on this path any more."))
    return step


@transaction.atomic
def path_step_remove(*, path: LearningPath, step_id: int, actor: User) -> None:
    _lock(path)
    step = _step_of(path, step_id)
    step.delete()
    _renumber(list(path.steps.order_by("position")))
    audit_record(
        action="learning_path.step_removed",
        actor=actor,
        target=path,
        changes={"module": step.module.slug},
    )


@transaction.atomic
def path_step_move(*, path: LearningPath, step_id: int, up: bool, actor: User) -> None:
    """Move a step one place earlier or later; the first step does not move up."""
    _lock(path)
    step = _step_of(path, step_id)
    steps = list(path.steps.order_by("position"))
    index = next(i for i, candidate in enumerate(steps) if candidate.pk == step.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(steps):
        return
    steps[index], steps[other] = steps[other], steps[index]
    _renumber(steps)
    audit_record(
        action="learning_path.step_moved",
        actor=actor,
        target=path,
        changes={"module": step.module.slug, "position": other + 1},
    )


def _renumber(steps: list[PathStep]) -> None:
    """Positions 0, 1, 2 ... in the list's order. Positions are unique per path, checked row by
    row: the steps step aside past the largest position first."""
    if not steps:
        return
    offset = max(step.position for step in steps) + 1
    for step in steps:
        step.position += offset
    PathStep.objects.bulk_update(steps, ["position"])
    for position, step in enumerate(steps):
        step.position = position
    PathStep.objects.bulk_update(steps, ["position"])
