"""The life of a catalog project (CPF 4.3, 4.4.8): one enum of states and one table of the
transitions allowed, each with who may make it. Services apply it; nothing else decides."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved (private staging)")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    SUNSET_NOTICE = "sunset_notice", _("Sunset notice")
    ARCHIVED = "archived", _("Archived")


class Actor(StrEnum):
    """Who makes a transition, relative to the project."""

    FOCAL_POINT = "focal_point"  # a focal point of this project
    REVIEWER = "reviewer"  # a Project Review Committee member from another entity
    SYSTEM = "system"  # the scheduler: confirmations overdue, scans saying `unmaintained`


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise  # translated when shown
    sources: frozenset[ProjectStatus]
    target: ProjectStatus
    actors: frozenset[Actor]


S = ProjectStatus
_FOCAL, _REVIEWER, _SYSTEM = (frozenset({a}) for a in Actor)

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", _("Submit for review"), frozenset({S.DRAFT}), S.SUBMITTED, _FOCAL),
    Transition(
        "withdraw", _("Withdraw to draft"),
        frozenset({S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED}), S.DRAFT, _FOCAL,
    ),
    Transition(
        "start_review", _("Start the review"),
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.IN_REVIEW, _REVIEWER,
    ),
    Transition(
        "request_changes", _("Request changes"),
        frozenset({S.IN_REVIEW}), S.CHANGES_REQUESTED, _REVIEWER,
    ),
    Transition(
        "resubmit", _("Resubmit"), frozenset({S.CHANGES_REQUESTED}), S.RESUBMITTED, _FOCAL,
    ),
    Transition("approve", _("Approve"), frozenset({S.IN_REVIEW}), S.APPROVED, _REVIEWER),
    Transition("reject", _("Reject"), frozenset({S.IN_REVIEW}), S.REJECTED, _REVIEWER),
    Transition(
        "publish", _("Publish in the catalog"),
        frozenset({S.APPROVED}), S.PUBLISHED, _FOCAL | _REVIEWER,
    ),
    Transition(
        "give_sunset_notice", _("Give a sunset notice"),
        frozenset({S.PUBLISHED}), S.SUNSET_NOTICE, _FOCAL | _REVIEWER | _SYSTEM,
    ),
    Transition(
        "confirm_maintained", _("Confirm the project is maintained"),
        frozenset({S.SUNSET_NOTICE}), S.PUBLISHED, _FOCAL,
    ),
    Transition("archive", _("Archive"), frozenset({S.SUNSET_NOTICE}), S.ARCHIVED, _REVIEWER),
    Transition(
        "reactivate", _("Ask to reactivate"), frozenset({S.ARCHIVED}), S.RESUBMITTED, _FOCAL,
    ),
)  # fmt: skip

_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}

# Seen by the public in the catalog; an archived project keeps its page, reason and history
# (P7, CPF 4.3.3).
PUBLIC_STATUSES = frozenset({S.PUBLISHED, S.SUNSET_NOTICE, S.ARCHIVED})
# Waiting for the Project Review Committee.
QUEUE_STATUSES = frozenset({S.SUBMITTED, S.RESUBMITTED, S.IN_REVIEW})


class TransitionNotAllowed(Exception):
    """The action does not exist, does not start from the project's status, or is not the
    actor's to make. The message says which, for the person who tried."""


def transition_for(action: str, status: ProjectStatus, actor: Actor) -> Transition:
    """The transition `actor` may make with `action` from `status`, or TransitionNotAllowed."""
    transition = _BY_ACTION.get(action)
    if transition is None:
        raise TransitionNotAllowed(f"There is no action '{action}'.")
    if status not in transition.sources:
        raise TransitionNotAllowed(
            f"'{transition.label}' is not possible for a project that is {status.label}."
        )
    if actor not in transition.actors:
        raise TransitionNotAllowed(f"'{transition.label}' is not for a {actor.value}.")
    return transition


def available_actions(status: ProjectStatus, actors: set[Actor]) -> list[Transition]:
    """What the holder of `actors` may do next with a project in `status`, in table order."""
    return [t for t in TRANSITIONS if status in t.sources and t.actors & actors]
