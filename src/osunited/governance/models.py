"""OSSIB governance (CPF 4.1, G1-G10): the Board's petitions, meetings and decisions, framework
reviews, working groups, the roster of experts, partnerships and joint projects."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import GrantedRole
from osunited.entities.models import Entity

_USER = settings.AUTH_USER_MODEL


class BoardSettings(models.Model):
    """How the Board decides, changed by platform admins (one row; without it, the defaults)."""

    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of members)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of the Board's members who must vote (abstaining counts)."),
    )
    majority_percent = models.PositiveSmallIntegerField(
        _("majority (% of votes for or against)"),
        default=50,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_("A motion passes with more than this share of the votes for or against."),
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Board settings")
        verbose_name_plural = _("Board settings")
        constraints = (
            models.CheckConstraint(condition=Q(pk=1), name="governance_board_settings_single_row"),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="governance_board_settings_quorum",
            ),
            models.CheckConstraint(
                condition=Q(majority_percent__gte=50, majority_percent__lte=100),
                name="governance_board_settings_majority",
            ),
        )

    def __str__(self) -> str:
        return str(_("Board settings"))


# -- decisions: every motion the Board votes on ----------------------------------------------------


class MotionKind(models.TextChoices):
    PETITION = "petition", _("Petition to join")
    FRAMEWORK_REVIEW = "framework_review", _("Framework review proposal")
    WORKING_GROUP = "working_group", _("Working group")
    OTHER = "other", _("Other motion")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Vote open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    NO_QUORUM = "no_quorum", _("Closed without quorum")


class Decision(models.Model):
    """A motion put to the Board's vote, and, once closed, its outcome with its reasons (public).
    The quorum and majority in force when the vote opened are kept with it."""

    kind = models.CharField(_("kind"), max_length=20, choices=MotionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    motion = models.TextField(_("motion"), help_text=_("What the Board is asked to decide."))
    status = models.CharField(
        _("status"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    reasons = models.TextField(_("reasons"), blank=True)
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (%)"))
    majority_percent = models.PositiveSmallIntegerField(_("majority (%)"))
    members_at_close = models.PositiveSmallIntegerField(
        _("Board members when the vote closed"), null=True, blank=True
    )
    meeting = models.ForeignKey(
        "BoardMeeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    opened_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(_("vote closes"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-opened_at",)

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    """One seat's vote: the Board has one representative per member entity."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="board_votes")
    voter = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    comment = models.TextField(_("comment"), blank=True)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("entity__acronym",)
        constraints = (
            models.UniqueConstraint(
                fields=("decision", "entity"), name="governance_one_vote_a_seat"
            ),
        )

    def __str__(self) -> str:
        return f"{self.entity.acronym}: {self.choice}"


# -- petitions to join -----------------------------------------------------------------------------


class PetitionStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    VOTING = "voting", _("Put to the vote")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Petition(models.Model):
    """An entity's petition to join the Board (CPF 4.1: membership by petition, subject to Board
    approval). The evidence for G1-G3 is copied from the entity page and its latest assessment
    when filed, so that the Board decides on what it saw."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="petitions")
    filed_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    liaison = models.ForeignKey(
        _USER,
        verbose_name=_("open source liaison"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="petitions_as_liaison",
    )
    governance_structure = models.TextField(
        _("governance structure"),
        help_text=_("The entity's open source team, OSPO or project, its lead and mandate (G2)."),
    )
    motivation = models.TextField(_("why the entity wants to join"), blank=True)
    evidence = models.JSONField(
        _("evidence for G1-G3"),
        default=dict,
        blank=True,
        help_text=_("Copied when filed: the liaison, and the latest assessment's G1-G3 answers."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PetitionStatus.choices, default=PetitionStatus.FILED
    )
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="petition"
    )
    filed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-filed_at",)
        constraints = (
            models.UniqueConstraint(
                fields=("entity",),
                condition=Q(status__in=("filed", "voting")),
                name="governance_one_pending_petition_per_entity",
            ),
        )

    def __str__(self) -> str:
        return f"{self.entity.acronym} petition #{self.pk}"


class PetitionDocument(models.Model):
    """A governance document attached to a petition (G3): a file or a link."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="governance/petitions/", blank=True)
    guideline = models.CharField(_("guideline"), max_length=8, blank=True)  # G1, G2 or G3

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.title


# -- meetings --------------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class BoardMeeting(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # iCalendar UID
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, raised on each change
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-starts_at",)
        constraints = (
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="governance_meeting_ends_after"
            ),
        )

    def __str__(self) -> str:
        return self.title


class AgendaKind(models.TextChoices):
    PETITION = "petition", _("Petition to join")
    FRAMEWORK_REVIEW = "framework_review", _("Framework review proposal")
    WORKING_GROUP_REPORT = "working_group_report", _("Working group report")
    OTHER = "other", _("Other business")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=24, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    petition = models.ForeignKey(
        Petition, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    proposal = models.ForeignKey(
        "FrameworkReviewProposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    working_group = models.ForeignKey(
        "WorkingGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )

    class Meta:
        ordering = ("meeting", "position")
        constraints = (
            models.UniqueConstraint(
                fields=("meeting", "position"), name="governance_agenda_position"
            ),
        )

    def __str__(self) -> str:
        return self.title


class Minutes(models.Model):
    meeting = models.OneToOneField(BoardMeeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"))
    attendees = models.ManyToManyField(
        Entity, verbose_name=_("entities present"), blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)  # drafts are for the Board only
    written_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(models.Model):
    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        _USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="board_actions"
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("due_on", "pk")

    def __str__(self) -> str:
        return self.title


# -- framework reviews (4.1.1) ---------------------------------------------------------------------


class ProposalChange(models.TextChoices):
    TEXT = "text", _("Change the wording")
    LEVELS = "levels", _("Change the expected levels by stage")
    ACTION = "action", _("Change the suggested action")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    VOTING = "voting", _("Put to the vote")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FrameworkReviewProposal(models.Model):
    """A proposal to change one guideline or core statement of a framework version."""

    framework_id = models.CharField(_("framework"), max_length=40)
    item_id = models.CharField(_("guideline or statement"), max_length=12)
    change = models.CharField(_("change"), max_length=8, choices=ProposalChange.choices)
    proposed_text = models.TextField(_("proposed text"), blank=True)
    proposed_levels = models.JSONField(_("proposed levels"), default=list, blank=True)
    rationale = models.TextField(_("why"))
    proposed_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    framework_version = models.ForeignKey(
        "FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.framework_id} {self.item_id}: {self.get_change_display()}"


class FrameworkVersion(models.Model):
    """A framework version the Board adopted: the previous version's file with the accepted
    changes applied, validated by the framework engine. Never edited once published."""

    framework_id = models.CharField(_("framework id"), max_length=40, unique=True)
    based_on = models.CharField(_("based on"), max_length=40)
    version = models.CharField(_("version"), max_length=200)
    document = models.TextField(_("framework file (YAML)"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("published_at",)

    def __str__(self) -> str:
        return self.framework_id


# -- working groups --------------------------------------------------------------------------------


class WorkingGroupStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class WorkingGroup(models.Model):
    """A working group of the Board, as data (shipped ones are synced from data/working-groups.yaml,
    like the Kubernetes community's sigs.yaml)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    mission = models.TextField(_("mission"))
    charter = models.TextField(_("charter"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WorkingGroupStatus.choices,
        default=WorkingGroupStatus.ACTIVE,
    )
    guidelines = models.JSONField(_("guidelines it serves"), default=list, blank=True)
    cpf_section = models.CharField(_("CPF section"), max_length=20, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    grants_role = models.CharField(
        _("role its members hold"),
        max_length=32,
        choices=GrantedRole.choices,
        blank=True,
        help_text=_("Joining grants this platform role; leaving revokes it."),
    )
    shipped = models.BooleanField(default=False)  # from the data file
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class WorkingGroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    LEAD = "lead", _("Technical lead")
    MEMBER = "member", _("Member")


class WorkingGroupMember(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="working_groups")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=8, choices=WorkingGroupRole.choices, default=WorkingGroupRole.MEMBER
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("group", "role", "joined_at")
        constraints = (
            models.UniqueConstraint(fields=("group", "user"), name="governance_one_membership"),
        )

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    motivation = models.TextField(_("why you want to join"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)
        constraints = (
            models.UniqueConstraint(
                fields=("group", "user"),
                condition=Q(status="pending"),
                name="governance_one_pending_join_request",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.group}"


class WorkingGroupMeeting(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("-starts_at",)
        constraints = (
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="governance_wg_meeting_ends_after",
            ),
        )

    def __str__(self) -> str:
        return self.title


class OutputKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    DECISION = "decision", _("Decision")
    REPORT = "report", _("Report to the Board")
    TOOL = "tool", _("Tool or template")


class WorkingGroupOutput(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=10, choices=OutputKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    guidelines = models.JSONField(_("guidelines it serves"), default=list, blank=True)
    published_on = models.DateField(_("published"), default=timezone.localdate)
    added_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("-published_on", "pk")

    def __str__(self) -> str:
        return self.title


# -- experts (4.1.3, G10) --------------------------------------------------------------------------


class ExpertStatus(models.TextChoices):
    APPLIED = "applied", _("Application under review")
    VETTED = "vetted", _("Vetted")
    DECLINED = "declined", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Expert(models.Model):
    """An international expert on the roster: the OSEE competencies they offer, their languages,
    availability and declaration of interests, vetted by the Board."""

    user = models.OneToOneField(_USER, on_delete=models.CASCADE, related_name="expert_profile")
    display_name = models.CharField(_("name shown"), max_length=200)
    headline = models.CharField(_("headline"), max_length=200)
    bio = models.TextField(_("background"))
    competencies = models.JSONField(_("areas (OSEE competencies)"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    availability = models.CharField(_("availability"), max_length=300)
    days_per_month = models.PositiveSmallIntegerField(
        _("days a month available"), null=True, blank=True
    )
    interests = models.TextField(
        _("declaration of interests"),
        help_text=_("Employers, clients, boards, funding and shareholdings of the last 3 years."),
    )
    organisations = models.JSONField(
        _("organisations in the declaration"), default=list, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExpertStatus.choices, default=ExpertStatus.APPLIED
    )
    vetted_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vetted_at = models.DateTimeField(null=True, blank=True)
    vetting_notes = models.TextField(_("vetting notes"), blank=True)
    applied_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("display_name",)

    def __str__(self) -> str:
        return self.display_name


class ConsultationKind(models.TextChoices):
    ADVICE = "advice", _("Advice")
    REVIEW_OPINION = "review_opinion", _("Opinion on a project review")


class ConsultationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsultationRequest(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="consultations")
    kind = models.CharField(_("kind"), max_length=16, choices=ConsultationKind.choices)
    requested_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        "catalog.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_consultations",
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    conflicts = models.JSONField(_("conflicts of interest found"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.SENT,
    )
    response = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.subject


# -- partnerships and joint projects (Unite Open Source) -------------------------------------------


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    COMPANY = "company", _("Company")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    OTHER = "other", _("Other")


class PartnershipTopic(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership")
    OPEN_SOURCE_A_TOOL = "open_source_a_tool", _("Open source a proprietary tool through the UN")


class PartnershipStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class PartnershipRequest(models.Model):
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("request"), max_length=20, choices=PartnershipTopic.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=PartnerKind.choices
    )
    country = models.CharField(_("country"), max_length=2, blank=True)  # ISO 3166-1 alpha-2
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    summary = models.TextField(_("what you propose"))
    tool_name = models.CharField(_("name of the tool"), max_length=200, blank=True)
    tool_license_intent = models.CharField(_("license intended"), max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.RECEIVED,
    )
    matched_entities = models.ManyToManyField(
        Entity, verbose_name=_("entities interested"), blank=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public = models.BooleanField(_("listed publicly once accepted"), default=False)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_topic_display()}"


class ProjectPartnerRole(models.TextChoices):
    CO_LEAD = "co_lead", _("Co-leads")
    REUSE = "reuse", _("Reuses")


class ProjectPartner(models.Model):
    """Another entity that co-leads or reuses a catalog project (CPF SC5). A co-lead is confirmed
    by both entities; a reuse is declared by the reusing entity."""

    project = models.ForeignKey(
        "catalog.Project", on_delete=models.CASCADE, related_name="partners"
    )
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="project_partners")
    role = models.CharField(_("role"), max_length=8, choices=ProjectPartnerRole.choices)
    note = models.CharField(_("how"), max_length=300, blank=True)
    declared_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("project", "role", "entity__acronym")
        constraints = (
            models.UniqueConstraint(
                fields=("project", "entity", "role"), name="governance_one_partner_role"
            ),
        )

    def __str__(self) -> str:
        return f"{self.entity.acronym} {self.role} {self.project}"
