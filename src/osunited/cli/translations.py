"""`osu translations`: keep the gettext catalogues of the five other UN languages in step with
the code (update), compile them (compile) and list what a translator must look at (check)."""

from __future__ import annotations

import sys

import click

from osunited.cli.django_setup import setup_django

EXIT_PROBLEMS = 1  # some entries are untranslated, fuzzy or have the wrong placeholders


@click.group()
def translations() -> None:
    """The platform's translations (Arabic, Chinese, French, Russian, Spanish)."""


@translations.command()
def update() -> None:
    """Extract every string marked for translation into each catalogue (GNU gettext's xgettext
    must be installed), keeping what is translated, then compile the catalogues."""
    setup_django()
    from osunited.platform.translations import update_catalogues

    update_catalogues()
    click.echo("Catalogues updated and compiled.")


@translations.command(name="compile")
def compile_() -> None:
    """Compile each catalogue (.po) into the file the platform reads (.mo)."""
    from osunited.platform.translations import compile_catalogues

    for path in compile_catalogues():
        click.echo(f"Wrote {path}")


@translations.command()
def check() -> None:
    """List every untranslated or fuzzy entry, and every translation whose placeholders differ
    from the English. Exits 1 when there is one."""
    from osunited.platform.translations import TRANSLATED_LANGUAGES, catalogue_problems

    count = 0
    for language in TRANSLATED_LANGUAGES:
        for problem in catalogue_problems(language):
            click.echo(f"{language}: {problem.msgid!r}: {problem.what}")
            count += 1
    click.echo(f"{count} problems.")
    if count:
        sys.exit(EXIT_PROBLEMS)
