"""Framework review pages: proposing through the form, the public list and comparison, withdrawing,
putting to the vote, and the versions the Board adopted with their changes and files."""

import pytest
import yaml

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.governance.models import FrameworkReviewProposal, VoteChoice
from osunited.governance.selectors.reviews import latest_version
from osunited.governance.services.decisions import decision_close, vote_cast
from osunited.governance.services.reviews import proposal_create, proposal_put_to_vote
from tests.conftest import client_for

FORM = {
    "framework": "cpf-rc1",
    "item": "G4",
    "change": "levels",
    "proposed_text": "",
    "stage_1": "required",
    "stage_2": "required",
    "stage_3": "required",
    "stage_4": "required",
    "rationale": "Every entity takes part in the reviews.",
}


def _proposal(cast, **fields):
    values = {
        "framework_id": "cpf-rc1",
        "item_id": "G4",
        "change": "text",
        "proposed_text": "Take part in OSSIB governance reviews",
        "rationale": "Plainer words.",
        "actor": cast.erin,
    }
    return proposal_create(**{**values, **fields})


def _adopt(cast, proposal):
    proposal = proposal_put_to_vote(proposal=proposal, actor=cast.heidi)
    vote_cast(decision=proposal.decision, voter=cast.grace, choice=VoteChoice.FOR)
    decision_close(decision=proposal.decision, actor=cast.heidi, reasons="Clearer.")
    proposal.refresh_from_db()
    return proposal


def test_the_form_shows_the_current_wording_and_levels_of_the_item(cast):
    page = client_for(cast.erin).get("/ossib/reviews/new/?item=G4")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Participate in OSSIB governance reviews" in html
    assert '<option value="recommended" selected>' in html  # G4 at stage 3 today


def test_a_representative_proposes_through_the_form(cast):
    response = client_for(cast.erin).post("/ossib/reviews/new/", FORM)
    proposal = FrameworkReviewProposal.objects.get()
    assert response.headers["Location"] == f"/ossib/reviews/{proposal.pk}/"
    assert proposal.proposed_levels == ["required"] * 4
    assert (proposal.entity, proposal.rationale) == (cast.unicef, FORM["rationale"])


def test_a_core_statement_is_proposed_by_commitments(cast):
    form = {**FORM, "item": "P1.1", "stage_1": "none", "stage_2": "partial"}
    form.update(stage_3="full", stage_4="full")
    client_for(cast.grace).post("/ossib/reviews/new/", form)
    assert FrameworkReviewProposal.objects.get().proposed_levels == [
        None,
        "partial",
        "full",
        "full",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stage_1": "mandatory"}, "Select a valid choice"),
        ({"change": "text"}, "Write the proposed wording"),
        ({"rationale": ""}, "This field is required"),
        ({"stage_1": "optional", "stage_2": "optional", "stage_3": "recommended"}, "nothing"),
        ({"item": "G99"}, "Choose a guideline or statement"),
    ],
)
def test_a_wrong_form_says_why_and_saves_nothing(cast, changes, message):
    response = client_for(cast.erin).post("/ossib/reviews/new/", {**FORM, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FrameworkReviewProposal.objects.exists()


def test_an_unknown_framework_is_not_found(cast):
    assert client_for(cast.erin).get("/ossib/reviews/new/?framework=cpf-rc9").status_code == 404


@pytest.mark.parametrize("who", ["carol", "frank", "bob", None])
def test_others_cannot_propose(cast, who):
    user = getattr(cast, who) if who else None
    response = client_for(user).post("/ossib/reviews/new/", FORM)
    assert response.status_code in (302, 403)
    assert not FrameworkReviewProposal.objects.exists()


def test_the_secretariat_proposes_too(cast):
    role_grant(user=cast.frank, role=GrantedRole.BOARD_SECRETARIAT, actor=cast.heidi)
    client_for(cast.frank).post("/ossib/reviews/new/", FORM)
    assert FrameworkReviewProposal.objects.get().proposed_by == cast.frank


def test_the_public_sees_the_list_and_the_comparison(cast):
    proposal = _proposal(cast)
    listing = client_for(None).get("/ossib/reviews/").content.decode()
    assert f"/ossib/reviews/{proposal.pk}/" in listing
    assert "UNICEF" in listing
    detail = client_for(None).get(f"/ossib/reviews/{proposal.pk}/").content.decode()
    assert "<del>" in detail
    assert "Participate" in detail
    assert "Take part" in detail
    assert "Plainer words." in detail
    assert "Withdraw" not in detail
    assert "Put the proposal" not in detail


def test_an_unknown_proposal_is_not_found(cast):
    assert client_for(None).get("/ossib/reviews/999/").status_code == 404


def test_the_proposer_withdraws_and_nobody_else(cast):
    proposal = _proposal(cast)
    client_for(cast.grace).post(f"/ossib/reviews/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    page = client_for(cast.erin).get(f"/ossib/reviews/{proposal.pk}/")
    assert "Withdraw the proposal" in page.content.decode()
    client_for(cast.erin).post(f"/ossib/reviews/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert AuditEvent.objects.filter(action="governance.review_withdrawn").count() == 1


def test_the_secretariat_puts_a_proposal_to_the_vote(cast):
    proposal = _proposal(cast)
    assert client_for(cast.grace).post(f"/ossib/reviews/{proposal.pk}/vote/").status_code == 403
    assert "Put the proposal" in client_for(cast.heidi).get(f"/ossib/reviews/{proposal.pk}/").text
    client_for(cast.heidi).post(f"/ossib/reviews/{proposal.pk}/vote/", {"meeting": ""})
    proposal.refresh_from_db()
    assert proposal.status == "voting"
    assert proposal.decision.kind == "framework_review"
    page = client_for(None).get(f"/ossib/reviews/{proposal.pk}/").text
    assert f"/ossib/decisions/{proposal.decision.pk}/" in page


def test_a_forged_meeting_changes_nothing(cast):
    proposal = _proposal(cast)
    client_for(cast.heidi).post(f"/ossib/reviews/{proposal.pk}/vote/", {"meeting": "999"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision) == ("proposed", None)


def test_the_versions_page_shows_what_changed_and_the_decision(cast):
    proposal = _adopt(cast, _proposal(cast))
    listing = client_for(None).get("/ossib/frameworks/").text
    assert "/ossib/frameworks/cpf-rc1-r1/" in listing
    assert f"/ossib/decisions/{proposal.decision.pk}/" in listing
    detail = client_for(None).get("/ossib/frameworks/cpf-rc1-r1/").text
    assert "<ins>" in detail
    assert "Take part" in detail
    assert proposal.decision.title in detail
    older = client_for(None).get("/ossib/frameworks/cpf-rc1/").text
    assert "A newer version was adopted: cpf-rc1-r1" in older


def test_a_version_downloads_as_its_yaml(cast):
    _adopt(cast, _proposal(cast))
    response = client_for(None).get("/ossib/frameworks/cpf-rc1-r1/download/")
    assert response["Content-Disposition"] == 'attachment; filename="cpf-rc1-r1.yaml"'
    document = yaml.safe_load(response.content)
    assert (document["id"], document["based_on"]) == ("cpf-rc1-r1", "cpf-rc1")
    assert document["changes"][0]["after"] == "Take part in OSSIB governance reviews"


def test_an_unknown_version_is_not_found(cast):
    assert client_for(None).get("/ossib/frameworks/cpf-rc9/").status_code == 404
    assert client_for(None).get("/ossib/frameworks/cpf-rc9/download/").status_code == 404


@pytest.mark.parametrize("framework_id", ["cpf%00rc1", "CPF-RC1", "cpf-rc1%0A"])
def test_what_cannot_be_a_framework_id_is_not_found(cast, framework_id):
    _adopt(cast, _proposal(cast))
    for page in ("", "download/"):
        url = f"/ossib/frameworks/{framework_id}/{page}"
        assert client_for(None).get(url).status_code == 404


def test_the_versions_page_asks_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for text in ("First wording", "Second wording", "Third wording"):
        _adopt(cast, _proposal(cast, framework_id=latest_version("cpf-rc1"), proposed_text=text))
    with django_assert_max_num_queries(12):
        client_for(None).get("/ossib/frameworks/")


def test_an_entity_on_an_older_version_is_offered_to_carry_forward(cast):
    from osunited.assessments.models import Assessment
    from osunited.assessments.services import answer_save

    old = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    answer_save(assessment=old, item_id="G4", rating="full", user=cast.erin)
    offer = "A newer framework version was adopted"
    assert offer not in client_for(cast.erin).get("/entities/unicef/assessments/").text
    _adopt(cast, _proposal(cast))
    erin = client_for(cast.erin)
    for page in ("/entities/unicef/assessments/", f"/assessments/{old.pk}/"):
        assert offer in erin.get(page).text
    assert offer not in client_for(None).get("/entities/unicef/assessments/").text
    response = erin.post(f"/assessments/{old.pk}/carry-forward/", {"framework": "cpf-rc1-r1"})
    new = Assessment.objects.get(carried_from=old)
    assert response.headers["Location"] == f"/assessments/{new.pk}/answers/"
    assert new.framework_id == "cpf-rc1-r1"
    assert new.answers.get().rating == "full"
    assert offer not in erin.get("/entities/unicef/assessments/").text


def test_new_assessments_start_on_the_newest_version(cast):
    from osunited.assessments.forms import StartForm

    _adopt(cast, _proposal(cast))
    choices = [value for value, _label in StartForm().fields["framework"].choices]
    assert choices == ["cpf-rc1-r1", "cpf-rc1"]
