"""Reads of completions: one by its public id, a person's own, the capacity team's list, and
what a certificate and a badge state about one (`credential_facts`), read once for both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.roles import CAPACITY_TEAM
from osunited.accounts.types import User, Viewer
from osunited.learning.models import Attendance, Completion, CompletionSource
from osunited.learning.selectors.osee_topics import Topic, topics_named

ISSUER_NAME = "Open Source United Platform"
RECENT_SHOWN = 200


def get_completion(public_id: UUID) -> Completion:
    completion = (
        Completion.objects.select_related("user", "entity", "event", "module")
        .filter(public_id=public_id)
        .first()
    )
    if completion is None:
        raise Http404(_("No such credential."))
    return completion


def may_download_certificate(user: Viewer, completion: Completion) -> bool:
    """The holder and the capacity-building team; the verification page is the public view."""
    if not user.is_authenticated:
        return False
    return completion.user_id == user.pk or CAPACITY_TEAM.allows(user)


def completions_of(user: User) -> QuerySet[Completion]:
    return Completion.objects.filter(user=user).select_related("event", "module")


def recent_completions() -> QuerySet[Completion]:
    return Completion.objects.select_related("user", "entity", "event", "module").order_by(
        "-issued_at", "-pk"
    )[:RECENT_SHOWN]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def verification_url(completion: Completion) -> str:
    return absolute(reverse("learning:credentials_verify", args=[completion.public_id]))


@dataclass(frozen=True)
class CredentialFacts:
    """What a certificate and a badge say. `hours_attended` None is "not stated"; `holder_name`
    empty is a holder who gave no display name (their e-mail address is never shown)."""

    completion: Completion
    holder_name: str
    title: str
    summary: str
    achievement_path: str
    first_day: date
    last_day: date
    hours_attended: Decimal | None
    sessions_attended: int | None
    sessions_total: int | None
    competencies: list[Topic]
    criteria: str
    issuer_name: str
    verification_url: str

    @property
    def revoked(self) -> bool:
        return self.completion.revoked_at is not None


def credential_facts(completion: Completion) -> CredentialFacts:
    if completion.event is not None:
        return _event_facts(completion)
    return _module_facts(completion)


def _event_facts(completion: Completion) -> CredentialFacts:
    event = completion.event
    assert event is not None
    sessions = list(event.sessions.all())
    attended = [
        row.session
        for row in Attendance.objects.filter(
            session__event=event, user=completion.user_id
        ).select_related("session")
    ]
    hours = _hours(sum((s.ends_at - s.starts_at for s in attended), timedelta()))
    competency_ids = [c for module in event.modules.all() for c in module.competencies]
    days = [timezone.localdate(s.starts_at) for s in sessions] or [completion.completed_on]
    return CredentialFacts(
        completion=completion,
        holder_name=completion.user.display_name,
        title=event.title,
        summary=event.summary,
        achievement_path=reverse("learning:events_detail", args=[event.slug]),
        first_day=min(days),
        last_day=max(days),
        hours_attended=hours if attended else None,
        sessions_attended=len(attended) if attended else None,
        sessions_total=len(sessions),
        competencies=topics_named(dict.fromkeys(competency_ids)),
        criteria=_event_criteria(len({s.pk for s in attended}) == len(sessions)),
        issuer_name=ISSUER_NAME,
        verification_url=verification_url(completion),
    )


def _module_facts(completion: Completion) -> CredentialFacts:
    module = completion.module
    assert module is not None
    minutes = module.duration_minutes
    return CredentialFacts(
        completion=completion,
        holder_name=completion.user.display_name,
        title=module.title,
        summary=module.summary,
        achievement_path=reverse("learning:catalogue_module", args=[module.slug]),
        first_day=completion.completed_on,
        last_day=completion.completed_on,
        hours_attended=_hours(timedelta(minutes=minutes)) if minutes else None,
        sessions_attended=None,
        sessions_total=None,
        competencies=topics_named(dict.fromkeys(module.competencies)),
        criteria=_module_criteria(completion),
        issuer_name=ISSUER_NAME,
        verification_url=verification_url(completion),
    )


def _hours(duration: timedelta) -> Decimal:
    return (Decimal(duration.total_seconds()) / 3600).quantize(Decimal("0.1"))


def _event_criteria(every_session: bool) -> str:
    if every_session:
        return _("Attended every session of the event; attendance was recorded at each session.")
    return _("The capacity-building team recorded that the person attended the event.")


def _module_criteria(completion: Completion) -> str:
    if completion.source == CompletionSource.IMPORT:
        return _("Completion imported from another learning system.")
    return _("Completed the self-paced module; recorded by the capacity-building team.")
