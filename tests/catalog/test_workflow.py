"""The project workflow, tested as a table: every (status, action, actor) either leads to the
expected status or is refused with a reason."""

from __future__ import annotations

import itertools

import pytest

from osunited.catalog.workflow import (
    PUBLIC_STATUSES,
    TRANSITIONS,
    Actor,
    ProjectStatus,
    TransitionNotAllowed,
    available_actions,
    transition_for,
)

S, F, R, Y = ProjectStatus, Actor.FOCAL_POINT, Actor.REVIEWER, Actor.SYSTEM

# (from, action, who) -> to. Everything not listed must be refused.
ALLOWED = {
    (S.DRAFT, "submit", F): S.SUBMITTED,
    (S.SUBMITTED, "withdraw", F): S.DRAFT,
    (S.RESUBMITTED, "withdraw", F): S.DRAFT,
    (S.CHANGES_REQUESTED, "withdraw", F): S.DRAFT,
    (S.SUBMITTED, "start_review", R): S.IN_REVIEW,
    (S.RESUBMITTED, "start_review", R): S.IN_REVIEW,
    (S.IN_REVIEW, "request_changes", R): S.CHANGES_REQUESTED,
    (S.CHANGES_REQUESTED, "resubmit", F): S.RESUBMITTED,
    (S.IN_REVIEW, "approve", R): S.APPROVED,
    (S.IN_REVIEW, "reject", R): S.REJECTED,
    (S.APPROVED, "publish", F): S.PUBLISHED,
    (S.APPROVED, "publish", R): S.PUBLISHED,
    (S.PUBLISHED, "give_sunset_notice", F): S.SUNSET_NOTICE,
    (S.PUBLISHED, "give_sunset_notice", R): S.SUNSET_NOTICE,
    (S.PUBLISHED, "give_sunset_notice", Y): S.SUNSET_NOTICE,
    (S.SUNSET_NOTICE, "confirm_maintained", F): S.PUBLISHED,
    (S.SUNSET_NOTICE, "archive", R): S.ARCHIVED,
    (S.ARCHIVED, "reactivate", F): S.RESUBMITTED,
}
ACTIONS = sorted({t.action for t in TRANSITIONS})


@pytest.mark.parametrize(
    ("status", "action", "actor"), list(itertools.product(ProjectStatus, ACTIONS, Actor))
)
def test_every_combination_is_allowed_or_refused_as_the_table_says(
    status: ProjectStatus, action: str, actor: Actor
) -> None:
    expected = ALLOWED.get((status, action, actor))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            transition_for(action, status, actor)
    else:
        assert transition_for(action, status, actor).target == expected


def test_an_unknown_action_is_refused_by_name() -> None:
    with pytest.raises(TransitionNotAllowed, match="no action 'delete'"):
        transition_for("delete", S.PUBLISHED, R)


def test_a_reviewer_sees_the_decisions_of_a_review() -> None:
    actions = [t.action for t in available_actions(S.IN_REVIEW, {R})]
    assert actions == ["request_changes", "approve", "reject"]


def test_every_status_but_rejected_has_a_way_on() -> None:
    dead_ends = {s for s in ProjectStatus if not available_actions(s, set(Actor))}
    assert dead_ends == {S.REJECTED}


def test_only_published_sunset_and_archived_projects_are_public() -> None:
    assert {S.PUBLISHED, S.SUNSET_NOTICE, S.ARCHIVED} == PUBLIC_STATUSES
