"""Framework reviews (CPF 4.1.1): proposing, withdrawing, putting to the vote, and the Board's
decision turning an accepted proposal into a new framework version assessments carry forward to."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osunited import framework as fw
from osunited.assessments.models import Assessment
from osunited.assessments.selectors import assessment_result
from osunited.assessments.services import answer_save, assessment_carry_forward
from osunited.audit.models import AuditEvent
from osunited.governance.models import (
    DecisionStatus,
    FrameworkReviewProposal,
    FrameworkVersion,
    VoteChoice,
)
from osunited.governance.selectors.reviews import newer_version_for
from osunited.governance.services.decisions import decision_close, vote_cast
from osunited.governance.services.reviews import (
    proposal_create,
    proposal_decided,
    proposal_put_to_vote,
    proposal_withdraw,
)

G4_STRICTER = ["required", "required", "required", "required"]


def _propose(cast, **overrides):
    fields = {
        "framework_id": "cpf-rc1",
        "item_id": "G4",
        "change": "levels",
        "proposed_levels": G4_STRICTER,
        "rationale": "Every entity should take part in the Board's reviews from the start.",
        "actor": cast.erin,
    }
    return proposal_create(**{**fields, **overrides})


def _accept(cast, proposal):
    proposal = proposal_put_to_vote(proposal=proposal, actor=cast.heidi)
    vote_cast(decision=proposal.decision, voter=cast.grace, choice=VoteChoice.FOR)
    decision_close(decision=proposal.decision, actor=cast.heidi, reasons="Agreed by all.")
    proposal.refresh_from_db()
    return proposal


def test_a_representative_proposes_a_change_to_one_guideline(cast):
    proposal = _propose(cast)
    assert (proposal.status, proposal.entity, proposal.proposed_by) == (
        "proposed",
        cast.unicef,
        cast.erin,
    )
    assert AuditEvent.objects.filter(action="governance.review_proposed").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"item_id": "G99"}, "Choose a guideline or statement"),
        ({"proposed_levels": ["required"] * 3}, "one value per stage"),
        ({"proposed_levels": ["mandatory"] * 4}, "Choose one of the offered levels"),
        ({"proposed_levels": ["optional", "optional", "recommended", "required"]}, "nothing"),
        ({"change": "text", "proposed_text": "   "}, "empty"),
        ({"rationale": " "}, "Say why"),
        ({"framework_id": "cpf-rc9"}, "current version"),
    ],
)
def test_a_wrong_proposal_is_refused_in_words_and_stores_nothing(cast, overrides, message):
    with pytest.raises(ValidationError, match=message):
        _propose(cast, **overrides)
    assert not FrameworkReviewProposal.objects.exists()


def test_a_core_statement_changes_by_commitments(cast):
    proposal = _propose(cast, item_id="P1.1", proposed_levels=["partial", "full", "full", "full"])
    assert proposal.proposed_levels == ["partial", "full", "full", "full"]


@pytest.mark.parametrize("who", ["carol", "frank", "bob"])
def test_only_the_board_and_representatives_propose(cast, who):
    with pytest.raises(PermissionDenied):
        _propose(cast, actor=getattr(cast, who))


def test_only_the_proposer_withdraws_and_only_before_the_vote(cast):
    proposal = _propose(cast)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(proposal=proposal, actor=cast.grace)
    proposal_put_to_vote(proposal=proposal, actor=cast.heidi)
    with pytest.raises(ValidationError):
        proposal_withdraw(proposal=proposal, actor=cast.erin)
    proposal.refresh_from_db()
    assert proposal.status == "voting"


def test_a_board_member_does_not_put_proposals_to_the_vote(cast):
    with pytest.raises(PermissionDenied):
        proposal_put_to_vote(proposal=_propose(cast), actor=cast.grace)


def test_an_accepted_change_to_g4_is_a_new_version_that_assessments_carry_forward_to(cast):
    old = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    answer_save(assessment=old, item_id="G4", rating="partial", user=cast.erin)
    answer_save(assessment=old, item_id="G1", rating="full", user=cast.erin)

    proposal = _accept(cast, _propose(cast))

    assert proposal.decision.status == DecisionStatus.ACCEPTED
    assert (proposal.status, proposal.framework_version.framework_id) == ("accepted", "cpf-rc1-r1")
    assert fw.available_frameworks() == ["cpf-rc1", "cpf-rc1-r1"]
    amended = fw.load_framework("cpf-rc1-r1")
    assert amended.based_on == "cpf-rc1"
    assert [(c.item, c.after) for c in amended.changes] == [("G4", ", ".join(G4_STRICTER))]
    assert newer_version_for("cpf-rc1") == amended
    assert newer_version_for("cpf-rc1-r1") is None

    carried = assessment_carry_forward(assessment=old, framework_id="cpf-rc1-r1", user=cast.erin)
    new = carried.assessment
    assert {a.item_id: a.rating for a in new.answers.all()} == {"G4": "partial", "G1": "full"}
    before, after = assessment_result(old), assessment_result(new)
    assert (before.framework, after.framework) == ("cpf-rc1", "cpf-rc1-r1")
    assert "G4" not in before.blocking_gaps[1]
    assert "G4" in after.blocking_gaps[1]  # required at stage 1 now, and only partly met


def test_the_second_accepted_change_amends_the_first(cast):
    _accept(cast, _propose(cast))
    second = _propose(
        cast, framework_id="cpf-rc1-r1", change="text", proposed_text="Take part in reviews"
    )
    second = _accept(cast, second)
    version = FrameworkVersion.objects.get(framework_id="cpf-rc1-r2")
    assert version.based_on == "cpf-rc1-r1"
    g4 = fw.load_framework("cpf-rc1-r2").item("G4")
    assert (g4.text, g4.levels) == ("Take part in reviews", tuple(fw.Level(v) for v in G4_STRICTER))


def test_a_rejected_proposal_makes_no_version(cast):
    proposal = proposal_put_to_vote(proposal=_propose(cast), actor=cast.heidi)
    vote_cast(decision=proposal.decision, voter=cast.grace, choice=VoteChoice.AGAINST)
    decision_close(decision=proposal.decision, actor=cast.heidi, reasons="Too strict.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.framework_version) == ("rejected", None)
    assert fw.available_frameworks() == ["cpf-rc1"]


def test_a_vote_without_quorum_sends_the_proposal_back(cast):
    proposal = proposal_put_to_vote(proposal=_propose(cast), actor=cast.heidi)
    decision_close(decision=proposal.decision, actor=cast.heidi, reasons="Nobody voted.")
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    proposal = proposal_put_to_vote(proposal=proposal, actor=cast.heidi)
    assert proposal.status == "voting"


def test_a_change_already_in_force_is_accepted_without_a_new_version(cast):
    first, second = _propose(cast), _propose(cast)
    _accept(cast, first)
    second = proposal_put_to_vote(proposal=second, actor=cast.heidi)
    proposal_decided(proposal=second, accepted=True, actor=cast.heidi)
    second.refresh_from_db()
    assert (second.status, second.framework_version) == ("accepted", None)
    assert FrameworkVersion.objects.count() == 1
