"""`osu license`: licenses as data, the compatibility of licenses and the use-case chooser
(CPF 4.2), from the licenses engine, with no platform needed. Each sub-command is a module of
its own (`license_check.py`, `license_choose.py`), added here."""

from __future__ import annotations

import click

from osunited.cli.license_check import check, show
from osunited.cli.license_choose import choose


@click.group(name="license")
def license_group() -> None:
    """Licenses: their compatibility and which one to choose (CPF 4.2)."""


license_group.add_command(check)
license_group.add_command(show)
license_group.add_command(choose)
