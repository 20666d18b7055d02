import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osunited.audit.models import AuditEvent
from osunited.entities.models import OssibStatus
from osunited.governance.models import (
    BoardSettings,
    DecisionStatus,
    MotionKind,
    Vote,
    VoteChoice,
)
from osunited.governance.selectors.board import board_seats, seat_of
from osunited.governance.services.decisions import decision_close, decision_open, vote_cast
from tests.factories import EntityFactory, UserFactory


def _member_entity(acronym):
    representative = UserFactory(email=f"rep@{acronym.lower()}.int")
    EntityFactory(
        acronym=acronym,
        slug=acronym.lower(),
        ossib_status=OssibStatus.MEMBER,
        ossib_representative=representative,
    )
    return representative


@pytest.fixture
def motion(cast):
    return decision_open(
        kind=MotionKind.OTHER,
        title="Adopt the charter",
        motion="That we adopt it.",
        actor=cast.heidi,
    )


def test_a_seat_is_a_member_entitys_representative(cast):
    assert seat_of(cast.grace) == cast.who
    assert seat_of(cast.erin) is None  # UNICEF is not a member
    assert seat_of(cast.heidi) is None  # admins do not vote
    assert list(board_seats()) == [cast.who]


def test_opening_takes_the_settings_in_force(cast):
    BoardSettings.objects.create(pk=1, quorum_percent=75, majority_percent=66)
    decision = decision_open(kind=MotionKind.OTHER, title="T", motion="M", actor=cast.heidi)
    assert (decision.quorum_percent, decision.majority_percent) == (75, 66)
    assert AuditEvent.objects.filter(action="governance.decision_opened").count() == 1


def test_a_seat_holder_votes_and_changes_their_vote(cast, motion):
    vote_cast(decision=motion, voter=cast.grace, choice=VoteChoice.FOR)
    vote_cast(decision=motion, voter=cast.grace, choice=VoteChoice.AGAINST, comment="On reflection")
    vote = Vote.objects.get(decision=motion)
    assert (vote.entity, vote.choice, vote.comment) == (cast.who, "against", "On reflection")


@pytest.mark.parametrize("voter", ["erin", "heidi", "carol"])
def test_only_seat_holders_vote(cast, motion, voter):
    with pytest.raises(PermissionDenied):
        vote_cast(decision=motion, voter=getattr(cast, voter), choice=VoteChoice.FOR)
    assert not Vote.objects.exists()


def test_closing_counts_and_publishes_the_outcome(cast, motion):
    other = _member_entity("ITU")
    vote_cast(decision=motion, voter=cast.grace, choice=VoteChoice.FOR)
    vote_cast(decision=motion, voter=other, choice=VoteChoice.FOR)
    decision = decision_close(decision=motion, actor=cast.heidi, reasons="Unanimous.")
    assert decision.status == DecisionStatus.ACCEPTED
    assert (decision.members_at_close, decision.reasons) == (2, "Unanimous.")
    with pytest.raises(ValidationError):
        vote_cast(decision=decision, voter=cast.grace, choice=VoteChoice.AGAINST)
    with pytest.raises(ValidationError):
        decision_close(decision=decision, actor=cast.heidi, reasons="Again")


def test_without_quorum_the_motion_falls(cast, motion):
    _member_entity("ITU")
    _member_entity("FAO")
    vote_cast(decision=motion, voter=cast.grace, choice=VoteChoice.FOR)
    decision = decision_close(decision=motion, actor=cast.heidi, reasons="Too few votes.")
    assert decision.status == DecisionStatus.NO_QUORUM


def test_closing_needs_reasons(cast, motion):
    with pytest.raises(ValidationError):
        decision_close(decision=motion, actor=cast.heidi, reasons="  ")
    motion.refresh_from_db()
    assert motion.is_open
