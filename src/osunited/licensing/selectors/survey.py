"""Reads of the requirements survey: rounds, an entity's response, and the results across
entities (the licensing group's, with free text, and the public summary without it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.licensing import survey
from osunited.licensing.models import SurveyResponse, SurveyRound


def survey_rounds() -> QuerySet[SurveyRound]:
    return SurveyRound.objects.order_by("-opens_on", "-pk")


def get_survey_round(pk: int) -> SurveyRound:
    return get_object_or_404(SurveyRound, pk=pk)


def represented_entities(user: Viewer) -> list[Entity]:
    """The entities `user` answers the survey for."""
    if not user.is_authenticated:
        return []
    grants = RoleGrant.objects.filter(user=user, role=GrantedRole.ENTITY_REPRESENTATIVE)
    return list(Entity.objects.filter(pk__in=grants.values("entity_id")).order_by("acronym"))


def response_of(survey_round: SurveyRound, entity: Entity) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(round=survey_round, entity=entity).first()


@dataclass(frozen=True)
class RoundResults:
    survey_round: SurveyRound
    results: survey.Results
    answered: list[Entity]
    not_answered: list[Entity]


def _submitted(survey_round: SurveyRound) -> list[SurveyResponse]:
    return list(
        SurveyResponse.objects.filter(round=survey_round, submitted_at__isnull=False)
        .select_related("entity")
        .order_by("entity__acronym")
    )


def round_results(survey_round: SurveyRound) -> RoundResults:
    """The licensing group's results: every submitted response, free text included, and which
    entities have not answered (a draft is not an answer)."""
    responses = _submitted(survey_round)
    results = survey.aggregate(
        [r.answers for r in responses], version=survey_round.questions_version, with_texts=True
    )
    answered_ids = {r.entity_id for r in responses}
    return RoundResults(
        survey_round,
        results,
        answered=[r.entity for r in responses],
        not_answered=list(Entity.objects.exclude(pk__in=answered_ids).order_by("acronym")),
    )


def public_summary(survey_round: SurveyRound) -> survey.Results | None:
    """Counts and shares without free text, or None while fewer than
    `survey.PUBLIC_SUMMARY_MINIMUM` entities have answered."""
    responses = _submitted(survey_round)
    if len(responses) < survey.PUBLIC_SUMMARY_MINIMUM:
        return None
    return survey.aggregate([r.answers for r in responses], version=survey_round.questions_version)
