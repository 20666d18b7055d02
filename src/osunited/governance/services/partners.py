"""Writes of partnerships (CPF 4.1.3, G10; Unite Open Source's broker role) and joint projects
(CPF SC5): requests filed by anyone signed in and handled by the Board; co-leads invited by a
project's focal point or its entity's representative and confirmed by the invited entity's
representative; reuse declared by the reusing entity's representative."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.roles import is_entity_representative
from osunited.audit.services import audit_record
from osunited.catalog.models import Project
from osunited.catalog.selectors import is_public
from osunited.entities.models import Entity
from osunited.governance.countries import countries
from osunited.governance.models import (
    PartnershipRequest,
    PartnershipStatus,
    PartnershipTopic,
    ProjectPartner,
    ProjectPartnerRole,
)
from osunited.licenses import license_facts
from osunited.platform.caching import CATALOG, public_content_changed

MAX_OPEN_REQUESTS = 3
OPEN_STATUSES = frozenset({PartnershipStatus.RECEIVED, PartnershipStatus.IN_DISCUSSION})
# The Board's moves between statuses; a status not listed as a key is final.
BOARD_TRANSITIONS: dict[str, frozenset[str]] = {
    PartnershipStatus.RECEIVED: frozenset(
        {
            PartnershipStatus.IN_DISCUSSION,
            PartnershipStatus.ACCEPTED,
            PartnershipStatus.DECLINED,
            PartnershipStatus.CLOSED,
        }
    ),
    PartnershipStatus.IN_DISCUSSION: frozenset(
        {PartnershipStatus.ACCEPTED, PartnershipStatus.DECLINED, PartnershipStatus.CLOSED}
    ),
    PartnershipStatus.ACCEPTED: frozenset({PartnershipStatus.CLOSED}),
    PartnershipStatus.DECLINED: frozenset({PartnershipStatus.IN_DISCUSSION}),
}
# The requester is told why: an accepted or declined request says what comes of it.
OUTCOME_REQUIRED = frozenset({PartnershipStatus.ACCEPTED, PartnershipStatus.DECLINED})


# -- partnership requests ---------------------------------------------------------------------


def valid_country(code: str) -> str:
    """The upper-case ISO 3166-1 alpha-2 code, or "" when not stated; refuses any other text."""
    code = code.strip().upper()
    if code and code not in countries():
        raise ValidationError(
            {"country": _("Choose a country from the list, or leave it not stated.")}
        )
    return code


def valid_tool_license(spdx_id: str) -> str:
    """The current SPDX id of an OSI-approved license (CPF 4.2), whatever its case."""
    facts = license_facts(spdx_id.strip()) if spdx_id.strip() else None
    if facts is None:
        raise ValidationError(
            {"tool_license_intent": _("Give the SPDX id of the license, such as Apache-2.0.")}
        )
    if not facts.osi_approved:
        raise ValidationError(
            {
                "tool_license_intent": _(
                    "%(license)s is not approved by the Open Source Initiative; the UN releases "
                    "software under an OSI-approved license."
                )
                % {"license": facts.spdx_id}
            }
        )
    return facts.spdx_id


@transaction.atomic
def partnership_submit(
    *,
    actor: User,
    topic: str,
    organisation: str,
    organisation_kind: str,
    contact_name: str,
    contact_email: str,
    summary: str,
    country: str = "",
    tool_name: str = "",
    tool_license_intent: str = "",
) -> PartnershipRequest:
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one count at a time
    if open_requests_of(actor) >= MAX_OPEN_REQUESTS:
        raise ValidationError(
            _(
                "You have %(count)d requests still open: wait for the Board's answer or "
                "withdraw one."
            )
            % {"count": MAX_OPEN_REQUESTS}
        )
    request = PartnershipRequest(
        topic=topic,
        organisation=organisation.strip(),
        organisation_kind=organisation_kind,
        country=valid_country(country),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        summary=summary.strip(),
        submitted_by=actor,
    )
    _set_tool(request, tool_name, tool_license_intent)
    request.full_clean()
    request.save()
    audit_record(action="governance.partnership_submitted", actor=actor, target=request)
    return request


def open_requests_of(user: User) -> int:
    return PartnershipRequest.objects.filter(submitted_by=user, status__in=OPEN_STATUSES).count()


def _set_tool(request: PartnershipRequest, tool_name: str, license_id: str) -> None:
    if request.topic != PartnershipTopic.OPEN_SOURCE_A_TOOL:
        return  # a partnership names no tool: whatever came with it is dropped
    if not tool_name.strip():
        raise ValidationError({"tool_name": _("Name the tool you wish to open source.")})
    request.tool_name = tool_name.strip()
    request.tool_license_intent = valid_tool_license(license_id)


@transaction.atomic
def partnership_withdraw(*, request: PartnershipRequest, actor: User) -> PartnershipRequest:
    request = PartnershipRequest.objects.select_for_update().get(pk=request.pk)
    if request.submitted_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who filed a request withdraws it."))
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("This request is no longer open."))
    previous = request.status
    request.status = PartnershipStatus.CLOSED
    request.save(update_fields=["status", "updated_at"])
    audit_record(
        action="governance.partnership_withdrawn",
        actor=actor,
        target=request,
        changes={"status": [previous, request.status]},
    )
    return request


@transaction.atomic
def partnership_handle(
    *,
    request: PartnershipRequest,
    actor: User,
    status: str,
    matched_entities: Iterable[Entity],
    outcome: str,
    public: bool,
) -> PartnershipRequest:
    """The Board's handling: the status (by BOARD_TRANSITIONS), the entities interested, the
    outcome and whether an accepted request is listed publicly."""
    request = PartnershipRequest.objects.select_for_update().get(pk=request.pk)
    previous = request.status
    if status != previous and status not in BOARD_TRANSITIONS.get(previous, frozenset()):
        raise ValidationError(
            {"status": _("A request cannot go from this status to the one chosen.")}
        )
    if status in OUTCOME_REQUIRED and not outcome.strip():
        raise ValidationError({"outcome": _("Say what comes of the request (the outcome).")})
    entities = sorted({entity.pk for entity in matched_entities})
    before = sorted(request.matched_entities.values_list("pk", flat=True))
    request.status, request.outcome, request.public = status, outcome.strip(), public
    request.handled_by = actor
    request.save(update_fields=["status", "outcome", "public", "handled_by", "updated_at"])
    request.matched_entities.set(entities)
    audit_record(
        action="governance.partnership_handled",
        actor=actor,
        target=request,
        changes={"status": [previous, status], "matched_entities": [before, entities]},
    )
    return request


# -- joint projects ---------------------------------------------------------------------------


def may_invite_co_leads(user: User, project: Project) -> bool:
    """A project's focal points and its entity's representatives invite co-leads (SC5)."""
    return project.has_focal_point(user) or is_entity_representative(user, project.entity)


@transaction.atomic
def partner_invite(
    *, project: Project, entity: Entity, actor: User, note: str = ""
) -> ProjectPartner:
    """Invite another entity to co-lead: shown once that entity's representative confirms."""
    if not may_invite_co_leads(actor, project):
        raise PermissionDenied(_("Only the project's focal points and representatives invite."))
    partner = _new_partner(project, entity, ProjectPartnerRole.CO_LEAD, actor, note)
    audit_record(action="governance.co_lead_invited", actor=actor, target=partner)
    return partner


@transaction.atomic
def partner_declare_reuse(
    *, project: Project, entity: Entity, actor: User, note: str = ""
) -> ProjectPartner:
    """The reusing entity's representative declares it: shown at once."""
    if not is_entity_representative(actor, entity):
        raise PermissionDenied(_("Only a representative of the entity declares its reuse."))
    partner = _new_partner(project, entity, ProjectPartnerRole.REUSE, actor, note)
    partner.confirmed_at, partner.confirmed_by = timezone.now(), actor
    partner.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(action="governance.reuse_declared", actor=actor, target=partner)
    public_content_changed(CATALOG)
    return partner


def _new_partner(
    project: Project, entity: Entity, role: str, actor: User, note: str
) -> ProjectPartner:
    if not is_public(project):
        raise ValidationError(_("Only projects published in the catalog have partners."))
    if entity.pk == project.entity_id:
        raise ValidationError(_("The project's own entity leads it already."))
    try:
        with transaction.atomic():
            return ProjectPartner.objects.create(
                project=project, entity=entity, role=role, note=note.strip(), declared_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            _("%(entity)s is already listed in this role for the project.")
            % {"entity": entity.acronym}
        ) from None


@transaction.atomic
def partner_confirm(*, partner: ProjectPartner, actor: User) -> ProjectPartner:
    partner = ProjectPartner.objects.select_for_update().select_related("entity").get(pk=partner.pk)
    if not is_entity_representative(actor, partner.entity):
        raise PermissionDenied(_("Only a representative of the invited entity confirms."))
    if partner.confirmed_at is not None:
        raise ValidationError(_("This partnership is confirmed already."))
    partner.confirmed_at, partner.confirmed_by = timezone.now(), actor
    partner.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(action="governance.co_lead_confirmed", actor=actor, target=partner)
    public_content_changed(CATALOG)
    return partner


def may_remove_partner(user: User, partner: ProjectPartner) -> bool:
    """The partner entity's representative declines or withdraws; the project's side cancels an
    invitation or ends a co-leadership, never another entity's declared reuse."""
    if is_entity_representative(user, partner.entity):
        return True
    return partner.role == ProjectPartnerRole.CO_LEAD and may_invite_co_leads(user, partner.project)


@transaction.atomic
def partner_remove(*, partner: ProjectPartner, actor: User) -> None:
    partner = (
        ProjectPartner.objects.select_for_update()
        .select_related("entity", "project__entity")
        .get(pk=partner.pk)
    )
    if not may_remove_partner(actor, partner):
        raise PermissionDenied(_("You may not remove this partner."))
    audit_record(
        action="governance.project_partner_removed",
        actor=actor,
        target=partner,
        changes={"role": partner.role, "confirmed": partner.confirmed_at is not None},
    )
    partner.delete()
    public_content_changed(CATALOG)
