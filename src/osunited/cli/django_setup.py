import os

import click
import django
from django.core.exceptions import ImproperlyConfigured


class SettingsError(click.ClickException):
    exit_code = 2  # as for a usage error: the operator must change something


def setup_django(**environment_defaults: str) -> None:
    """Configure Django once; environment defaults apply only where the operator set nothing.

    A bad setting stops the command with its one-line message, not a traceback through Django.
    """
    for name, value in environment_defaults.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osunited.platform.settings")
    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise SettingsError(f"the settings are not valid: {error}") from None
