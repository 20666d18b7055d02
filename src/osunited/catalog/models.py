"""Catalog projects (CPF 4.3.2), their repositories, focal points and workflow history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from osunited.accounts.types import Viewer
from osunited.catalog.workflow import ProjectStatus
from osunited.entities.models import Entity, WebsiteField
from osunited.scanner import stored_text


class DevelopmentStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    DEVELOPMENT = "development", _("Development")
    BETA = "beta", _("Beta")
    STABLE = "stable", _("Stable")
    OBSOLETE = "obsolete", _("Obsolete")


class Hosting(models.TextChoices):
    EXTERNAL = "external", _("External public repository")
    INTERNAL = "internal", _("Internal (source uploaded as an archive)")


class ScanHealth(models.TextChoices):
    """The catalog's one-word reading of a project's latest scan, a search facet."""

    GOOD = "good", _("Good")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    AT_RISK = "at_risk", _("At risk")
    UNMAINTAINED = "unmaintained", _("Unmaintained")
    NOT_SCANNED = "not_scanned", _("Not scanned yet")


# The facts of a project its focal points describe (registration, edits, the API, exports).
PROJECT_FACTS = (
    "name",
    "purpose",
    "description",
    "features",
    "development_status",
    "licenses",
    "website",
    "documentation_url",
    "topics",
    "languages",
    "dependencies",
    "hosting",
)


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The language of name, purpose and description; "" for one that is not a UN language.
    # Their other languages are ProjectTexts.
    language = models.CharField(
        _("language of its texts"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        blank=True,
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.PROTECT, related_name="projects"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    features = models.JSONField(_("functionality"), default=list, blank=True)
    development_status = models.CharField(
        _("development status"), max_length=16, choices=DevelopmentStatus.choices
    )
    licenses = models.CharField(_("license (SPDX expression)"), max_length=200, blank=True)
    website = WebsiteField(_("website"), blank=True)
    documentation_url = WebsiteField(_("documentation"), blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    languages = models.JSONField(_("programming languages"), default=list, blank=True)
    hosting = models.CharField(_("hosting"), max_length=16, choices=Hosting.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("focal points"), related_name="focal_point_of"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("last confirmed by a focal point"), null=True, blank=True)
    # When focal points were last reminded to confirm: one reminder per confirmation period.
    confirmation_reminded_at = models.DateTimeField(null=True, blank=True)
    dependencies = models.JSONField(_("main dependencies"), default=list, blank=True)
    # Internal hosting (CPF 4.3.4): the source, uploaded as an archive, is what gets scanned.
    source_archive = models.FileField(
        _("source archive"), upload_to="catalog/archives/", blank=True
    )
    # field name -> where a prefilled value came from ("publiccode.yml", "scan of <url>").
    prefill_sources = models.JSONField(default=dict, blank=True)
    # Denormalised from the latest successful scan: list facets without a join per row.
    latest_scan = models.ForeignKey(
        "Scan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scan_health = models.CharField(
        _("scan health"), max_length=16, choices=ScanHealth.choices, default=ScanHealth.NOT_SCANNED
    )
    # Known vulnerabilities over the latest succeeded scan of each source, together
    # (catalog.vulnerabilities.project_facts_of); {} until a scan succeeds.
    vulnerabilities = models.JSONField(default=dict, blank=True)
    review_round = models.PositiveSmallIntegerField(default=1)
    sunset_reason = models.TextField(_("sunset reason"), blank=True)
    sunset_deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)
        indexes = (
            models.Index(fields=("status", "entity")),
            models.Index(fields=("status", "scan_health")),
            models.Index(fields=("status", "status_changed_at")),
            # The facets' columns by id: a search checks many ids against them, and the rows
            # themselves are wide (descriptions, JSON lists).
            models.Index(fields=("id", "status", "entity"), name="catalog_project_facets"),
        )

    def __str__(self) -> str:
        return self.name

    def has_focal_point(self, user: Viewer) -> bool:
        """Whether `user` is one of the project's focal points; uses the focal points when a
        page fetched them already, one small query otherwise."""
        return bool(user.is_authenticated) and any(
            person.pk == user.pk for person in self.focal_points.all()
        )


class Repository(models.Model):
    """One of the project's repositories (a microservices project has several, CPF 4.3.7)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="repositories")
    url = models.URLField(_("repository URL"), max_length=500)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("project", "url"), name="catalog_repository_unique"),
        )

    def __str__(self) -> str:
        return self.url


class ProjectEvent(models.Model):
    """One workflow transition, with its comment: the project's public history (P7)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    to_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.project}: {self.action}"


class ProjectSdg(models.Model):
    """A Sustainable Development Goal the project serves, with a line of evidence."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sdgs")
    goal = models.PositiveSmallIntegerField(
        _("SDG"), validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    evidence = models.CharField(_("evidence"), max_length=300)

    class Meta:
        ordering = ("goal",)
        constraints = (
            models.UniqueConstraint(fields=("project", "goal"), name="catalog_sdg_unique"),
            models.CheckConstraint(
                condition=models.Q(goal__gte=1, goal__lte=17), name="catalog_sdg_range"
            ),
        )
        indexes = (models.Index(fields=("goal", "project")),)

    def __str__(self) -> str:
        return f"SDG {self.goal}"


class ProjectText(models.Model):
    """The project's name, purpose and description in another of the UN languages (its own
    fields hold them in `Project.language`). The search index holds every one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("project text in another language")
        verbose_name_plural = _("project texts in other languages")
        ordering = ("language",)
        constraints = (
            models.UniqueConstraint(
                fields=("project", "language"), name="catalog_projecttext_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.project_id} [{self.language}] {self.name}"


class ScanTrigger(models.TextChoices):
    SUBMISSION = "submission", _("On submission")
    APPROVAL = "approval", _("On approval")
    NIGHTLY = "nightly", _("Nightly")
    ON_DEMAND = "on_demand", _("On demand")
    PREFILL = "prefill", _("Registration prefill")


class ScanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Scan(models.Model):
    """One scan of one repository (or of the uploaded archive) of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scans")
    repository = models.ForeignKey(
        Repository, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    trigger = models.CharField(max_length=16, choices=ScanTrigger.choices)
    status = models.CharField(max_length=12, choices=ScanStatus.choices, default=ScanStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The lease (docs/catalog-scans.md#leases): the worker running the scan renews heartbeat_at;
    # a running scan whose heartbeat is older than OSU_SCAN_LEASE_SECONDS was lost with its
    # worker and is queued again, at most OSU_SCAN_LOST_REQUEUES times. While queued,
    # heartbeat_at is when the task was last sent.
    lease_owner = models.CharField(max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lost_attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    revision = models.CharField(max_length=64, blank=True)
    license_expression = models.CharField(max_length=300, blank=True)
    maintenance = models.CharField(max_length=24, blank=True)  # the health.unmaintained verdict
    health = models.CharField(
        max_length=16, choices=ScanHealth.choices, default=ScanHealth.NOT_SCANNED
    )
    scores = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)  # counts by severity, by pillar, totals
    # The measured figures the dashboards count (osunited.catalog.scanning.facts_of), kept small
    # so that monitoring never reads whole reports.
    facts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(null=True, blank=True)  # the scanner's JSON report, whole

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (
            models.Index(fields=("project", "-created_at")),
            models.Index(fields=("status", "heartbeat_at")),  # the sweep of expired leases
        )

    def __str__(self) -> str:
        return f"{self.project} scan {self.pk} ({self.status})"


class ScanFinding(models.Model):
    """A finding of a scan, flattened for search, counts and the diff between two scans."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="findings")
    check_id = models.CharField(max_length=64)
    rule_id = models.CharField(max_length=120)
    pillar = models.CharField(max_length=24)
    severity = models.CharField(max_length=8)
    message = models.TextField()
    remediation = models.TextField(blank=True)
    # The scanner's template and values of each (osunited.scanner.Text), to show it in the
    # reader's language; null for findings stored before they were kept (shown in English).
    message_text = models.JSONField(null=True, blank=True)
    remediation_text = models.JSONField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    line = models.PositiveIntegerField(null=True, blank=True)
    # Stable across scans (rule, path, message): what says a finding is new or fixed.
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ("pk",)
        indexes = (
            models.Index(fields=("scan", "severity")),
            # The new and fixed findings of a scan: which fingerprints the other scan has.
            models.Index(fields=("scan", "fingerprint")),
        )

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message[:60]}"

    @property
    def message_as_text(self) -> str:
        """The message as the scanner's Text when its template was kept, else the English."""
        return stored_text(self.message, self.message_text)

    @property
    def remediation_as_text(self) -> str:
        return stored_text(self.remediation, self.remediation_text)


class Review(models.Model):
    """A committee member's review: the checklist as they answered it and their decision."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REQUEST_CHANGES = "request_changes", _("Request changes")
        REJECT = "reject", _("Reject")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scan = models.ForeignKey(Scan, null=True, blank=True, on_delete=models.SET_NULL)
    decision = models.CharField(max_length=16, choices=Decision.choices)
    checklist = models.JSONField(default=dict)  # item id -> {"met": bool, "note": str}
    comment = models.TextField()
    # An approval given while a repository had no successful scan, and why (CPF 4.3.6).
    scan_override_reason = models.TextField(blank=True)
    # The review round: a resubmission starts a new one, earlier approvals no longer count.
    round = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.project}: {self.decision} by {self.reviewer}"


class Feedback(models.Model):
    """Public feedback on a published project (CPF 4.3.8): moderated, answered by focal points."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("feedback"), max_length=4000)
    moderation = models.CharField(
        max_length=12, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply = models.TextField(_("reply"), blank=True, max_length=4000)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("project", "moderation")),)

    def __str__(self) -> str:
        return f"Feedback on {self.project} by {self.author}"


class ConflictOfInterest(models.Model):
    """A committee member's declaration that they must not decide on a project (CPF 4.3.5)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ("created_at", "pk")
        constraints = (
            models.UniqueConstraint(fields=("project", "reviewer"), name="catalog_conflict_unique"),
        )

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.project}"


class CommitteeSettings(models.Model):
    """The Project Review Committee's settings, changed by platform admins in the platform
    (one row; without it, the environment's defaults apply)."""

    required_approvals = models.PositiveSmallIntegerField(
        _("approvals required"),
        choices=((1, "1"), (2, "2")),
        help_text=_("How many committee members of other entities must approve in a round."),
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("committee settings")
        verbose_name_plural = _("committee settings")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(pk=1), name="catalog_committee_settings_single_row"
            ),
            models.CheckConstraint(
                condition=models.Q(required_approvals__in=(1, 2)),
                name="catalog_committee_settings_approvals",
            ),
        )

    def __str__(self) -> str:
        return str(_("Committee settings"))


class ScanShowcase(models.Model):
    """What the project's card and page show of a scanned source beyond its findings, kept from
    the scan (checks docs.showcase and health.history) since the clone is gone after it: a
    capped copy of the README, the publiccode.yml's logo, and figures of the git history. Kept
    for the latest successful scan of each source only."""

    scan = models.OneToOneField(
        Scan, on_delete=models.CASCADE, primary_key=True, related_name="showcase"
    )
    readme_path = models.CharField(max_length=500, blank=True)
    readme_format = models.CharField(max_length=12, blank=True)  # markdown, or text
    readme = models.TextField(blank=True)
    readme_truncated = models.BooleanField(default=False)
    logo = models.BinaryField(blank=True, default=b"")
    logo_media_type = models.CharField(max_length=20, blank=True)  # image/png, image/svg+xml
    logo_sha256 = models.CharField(max_length=64, blank=True)
    last_commit = models.DateTimeField(null=True, blank=True)
    # health.history's data: commits by month, releases, contributors; {} when not measured.
    history = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Showcase of scan {self.scan_id}"
