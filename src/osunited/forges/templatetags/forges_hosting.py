"""The project page's code hosting panel, included by the catalog's template without the
catalog's view knowing of forges."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.catalog.models import Project
from osunited.forges.permissions import may_view_membership
from osunited.forges.selectors import hosting_for_project

register = template.Library()


@register.inclusion_tag("forges/_project_hosting.html", takes_context=True)
def project_hosting(context: template.Context, project: Project) -> dict[str, Any]:
    viewer = context["request"].user
    hosting = hosting_for_project(project, viewer)
    return {
        "hosting": hosting,
        "may_view_membership": hosting is not None and may_view_membership(viewer, project),
        "project": project,
        "csrf_token": context.get("csrf_token"),
    }
