"""UN system organizations, the e-mail domains that identify their staff, and their OSSIB seat."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WebsiteField(models.URLField):  # type: ignore[type-arg]
    """A URL field whose forms assume https:// when the scheme is left out."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class EntityKind(models.TextChoices):
    SECRETARIAT_OFFICE = "secretariat_office", _("Secretariat office")
    FUND = "fund", _("Fund")
    PROGRAMME = "programme", _("Programme")
    SPECIALIZED_AGENCY = "specialized_agency", _("Specialized agency")
    RELATED_ORGANIZATION = "related_organization", _("Related organization")
    OTHER = "other", _("Other entity")


class OssibStatus(models.TextChoices):
    """Membership of the UN Open Source Strategic Implementation Board (CPF 4.1)."""

    NOT_MEMBER = "not_member", _("Not a member")
    PETITIONED = "petitioned", _("Petition to join under review")
    MEMBER = "member", _("Member")
    FORMER_MEMBER = "former_member", _("Former member")


class Entity(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=EntityKind.choices)
    website = WebsiteField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("open source liaison"),
        help_text=_("Main point of contact for open source in the entity (guideline G1)."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_of",
    )
    ossib_representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("OSSIB representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ossib_representative_of",
    )
    ossib_status = models.CharField(
        _("OSSIB membership"),
        max_length=20,
        choices=OssibStatus.choices,
        default=OssibStatus.NOT_MEMBER,
    )
    ossib_member_since = models.DateField(_("OSSIB member since"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ("acronym",)

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("entities:detail", kwargs={"slug": self.slug})

    @property
    def is_ossib_member(self) -> bool:
        return self.ossib_status == OssibStatus.MEMBER


class EmailDomain(models.Model):
    """A verified address at this domain makes its owner UN staff of the entity."""

    domain = models.CharField(_("domain"), max_length=253, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="email_domains")

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ("domain",)
        constraints = [
            models.CheckConstraint(condition=Q(domain=Lower("domain")), name="domain_lowercase"),
        ]

    def __str__(self) -> str:
        return self.domain
