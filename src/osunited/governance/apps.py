from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "osunited.governance"
    label = "governance"
    verbose_name = _("OSSIB governance")

    def ready(self) -> None:
        # The framework versions the Board adopted are frameworks like the shipped ones: listed
        # by available_frameworks(), loaded by load_framework(), assessed and carried forward to.
        from osunited.framework import register_framework_source
        from osunited.governance.selectors.reviews import adopted_versions

        register_framework_source(adopted_versions)

        from django.db.models.signals import post_migrate

        from osunited.governance.shipped import sync_shipped_groups

        post_migrate.connect(sync_shipped_groups, sender=self)
