"""The Board's votes: a motion is opened, each seat votes while it is open, and closing counts the
votes and applies the outcome to what was put to the vote (a petition, a framework review)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.audit.services import audit_record
from osunited.governance.models import (
    BoardMeeting,
    Decision,
    DecisionStatus,
    MotionKind,
    Vote,
    VoteChoice,
)
from osunited.governance.selectors.board import board_seats, board_settings, seat_of
from osunited.governance.tally import Tally, tally


@transaction.atomic
def decision_open(
    *,
    kind: MotionKind,
    title: str,
    motion: str,
    actor: User,
    meeting: BoardMeeting | None = None,
    closes_at: datetime | None = None,
) -> Decision:
    """Put a motion to the Board's vote, with the quorum and majority in force today."""
    if not title.strip() or not motion.strip():
        raise ValidationError(_("A motion needs a title and the text the Board decides on."))
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError(_("The vote must close in the future."))
    current = board_settings()
    decision = Decision.objects.create(
        kind=kind,
        title=title.strip(),
        motion=motion.strip(),
        quorum_percent=current.quorum_percent,
        majority_percent=current.majority_percent,
        meeting=meeting,
        opened_by=actor,
        closes_at=closes_at,
    )
    audit_record(
        action="governance.decision_opened",
        actor=actor,
        target=decision,
        changes={"kind": str(kind), "quorum": current.quorum_percent},
    )
    return decision


@transaction.atomic
def vote_cast(*, decision: Decision, voter: User, choice: VoteChoice, comment: str = "") -> Vote:
    """Record the vote of `voter`'s seat; voting again while the vote is open changes it."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_open:
        raise ValidationError(_("This vote is closed."))
    if decision.closes_at is not None and decision.closes_at <= timezone.now():
        raise ValidationError(_("The time for this vote has passed."))
    if choice not in VoteChoice.values:
        raise ValidationError(_("Vote for, against, or abstain."))
    seat = seat_of(voter)
    if seat is None:
        raise PermissionDenied(_("Only the representative of a member entity votes."))
    vote, created = Vote.objects.update_or_create(
        decision=decision,
        entity=seat,
        defaults={
            "voter": voter,
            "choice": VoteChoice(choice),
            "comment": comment.strip(),
            "cast_at": timezone.now(),
        },
    )
    audit_record(
        action="governance.vote_cast" if created else "governance.vote_changed",
        actor=voter,
        target=decision,
        changes={"seat": seat.acronym, "choice": str(choice)},
    )
    return vote


def decision_tally(decision: Decision, members: int | None = None) -> Tally:
    """The count of `decision`'s votes against the seats (those at closing once closed)."""
    if members is None:
        members = decision.members_at_close
    if members is None:
        members = board_seats().count()
    return tally(
        (vote.choice for vote in decision.votes.all()),
        members,
        decision.quorum_percent,
        decision.majority_percent,
    )


@transaction.atomic
def decision_close(*, decision: Decision, actor: User, reasons: str) -> Decision:
    """Count the votes, publish the outcome with its reasons, and apply it."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_open:
        raise ValidationError(_("This vote is already closed."))
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision: they are published with it."))
    members = board_seats().count()
    result = decision_tally(decision, members)
    decision.status = DecisionStatus(result.outcome.value)
    decision.reasons = reasons.strip()
    decision.members_at_close = members
    decision.closed_at = timezone.now()
    decision.closed_by = actor
    decision.save(update_fields=["status", "reasons", "members_at_close", "closed_at", "closed_by"])
    audit_record(
        action="governance.decision_closed",
        actor=actor,
        target=decision,
        changes=_tally_changes(result),
    )
    _apply_outcome(decision, actor)
    return decision


def _tally_changes(result: Tally) -> dict[str, object]:
    return {
        "outcome": result.outcome.value,
        "for": result.votes_for,
        "against": result.votes_against,
        "abstain": result.abstentions,
        "members": result.members,
    }


def _apply_outcome(decision: Decision, actor: User) -> None:
    accepted = decision.status == DecisionStatus.ACCEPTED
    if decision.kind == MotionKind.PETITION:
        petition = getattr(decision, "petition", None)
        if petition is not None:
            from osunited.governance.services.petitions import petition_decided

            petition_decided(petition=petition, accepted=accepted, actor=actor)
    elif decision.kind == MotionKind.FRAMEWORK_REVIEW:
        proposal = getattr(decision, "proposal", None)
        if proposal is not None:
            from osunited.governance.services.reviews import proposal_decided

            proposal_decided(proposal=proposal, accepted=accepted, actor=actor)


@transaction.atomic
def board_settings_update(*, quorum_percent: int, majority_percent: int, actor: User) -> None:
    """Change how the Board decides from the next vote opened (open votes keep theirs)."""
    if not 1 <= quorum_percent <= 100:
        raise ValidationError(_("The quorum is between 1 and 100 % of the members."))
    if not 50 <= majority_percent <= 100:
        raise ValidationError(_("The majority is between 50 and 100 % of the votes."))
    current = board_settings()
    before = {
        "quorum_percent": current.quorum_percent,
        "majority_percent": current.majority_percent,
    }
    current.quorum_percent = quorum_percent
    current.majority_percent = majority_percent
    current.save()
    audit_record(
        action="governance.board_settings_changed",
        actor=actor,
        target=current,
        changes={
            "before": before,
            "after": {"quorum_percent": quorum_percent, "majority_percent": majority_percent},
        },
    )
