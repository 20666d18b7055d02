"""Reads of the catalog, with who may see what in one place.

Published projects (and those under sunset notice or archived: their history stays public, P7)
are visible to anyone. Every other project is visible only to people with a role on it: its focal
points, the representatives of its entity, platform admins, and committee members once it has
been submitted.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.roles import Role, roles_of
from osunited.catalog.models import Project
from osunited.catalog.workflow import PUBLIC_STATUSES, ProjectStatus

REVIEWABLE_STATUSES = tuple(s for s in ProjectStatus if s != ProjectStatus.DRAFT)


def visible_projects(user: Any) -> QuerySet[Project]:
    """Every project `user` may see, in pages, search, API and exports alike."""
    projects = Project.objects.all()
    if not user.is_authenticated:
        return projects.filter(status__in=PUBLIC_STATUSES)
    roles = roles_of(user)
    if Role.PLATFORM_ADMIN in roles:
        return projects
    visible = Q(status__in=PUBLIC_STATUSES) | Q(focal_points=user)
    if Role.REVIEWER in roles:
        visible |= Q(status__in=REVIEWABLE_STATUSES)
    represented = RoleGrant.objects.filter(
        user=user, role=GrantedRole.ENTITY_REPRESENTATIVE
    ).values("entity_id")
    visible |= Q(entity_id__in=represented)
    # The join on focal points could repeat a row; filtering on ids keeps the queryset plain.
    return projects.filter(pk__in=Project.objects.filter(visible).values("pk"))


def get_project_for_user(*, user: Any, slug: str) -> Project:
    """The project, if `user` may see it; 404 otherwise (a private project's existence is
    not revealed)."""
    return get_object_or_404(visible_projects(user).select_related("entity"), slug=slug)


def is_public(project: Project) -> bool:
    return project.status in PUBLIC_STATUSES
