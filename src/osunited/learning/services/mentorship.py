"""Writes of mentorship (CPF 4.5, CB3): a mentor's offer, a mentee's request, and the pair's
changes of status, each allowed by the one table below, audited and told to the other party by
e-mail. A mentor never has more active mentees than the places offered."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.services import in_language_of
from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.learning.models import OPEN_MENTORSHIP, MentorOffer, Mentorship, MentorshipStatus
from osunited.learning.selectors.osee_topics import known_competency_ids, topics_named
from osunited.notifications import kinds
from osunited.notifications.services import notify

MAX_CAPACITY = 10
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


class Party(enum.Enum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    EITHER = "either"


@dataclass(frozen=True)
class Change:
    sources: tuple[MentorshipStatus, ...]
    target: MentorshipStatus
    by: Party


# The one table of the workflow: what each change does, from which statuses, and who makes it.
CHANGES: dict[str, Change] = {
    "accept": Change((MentorshipStatus.REQUESTED,), MentorshipStatus.ACTIVE, Party.MENTOR),
    "decline": Change((MentorshipStatus.REQUESTED,), MentorshipStatus.DECLINED, Party.MENTOR),
    "end": Change((MentorshipStatus.ACTIVE,), MentorshipStatus.COMPLETED, Party.EITHER),
    "withdraw": Change(OPEN_MENTORSHIP, MentorshipStatus.WITHDRAWN, Party.MENTEE),
}


@transaction.atomic
def mentor_offer_save(
    *,
    actor: User,
    topics: Sequence[str],
    languages: Sequence[str],
    capacity: int,
    note: str = "",
    active: bool = True,
) -> MentorOffer:
    """Create or change the actor's own offer; fewer places than active mentees are refused."""
    _check_offer(topics, languages, capacity)
    offer = MentorOffer.objects.select_for_update().filter(mentor=actor).first()
    created = offer is None
    if offer is None:
        offer = MentorOffer(mentor=actor, capacity=capacity)
    elif capacity < (mentoring := active_mentees(actor)):
        raise ValidationError(
            _("You mentor %(count)d people now: offer at least as many places.")
            % {"count": mentoring}
        )
    offer.topics, offer.languages = list(dict.fromkeys(topics)), list(dict.fromkeys(languages))
    offer.capacity, offer.note, offer.active = capacity, note.strip(), active
    offer.save()
    action = "learning.mentor_offer_created" if created else "learning.mentor_offer_changed"
    facts = {"topics": offer.topics, "languages": offer.languages, "capacity": capacity}
    audit_record(action=action, actor=actor, target=offer, changes={**facts, "active": active})
    return offer


def _check_offer(topics: Sequence[str], languages: Sequence[str], capacity: int) -> None:
    if not topics:
        raise ValidationError(_("Choose at least one topic."))
    unknown = sorted(set(topics) - known_competency_ids())
    if unknown:
        raise ValidationError(
            _("Unknown OSEE competencies: %(ids)s.") % {"ids": ", ".join(unknown)}
        )
    if not languages or not set(languages) <= LANGUAGE_CODES:
        raise ValidationError(_("Choose the languages you mentor in from the list."))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(_("Offer between 1 and %(max)d places.") % {"max": MAX_CAPACITY})


def active_mentees(mentor: User) -> int:
    return Mentorship.objects.filter(mentor=mentor, status=MentorshipStatus.ACTIVE).count()


@transaction.atomic
def mentorship_request(*, actor: User, offer: MentorOffer, topic: str, message: str) -> Mentorship:
    """A mentee asks a mentor, on one of the offer's topics, while the offer has a place left."""
    offer = MentorOffer.objects.select_for_update().select_related("mentor").get(pk=offer.pk)
    if offer.mentor_id == actor.pk:
        raise ValidationError(_("You cannot be your own mentee."))
    if not offer.active:
        raise ValidationError(_("This mentor is not taking mentees now."))
    if topic not in offer.topics:
        raise ValidationError(_("Choose one of the mentor's topics."))
    if not message.strip():
        raise ValidationError(_("Tell the mentor what you hope for."))
    open_pair = Mentorship.objects.filter(
        mentor=offer.mentor, mentee=actor, status__in=OPEN_MENTORSHIP
    )
    if open_pair.exists():
        raise ValidationError(_("You already have an open request or mentorship with this mentor."))
    if active_mentees(offer.mentor) >= offer.capacity:
        raise ValidationError(_("This mentor has no place left."))
    pair = Mentorship.objects.create(
        mentor=offer.mentor,
        mentee=actor,
        mentee_entity=actor.entity,
        topic=topic,
        message=message.strip(),
        status=MentorshipStatus.REQUESTED,
    )
    audit_record(action="learning.mentorship_requested", actor=actor, target=pair)
    _notify_other_party(pair, actor)
    transaction.on_commit(lambda: _tell_other_party(pair.pk, actor.pk))
    return pair


@transaction.atomic
def mentorship_change(*, actor: User, mentorship: Mentorship, action: str) -> Mentorship:
    """Accept, decline, end or withdraw, as CHANGES allows; accepting takes one of the offer's
    places, under a lock so that two acceptances never exceed them."""
    change = CHANGES.get(action)
    if change is None:
        raise ValidationError(_("Unknown change."))
    # The offer first, as a request does: its lock keeps the places counted right.
    offer = MentorOffer.objects.select_for_update().filter(mentor_id=mentorship.mentor_id).first()
    pair = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _require_party(actor, pair, change.by)
    if pair.status not in change.sources:
        raise ValidationError(
            _("Nothing was changed: this mentorship's status is “%(status)s”.")
            % {"status": pair.get_status_display()}
        )
    if change.target == MentorshipStatus.ACTIVE:
        _require_a_place(offer, pair)
        pair.started_on = timezone.localdate()
    elif pair.status == MentorshipStatus.ACTIVE:
        pair.ended_on = timezone.localdate()
    before, pair.status = pair.status, change.target
    pair.save(update_fields=["status", "started_on", "ended_on"])
    audit_record(
        action=f"learning.mentorship_{change.target}",
        actor=actor,
        target=pair,
        changes={"status": [before, pair.status]},
    )
    _notify_other_party(pair, actor)
    transaction.on_commit(lambda: _tell_other_party(pair.pk, actor.pk))
    return pair


def changes_allowed(actor: User, pair: Mentorship) -> list[str]:
    """The changes the table lets this person make to the pair now, in the table's order."""
    return [
        name
        for name, change in CHANGES.items()
        if pair.status in change.sources and _is_party(actor, pair, change.by)
    ]


def _is_party(actor: User, pair: Mentorship, party: Party) -> bool:
    return {
        Party.MENTOR: actor.pk == pair.mentor_id,
        Party.MENTEE: actor.pk == pair.mentee_id,
        Party.EITHER: actor.pk in (pair.mentor_id, pair.mentee_id),
    }[party]


def _require_party(actor: User, pair: Mentorship, party: Party) -> None:
    if not _is_party(actor, pair, party):
        raise PermissionDenied(_("Only the mentor or the mentee this change is for makes it."))


def _require_a_place(offer: MentorOffer | None, pair: Mentorship) -> None:
    if offer is None:
        raise ValidationError(_("Make an offer with places before accepting mentees."))
    if active_mentees(pair.mentor) >= offer.capacity:
        raise ValidationError(
            _("All %(count)d places of your offer are taken: end a mentorship or offer more.")
            % {"count": offer.capacity}
        )


def _notify_other_party(pair: Mentorship, actor: User) -> None:
    """The notification beside `_tell_other_party`'s e-mail, in the change's transaction."""
    other = pair.mentee if actor.pk == pair.mentor_id else pair.mentor
    notify(
        users=[other],
        kind=kinds.MENTORSHIP,
        url=reverse("learning:mentorship_mine"),
        params={"name": str(actor), "status": pair.status},
    )


def _tell_other_party(pair_pk: int, actor_pk: int) -> None:
    pair = Mentorship.objects.select_related("mentor", "mentee").get(pk=pair_pk)
    actor, other = (
        (pair.mentor, pair.mentee) if actor_pk == pair.mentor_id else (pair.mentee, pair.mentor)
    )
    with in_language_of(other):
        link = settings.SITE_URL + reverse("learning:mentorship_mine")
        topic = topics_named([pair.topic])[0].name
        send_mail(
            subject=_("[Open Source United] Mentorship with %(name)s: %(status)s")
            % {"name": actor, "status": pair.get_status_display()},
            message=_(
                "%(name)s (%(email)s)\nTopic: %(topic)s\nStatus: %(status)s\n\n"
                "%(message)s\n\n%(link)s"
            )
            % {
                "name": actor,
                "email": actor.email,
                "topic": topic,
                "status": pair.get_status_display(),
                "message": pair.message,
                "link": link,
            },
            from_email=None,
            recipient_list=[other.email],
        )
