"""An entity's stage readiness self-assessments (CPF 3.5) and their answers, item by item.

The framework itself is data in `osunited.framework`; an assessment names it by id and stores
answers by the framework's own item ids (G1, P2.4), so an assessment can move to a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from osunited.entities.models import Entity


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private")
    PUBLISHED = "published", _("Published")


class RatingChoice(models.TextChoices):
    FULL = "full", _("Full alignment")
    PARTIAL = "partial", _("Partial alignment")
    MINIMAL = "minimal", _("Minimal alignment")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Assessment(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="assessments")
    framework_id = models.CharField(_("framework"), max_length=40)
    status = models.CharField(
        max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
        help_text=_("A private assessment never appears in public pages or aggregates."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    # The result at submission (osunited.framework.Result.as_dict()), for history and dashboards.
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("entity", "status", "visibility")),)

    def __str__(self) -> str:
        return f"{self.entity.acronym} {self.framework_id} #{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(max_length=20)
    rating = models.CharField(_("rating"), max_length=16, choices=RatingChoice.choices)
    justification = models.TextField(_("justification (for not applicable)"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    links = models.JSONField(_("evidence links"), default=list, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("pk",)
        constraints = (
            models.UniqueConstraint(
                fields=("assessment", "item_id"), name="assessment_answer_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(rating="not_applicable", justification=""),
                name="assessment_na_justified",
            ),
        )

    def __str__(self) -> str:
        return f"{self.item_id}: {self.rating}"


class EvidenceFile(models.Model):
    """A file attached as evidence to one answer; served only to those who may see it."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="assessments/evidence/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
