from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "osunited.policies"
    label = "policies"
    verbose_name = _("Policy library")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from osunited.policies.receivers import load_shipped_policies

        post_migrate.connect(load_shipped_policies, sender=self)
