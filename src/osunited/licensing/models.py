"""Licensing guidance (CPF 4.2): legal notes on licenses, the recommended packages as versioned
policy data, each entity's legal review of each license with its history, the requirements
survey, and office hours with the questions asked from license findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.catalog.models import Project, Scan
from osunited.entities.models import Entity

_USER = settings.AUTH_USER_MODEL


class NoteKind(models.TextChoices):
    PRIVILEGES_AND_IMMUNITIES = "privileges_immunities", _("Privileges and immunities")
    INDEMNITY = "indemnity", _("Indemnity")
    OTHER = "other", _("Other legal note")


class LicenseNote(models.Model):
    """What a legal team wrote about a license (CPF 4.2.3), shown on the license's page."""

    license_id = models.CharField(_("license"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=NoteKind.choices)
    text = models.TextField(_("note"))
    entity = models.ForeignKey(
        Entity, verbose_name=_("legal team of"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("license_id", "kind", "-created_at")

    def __str__(self) -> str:
        return f"{self.license_id}: {self.get_kind_display()}"


class LicensePackage(models.Model):
    """A package of recommended licenses ("permissive", "copyleft for services", ...)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    purpose = models.TextField(_("what it is for"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class PackageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class PackageVersion(models.Model):
    """One version of a package: drafted by licensing-group members, then published; the
    published version is the one the scanner's policy reads. Published versions never change."""

    package = models.ForeignKey(LicensePackage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=16, choices=PackageStatus.choices, default="draft")
    changes = models.TextField(_("what changed and why"), blank=True)
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("package", "-number")
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="package_version_unique"),
            models.UniqueConstraint(
                fields=["package"],
                condition=Q(status="published"),
                name="package_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["package"],
                condition=Q(status="draft"),
                name="package_one_draft_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package} v{self.number}"


class PackageLicense(models.Model):
    version = models.ForeignKey(PackageVersion, on_delete=models.CASCADE, related_name="entries")
    license_id = models.CharField(_("license"), max_length=100)
    rationale = models.TextField(_("why it is recommended"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("version", "position", "license_id")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "license_id"], name="package_license_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.license_id


class ReviewStatus(models.TextChoices):
    NOT_REVIEWED = "not_reviewed", _("Not reviewed")
    IN_REVIEW = "in_review", _("In review")
    CLEARED = "cleared", _("Cleared")
    CLEARED_WITH_CONDITIONS = "cleared_with_conditions", _("Cleared with conditions")
    NOT_CLEARED = "not_cleared", _("Not cleared")


class LegalReview(models.Model):
    """An entity's legal review of one license (CPF 4.2.3): until the UN legal teams review the
    packages, each entity clears licenses with its own legal team. Every change is kept in
    LegalReviewChange."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="legal_reviews")
    license_id = models.CharField(_("license"), max_length=100)
    status = models.CharField(
        _("status"), max_length=32, choices=ReviewStatus.choices, default="not_reviewed"
    )
    conditions = models.TextField(_("conditions"), blank=True)
    reviewed_on = models.DateField(_("date of the decision"), null=True, blank=True)
    reviewer_entity = models.ForeignKey(
        Entity,
        verbose_name=_("reviewed by the legal team of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("entity", "license_id")
        constraints = [
            models.UniqueConstraint(fields=["entity", "license_id"], name="legal_review_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entity}: {self.license_id}"


class LegalReviewChange(models.Model):
    """The history of a legal review: one row per change, never edited."""

    review = models.ForeignKey(LegalReview, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=32, choices=ReviewStatus.choices)
    conditions = models.TextField(blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    reviewer_entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("review", "-changed_at", "-pk")

    def __str__(self) -> str:
        return f"{self.review}: {self.status}"


class LicensingPreferences(models.Model):
    """An entity's choices: whether its legal reviews are shown publicly."""

    entity = models.OneToOneField(
        Entity, on_delete=models.CASCADE, related_name="licensing_preferences"
    )
    reviews_public = models.BooleanField(_("show our legal reviews publicly"), default=False)

    def __str__(self) -> str:
        return str(self.entity)


class SurveyRound(models.Model):
    """One round of the requirements survey (CPF 4.2.1); the questions are data in the code
    (licensing/survey.py), named by `questions_version`."""

    title = models.CharField(_("title"), max_length=160)
    questions_version = models.CharField(max_length=20)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-opens_on",)

    def __str__(self) -> str:
        return self.title


class SurveyResponse(models.Model):
    """An entity's answers to a round, by question id."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="survey_responses")
    answers = models.JSONField(default=dict)
    submitted_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)  # None while a draft
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "entity"], name="survey_response_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.entity}"


class OfficeHoursSession(models.Model):
    """Virtual office hours with licensing experts (CPF 4.2.2)."""

    title = models.CharField(_("title"), max_length=160)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    experts = models.CharField(_("licensing experts"), max_length=300)
    joining_url = models.URLField(_("where to join"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("questions it can take"), default=10)
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return self.title


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled for office hours")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LicensingQuestion(models.Model):
    """A question a focal point asks from a license finding of a scan; the answer is kept with
    the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="license_questions")
    scan = models.ForeignKey(
        Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finding_check = models.CharField(max_length=80, blank=True)  # license.policy, deps.licenses...
    finding_rule = models.CharField(max_length=80, blank=True)
    finding_title = models.CharField(max_length=500, blank=True)
    finding_location = models.CharField(max_length=500, blank=True)
    question = models.TextField(_("question"))
    status = models.CharField(max_length=16, choices=QuestionStatus.choices, default="open")
    session = models.ForeignKey(
        OfficeHoursSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    asked_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-asked_at",)

    def __str__(self) -> str:
        return f"{self.project}: {self.finding_title or self.question[:60]}"
