"""Reads of mentorship (CB3): the offers open to mentees with their places left, a person's own
offer and pairs on both sides, and an entity's pairs counted by status."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from osunited.accounts.types import User
from osunited.entities.models import Entity
from osunited.learning.models import OPEN_MENTORSHIP, MentorOffer, Mentorship, MentorshipStatus
from osunited.learning.selectors.osee_topics import Topic, topics_named
from osunited.learning.services.mentorship import changes_allowed


@dataclass(frozen=True)
class OfferRow:
    offer: MentorOffer
    topics: list[Topic]
    places_left: int


_ACTIVE_PAIRS = Count(
    "mentor__mentees_of", filter=Q(mentor__mentees_of__status=MentorshipStatus.ACTIVE)
)


def open_offers(*, topic: str = "", language: str = "") -> list[OfferRow]:
    """Active offers, newest first (a topic's or a language's only when given). The topics and
    languages are filtered here, as SQLite has no JSON containment."""
    return [
        row
        for row in _rows(MentorOffer.objects.filter(active=True))
        if (not topic or topic in row.offer.topics)
        and (not language or language in row.offer.languages)
    ]


def get_open_offer(pk: int) -> OfferRow:
    """An active offer; 404 for any other."""
    rows = _rows(MentorOffer.objects.filter(pk=pk, active=True))
    if not rows:
        raise Http404
    return rows[0]


def _rows(offers: QuerySet[MentorOffer]) -> list[OfferRow]:
    """With places left: the capacity minus the active pairs, in one query."""
    annotated = (
        offers.select_related("mentor", "mentor__entity")
        .annotate(taken=_ACTIVE_PAIRS)
        .order_by("-created_at", "-pk")
    )
    return [
        OfferRow(offer, topics_named(offer.topics), max(offer.capacity - offer.taken, 0))
        for offer in annotated
    ]


def offer_of(user: User) -> MentorOffer | None:
    return MentorOffer.objects.filter(mentor=user).first()


_CHANGE_LABELS = {
    "accept": gettext_lazy("Accept"),
    "decline": gettext_lazy("Decline"),
    "end": gettext_lazy("Mark as completed"),
    "withdraw": gettext_lazy("Withdraw"),
}


@dataclass(frozen=True)
class PairRow:
    """A mentorship as one of its parties sees it: the other party, and the changes they may
    make. The mentor sees the mentee's address from the request on, the mentee the mentor's once
    accepted."""

    pair: Mentorship
    other: User
    other_entity: Entity | None
    topic: Topic
    show_email: bool
    changes: list[tuple[str, str]]


def pairs_as_mentor(user: User) -> list[PairRow]:
    pairs = Mentorship.objects.filter(mentor=user).select_related("mentee", "mentee_entity")
    return [_pair_row(user, pair, pair.mentee, pair.mentee_entity) for pair in pairs]


def pairs_as_mentee(user: User) -> list[PairRow]:
    pairs = Mentorship.objects.filter(mentee=user).select_related("mentor", "mentor__entity")
    return [_pair_row(user, pair, pair.mentor, pair.mentor.entity) for pair in pairs]


def _pair_row(user: User, pair: Mentorship, other: User, other_entity: Entity | None) -> PairRow:
    is_mentor = pair.mentor_id == user.pk
    shown_from = OPEN_MENTORSHIP if is_mentor else (MentorshipStatus.ACTIVE,)
    return PairRow(
        pair=pair,
        other=other,
        other_entity=other_entity,
        topic=topics_named([pair.topic])[0],
        show_email=pair.status in shown_from,
        changes=[(name, str(_CHANGE_LABELS[name])) for name in changes_allowed(user, pair)],
    )


def get_pair_for_party(user: User, pk: int) -> Mentorship:
    """A mentorship the user is the mentor or the mentee of; 404 for anyone else."""
    pair = Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user), pk=pk).first()
    if pair is None:
        raise Http404
    return pair


def mentorship_counts(entity: Entity) -> dict[MentorshipStatus, int]:
    """Pairs in which the mentee (as of the request) or the mentor belongs to the entity, by
    status; every status is present, 0 when there is none."""
    rows = (
        Mentorship.objects.filter(Q(mentee_entity=entity) | Q(mentor__entity=entity))
        .values("status")
        .annotate(pairs=Count("pk"))
        .order_by()
    )
    found = {row["status"]: row["pairs"] for row in rows}
    return {status: found.get(status.value, 0) for status in MentorshipStatus}
