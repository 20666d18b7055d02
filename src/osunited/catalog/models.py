"""Catalog projects (CPF 4.3.2), their repositories, focal points and workflow history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from osunited.catalog.workflow import ProjectStatus
from osunited.entities.models import Entity, WebsiteField


class DevelopmentStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    DEVELOPMENT = "development", _("Development")
    BETA = "beta", _("Beta")
    STABLE = "stable", _("Stable")
    OBSOLETE = "obsolete", _("Obsolete")


class Hosting(models.TextChoices):
    EXTERNAL = "external", _("External public repository")
    INTERNAL = "internal", _("Internal (source uploaded as an archive)")


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
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

    class Meta:
        ordering = ("name",)
        indexes = (models.Index(fields=("status", "entity")),)

    def __str__(self) -> str:
        return self.name


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
