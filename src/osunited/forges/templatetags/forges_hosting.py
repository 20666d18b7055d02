"""The code hosting panel of a project's page and the code hosting section of an entity's page,
included by the catalog's and the entities' templates without their views knowing of forges."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.catalog.models import Project
from osunited.entities.models import Entity
from osunited.forges.permissions import may_view_membership
from osunited.forges.selectors import hosting_for_entity, hosting_for_project

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


@register.inclusion_tag("forges/_entity_hosting.html", takes_context=True)
def entity_hosting(context: template.Context, entity: Entity) -> dict[str, Any]:
    return {"hosting": hosting_for_entity(entity, context["request"].user)}
