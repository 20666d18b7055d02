"""The `osu` command. Each sub-command lives in its own module and only parses options."""

import click

from osunited import __version__
from osunited.cli.assess import assess
from osunited.cli.beat import beat
from osunited.cli.forge import forge
from osunited.cli.license import license_group
from osunited.cli.manage import manage
from osunited.cli.osee import osee
from osunited.cli.policies import policies
from osunited.cli.publiccode import publiccode
from osunited.cli.run import run
from osunited.cli.scan import scan
from osunited.cli.serve import serve
from osunited.cli.translations import translations
from osunited.cli.vulndb import vulndb
from osunited.cli.worker import worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="osu")
def main() -> None:
    """Open Source United Platform."""


main.add_command(run)
main.add_command(assess)
main.add_command(serve)
main.add_command(worker)
main.add_command(beat)
main.add_command(manage)
main.add_command(publiccode)
main.add_command(scan)
main.add_command(vulndb)
main.add_command(forge)
main.add_command(license_group)
main.add_command(osee)
main.add_command(policies)
main.add_command(translations)
