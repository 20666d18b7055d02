"""Reading the Board: its seats, its decisions and the petitions to join it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from osunited.accounts.models import GrantedRole, RoleGrant, User
from osunited.accounts.roles import BOARD
from osunited.accounts.types import Viewer
from osunited.assessments.models import RatingChoice
from osunited.entities.models import Entity, OssibStatus
from osunited.governance.models import (
    BoardSettings,
    Decision,
    DecisionStatus,
    Petition,
    PetitionStatus,
    Vote,
)

EVIDENCE_ITEMS = ("G1", "G2", "G3")
UNDER_REVIEW = (PetitionStatus.FILED, PetitionStatus.VOTING)


def board_seats() -> QuerySet[Entity]:
    """The member entities: one seat each, held by the entity's OSSIB representative."""
    return Entity.objects.filter(ossib_status=OssibStatus.MEMBER).select_related(
        "ossib_representative"
    )


def seat_of(user: Viewer) -> Entity | None:
    """The member entity whose OSSIB representative `user` is: the seat they vote for."""
    if not user.is_authenticated:
        return None
    return board_seats().filter(ossib_representative=user).order_by("acronym").first()


def board_settings() -> BoardSettings:
    """The settings in force (the defaults until an admin saves them)."""
    return BoardSettings.objects.filter(pk=1).first() or BoardSettings(pk=1)


def may_see_votes(user: Viewer, decision: Decision) -> bool:
    """Once closed every vote is public; while open, only the Board sees who voted what."""
    return not decision.is_open or BOARD.allows(user)


def decision_list() -> QuerySet[Decision]:
    return Decision.objects.select_related("petition__entity").order_by("-opened_at", "-pk")


def recent_decisions(limit: int = 5) -> QuerySet[Decision]:
    return decision_list().exclude(status=DecisionStatus.OPEN).order_by("-closed_at")[:limit]


def get_decision(pk: int) -> Decision:
    return get_object_or_404(decision_list(), pk=pk)


@dataclass(frozen=True)
class SeatVote:
    entity: Entity
    vote: Vote | None


def decision_votes(decision: Decision) -> list[SeatVote]:
    """While open, every current seat with its vote (or none yet); once closed, the votes cast."""
    votes = {vote.entity_id: vote for vote in decision.votes.select_related("entity", "voter")}
    if not decision.is_open:
        return [SeatVote(vote.entity, vote) for vote in votes.values()]
    return [SeatVote(seat, votes.pop(seat.pk, None)) for seat in board_seats()] + [
        SeatVote(vote.entity, vote)
        for vote in votes.values()  # a seat given up since voting
    ]


def petition_list() -> QuerySet[Petition]:
    return Petition.objects.select_related("entity", "decision").order_by("-filed_at", "-pk")


def open_petitions() -> QuerySet[Petition]:
    return petition_list().filter(status__in=UNDER_REVIEW)


def get_petition(pk: int) -> Petition:
    return get_object_or_404(
        petition_list().select_related("liaison").prefetch_related("documents"), pk=pk
    )


def petitionable_entities(user: Viewer) -> QuerySet[Entity]:
    """The entities `user` represents that may file a petition (not members, none pending)."""
    if not user.is_authenticated:
        return Entity.objects.none()
    held = RoleGrant.objects.filter(user=user, role=GrantedRole.ENTITY_REPRESENTATIVE)
    return (
        Entity.objects.filter(pk__in=held.values("entity_id"))
        .filter(ossib_status__in=(OssibStatus.NOT_MEMBER, OssibStatus.FORMER_MEMBER))
        .select_related("liaison")
        .order_by("acronym")
    )


@dataclass(frozen=True)
class EvidenceRow:
    item_id: str
    rating: str  # the rating's label, "" when the assessment has no answer for it
    evidence: str
    links: list[str]


def petition_evidence_rows(petition: Petition) -> list[EvidenceRow]:
    """G1-G3 as the petition's assessment answered them when it was filed."""
    assessment = (petition.evidence or {}).get("assessment") or {}
    answers = assessment.get("answers") or {}
    labels = dict(RatingChoice.choices)
    rows = []
    for item_id in EVIDENCE_ITEMS:
        answer = answers.get(item_id) or {}
        rating = answer.get("rating", "")
        rows.append(
            EvidenceRow(
                item_id=item_id,
                rating=str(labels.get(rating, rating)),
                evidence=answer.get("evidence", ""),
                links=[str(link) for link in answer.get("links") or []],
            )
        )
    return rows


def with_pending_petition(entities: QuerySet[Entity]) -> QuerySet[Entity]:
    """`entities`, each with `pending_petition_id`: its petition under review, if any."""
    pending = Petition.objects.filter(entity=OuterRef("pk"), status__in=UNDER_REVIEW)
    return entities.annotate(pending_petition_id=Subquery(pending.values("pk")[:1]))


def _seat_voted(user: User) -> Exists:
    """Whether the seat `user` votes for (`seat_of`) has voted in the outer query's decision."""
    seat = board_seats().filter(ossib_representative=user).order_by("acronym").values("pk")[:1]
    return Exists(Vote.objects.filter(decision=OuterRef("pk"), entity_id=Subquery(seat)))


def open_votes_for(user: User) -> QuerySet[Decision]:
    """Every open vote, the soonest to close first, each with `voted`: whether the seat `user`
    votes for has voted in it (always False for someone without a seat)."""
    return (
        Decision.objects.filter(status=DecisionStatus.OPEN)
        .annotate(voted=_seat_voted(user))
        .order_by(*_SOONEST_TO_CLOSE)
    )


def decisions_awaiting_vote(user: User) -> QuerySet[Decision]:
    """Open votes the seat `user` votes for has not voted in yet and may still vote in; none
    for someone without a seat."""
    still_open = Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now())
    has_seat = Exists(board_seats().filter(ossib_representative=user))
    return Decision.objects.filter(
        still_open, has_seat, ~_seat_voted(user), status=DecisionStatus.OPEN
    ).order_by(*_SOONEST_TO_CLOSE)


_SOONEST_TO_CLOSE = (F("closes_at").asc(nulls_last=True), "opened_at", "pk")
