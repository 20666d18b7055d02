"""Who may see and change what on the code hosting pages, beyond the views' access rules."""

from __future__ import annotations

from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.catalog.models import Project


def may_manage_forges(user: Viewer) -> bool:
    """Platform admins configure forges, audit namespaces and apply membership plans."""
    return bool(user.is_authenticated) and Role.PLATFORM_ADMIN in roles_of(user)


def may_view_membership(user: Viewer, project: Project) -> bool:
    """The membership plan of a project's repositories: its focal points and platform admins."""
    return may_manage_forges(user) or project.has_focal_point(user)
