"""`osu translations`: keep the gettext catalogues of the five other UN languages in step with
the code (update), compile them (compile) and list what a translator must look at (check); send
the data files' untranslated texts to translators and take their work back (data-export,
data-import)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from osunited.cli.django_setup import setup_django
from osunited.texts import OTHER_UN_LANGUAGES

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
    from the English; then each data file's untranslated texts and its sidecars' problems (a
    file or an entry that cannot be read, a stale key). Exits 1 when there is one."""
    from osunited.platform.translations import catalogue_problems

    count = 0
    for language in OTHER_UN_LANGUAGES:
        for problem in catalogue_problems(language):
            click.echo(f"{language}: {problem.msgid!r}: {problem.what}")
            count += 1
    count += _check_data_texts(list(OTHER_UN_LANGUAGES))
    click.echo(f"{count} problems.")
    if count:
        sys.exit(EXIT_PROBLEMS)


def _check_data_texts(languages: list[str]) -> int:
    setup_django()
    from osunited.platform.datatexts import shipped_data_texts

    count = 0
    for language in languages:
        untranslated = 0
        for data in shipped_data_texts():
            for problem in data.problems(language):
                click.echo(f"{language}: {problem}")
                count += 1
            for key, _english in data.untranslated(language):
                click.echo(f"{language}: {data.name}: {key}: not translated")
                untranslated += 1
        click.echo(f"{language}: {untranslated} data texts not translated.")
        count += untranslated
    return count


_LANGUAGE = click.argument("language", type=click.Choice(list(OTHER_UN_LANGUAGES)))
_DIRECTORY = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))


@translations.command(name="data-export")
@_LANGUAGE
@_DIRECTORY
def data_export(language: str, directory: Path) -> None:
    """Write the data texts LANGUAGE shows in English to DIRECTORY/data-NN.json, for translators:
    lists of {"key", "msgid", "where", "note"}, at most 400 a file."""
    setup_django()
    from osunited.platform.datatexts import shipped_data_texts
    from osunited.texts import ExchangeError, export_untranslated

    try:
        written = export_untranslated(shipped_data_texts(), language, directory)
    except (ExchangeError, OSError) as error:
        raise click.ClickException(str(error)) from None
    entries = sum(len(json.loads(path.read_text(encoding="utf-8"))) for path in written)
    click.echo(f"{entries} texts to translate in {len(written)} files in {directory}.")


@translations.command(name="data-import")
@_LANGUAGE
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def data_import(language: str, directory: Path) -> None:
    """Read DIRECTORY/data-NN.out.json (lists of {"key", "msgstr"}, the keys of the export beside
    them) into LANGUAGE's sidecar files, as translations not yet reviewed."""
    setup_django()
    from osunited.platform.datatexts import shipped_data_texts
    from osunited.texts import ExchangeError, import_translations

    try:
        report = import_translations(shipped_data_texts(), language, directory)
    except (ExchangeError, OSError) as error:
        raise click.ClickException(str(error)) from None
    for skipped in report.skipped:
        click.echo(f"Skipped {skipped}")
    for path in report.files:
        click.echo(f"Wrote {path}")
    click.echo(f"{report.written} texts imported, not yet reviewed.")
