"""The agenda of a Board meeting: items about a pending petition, an undecided framework review
proposal, a working group's report or other business; ordered, edited, removed; put to the vote
from the agenda, with the decisions listed on the meeting's page."""

from __future__ import annotations

import pytest

from osunited.audit.models import AuditEvent
from osunited.entities.models import OssibStatus
from osunited.governance.models import (
    AgendaItem,
    AgendaKind,
    BoardMeeting,
    Decision,
    DecisionStatus,
    MotionKind,
    Petition,
    PetitionStatus,
    WorkingGroup,
)
from osunited.governance.services.decisions import decision_close, vote_cast
from osunited.governance.services.meetings import agenda_item_add
from tests.conftest import Cast, client_for
from tests.governance.meetings_helpers import a_clerk, a_meeting

pytestmark = pytest.mark.django_db


def a_petition(cast: Cast) -> Petition:
    cast.unicef.ossib_status = OssibStatus.PETITIONED
    cast.unicef.save(update_fields=["ossib_status"])
    return Petition.objects.create(
        entity=cast.unicef,
        filed_by=cast.erin,
        liaison=cast.erin,
        governance_structure="UNICEF's OSPO, led by its CTO.",
    )


def a_group() -> WorkingGroup:
    return WorkingGroup.objects.create(slug="tooling", name="Tooling Working Group", mission="M")


def positions(meeting: BoardMeeting) -> list[str]:
    return list(meeting.agenda.order_by("position").values_list("title", flat=True))


def test_the_secretariat_adds_items_of_every_kind(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    petition, group = a_petition(cast), a_group()
    client = client_for(clerk)
    url = f"/ossib/meetings/{meeting.pk}/agenda/new/"
    forms = [
        {"kind": "petition", "petition": petition.pk},
        {"kind": "working_group_report", "working_group": group.pk, "title": ""},
        {"kind": "other", "title": "Any other business", "notes": "Dates of 2032."},
    ]
    for form in forms:
        assert client.post(url, form).status_code == 302
    assert positions(meeting) == [
        "Petition of UNICEF to join the Board",
        "Report of the Tooling Working Group",
        "Any other business",
    ]
    item = meeting.agenda.get(position=1)
    assert (item.kind, item.petition) == (AgendaKind.PETITION, petition)
    meeting.refresh_from_db()
    assert meeting.sequence == 3  # the agenda is the calendar entry's description
    assert AuditEvent.objects.filter(action="governance.agenda_item_added").count() == 3


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "petition"}, "Choose what this item is about."),
        ({"kind": "petition", "petition": "999"}, "Choose one of those listed."),
        ({"kind": "framework_review", "proposal": "abc"}, "Choose one of those listed."),
        ({"kind": "bribery", "title": "x"}, "Select a valid choice."),
        ({"kind": "other"}, "Give the item a title."),
    ],
)
def test_bad_items_are_refused(cast: Cast, form: dict[str, str], message: str) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/agenda/new/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_decided_petition_is_not_put_on_an_agenda(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    petition = a_petition(cast)
    Petition.objects.filter(pk=petition.pk).update(status=PetitionStatus.REJECTED)
    form = {"kind": "petition", "petition": petition.pk}
    response = client_for(clerk).post(f"/ossib/meetings/{meeting.pk}/agenda/new/", form)
    assert response.status_code == 400
    assert not AgendaItem.objects.exists()


def test_items_move_up_and_down_and_removal_closes_the_gap(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    for title in ("A", "B", "C"):
        agenda_item_add(actor=clerk, meeting=meeting, kind="other", title=title)
    client = client_for(clerk)
    c = meeting.agenda.get(title="C")
    client.post(f"/ossib/meetings/agenda/{c.pk}/move/", {"direction": "up"})
    assert positions(meeting) == ["A", "C", "B"]
    a = meeting.agenda.get(title="A")
    client.post(f"/ossib/meetings/agenda/{a.pk}/move/", {"direction": "up"})  # already first
    client.post(f"/ossib/meetings/agenda/{a.pk}/move/", {"direction": "down"})
    assert positions(meeting) == ["C", "A", "B"]
    client.post(f"/ossib/meetings/agenda/{c.pk}/remove/")
    assert positions(meeting) == ["A", "B"]
    assert list(meeting.agenda.values_list("position", flat=True)) == [1, 2]


def test_a_forged_move_changes_nothing(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    for title in ("A", "B"):
        agenda_item_add(actor=clerk, meeting=meeting, kind="other", title=title)
    b = meeting.agenda.get(title="B")
    response = client_for(clerk).post(
        f"/ossib/meetings/agenda/{b.pk}/move/", {"direction": "sideways"}
    )
    assert response.status_code == 302
    assert positions(meeting) == ["A", "B"]
    assert client_for(cast.grace).post(f"/ossib/meetings/agenda/{b.pk}/remove/").status_code == 403
    assert client_for(clerk).post("/ossib/meetings/agenda/999/remove/").status_code == 404
    assert positions(meeting) == ["A", "B"]


def test_editing_an_item(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    item = agenda_item_add(actor=clerk, meeting=meeting, kind="other", title="AOB")
    form = {"kind": "other", "title": "Any other business", "notes": "Short."}
    response = client_for(clerk).post(f"/ossib/meetings/agenda/{item.pk}/edit/", form)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.notes) == ("Any other business", "Short.")


def test_other_business_is_put_to_the_vote_and_listed_with_its_outcome(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    item = agenda_item_add(actor=clerk, meeting=meeting, kind="other", title="Charter")
    form = {
        "title": "Adopt the charter",
        "motion": "That the Board adopts it.",
        "closes_at": "",
        "time_zone": "UTC",
    }
    response = client_for(clerk).post(f"/ossib/meetings/agenda/{item.pk}/vote/", form)
    assert response.status_code == 302
    decision = Decision.objects.get()
    item.refresh_from_db()
    assert (item.decision, decision.meeting, decision.kind) == (decision, meeting, MotionKind.OTHER)
    vote_cast(decision=decision, voter=cast.grace, choice="for")
    decision_close(decision=decision, actor=clerk, reasons="WHO voted for it.")
    page = client_for(None).get(f"/ossib/meetings/{meeting.pk}/").content.decode()
    assert "Adopt the charter" in page
    assert "Accepted" in page
    assert "WHO voted for it." in page
    # Once put to the vote, it stays on the agenda and is not put again.
    assert client_for(clerk).post(f"/ossib/meetings/agenda/{item.pk}/remove/").status_code == 302
    again = client_for(clerk).post(f"/ossib/meetings/agenda/{item.pk}/vote/", form)
    assert again.status_code == 400
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Decision.objects.count() == 1


def test_a_petition_is_put_to_the_vote_through_its_own_service(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    petition = a_petition(cast)
    item = agenda_item_add(actor=clerk, meeting=meeting, kind="petition", petition=petition)
    response = client_for(clerk).post(f"/ossib/meetings/agenda/{item.pk}/vote/", {})
    assert response.status_code == 302
    petition.refresh_from_db()
    item.refresh_from_db()
    assert petition.status == PetitionStatus.VOTING
    assert petition.decision == item.decision
    assert petition.decision is not None
    assert petition.decision.meeting == meeting
    vote_cast(decision=petition.decision, voter=cast.grace, choice="for")
    decision_close(decision=petition.decision, actor=clerk, reasons="G1-G3 are met.")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ACCEPTED
    assert petition.decision.status == DecisionStatus.ACCEPTED


def test_a_vote_without_a_motion_is_refused(cast: Cast) -> None:
    clerk = a_clerk()
    meeting = a_meeting(clerk)
    item = agenda_item_add(actor=clerk, meeting=meeting, kind="other", title="Charter")
    response = client_for(clerk).post(
        f"/ossib/meetings/agenda/{item.pk}/vote/", {"title": "T", "time_zone": "UTC"}
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()
    assert (
        client_for(cast.grace).post(f"/ossib/meetings/agenda/{item.pk}/vote/", {}).status_code
        == 403
    )


def test_a_framework_review_is_put_to_the_vote_through_its_own_service(cast: Cast) -> None:
    from osunited.governance.models import FrameworkReviewProposal, ProposalStatus

    clerk = a_clerk()
    meeting = a_meeting(clerk)
    proposal = FrameworkReviewProposal.objects.create(
        framework_id="cpf-rc1",
        item_id="G1",
        change="text",
        proposed_text="Entities name an open source liaison.",
        rationale="Clearer.",
        proposed_by=cast.grace,
    )
    form = {"kind": "framework_review", "proposal": proposal.pk}
    client = client_for(clerk)
    assert client.post(f"/ossib/meetings/{meeting.pk}/agenda/new/", form).status_code == 302
    item = meeting.agenda.get()
    assert (
        client.post(f"/ossib/meetings/agenda/{item.pk}/vote/", {"time_zone": "UTC"}).status_code
        == 302
    )
    proposal.refresh_from_db()
    item.refresh_from_db()
    assert proposal.status == ProposalStatus.VOTING
    assert proposal.decision == item.decision
    assert proposal.decision is not None
    assert proposal.decision.meeting == meeting
