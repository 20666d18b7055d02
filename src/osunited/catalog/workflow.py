"""The life of a catalog project (CPF 4.3, 4.4.8): one enum of states and one table of the
transitions allowed, each with who may make it and the guards (preconditions) that must hold.
Services compute the facts the guards read and apply the table; nothing else decides."""

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


ACTOR_LABELS = {
    Actor.FOCAL_POINT: _("focal point"),
    Actor.REVIEWER: _("reviewer"),
    Actor.SYSTEM: _("system"),
}


class Guard(StrEnum):
    """A precondition of a transition, beside its actors in the table."""

    # The acting reviewer did not register the project, is not its focal point, does not belong
    # to its entity and has not declared a conflict of interest (CPF 4.3.5). Binds reviewers only.
    NO_CONFLICT = "no_conflict"
    # Every repository (or the uploaded archive) has a succeeded scan, or a reviewer approved
    # with an override and its reason (CPF 4.3.6).
    SCANS_SUCCEEDED = "scans_succeeded"
    # As many distinct reviewers approved in this round as the committee's setting requires.
    APPROVALS_REACHED = "approvals_reached"
    # The sunset notice's deadline has passed (CPF 4.3.3).
    DEADLINE_PASSED = "deadline_passed"
    # A project whose repository the platform hosts is made public by the committee's release
    # decision, not by its focal point (CPF 4.4.8). Binds focal points only.
    RELEASED_BY_COMMITTEE = "released_by_committee"


@dataclass(frozen=True)
class GuardFacts:
    """What the guards read, computed by the services for one project and one acting person."""

    conflict: str | Promise = ""  # why the acting reviewer has a conflict; "" for none
    scans_succeeded: bool = False
    scan_override: bool = False
    approvals: int = 0
    required_approvals: int = 1
    deadline: str = ""  # the sunset deadline, as shown to people; "" if none
    deadline_passed: bool = False
    hosted_on_platform: bool = False  # its repository is provisioned on the platform's forge


def guard_refusal(guard: Guard, facts: GuardFacts, actor: Actor) -> str | None:
    """Why `guard` refuses the transition to `actor` given `facts`, or None when it holds."""
    if guard == Guard.NO_CONFLICT:
        return str(facts.conflict) if actor == Actor.REVIEWER and facts.conflict else None
    if guard == Guard.SCANS_SUCCEEDED:
        if facts.scans_succeeded or facts.scan_override:
            return None
        return str(
            _(
                "Not every repository has a successful scan yet: wait for the scans, or approve "
                "with an override and its reason."
            )
        )
    if guard == Guard.APPROVALS_REACHED:
        if facts.approvals >= facts.required_approvals:
            return None
        return str(_("%(approvals)d of %(required)d approvals so far in this review round.")) % {
            "approvals": facts.approvals,
            "required": facts.required_approvals,
        }
    if guard == Guard.RELEASED_BY_COMMITTEE:
        if actor == Actor.FOCAL_POINT and facts.hosted_on_platform:
            return str(
                _(
                    "Its repository is hosted on the platform: the Project Review Committee "
                    "decides its release (CPF 4.4.8)."
                )
            )
        return None
    if facts.deadline_passed:
        return None
    if facts.deadline:
        return str(
            _("The sunset deadline (%(deadline)s) has not passed: archiving waits until then.")
        ) % {"deadline": facts.deadline}
    return str(_("The project has no sunset deadline: it cannot be archived."))


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise  # translated when shown
    sources: frozenset[ProjectStatus]
    target: ProjectStatus
    actors: frozenset[Actor]
    guards: frozenset[Guard] = frozenset()


S = ProjectStatus
G = Guard
_FOCAL, _REVIEWER, _SYSTEM = (frozenset({a}) for a in Actor)
_IMPARTIAL = frozenset({G.NO_CONFLICT})

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", _("Submit for review"), frozenset({S.DRAFT}), S.SUBMITTED, _FOCAL),
    Transition(
        "withdraw",
        _("Withdraw to draft"),
        frozenset({S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED}),
        S.DRAFT,
        _FOCAL,
    ),
    Transition(
        "start_review",
        _("Start the review"),
        frozenset({S.SUBMITTED, S.RESUBMITTED}),
        S.IN_REVIEW,
        _REVIEWER,
        _IMPARTIAL,
    ),
    Transition(
        "request_changes",
        _("Request changes"),
        frozenset({S.IN_REVIEW}),
        S.CHANGES_REQUESTED,
        _REVIEWER,
        _IMPARTIAL,
    ),
    Transition(
        "resubmit",
        _("Resubmit"),
        frozenset({S.CHANGES_REQUESTED}),
        S.RESUBMITTED,
        _FOCAL,
    ),
    Transition(
        "approve",
        _("Approve"),
        frozenset({S.IN_REVIEW}),
        S.APPROVED,
        _REVIEWER,
        _IMPARTIAL | {G.SCANS_SUCCEEDED, G.APPROVALS_REACHED},
    ),
    Transition("reject", _("Reject"), frozenset({S.IN_REVIEW}), S.REJECTED, _REVIEWER, _IMPARTIAL),
    Transition(
        "publish",
        _("Publish in the catalog"),
        frozenset({S.APPROVED}),
        S.PUBLISHED,
        _FOCAL | _REVIEWER,
        _IMPARTIAL | {G.RELEASED_BY_COMMITTEE},
    ),
    Transition(
        "give_sunset_notice",
        _("Give a sunset notice"),
        frozenset({S.PUBLISHED}),
        S.SUNSET_NOTICE,
        _FOCAL | _REVIEWER | _SYSTEM,
        _IMPARTIAL,
    ),
    Transition(
        "confirm_maintained",
        _("Confirm the project is maintained"),
        frozenset({S.SUNSET_NOTICE}),
        S.PUBLISHED,
        _FOCAL,
    ),
    Transition(
        "archive",
        _("Archive"),
        frozenset({S.SUNSET_NOTICE}),
        S.ARCHIVED,
        _REVIEWER,
        _IMPARTIAL | {G.DEADLINE_PASSED},
    ),
    Transition(
        "reactivate",
        _("Ask to reactivate"),
        frozenset({S.ARCHIVED}),
        S.RESUBMITTED,
        _FOCAL,
    ),
)

_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}

# Seen by the public in the catalog; an archived project keeps its page, reason and history
# (P7, CPF 4.3.3).
PUBLIC_STATUSES = frozenset({S.PUBLISHED, S.SUNSET_NOTICE, S.ARCHIVED})
# Waiting for the Project Review Committee.
QUEUE_STATUSES = frozenset({S.SUBMITTED, S.RESUBMITTED, S.IN_REVIEW})


class TransitionNotAllowed(Exception):
    """The action does not exist, does not start from the project's status, is not the actor's
    to make, or a guard refuses it. The message says which, for the person who tried."""


def transition_for(
    action: str, status: ProjectStatus, actor: Actor, facts: GuardFacts | None = None
) -> Transition:
    """The transition `actor` may make with `action` from `status` given `facts` (None: the
    guards are not checked, only who may act from where), or TransitionNotAllowed."""
    transition = _BY_ACTION.get(action)
    if transition is None:
        raise TransitionNotAllowed(_("There is no action '%(action)s'.") % {"action": action})
    if status not in transition.sources:
        raise TransitionNotAllowed(
            _("'%(action)s' is not possible for a project that is %(status)s.")
            % {"action": transition.label, "status": status.label}
        )
    if actor not in transition.actors:
        raise TransitionNotAllowed(
            _("'%(action)s' is not for a %(actor)s.")
            % {"action": transition.label, "actor": ACTOR_LABELS[actor]}
        )
    refusals = guard_refusals(transition, facts, actor) if facts is not None else []
    if refusals:
        raise TransitionNotAllowed(" ".join(refusals))
    return transition


def guard_refusals(transition: Transition, facts: GuardFacts, actor: Actor) -> list[str]:
    """Every reason the guards of `transition` refuse it to `actor`, in a stable order."""
    reasons = (guard_refusal(guard, facts, actor) for guard in sorted(transition.guards))
    return [reason for reason in reasons if reason]


def available_actions(
    status: ProjectStatus, actors: set[Actor], facts: GuardFacts | None = None
) -> list[Transition]:
    """What the holder of `actors` may do next with a project in `status`, in table order; with
    `facts`, only the transitions whose guards hold for one of the actors."""
    return [
        t
        for t in TRANSITIONS
        if status in t.sources
        and any(facts is None or not guard_refusals(t, facts, actor) for actor in t.actors & actors)
    ]


def refused_actions(
    status: ProjectStatus, actors: set[Actor], facts: GuardFacts
) -> list[tuple[Transition, list[str]]]:
    """The transitions the table gives the holder of `actors` from `status` but the guards
    refuse for now, each with the reasons: what a page shows as "not yet, because"."""
    allowed = available_actions(status, actors, facts)
    return [
        (t, guard_refusals(t, facts, min(t.actors & actors)))
        for t in available_actions(status, actors)
        if t not in allowed
    ]
