import os

import django


def setup_django(**environment_defaults: str) -> None:
    """Configure Django once; environment defaults apply only where the operator set nothing."""
    for name, value in environment_defaults.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osunited.platform.settings")
    django.setup()
