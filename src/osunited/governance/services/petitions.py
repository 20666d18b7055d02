"""Petitions to join the Board (CPF 4.1): filed by a representative of a non-member entity with
the evidence for G1-G3, put to the Board's vote by the secretariat, decided by that vote."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.accounts.roles import is_entity_representative
from osunited.assessments.models import Answer, Assessment
from osunited.assessments.selectors import public_assessments
from osunited.audit.services import audit_record
from osunited.entities.models import Entity, OssibStatus
from osunited.entities.services import entity_join_board
from osunited.governance.models import (
    BoardMeeting,
    MotionKind,
    Petition,
    PetitionDocument,
    PetitionStatus,
)
from osunited.governance.selectors.board import EVIDENCE_ITEMS
from osunited.governance.services.decisions import decision_open


@dataclass(frozen=True)
class DocumentIn:
    """A document given with a petition: a link, a file, or both."""

    title: str
    url: str = ""
    file: UploadedFile | None = None
    guideline: str = ""


def petition_evidence(entity: Entity, liaison: User) -> dict[str, object]:
    """The evidence copied at filing: the liaison and the latest published assessment's answers
    for G1-G3 (a private assessment stays private: it is never copied into a public petition)."""
    assessment = public_assessments().filter(entity=entity).order_by("-submitted_at", "-pk").first()
    return {
        "liaison": {"name": liaison.get_full_name() or liaison.email, "email": liaison.email},
        "assessment": _assessment_evidence(assessment) if assessment is not None else None,
    }


def _assessment_evidence(assessment: Assessment) -> dict[str, object]:
    answers = Answer.objects.filter(assessment=assessment, item_id__in=EVIDENCE_ITEMS)
    return {
        "id": assessment.pk,
        "framework": assessment.framework_id,
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else "",
        "answers": {
            answer.item_id: {
                "rating": answer.rating,
                "evidence": answer.evidence,
                "links": list(answer.links or []),
            }
            for answer in answers
        },
    }


@transaction.atomic
def petition_file(
    *,
    entity: Entity,
    actor: User,
    liaison: User,
    governance_structure: str,
    motivation: str = "",
    documents: list[DocumentIn] | None = None,
) -> Petition:
    """File `entity`'s petition to join; its OSSIB status becomes "petition under review"."""
    if not is_entity_representative(actor, entity):
        raise PermissionDenied(_("Only a representative of the entity files its petition."))
    if entity.ossib_status not in (OssibStatus.NOT_MEMBER, OssibStatus.FORMER_MEMBER):
        raise ValidationError(_("This entity is a member or already has a petition under review."))
    if not governance_structure.strip():
        raise ValidationError(_("Describe the entity's open source governance structure (G2)."))
    try:
        with transaction.atomic():
            petition = Petition.objects.create(
                entity=entity,
                filed_by=actor,
                liaison=liaison,
                governance_structure=governance_structure.strip(),
                motivation=motivation.strip(),
                evidence=petition_evidence(entity, liaison),
            )
    except IntegrityError as error:
        raise ValidationError(_("This entity already has a petition under review.")) from error
    for document in documents or []:
        _attach(petition, document)
    _set_status(entity, OssibStatus.PETITIONED)
    audit_record(
        action="governance.petition_filed",
        actor=actor,
        target=petition,
        changes={"entity": entity.acronym, "liaison": liaison.email},
    )
    return petition


def _attach(petition: Petition, document: DocumentIn) -> PetitionDocument:
    if not document.title.strip() or not (document.url or document.file):
        raise ValidationError(_("Each document needs a title and a link or a file."))
    attached = PetitionDocument(
        petition=petition,
        title=document.title.strip(),
        url=document.url,
        guideline=document.guideline,
    )
    if document.file is not None:
        attached.file.save(document.file.name or "document", document.file, save=False)
    attached.save()
    return attached


def _set_status(entity: Entity, status: str) -> None:
    entity.ossib_status = status
    entity.save(update_fields=["ossib_status", "updated_at"])


def _status_when_not_joining(entity: Entity) -> str:
    # An entity that held a seat before goes back to "former member", any other to "not a member".
    return OssibStatus.FORMER_MEMBER if entity.ossib_member_since else OssibStatus.NOT_MEMBER


@transaction.atomic
def petition_withdraw(*, petition: Petition, actor: User) -> Petition:
    """The entity's representative withdraws a petition not yet put to the vote."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if not is_entity_representative(actor, petition.entity):
        raise PermissionDenied(_("Only a representative of the entity withdraws its petition."))
    if petition.status != PetitionStatus.FILED:
        raise ValidationError(_("A petition put to the vote can no longer be withdrawn."))
    petition.status = PetitionStatus.WITHDRAWN
    petition.save(update_fields=["status", "updated_at"])
    _set_status(petition.entity, _status_when_not_joining(petition.entity))
    audit_record(action="governance.petition_withdrawn", actor=actor, target=petition)
    return petition


@transaction.atomic
def petition_put_to_vote(
    *, petition: Petition, actor: User, meeting: BoardMeeting | None = None
) -> Petition:
    """The secretariat opens the Board's vote on a filed petition."""
    petition = Petition.objects.select_for_update().select_related("entity").get(pk=petition.pk)
    if petition.status != PetitionStatus.FILED:
        raise ValidationError(_("Only a filed petition can be put to the vote."))
    entity = petition.entity
    petition.decision = decision_open(
        kind=MotionKind.PETITION,
        title=str(_("Petition of %(entity)s to join the Board") % {"entity": entity.acronym}),
        motion=str(
            _("That %(name)s (%(acronym)s) becomes a member of the Board.")
            % {"name": entity.name, "acronym": entity.acronym}
        ),
        actor=actor,
        meeting=meeting,
    )
    petition.status = PetitionStatus.VOTING
    petition.save(update_fields=["decision", "status", "updated_at"])
    audit_record(action="governance.petition_put_to_vote", actor=actor, target=petition)
    return petition


@transaction.atomic
def petition_decided(*, petition: Petition, accepted: bool, actor: User) -> Petition:
    """Apply the Board's decision (called when its vote closes): an accepted petition makes the
    entity a member with its liaison as representative."""
    petition = Petition.objects.select_for_update().select_related("entity").get(pk=petition.pk)
    if petition.status != PetitionStatus.VOTING:
        raise ValidationError(_("This petition is not under the Board's vote."))
    petition.status = PetitionStatus.ACCEPTED if accepted else PetitionStatus.REJECTED
    petition.save(update_fields=["status", "updated_at"])
    if accepted:
        entity_join_board(entity=petition.entity, representative=petition.liaison, actor=actor)
    else:
        _set_status(petition.entity, _status_when_not_joining(petition.entity))
    audit_record(
        action="governance.petition_decided",
        actor=actor,
        target=petition,
        changes={"status": petition.status},
    )
    return petition
