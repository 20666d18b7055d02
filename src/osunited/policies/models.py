"""The open-source-first policy library (DPGA call, seed 002): policies of governments,
international organisations and UN entities as data, with the CPF items their clauses cover, and
the endorsements of the UN Open Source Principles.

The CSIS dataset's coding is kept field for field (`csis_row` holds the row as imported), so a
record exports back to the same CSV row."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.entities.models import Entity

_USER = settings.AUTH_USER_MODEL


class IssuerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    UN_ENTITY = "un_entity", _("UN entity")


class Region(models.TextChoices):
    """The CSIS dataset's regions, and "global" for organisations with no one region."""

    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia")
    CENTRAL_AMERICA_CARIBBEAN = "central_america_caribbean", _("Central America and the Caribbean")
    EUROPE = "europe", _("Europe")
    MIDDLE_EAST = "middle_east", _("Middle East")
    NORTH_AMERICA = "north_america", _("North America")
    OCEANIA = "oceania", _("Oceania")
    SOUTH_AMERICA = "south_america", _("South America")
    GLOBAL = "global", _("Global")


class IssuingArea(models.TextChoices):
    LEGISLATIVE = "legislative", _("Legislative")
    EXECUTIVE = "executive", _("Executive")
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")
    ARMED_FORCES = "armed_forces", _("Armed Forces")
    GOVERNING_BODY = "governing_body", _("Governing body")
    SECRETARIAT = "secretariat", _("Secretariat or management")


class PolicyType(models.TextChoices):
    BILL = "bill", _("Bill")
    DIRECTIVE = "directive", _("Directives & Regulation")
    STRATEGY = "strategy", _("Strategy")
    SUPPORT = "support", _("Support")
    OTHER = "other", _("Other")


class PolicyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REPLACED = "replaced", _("Replaced")
    FAILED = "failed", _("Failed")


class Objective(models.TextChoices):
    """The CSIS dataset's stated objectives."""

    COST = "cost", _("Cost")
    SOVEREIGNTY = "sovereignty", _("Sovereignty")
    NATIONAL_INDUSTRY = "national_industry", _("Support for national industry")
    MODERNIZATION = "modernization", _("Modernization")
    TRANSPARENCY = "transparency", _("Transparency")
    SECURITY = "security", _("Security")


class Action(models.TextChoices):
    """The CSIS dataset's actions."""

    PROCUREMENT_MANDATORY = "procurement_mandatory", _("Procurement - mandatory")
    PROCUREMENT_ADVISORY = "procurement_advisory", _("Procurement - advisory")
    RESEARCH = "research", _("R&D")
    HOW_TO_USE = "how_to_use", _("How to Use")
    TRAINING = "training", _("Training")
    REPOSITORY = "repository", _("Repository")
    TECH_NEUTRALITY = "tech_neutrality", _("Tech Neutrality")
    COOPERATION = "cooperation", _("Cooperation")


class Term(models.TextChoices):
    OSS = "oss", _("OSS")
    FLOSS = "floss", _("FLOSS / FOSS")
    BOTH = "both", _("Both")
    PUBLIC_SOFTWARE = "public_software", _("Public Software")


class Origin(models.TextChoices):
    CSIS_2022 = "csis-2022-12", _("CSIS Government Open Source Software Policies, December 2022")
    PLATFORM = "platform", _("Published on the platform")


class Policy(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=200)  # "Argentina", "European Commission"
    issuer_kind = models.CharField(_("kind of issuer"), max_length=30, choices=IssuerKind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)  # ISO 3166-1 alpha-2
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("UN entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    issuing_area = models.CharField(
        _("issuing area"), max_length=20, choices=IssuingArea.choices, blank=True
    )
    policy_type = models.CharField(_("type"), max_length=12, choices=PolicyType.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)  # when known to the day
    oss_specific = models.BooleanField(_("specific to open source"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=Action.choices, blank=True)
    term = models.CharField(_("term used"), max_length=16, choices=Term.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PolicyStatus.choices)
    summary = models.TextField(_("summary"), blank=True)
    objectives_text = models.TextField(_("stated objectives, in its words"), blank=True)
    notes = models.TextField(_("notes on the record"), blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    csis_row = models.JSONField(default=dict, blank=True)  # the dataset's row, as imported
    csis_line = models.PositiveIntegerField(null=True, blank=True)  # its line in the CSV
    published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("policies")
        ordering = ("issuer", "-year", "title")
        indexes = (
            models.Index(fields=("region", "status")),
            models.Index(fields=("policy_type",)),
            models.Index(fields=("action",)),
            models.Index(fields=("year",)),
        )
        constraints = (
            models.CheckConstraint(
                condition=~Q(issuer_kind="un_entity") | Q(entity__isnull=False),
                name="policies_un_entity_policy_names_entity",
            ),
        )

    def __str__(self) -> str:
        return self.title


class PolicyObjective(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="objectives")
    objective = models.CharField(max_length=20, choices=Objective.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("policy", "objective"), name="policies_objective_once"),
        )
        indexes = (models.Index(fields=("objective", "policy")),)

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.objective}"


class PolicySource(models.Model):
    """A source document: a link, or a citation where the record gives no link."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(default=0)
    citation = models.TextField(_("source"))
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        ordering = ("policy", "position")

    def __str__(self) -> str:
        return self.url or self.citation[:80]


class PolicyClause(models.Model):
    """A clause of the policy and the CPF statements and guidelines it covers."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField(default=0)
    reference = models.CharField(_("article or section"), max_length=100, blank=True)
    text = models.TextField(_("clause"))
    framework_id = models.CharField(_("framework"), max_length=40, default="cpf-rc1")
    items = models.JSONField(_("CPF items covered"), default=list)  # ["G2", "P1.1"]

    class Meta:
        ordering = ("policy", "position")

    def __str__(self) -> str:
        return self.reference or self.text[:80]


class PolicyVersion(models.Model):
    """What a policy said at each published change (the fields as a snapshot)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("policy", "-number")
        constraints = (
            models.UniqueConstraint(fields=("policy", "number"), name="policies_version_number"),
        )

    def __str__(self) -> str:
        return f"{self.policy_id} v{self.number}"


class LessonLearned(models.Model):
    """What someone who implemented the policy learned."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="lessons")
    author = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("your part in implementing it"), max_length=200)
    text = models.TextField(_("what we learned"))
    hidden_at = models.DateTimeField(null=True, blank=True)  # moderation
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Lesson on {self.policy_id}"


class Endorsement(models.Model):
    """An organisation's endorsement of the UN Open Source Principles."""

    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=IssuerKind.choices
    )
    entity = models.OneToOneField(
        Entity,
        verbose_name=_("UN entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="endorsement",
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    endorsed_on = models.DateField(_("endorsed on"))
    statement_url = models.URLField(_("statement"), max_length=500, blank=True)
    policies = models.ManyToManyField(
        Policy, verbose_name=_("its policies"), blank=True, related_name="endorsements"
    )
    recorded_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-endorsed_on", "organisation")
        constraints = (
            models.UniqueConstraint(
                fields=("organisation",), name="policies_one_endorsement_per_organisation"
            ),
        )

    def __str__(self) -> str:
        return self.organisation
