from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    name = "osunited.platform"
    label = "platform"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from osunited.platform.caching import watch_public_models

        watch_public_models()
