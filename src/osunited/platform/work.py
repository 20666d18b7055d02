"""What waits for a signed-in person, counted for the navigation and the home page: the review
queue, feedback to moderate, votes to cast, unread notifications. Every count a person's roles
call for comes from one query, made once per request and never for anonymous visitors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import IntegerField, QuerySet, Subquery
from django.http import HttpRequest

from osunited.accounts.models import User
from osunited.accounts.roles import REVIEWER, Role, roles_of


class SubqueryCount(Subquery):
    """The number of rows of a query, as a column of another (no join, no GROUP BY)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class WorkCounts:
    """None: not this person's work (no link in the navigation); a number: how many wait."""

    notifications: int = 0
    review_queue: int | None = None
    feedback: int | None = None
    votes: int | None = None


def work_counts(user: User) -> WorkCounts:
    # Prefixed: a count's name may be a relation of User too (its notifications).
    queries = {f"waiting_{name}": query for name, query in _queries_for(user).items()}
    counted = User.objects.filter(pk=user.pk).annotate(**queries).values(*queries).get()
    return WorkCounts(**{name.removeprefix("waiting_"): count for name, count in counted.items()})


def _queries_for(user: User) -> dict[str, SubqueryCount]:
    from osunited.catalog.review import review_queue
    from osunited.catalog.selectors import pending_feedback_for
    from osunited.governance.selectors.board import decisions_awaiting_vote
    from osunited.notifications.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    queries = {"notifications": _count(unread)}
    if REVIEWER.allows(user):
        queries["review_queue"] = _count(review_queue())
        queries["feedback"] = _count(pending_feedback_for(user))
    if Role.OSSIB_MEMBER in roles_of(user):
        queries["votes"] = _count(decisions_awaiting_vote(user))
    return queries


def _count(rows: QuerySet[Any]) -> SubqueryCount:
    return SubqueryCount(rows.order_by().values("pk"))


def work_counts_for_request(request: HttpRequest) -> WorkCounts | None:
    """The signed-in person's counts, computed at most once per request; None for visitors."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached: WorkCounts | None = getattr(request, "_osu_work_counts", None)
    if cached is None:
        cached = work_counts(user)
        request._osu_work_counts = cached  # type: ignore[attr-defined]
    return cached
