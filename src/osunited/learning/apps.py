from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "osunited.learning"
    label = "learning"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed
        from django.db.models.signals import post_migrate

        from osunited.learning.receivers import claim_imported_attendance, sync_shipped_catalogue

        post_migrate.connect(sync_shipped_catalogue, sender=self)
        email_confirmed.connect(claim_imported_attendance, dispatch_uid="learning-claim-attendance")
