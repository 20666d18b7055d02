"""Registering a project, editing its facts and deleting a junk draft (CPF 4.3.2, 4.3.4)."""

from __future__ import annotations

import tarfile
import zipfile
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.audit.services import audit_record
from osunited.catalog.licenses import checked_license_expression
from osunited.catalog.models import (
    PROJECT_FACTS,
    Hosting,
    Project,
    ProjectEvent,
    ProjectSdg,
    Repository,
    Scan,
    ScanStatus,
)
from osunited.catalog.selectors import (
    entities_for_registration,
)
from osunited.catalog.services.texts import ProjectTexts, checked_texts, set_texts
from osunited.catalog.sources import clone_target
from osunited.catalog.workflow import (
    ProjectStatus,
)
from osunited.entities.models import Entity

SOURCE_ARCHIVE_MAX_BYTES = 200 * 1024 * 1024
# The archive formats the scanner extracts (osunited.scanner._archive).
SOURCE_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
# What `project_update` may change: the project's facts, never its workflow state.
EDITABLE_FIELDS = frozenset({*PROJECT_FACTS, "language", "entity", "prefill_sources"})
# Under review, the facts stay as submitted: withdraw first, or answer the reviewers' request.
FROZEN_STATUSES = frozenset(
    {
        ProjectStatus.SUBMITTED,
        ProjectStatus.RESUBMITTED,
        ProjectStatus.IN_REVIEW,
        ProjectStatus.REJECTED,
        ProjectStatus.ARCHIVED,
    }
)


@transaction.atomic
def project_create(
    *,
    entity: Entity,
    created_by: User,
    focal_points: list[User],
    repositories: list[str],
    sdgs: Sequence[tuple[int, str]] = (),
    source_archive: UploadedFile | None = None,
    texts: ProjectTexts | None = None,
    **fields: Any,
) -> Project:
    """A draft project (CPF 4.3.2). Focal points must be UN staff, at least one. An external
    project names at least one repository the platform may clone; an internal one uploads its
    source as an archive (CPF 4.3.4). Each SDG comes with a line of evidence. `texts`: its
    name, purpose and description in other languages, by language."""
    _check_focal_points(focal_points)
    for_other_entity = _check_registering_entity(created_by, entity)
    fields["licenses"] = checked_license_expression(fields.get("licenses") or "")
    project = Project(
        entity=entity, created_by=created_by, slug=_free_slug(fields["name"]), **fields
    )
    _check_sources(project.hosting, repositories, source_archive)
    checked_sdgs = _checked_sdgs(sdgs)
    other_languages = checked_texts(texts or {}, own_language=project.language)
    if source_archive is not None:
        project.source_archive = source_archive
    project.full_clean()
    project.save()
    project.focal_points.set(focal_points)
    _set_repositories(project, repositories)
    _set_sdgs(project, checked_sdgs)
    set_texts(project, other_languages)
    changes = {"registered_for_another_entity": entity.acronym} if for_other_entity else None
    audit_record(action="project.created", actor=created_by, target=project, changes=changes)
    return project


def _check_registering_entity(user: User, entity: Entity) -> bool:
    """A project is registered for the registrant's own entity (CPF 4.3.2); only platform
    admins register for another, and that is recorded. True when it is another entity."""
    if not entities_for_registration(user).filter(pk=entity.pk).exists():
        own = user.entity.acronym if user.entity is not None else ""
        if own:
            message = _("You can register projects only for your own entity, %(entity)s.")
            raise ValidationError(message % {"entity": own})
        raise ValidationError(
            _("Your account is not linked to a UN entity, so you cannot register projects yet.")
        )
    return bool(user.entity_id != entity.pk)


@transaction.atomic
def project_update(*, project: Project, user: User, changes: dict[str, Any]) -> Project:
    """Change a project's facts as one of its focal points, audited with the fields changed.

    `changes` holds model fields (EDITABLE_FIELDS) and optionally `focal_points`,
    `repositories`, `sdgs`, `source_archive` and `texts` (those in other languages, which
    replace the project's). Allowed in every status but those of
    FROZEN_STATUSES; the status never changes (a published project stays published)."""
    if not project.has_focal_point(user):
        raise PermissionDenied(_("Only the project's focal points may edit it."))
    if project.status in FROZEN_STATUSES:
        raise ValidationError(
            _("A project that is %(status)s cannot be edited.")
            % {"status": ProjectStatus(project.status).label}
        )
    changes = dict(changes)
    if "licenses" in changes:
        changes["licenses"] = checked_license_expression(changes["licenses"] or "")
    relations = {key: changes.pop(key) for key in _RELATIONS if key in changes}
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "entity" in changes and changes["entity"] != project.entity:
        _check_registering_entity(user, changes["entity"])
    changed = _apply_fields(project, changes)
    if {"repositories", "source_archive"} & relations.keys() or "hosting" in changed:
        _check_sources(
            project.hosting,
            relations.get("repositories", [r.url for r in project.repositories.all()]),
            relations.get("source_archive"),
            archive_on_file=bool(project.source_archive),
        )
    changed += _apply_relations(project, relations)
    if changed:
        audit_record(
            action="project.updated", actor=user, target=project, changes={"fields": changed}
        )
    return project


_RELATIONS = ("focal_points", "repositories", "sdgs", "source_archive", "texts")


def _apply_fields(project: Project, changes: dict[str, Any]) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(project, name) != value]
    for name in changed:
        setattr(project, name, changes[name])
    if changed:
        project.full_clean(exclude=["source_archive"])
        project.save(update_fields=changed)
    return sorted(changed)


def _apply_relations(project: Project, relations: dict[str, Any]) -> list[str]:
    changed = []
    if "focal_points" in relations:
        _check_focal_points(relations["focal_points"])
        if set(project.focal_points.all()) != set(relations["focal_points"]):
            project.focal_points.set(relations["focal_points"])
            changed.append("focal_points")
    repositories = relations.get("repositories")
    if repositories is not None and sorted(repositories) != sorted(
        project.repositories.values_list("url", flat=True)
    ):
        project.repositories.all().delete()
        _set_repositories(project, repositories)
        changed.append("repositories")
    if "sdgs" in relations:
        sdgs = _checked_sdgs(relations["sdgs"])
        if sdgs != list(project.sdgs.values_list("goal", "evidence")):
            project.sdgs.all().delete()
            _set_sdgs(project, sdgs)
            changed.append("sdgs")
    if "texts" in relations:
        texts = checked_texts(relations["texts"], own_language=project.language)
        if set_texts(project, texts):
            changed.append("texts")
    archive = relations.get("source_archive")
    if archive is not None:
        project.source_archive = archive
        project.save(update_fields=["source_archive"])
        changed.append("source_archive")
    return changed


def _check_focal_points(focal_points: list[User]) -> None:
    if not focal_points:
        raise ValidationError(_("A project needs at least one focal point."))
    outsiders = [user.email for user in focal_points if not user.is_un_staff]
    if outsiders:
        raise ValidationError(
            _("Focal points must be UN staff: %(addresses)s.") % {"addresses": ", ".join(outsiders)}
        )


def _check_sources(
    hosting: str, repositories: list[str], archive: Any, *, archive_on_file: bool = False
) -> None:
    """External hosting: at least one repository, each one the platform may clone (the SSRF
    guard). Internal hosting: the source archive, in a format the scanner extracts."""
    for url in repositories:
        try:
            clone_target(url)
        except ValidationError as error:
            raise ValidationError(f"{url}: {' '.join(error.messages)}") from None
    if hosting == Hosting.EXTERNAL and not repositories:
        raise ValidationError(_("An externally hosted project needs at least one repository URL."))
    if archive is not None:
        _check_archive(archive)
    elif hosting == Hosting.INTERNAL and not archive_on_file:
        raise ValidationError(
            _("An internally hosted project uploads its source code as an archive.")
        )


def _check_archive(archive: Any) -> None:
    name = str(getattr(archive, "name", "")).lower()
    if not name.endswith(SOURCE_ARCHIVE_SUFFIXES):
        raise ValidationError(
            _("The source archive must be one of: %(suffixes)s.")
            % {"suffixes": ", ".join(SOURCE_ARCHIVE_SUFFIXES)}
        )
    if archive.size > SOURCE_ARCHIVE_MAX_BYTES:
        raise ValidationError(
            _("The source archive is larger than %(size)s MB.")
            % {"size": SOURCE_ARCHIVE_MAX_BYTES // (1024 * 1024)}
        )
    archive.seek(0)
    readable = zipfile.is_zipfile(archive) if name.endswith(".zip") else _is_tar(archive)
    archive.seek(0)
    if not readable:
        raise ValidationError(_("The source archive cannot be read: it is not a valid zip or tar."))


def _is_tar(archive: Any) -> bool:
    try:
        with tarfile.open(fileobj=archive, mode="r:*") as tar:
            tar.next()
    except (tarfile.TarError, EOFError, OSError):
        return False
    return True


def _checked_sdgs(sdgs: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    checked: dict[int, str] = {}
    for goal, evidence in sdgs:
        if not isinstance(goal, int) or not 1 <= goal <= 17:
            raise ValidationError(
                _("There is no SDG %(goal)s: the goals are numbered 1 to 17.") % {"goal": goal}
            )
        if not str(evidence).strip():
            raise ValidationError(_("Give a line of evidence for SDG %(goal)s.") % {"goal": goal})
        if goal in checked:
            raise ValidationError(_("SDG %(goal)s is listed twice.") % {"goal": goal})
        checked[goal] = str(evidence).strip()[:300]
    return sorted(checked.items())


def _set_repositories(project: Project, repositories: list[str]) -> None:
    unique = list(dict.fromkeys(url.strip() for url in repositories))
    Repository.objects.bulk_create([Repository(project=project, url=url) for url in unique])


def _set_sdgs(project: Project, sdgs: list[tuple[int, str]]) -> None:
    ProjectSdg.objects.bulk_create(
        [ProjectSdg(project=project, goal=goal, evidence=evidence) for goal, evidence in sdgs]
    )


# Paths under /catalog/ that a project slug must not take.
RESERVED_SLUGS = frozenset(
    {"register", "mine", "review", "feedback", "import", "export", "api", "new", "scans"}
)


def _free_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:70].strip("-") or "project"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def draft_deletion_refusals(projects: QuerySet[Project]) -> dict[int, str]:
    """Why those of `projects` that may not be deleted may not, by id; the others are drafts
    that may. A project that was ever published stays on record: it is archived through the
    workflow instead. A running scan must finish first."""
    ever_published = set(
        ProjectEvent.objects.filter(
            project__in=projects, to_status=ProjectStatus.PUBLISHED
        ).values_list("project_id", flat=True)
    )
    scanning = set(
        Scan.objects.filter(project__in=projects, status=ScanStatus.RUNNING).values_list(
            "project_id", flat=True
        )
    )
    refusals = {}
    for pk, name, status in projects.values_list("pk", "name", "status"):
        if status != ProjectStatus.DRAFT:
            refusals[pk] = _(
                "“%(name)s” is %(status)s, not a draft: only drafts can be deleted. A published "
                "project is archived through the workflow."
            ) % {"name": name, "status": ProjectStatus(status).label}
        elif pk in ever_published:
            refusals[pk] = _(
                "“%(name)s” was published once: its record stays. Archive it through the workflow."
            ) % {"name": name}
        elif pk in scanning:
            refusals[pk] = _(
                "A scan of “%(name)s” is running: delete it once the scan has finished."
            ) % {"name": name}
    return refusals


def draft_deletion_refusal(project: Project) -> str:
    """Why `project` may not be deleted, or "" (see `draft_deletion_refusals`)."""
    return draft_deletion_refusals(Project.objects.filter(pk=project.pk)).get(project.pk, "")


@transaction.atomic
def project_delete_draft(*, project: Project, actor: User) -> None:
    """Delete a junk draft with its scans, reviews and feedback (platform admins only). The
    audit log keeps what it was; ValidationError says why a project may not be deleted."""
    if Role.PLATFORM_ADMIN not in roles_of(actor):
        raise PermissionDenied(_("Only platform administrators delete projects."))
    locked = Project.objects.select_for_update().filter(pk=project.pk).first()
    if locked is None:
        raise ValidationError(_("“%(name)s” was deleted already.") % {"name": project.name})
    if refusal := draft_deletion_refusal(locked):
        raise ValidationError(refusal)
    audit_record(
        action="project.deleted", actor=actor, target=locked, changes=_deleted_record(locked)
    )
    archive = locked.source_archive
    locked.delete()
    if archive:
        name, storage = archive.name, archive.storage
        transaction.on_commit(lambda: storage.delete(name))


def _deleted_record(project: Project) -> dict[str, Any]:
    """What the audit log keeps of a deleted draft."""
    return {
        "slug": project.slug,
        "entity": project.entity.acronym,
        "created_by": project.created_by.email,
        "created_at": project.created_at.isoformat(),
        "repositories": list(project.repositories.values_list("url", flat=True)),
    }
