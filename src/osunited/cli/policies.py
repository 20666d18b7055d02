"""`osu policies`: import the CSIS dataset of government open source policies (or a newer
edition) into the policy library, and export the library as CSIS rows."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osunited.cli.django_setup import setup_django

EXIT_ERRORS = 1  # some rows were not imported (each is listed)


@click.group()
def policies() -> None:
    """The open-source-first policy library."""


@policies.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(path: Path) -> None:
    """Import PATH, a CSV in the CSIS dataset's columns. Re-importing the same file changes
    nothing; a malformed row is reported with its line and the other rows are imported. Exits 1
    when a row was not imported."""
    setup_django()
    from osunited.policies.services.importing import csis_import, read_dataset

    try:
        text = read_dataset(path)
    except UnicodeDecodeError as problem:
        raise click.ClickException(f"{path} is not UTF-8 text: {problem}") from None
    report = csis_import(text=text, source=path.name, actor_label="osu policies import")
    for error in report.errors:
        click.echo(f"{path}:{error.line}: {error.message}", err=True)
    click.echo(
        f"{report.imported} policies imported from {path.name}: {report.created} new, "
        f"{report.updated} updated, {report.unchanged} unchanged; "
        f"{len(report.errors)} rows with errors."
    )
    if report.errors:
        sys.exit(EXIT_ERRORS)


@policies.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the CSV to this file instead of standard output.",
)
@click.option(
    "--all",
    "include_all",
    is_flag=True,
    help="Every published policy, not only the CSIS records.",
)
def export(output: Path | None, include_all: bool) -> None:
    """Export the library in the CSIS dataset's columns (CC BY 4.0 for the CSIS records: keep
    their attribution). A record nobody edited is exactly its imported row."""
    setup_django()
    from osunited.policies.csis import csis_row, write_csis
    from osunited.policies.models import Origin, Policy
    from osunited.policies.selectors.library import prefetched_for_export

    found = Policy.objects.filter(published=True)
    if not include_all:
        found = found.filter(origin=Origin.CSIS_2022)
    ordered = prefetched_for_export(found.order_by("csis_line", "issuer", "title"))
    text = write_csis(csis_row(policy) for policy in ordered)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
