from osunited.entities.models import OssibStatus
from osunited.governance.models import PetitionStatus, VoteChoice
from osunited.governance.services.decisions import decision_close, vote_cast
from osunited.governance.services.petitions import petition_file, petition_put_to_vote


def _voting_petition(cast):
    petition = petition_file(
        entity=cast.unicef,
        actor=cast.erin,
        liaison=cast.alice,
        governance_structure="An OSPO of three.",
    )
    return petition_put_to_vote(petition=petition, actor=cast.heidi)


def test_an_accepted_petition_whose_liaison_left_still_makes_the_entity_a_member(cast):
    petition = _voting_petition(cast)
    cast.alice.delete()  # the liaison's account is gone before the vote closes
    vote_cast(decision=petition.decision, voter=cast.grace, choice=VoteChoice.FOR)
    decision_close(decision=petition.decision, actor=cast.heidi, reasons="G1 to G3 are met.")
    petition.refresh_from_db()
    cast.unicef.refresh_from_db()
    assert petition.status == PetitionStatus.ACCEPTED
    assert cast.unicef.ossib_status == OssibStatus.MEMBER
    assert cast.unicef.ossib_member_since is not None
    assert cast.unicef.ossib_representative is None  # the seat waits for an appointment
