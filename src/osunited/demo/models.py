from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """Marks a named part of the demo data as loaded, so that it is loaded once only."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)

    class Meta:
        verbose_name = _("demo dataset")
        verbose_name_plural = _("demo datasets")

    def __str__(self) -> str:
        return self.name
