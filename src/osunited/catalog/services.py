"""Writes to the catalog. Every workflow change goes through `project_transition`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from osunited.accounts.roles import Role, roles_of
from osunited.audit.services import audit_record
from osunited.catalog.models import Project, ProjectEvent, Repository
from osunited.catalog.workflow import (
    Actor,
    ProjectStatus,
    Transition,
    TransitionNotAllowed,
    transition_for,
)
from osunited.entities.models import Entity


@transaction.atomic
def project_create(
    *,
    entity: Entity,
    created_by: Any,
    focal_points: list[Any],
    repositories: list[str],
    **fields: Any,
) -> Project:
    """A draft project. Focal points must be UN staff (CPF 4.3.2); at least one is needed."""
    if not focal_points:
        raise ValidationError("A project needs at least one focal point.")
    outsiders = [user.email for user in focal_points if not user.is_un_staff]
    if outsiders:
        raise ValidationError(f"Focal points must be UN staff: {', '.join(outsiders)}.")
    project = Project(
        entity=entity, created_by=created_by, slug=_free_slug(fields["name"]), **fields
    )
    project.full_clean()
    project.save()
    project.focal_points.set(focal_points)
    Repository.objects.bulk_create([Repository(project=project, url=url) for url in repositories])
    audit_record(action="project.created", actor=created_by, target=project)
    return project


def actor_for(project: Project, user: Any) -> set[Actor]:
    """The parts `user` may play for this project: its focal point, or a reviewer from another
    entity (a reviewer never decides on their own entity's projects)."""
    actors = set()
    if project.focal_points.filter(pk=user.pk).exists():
        actors.add(Actor.FOCAL_POINT)
    if Role.REVIEWER in roles_of(user) and user.entity_id != project.entity_id:
        actors.add(Actor.REVIEWER)
    return actors


@transaction.atomic
def project_transition(*, project: Project, action: str, user: Any, comment: str) -> Project:
    """Make a workflow transition as `user` (None: the system), with a comment that the
    history keeps. Raises PermissionDenied, TransitionNotAllowed or ValidationError."""
    comment = comment.strip()
    if not comment:
        raise ValidationError("Say why, in a comment: it stays in the project's history.")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    chosen = _transition(locked, action, user)
    previous = ProjectStatus(locked.status)
    locked.status = chosen.target
    locked.status_changed_at = timezone.now()
    if action == "confirm_maintained":
        locked.confirmed_at = locked.status_changed_at
    locked.save(update_fields=["status", "status_changed_at", "confirmed_at"])
    ProjectEvent.objects.create(
        project=locked, action=action, from_status=previous, to_status=chosen.target,
        actor=user, comment=comment,
    )  # fmt: skip
    audit_record(
        action=f"project.{action}", actor=user, target=locked,
        changes={"status": [previous.value, chosen.target.value], "comment": comment},
    )  # fmt: skip
    transaction.on_commit(lambda: _tell_focal_points(locked, chosen, comment))
    return locked


def _transition(project: Project, action: str, user: Any) -> Transition:
    status = ProjectStatus(project.status)
    if user is None:
        return transition_for(action, status, Actor.SYSTEM)
    actors = actor_for(project, user)
    if not actors:
        raise PermissionDenied("Only the project's focal points and reviewers of other entities.")
    errors: list[TransitionNotAllowed] = []
    for actor in sorted(actors):
        try:
            return transition_for(action, status, actor)
        except TransitionNotAllowed as error:  # the user's other part may be allowed
            errors.append(error)
    raise errors[0]


def _tell_focal_points(project: Project, transition: Transition, comment: str) -> None:
    recipients = list(project.focal_points.values_list("email", flat=True))
    send_mail(
        subject=f"[Open Source United] {project.name}: {transition.label}",
        message=f"{project.name} is now {transition.target.label}.\n\n{comment}",
        from_email=None,
        recipient_list=recipients,
    )


# Paths under /catalog/ that a project slug must not take.
RESERVED_SLUGS = frozenset(
    {"register", "mine", "review", "feedback", "import", "export", "api", "new", "scans"}
)


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "project"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
