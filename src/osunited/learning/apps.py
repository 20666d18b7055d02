from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "osunited.learning"
    label = "learning"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from osunited.learning.receivers import sync_shipped_catalogue

        post_migrate.connect(sync_shipped_catalogue, sender=self)
