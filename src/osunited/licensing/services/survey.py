"""Writes of the requirements survey (CPF 4.2.1): rounds opened by the licensing group, and each
entity's answers, saved as a draft or submitted, editable until the round closes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.roles import is_entity_representative
from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.entities.models import Entity
from osunited.licensing import survey
from osunited.licensing.models import SurveyResponse, SurveyRound


@transaction.atomic
def survey_round_create(*, actor: User, title: str, opens_on: date, closes_on: date) -> SurveyRound:
    if closes_on < opens_on:
        raise ValidationError(_("The round must close on or after the day it opens."))
    survey_round = SurveyRound.objects.create(
        title=title.strip(),
        questions_version=survey.CURRENT_VERSION,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    audit_record(
        action="licensing.survey_round_created",
        actor=actor,
        target=survey_round,
        changes={"opens_on": str(opens_on), "closes_on": str(closes_on)},
    )
    return survey_round


def is_round_open(survey_round: SurveyRound, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return survey_round.opens_on <= today <= survey_round.closes_on


@transaction.atomic
def survey_response_save(
    *,
    actor: User,
    survey_round: SurveyRound,
    entity: Entity,
    answers: dict[str, Any],
    submit: bool,
) -> SurveyResponse:
    """Save an entity's answers as they are (a draft) or submit them (every required question
    answered). Only submitted answers are counted; they stay editable until the round closes."""
    if not is_entity_representative(actor, entity):
        raise PermissionDenied(_("Only the entity's representatives answer for it."))
    if not is_round_open(survey_round):
        raise ValidationError(_("This round is not open for answers."))
    checked = survey.check_answers(answers, version=survey_round.questions_version, complete=submit)
    if checked.errors:
        raise ValidationError(checked.errors)
    response, _created = SurveyResponse.objects.select_for_update().get_or_create(
        round=survey_round, entity=entity
    )
    now = timezone.now()
    response.answers, response.updated_at = checked.answers, now
    if submit:
        response.submitted_by, response.submitted_at = actor, now
    else:  # a draft saved over a submitted response is not counted until submitted again
        response.submitted_at = None
    response.save()
    audit_record(
        action="licensing.survey_submitted" if submit else "licensing.survey_draft_saved",
        actor=actor,
        target=response,
    )
    return response
