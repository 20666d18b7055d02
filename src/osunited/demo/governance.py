"""The demo's OSSIB at work (CPF 4.1): seats held by their representatives, the Board's settings,
a meeting held a month ago where UNESCO's petition was accepted by the votes of three seats (with
minutes published and action items), the next meeting with FAO's petition under the vote and a
framework review proposal to discuss, the Licensing Working Group with its chair, a member, a
waiting request and an output, a roster of experts (two vetted, one applying) with a
consultation, a partnership request in discussion, and a joint project.

Everything goes through the governance services, as the secretariat and the Board would; what
those services date at the moment of the call (the petition, the vote, the minutes) is then moved
to the meeting it belongs to, as the learning demo does. The entities' OSSIB statuses of
entities.yaml are kept: its members hold their seats, and its petitioned entities get the
petition behind their status. People invented for the demo have demo addresses; no place, link or
date is given that the sources do not state. Texts written for the demo (Apache-2.0, as the rest
of the project)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.audit.services import audit_record
from osunited.catalog.models import Project
from osunited.catalog.selectors import is_public
from osunited.demo.services import (
    BOARD_SECRETARIAT,
    demo_at,
    demo_user,
    governance_roles_grant,
)
from osunited.entities.models import Entity, OssibStatus
from osunited.entities.services import entity_set_ossib_representative, entity_update_profile
from osunited.governance.models import (
    AgendaKind,
    BoardMeeting,
    Decision,
    Expert,
    Minutes,
    OutputKind,
    PartnerKind,
    PartnershipStatus,
    PartnershipTopic,
    Petition,
    PetitionStatus,
    ProposalChange,
    Vote,
    VoteChoice,
    WorkingGroup,
    WorkingGroupRole,
)
from osunited.governance.services.decisions import (
    board_settings_update,
    decision_close,
    vote_cast,
)
from osunited.governance.services.experts import (
    Profile,
    consultation_change,
    consultation_request,
    expert_apply,
    expert_vet,
)
from osunited.governance.services.groups import (
    join_request_decide,
    join_request_file,
    meeting_add,
    member_role_set,
    output_add,
)
from osunited.governance.services.meetings import (
    action_item_add,
    action_item_done,
    agenda_item_add,
    agenda_item_put_to_vote,
    meeting_schedule,
    minutes_publish,
    minutes_save,
)
from osunited.governance.services.partners import (
    partner_confirm,
    partner_declare_reuse,
    partner_invite,
    partnership_handle,
    partnership_submit,
)
from osunited.governance.services.petitions import petition_file
from osunited.governance.services.reviews import proposal_create

ADMIN = "admin@un.org"
WHO_SEAT = "ossib@who.int"  # a demo login: WHO's representative on the Board
# Representatives of member entities the demo seats (not demo logins).
SEATS = {"UNDP": "ossib@undp.org", "ITU": "ossib@itu.int"}
LIAISONS = {"UNESCO": "liaison@unesco.org", "FAO": "liaison@fao.org"}
LICENSING_MEMBER = "legal@unicef.org"
QUORUM_PERCENT = 40  # three votes of the seven seats when UNESCO's petition was decided
MAJORITY_PERCENT = 50
HELD_DAYS_AGO = 35
NEXT_IN_DAYS = 21


def load_governance() -> None:
    governance_roles_grant()
    secretariat = demo_user(BOARD_SECRETARIAT)
    _seat_the_members()
    board_settings_update(
        quorum_percent=QUORUM_PERCENT,
        majority_percent=MAJORITY_PERCENT,
        actor=demo_user(ADMIN),
    )
    held = _held_meeting(secretariat)
    _next_meeting(secretariat)
    _licensing_group(secretariat, held)
    _experts()
    _partnership(secretariat)
    _joint_project()


# -- seats and petitions ---------------------------------------------------------------------------


def _seat_the_members() -> None:
    """Representatives for two member seats besides WHO's, so that three seats vote (a seat an
    administrator already filled is kept)."""
    for acronym, email in SEATS.items():
        entity = Entity.objects.get(acronym=acronym)
        if entity.ossib_status != OssibStatus.MEMBER or entity.ossib_representative_id:
            continue
        entity_set_ossib_representative(entity=entity, representative=demo_user(email), actor=None)


def _liaison(acronym: str) -> tuple[Entity, User]:
    """The entity's liaison, its representative on the platform, who files its petition."""
    entity = Entity.objects.get(acronym=acronym)
    liaison = demo_user(LIAISONS[acronym])
    role_grant(user=liaison, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=entity, actor=None)
    entity_update_profile(entity=entity, actor=liaison, changes={"liaison": liaison})
    return entity, liaison


def _petition_behind_status(entity: Entity) -> None:
    """entities.yaml says "petition under review" with no petition behind it: the entity goes
    back to not a member, so that its liaison files the petition that makes it petitioned."""
    pending = Petition.objects.filter(
        entity=entity, status__in=(PetitionStatus.FILED, PetitionStatus.VOTING)
    )
    if entity.ossib_status != OssibStatus.PETITIONED or pending.exists():
        return
    entity.ossib_status = OssibStatus.NOT_MEMBER
    entity.save(update_fields=["ossib_status", "updated_at"])
    audit_record(
        action="entity.ossib_status_set",
        target=entity,
        changes={"ossib_status": OssibStatus.NOT_MEMBER, "by": "demo data"},
    )


def _file_petition(acronym: str, structure: str, motivation: str) -> Petition:
    entity, liaison = _liaison(acronym)
    _petition_behind_status(entity)
    return petition_file(
        entity=entity,
        actor=liaison,
        liaison=liaison,
        governance_structure=structure,
        motivation=motivation,
    )


def _vote(decision: Decision, email: str, choice: VoteChoice, comment: str = "") -> None:
    vote_cast(decision=decision, voter=demo_user(email), choice=choice, comment=comment)


# -- the meeting held a month ago ------------------------------------------------------------------


def _held_meeting(secretariat: User) -> BoardMeeting:
    starts_at = demo_at(-HELD_DAYS_AGO, 13)
    meeting = meeting_schedule(
        actor=secretariat,
        title="Board meeting: petitions and the licensing report",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    petition = _file_petition(
        "UNESCO",
        "Demo text: an open source team of four in the IT division, led by the liaison, with a "
        "mandate approved by the Chief Information Officer.",
        "Demo text: to take part in the Board's reviews of the framework (G4).",
    )
    item = agenda_item_add(
        actor=secretariat, meeting=meeting, kind=AgendaKind.PETITION, petition=petition
    )
    licensing = WorkingGroup.objects.get(slug="licensing")
    agenda_item_add(
        actor=secretariat,
        meeting=meeting,
        kind=AgendaKind.WORKING_GROUP_REPORT,
        working_group=licensing,
        notes="The recommended license packages and the requirements survey.",
    )
    agenda_item_add(
        actor=secretariat,
        meeting=meeting,
        kind=AgendaKind.OTHER,
        title="Roster of experts: the first applications",
    )
    decision = agenda_item_put_to_vote(actor=secretariat, item=item)
    _vote(decision, WHO_SEAT, VoteChoice.FOR, "The evidence for G1-G3 is complete.")
    _vote(decision, SEATS["UNDP"], VoteChoice.FOR)
    _vote(decision, SEATS["ITU"], VoteChoice.FOR)
    decision_close(
        decision=decision,
        actor=secretariat,
        reasons="UNESCO named its liaison (G1), has an open source team with a lead and a "
        "mandate (G2) and described its roles (G3). Three seats voted for, none against.",
    )
    _minutes(secretariat, meeting)
    _back_to_the_meeting(meeting, decision, petition)
    return meeting


def _minutes(secretariat: User, meeting: BoardMeeting) -> None:
    attendees = Entity.objects.filter(acronym__in=("OICT", "UNDP", "WHO", "ITU"))
    minutes_save(
        actor=secretariat,
        meeting=meeting,
        attendees=list(attendees),
        text=(
            "## Petition of UNESCO\n\n"
            "The Board read UNESCO's evidence for G1-G3 and voted: accepted, three seats for.\n\n"
            "## Report of the Open Source Licensing Working Group\n\n"
            "The group published its recommended license packages and opened the requirements "
            "survey; the entities are asked to answer it.\n\n"
            "## Roster of experts\n\n"
            "Two applications were vetted; a third waits for the Board.\n\n"
            "(Demo minutes written for the demo of Open Source United.)"
        ),
    )
    minutes_publish(actor=secretariat, meeting=meeting)
    welcome = action_item_add(
        actor=secretariat,
        meeting=meeting,
        title="Send UNESCO's representative the Board's working documents",
        owner=secretariat,
        due_on=timezone.localdate() - timedelta(days=HELD_DAYS_AGO - 7),
    )
    action_item_done(actor=secretariat, action=welcome)
    action_item_add(
        actor=secretariat,
        meeting=meeting,
        title="Present the results of the licensing requirements survey",
        owner=demo_user(WHO_SEAT),
        due_on=timezone.localdate() + timedelta(days=NEXT_IN_DAYS),
    )


def _back_to_the_meeting(meeting: BoardMeeting, decision: Decision, petition: Petition) -> None:
    """What the services dated today moved to the meeting: the petition filed three weeks before
    it, the vote during it, the minutes published two days after."""
    during = meeting.starts_at + timedelta(minutes=40)
    Petition.objects.filter(pk=petition.pk).update(filed_at=meeting.starts_at - timedelta(days=21))
    Decision.objects.filter(pk=decision.pk).update(
        opened_at=during, closed_at=during + timedelta(minutes=15)
    )
    Vote.objects.filter(decision=decision).update(cast_at=during + timedelta(minutes=5))
    Minutes.objects.filter(meeting=meeting).update(published_at=meeting.ends_at + timedelta(days=2))
    Entity.objects.filter(pk=petition.entity_id).update(ossib_member_since=meeting.starts_at.date())


# -- the next meeting ------------------------------------------------------------------------------


def _next_meeting(secretariat: User) -> BoardMeeting:
    starts_at = demo_at(NEXT_IN_DAYS, 13)
    meeting = meeting_schedule(
        actor=secretariat,
        title="Board meeting: FAO's petition and a review of G10",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    petition = _file_petition(
        "FAO",
        "Demo text: an Open Source Programme Office being set up in the digital division, "
        "led by the liaison; its mandate is in draft.",
        "Demo text: to share the open source tools of its country offices with the UN family.",
    )
    item = agenda_item_add(
        actor=secretariat, meeting=meeting, kind=AgendaKind.PETITION, petition=petition
    )
    decision = agenda_item_put_to_vote(actor=secretariat, item=item)
    _vote(decision, SEATS["UNDP"], VoteChoice.FOR)
    _vote(decision, LIAISONS["UNESCO"], VoteChoice.ABSTAIN, "Its mandate is still a draft.")
    proposal = proposal_create(
        framework_id="cpf-rc1",
        item_id="G10",
        change=ProposalChange.ACTION,
        proposed_text=(
            "List the external partners and experts the entity can call on for open source "
            "support, drawing on the Board's vetted roster of experts, and formalise the "
            "partnerships it relies on."
        ),
        rationale="Demo text: the Board now keeps a vetted roster of experts (CPF 4.1.3); the "
        "suggested action of G10 should point entities to it.",
        actor=demo_user(WHO_SEAT),
    )
    agenda_item_add(
        actor=secretariat, meeting=meeting, kind=AgendaKind.FRAMEWORK_REVIEW, proposal=proposal
    )
    return meeting


# -- the Licensing Working Group -------------------------------------------------------------------


def _licensing_group(secretariat: User, held: BoardMeeting) -> None:
    group = WorkingGroup.objects.get(slug="licensing")
    chair = demo_user(WHO_SEAT)
    member_role_set(group=group, user=chair, role=WorkingGroupRole.CHAIR, actor=secretariat)
    asked = join_request_file(
        group=group,
        user=demo_user(LICENSING_MEMBER),
        motivation="Demo text: UNICEF's legal office reviews the licenses our projects use.",
    )
    join_request_decide(join_request=asked, accept=True, actor=chair)
    join_request_file(
        group=group,
        user=demo_user("reviewer@undp.org"),
        motivation="Demo text: the Project Review Committee checks licenses in every review.",
    )
    output_add(
        group=group,
        actor=chair,
        kind=OutputKind.DOCUMENT,
        title="Recommended license packages",
        summary="Three packages of licenses for code, services and content, with the "
        "reasons for each license (CPF 4.2.1).",
        url=settings.SITE_URL + reverse("licensing:packages"),
        guidelines=["C2"],
        published_on=held.starts_at.date() - timedelta(days=7),
    )
    starts_at = demo_at(10, 14)
    meeting_add(
        group=group,
        actor=chair,
        title="Licensing Working Group: the survey's first answers",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )


# -- experts, partners, joint projects -------------------------------------------------------------


@dataclass(frozen=True)
class DemoExpert:
    email: str
    profile: Profile
    vetted: bool


DEMO_EXPERTS = (
    DemoExpert(
        "ana.expert@example.org",
        Profile(
            display_name="Ana Example (demo expert)",
            headline="Open source licensing and compliance",
            bio="Demo profile: ten years advising public bodies on licenses and contributions.",
            competencies=(
                "requirements-and-specifications/licensing-selection-based-on-requirements",
                "procurement-and-legal/capacity-to-recognize-and-address-legal-challenges",
            ),
            languages=("en", "es", "pt"),
            availability="Two days a month, remote.",
            days_per_month=2,
            interests="Demo declaration: board member of the Example Software Foundation.",
            organisations="Example Software Foundation",
        ),
        vetted=True,
    ),
    DemoExpert(
        "kofi.expert@example.org",
        Profile(
            display_name="Kofi Example (demo expert)",
            headline="Open source community management",
            bio="Demo profile: grew the contributor communities of two public-interest projects.",
            competencies=(
                "community-management/identify-build-and-grow-the-open-source-community",
                "strategy/software-contribution-governance",
            ),
            languages=("en", "fr"),
            availability="On request, remote.",
            interests="Demo declaration: none.",
        ),
        vetted=True,
    ),
    DemoExpert(
        "mei.expert@example.org",
        Profile(
            display_name="Mei Example (demo applicant)",
            headline="Open source in public procurement",
            bio="Demo profile: wrote procurement guidance on open source for a city government.",
            competencies=(
                "procurement-and-legal/capacity-to-run-integrate-open-source-in-public-procurement",
            ),
            languages=("en", "zh"),
            availability="One day a month.",
            days_per_month=1,
            interests="Demo declaration: consultant to Example Procurement Ltd.",
            organisations="Example Procurement Ltd",
        ),
        vetted=False,
    ),
)


def _experts() -> None:
    board_member = demo_user(WHO_SEAT)
    experts: dict[str, Expert] = {}
    for demo in DEMO_EXPERTS:
        expert = expert_apply(actor=demo_user(demo.email), profile=demo.profile)
        if demo.vetted:
            expert = expert_vet(expert=expert, actor=board_member, accepted=True)
        experts[demo.email] = expert
    ana = experts["ana.expert@example.org"]
    asked = consultation_request(
        actor=demo_user("focalpoint@wfp.org"),
        expert=ana,
        entity=Entity.objects.get(acronym="WFP"),
        subject="Licensing the data our field surveys collect",
        message="Demo text: may the survey forms be released under CC-BY-4.0 with the code "
        "under Apache-2.0?",
    )
    consultation_change(actor=ana.user, consultation=asked, action="accept")


def _partnership(secretariat: User) -> None:
    request = partnership_submit(
        actor=demo_user("contributor@example.org"),
        topic=PartnershipTopic.PARTNERSHIP,
        organisation="Example University (demo)",
        organisation_kind=PartnerKind.ACADEMIA,
        contact_name="Contributor (demo)",
        contact_email="contributor@example.org",
        summary="Demo text: our students would contribute to UN open source projects as part "
        "of their software engineering course, with mentors from the projects.",
    )
    partnership_handle(
        request=request,
        actor=secretariat,
        status=PartnershipStatus.IN_DISCUSSION,
        matched_entities=Entity.objects.filter(acronym="UNICEF"),
        outcome="",
        public=False,
    )


def _joint_project() -> None:
    """WFP's Field Survey, co-led with UNICEF and reused by FAO (when the catalog is loaded)."""
    project = Project.objects.filter(slug="field-survey").first()
    if project is None or not is_public(project):
        return
    invited = partner_invite(
        project=project,
        entity=Entity.objects.get(acronym="UNICEF"),
        actor=demo_user("focalpoint@wfp.org"),
        note="Demo text: UNICEF maintains the survey forms for education.",
    )
    partner_confirm(partner=invited, actor=demo_user("representative@unicef.org"))
    partner_declare_reuse(
        project=project,
        entity=Entity.objects.get(acronym="FAO"),
        actor=demo_user(LIAISONS["FAO"]),
        note="Demo text: FAO's country offices use it for crop surveys.",
    )
