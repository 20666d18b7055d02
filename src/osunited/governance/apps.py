from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "osunited.governance"
    label = "governance"
    verbose_name = _("OSSIB governance")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from osunited.governance.shipped import sync_shipped_groups

        post_migrate.connect(sync_shipped_groups, sender=self)
