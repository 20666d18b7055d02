"""A country's name from its code, and the project page's panel of joint projects (CPF SC5):
the entities that co-lead or reuse the project, and the forms to invite a co-lead or declare
reuse for those who may."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.accounts.models import User
from osunited.accounts.types import Viewer
from osunited.catalog.models import Project
from osunited.catalog.selectors import is_public
from osunited.governance.countries import country_name as _country_name
from osunited.governance.forms_partners import PartnerEntityForm
from osunited.governance.models import ProjectPartner
from osunited.governance.selectors import partners as selectors
from osunited.governance.services.partners import may_invite_co_leads, may_remove_partner

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    return _country_name(code or "")


@register.inclusion_tag("governance/joint_panel.html", takes_context=True)
def project_partners(context: template.Context, project: Project) -> dict[str, Any]:
    user: Viewer = context["request"].user
    panel: dict[str, Any] = {
        "project": project,
        "partners": selectors.confirmed_partners_of(project),
    }
    if user.is_authenticated and is_public(project):
        panel.update(_forms_for(user, project, panel["partners"]))
    return panel


def _forms_for(user: User, project: Project, partners: list[ProjectPartner]) -> dict[str, Any]:
    may_invite = may_invite_co_leads(user, project)
    pending = selectors.pending_invitations_of(project) if may_invite else []
    reusing = selectors.represented_entities(user).exclude(pk=project.entity_id)
    return {
        "removable": {p.pk for p in [*partners, *pending] if may_remove_partner(user, p)},
        "pending": pending,
        "invite_form": PartnerEntityForm(
            prefix="invite", entities=selectors.entities_to_invite(project)
        )
        if may_invite
        else None,
        "reuse_form": PartnerEntityForm(prefix="reuse", entities=reusing)
        if reusing.exists()
        else None,
    }
