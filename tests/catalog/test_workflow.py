"""The project workflow, tested as a table: every (status, action, actor, failing guard) either
leads to the expected status or is refused with a reason."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from osunited.catalog.workflow import (
    PUBLIC_STATUSES,
    TRANSITIONS,
    Actor,
    Guard,
    GuardFacts,
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

# (action, who) -> the guards that must hold besides the table. Not listed: none.
GUARDS = {
    ("start_review", R): {Guard.NO_CONFLICT},
    ("request_changes", R): {Guard.NO_CONFLICT},
    ("approve", R): {Guard.NO_CONFLICT, Guard.SCANS_SUCCEEDED, Guard.APPROVALS_REACHED},
    ("reject", R): {Guard.NO_CONFLICT},
    ("publish", R): {Guard.NO_CONFLICT},
    ("publish", F): {Guard.RELEASED_BY_COMMITTEE},
    ("give_sunset_notice", R): {Guard.NO_CONFLICT},
    ("archive", R): {Guard.NO_CONFLICT, Guard.DEADLINE_PASSED},
}
ALL_HOLD = GuardFacts(
    conflict="", scans_succeeded=True, scan_override=False, approvals=1, required_approvals=1,
    deadline="6 March 2027", deadline_passed=True,
)  # fmt: skip
FAILING = {
    None: ALL_HOLD,
    Guard.NO_CONFLICT: dataclasses.replace(ALL_HOLD, conflict="You registered this project."),
    Guard.SCANS_SUCCEEDED: dataclasses.replace(ALL_HOLD, scans_succeeded=False),
    Guard.APPROVALS_REACHED: dataclasses.replace(ALL_HOLD, approvals=0, required_approvals=2),
    Guard.DEADLINE_PASSED: dataclasses.replace(ALL_HOLD, deadline_passed=False),
    Guard.RELEASED_BY_COMMITTEE: dataclasses.replace(ALL_HOLD, hosted_on_platform=True),
}
# Guards that bind one kind of actor only; the others bind every actor of the transition.
BINDS = {Guard.NO_CONFLICT: {R}, Guard.RELEASED_BY_COMMITTEE: {F}}


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


@pytest.mark.parametrize(
    ("status", "action", "actor", "failing"),
    list(itertools.product(ProjectStatus, ACTIONS, Actor, FAILING)),
)
def test_every_combination_with_each_failing_guard_is_decided_as_the_tables_say(
    status: ProjectStatus, action: str, actor: Actor, failing: Guard | None
) -> None:
    expected = ALLOWED.get((status, action, actor))
    refused_by_guard = failing in GUARDS.get((action, actor), set())
    if expected is None or refused_by_guard:
        with pytest.raises(TransitionNotAllowed):
            transition_for(action, status, actor, FAILING[failing])
    else:
        assert transition_for(action, status, actor, FAILING[failing]).target == expected


def test_the_table_declares_the_guards_the_tests_expect() -> None:
    declared = {
        (t.action, actor): {g for g in t.guards if actor in BINDS.get(g, {actor})}
        for t in TRANSITIONS
        for actor in t.actors
    }
    assert {key: guards for key, guards in declared.items() if guards} == GUARDS


def test_the_committee_not_the_focal_point_releases_a_repository_the_platform_hosts() -> None:
    hosted = FAILING[Guard.RELEASED_BY_COMMITTEE]
    with pytest.raises(TransitionNotAllowed, match=re.escape("the Project Review Committee")):
        transition_for("publish", S.APPROVED, F, hosted)
    assert transition_for("publish", S.APPROVED, R, hosted).target == S.PUBLISHED
    assert transition_for("publish", S.APPROVED, F, ALL_HOLD).target == S.PUBLISHED


@pytest.mark.parametrize(
    ("failing", "reason"),
    [
        (Guard.NO_CONFLICT, "You registered this project."),
        (Guard.SCANS_SUCCEEDED, "Not every repository has a successful scan yet"),
        (Guard.APPROVALS_REACHED, "0 of 2 approvals so far in this review round."),
        (Guard.DEADLINE_PASSED, "The sunset deadline (6 March 2027) has not passed"),
    ],
)
def test_a_guard_says_why_it_refuses(failing: Guard, reason: str) -> None:
    action = "archive" if failing == Guard.DEADLINE_PASSED else "approve"
    status = S.SUNSET_NOTICE if action == "archive" else S.IN_REVIEW
    with pytest.raises(TransitionNotAllowed, match=re.escape(reason)):
        transition_for(action, status, R, FAILING[failing])


def test_an_override_with_its_reason_stands_for_the_missing_scans() -> None:
    facts = dataclasses.replace(FAILING[Guard.SCANS_SUCCEEDED], scan_override=True)
    assert transition_for("approve", S.IN_REVIEW, R, facts).target == S.APPROVED


def test_a_conflict_binds_the_reviewer_not_the_focal_point() -> None:
    facts = FAILING[Guard.NO_CONFLICT]
    assert transition_for("publish", S.APPROVED, F, facts).target == S.PUBLISHED
    assert [t.action for t in available_actions(S.APPROVED, {F, R}, facts)] == ["publish"]
    assert available_actions(S.IN_REVIEW, {R}, facts) == []


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
