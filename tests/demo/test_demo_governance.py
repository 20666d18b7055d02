"""The demo's OSSIB at work and policy library: a member accepted by petition with three votes,
published minutes, the next meeting with a petition under the vote, the Licensing Working Group,
the roster of experts, a partnership, a joint project, and UNICEF's demo policy suggested as
evidence in UNICEF's self-assessment."""

import html

import pytest
from django.urls import reverse

from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.assessments.models import Assessment
from osunited.demo.services import demo_load
from osunited.entities.models import Entity, OssibStatus
from osunited.governance.models import (
    ActionStatus,
    BoardMeeting,
    DecisionStatus,
    Expert,
    ExpertStatus,
    FrameworkReviewProposal,
    JoinRequest,
    MeetingStatus,
    PartnershipRequest,
    PartnershipStatus,
    Petition,
    PetitionStatus,
    ProjectPartner,
    ProposalStatus,
    RequestStatus,
    WorkingGroup,
)
from osunited.policies.models import Endorsement, Policy
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DEMO_DATASETS = DATASETS = (
    "entities",
    "users",
    "catalog",
    "assessments",
    "governance",
    "policies",
)


def user(email: str) -> User:
    return User.objects.get(email=email)


def test_it_loads_once_with_the_secretariat_and_the_policy_editor(demo: None) -> None:
    assert demo_load(DATASETS) == []

    secretariat = roles_of(user("secretariat@un.org"))
    assert {Role.BOARD_SECRETARIAT, Role.POLICY_EDITOR} <= secretariat
    assert Role.OSSIB_MEMBER in roles_of(user("ossib@who.int"))
    assert Petition.objects.count() == 2


def test_unesco_became_a_member_by_petition_with_three_votes_and_reasons(demo: None) -> None:
    petition = Petition.objects.get(entity__acronym="UNESCO")
    decision = petition.decision

    assert petition.status == PetitionStatus.ACCEPTED
    assert decision.status == DecisionStatus.ACCEPTED
    assert sorted(decision.votes.values_list("entity__acronym", "choice")) == [
        ("ITU", "for"),
        ("UNDP", "for"),
        ("WHO", "for"),
    ]
    assert "G1" in decision.reasons
    unesco = Entity.objects.get(acronym="UNESCO")
    assert unesco.ossib_status == OssibStatus.MEMBER
    assert unesco.ossib_representative == user("liaison@unesco.org")
    assert unesco.ossib_member_since == decision.meeting.starts_at.date()
    page = client_for(None).get(reverse("entities:ossib")).content.decode()
    assert "Petition of UNESCO to join the Board" in page


def test_the_held_meeting_has_published_minutes_and_the_next_one_an_open_vote(
    demo: None,
) -> None:
    held, upcoming = BoardMeeting.objects.order_by("starts_at")

    assert held.status == MeetingStatus.HELD
    assert held.minutes.published_at is not None
    assert held.agenda.count() == 3
    assert sorted(held.actions.values_list("status", flat=True)) == [
        ActionStatus.DONE,
        ActionStatus.OPEN,
    ]
    fao = Petition.objects.get(entity__acronym="FAO")
    assert fao.status == PetitionStatus.VOTING
    assert fao.decision.meeting == upcoming
    assert not fao.decision.votes.filter(entity__acronym="WHO").exists()
    proposal = FrameworkReviewProposal.objects.get()
    assert (proposal.item_id, proposal.status) == ("G10", ProposalStatus.PROPOSED)
    assert upcoming.agenda.filter(proposal=proposal).exists()
    page = client_for(None).get(reverse("governance:meetings_detail", kwargs={"pk": held.pk}))
    assert "Petition of UNESCO" in page.content.decode()


def test_the_licensing_group_has_its_chair_a_member_a_request_and_an_output(
    demo: None,
) -> None:
    group = WorkingGroup.objects.get(slug="licensing")

    members = dict(group.members.values_list("user__email", "role"))
    assert members == {"ossib@who.int": "chair", "legal@unicef.org": "member"}
    assert Role.LICENSING_GROUP in roles_of(user("legal@unicef.org"))
    waiting = JoinRequest.objects.get(status=RequestStatus.PENDING)
    assert waiting.user == user("reviewer@undp.org")
    assert group.outputs.get().guidelines == ["C2"]


def test_the_roster_has_two_vetted_experts_and_an_applicant_and_partners(demo: None) -> None:
    statuses = sorted(Expert.objects.values_list("status", flat=True))

    assert statuses == [ExpertStatus.APPLIED, ExpertStatus.VETTED, ExpertStatus.VETTED]
    assert all(e.user.email.endswith("@example.org") for e in Expert.objects.all())
    consultation = Expert.objects.get(user__email="ana.expert@example.org").consultations.get()
    assert consultation.status == "accepted"
    assert PartnershipRequest.objects.get().status == PartnershipStatus.IN_DISCUSSION
    partners = ProjectPartner.objects.filter(
        project__slug="field-survey", confirmed_at__isnull=False
    )
    assert sorted(partners.values_list("entity__acronym", "role")) == [
        ("FAO", "reuse"),
        ("UNICEF", "co_lead"),
    ]


def test_unicefs_demo_policy_is_suggested_as_evidence_in_its_assessment(demo: None) -> None:
    policy = Policy.objects.get(title="Demo: UNICEF open source policy")
    assert (policy.year, policy.date) == (None, None)
    assert sorted(i for clause in policy.clauses.all() for i in clause.items) == [
        "G2",
        "G3",
        "P1.1",
    ]
    assert policy.lessons.count() == 1
    assert set(Endorsement.objects.values_list("entity__acronym", flat=True)) == {"UNICEF", "WHO"}
    draft = Assessment.objects.get(entity__acronym="UNICEF", status="draft")
    client = client_for(user("representative@unicef.org"))

    url = reverse("assessments:answers", kwargs={"pk": draft.pk}) + "?pillar=governance"

    page = html.unescape(client.get(url).content.decode())

    assert "Suggested evidence for G2 from the policy library" in page
    assert "UNICEF's policy “Demo: UNICEF open source policy” (Approved, year not stated)" in page
