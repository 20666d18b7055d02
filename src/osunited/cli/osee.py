"""`osu osee`: the OSEE framework as data: list it, check a data file, export it as CASE 1.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import click

EXIT_INVALID = 1
EXIT_UNUSABLE = 2


@click.group()
def osee() -> None:
    """The Open Source Ecosystem Enabler (OSEE) framework shipped with the platform."""


@osee.command()
def modules() -> None:
    """List the categories and their modules, with their counts of competencies."""
    from osunited.osee import load_osee

    framework = load_osee()
    click.echo(f"{framework.title} ({framework.version})")
    for category in framework.categories:
        state = "" if category.complete else " (to be completed in the draft)"
        click.echo(f"\n{category.title}{state}")
        for module_id in category.module_ids:
            module = framework.module(module_id)
            click.echo(f"  {module.id}: {module.title}, {len(module.competencies)} competencies")


@osee.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--alignments",
    type=click.Path(path_type=Path),
    help="A CPF alignment file to check with it.",
)
def check(file: Path, alignments: Path | None) -> None:
    """Check an OSEE data FILE (and an alignment file) as the platform loads them.

    Exits 0 when they load, 1 when they break a rule (each named), 2 when they cannot be read."""
    from osunited.osee import OseeError, parse_osee

    try:
        framework = parse_osee(
            _read(file),
            alignments=None if alignments is None else _read(alignments),
            source=str(file),
        )
    except OseeError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(EXIT_INVALID) from exc
    click.echo(
        f"{file}: {len(framework.modules)} modules, {len(framework.competencies())} "
        f"competencies, {len(framework.alignments)} CPF guidelines aligned."
    )


@osee.command()
@click.option(
    "--base-uri",
    required=True,
    help="The address of the framework's index page, e.g. https://platform.example/learning/osee/",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file.")
def case(base_uri: str, output: Path | None) -> None:
    """Export the framework as a 1EdTech CASE 1.1 package (JSON)."""
    from osunited.framework import load_framework
    from osunited.osee import case_package, load_osee

    if not base_uri.startswith(("https://", "http://")):
        _fail(f"--base-uri must be an http(s) address, not {base_uri!r}.")
    titles = {item.id: item.text for item in load_framework("cpf-rc1").items}
    package = case_package(load_osee(), base_uri, guideline_titles=titles)
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, "utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}.")
    click.echo(f"{output}: {len(package['CFItems'])} items.")


def _read(file: Path) -> str:
    try:
        return file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {file}: {exc}.")


def _fail(message: str) -> NoReturn:
    click.echo(f"osu osee: {message}", err=True)
    raise SystemExit(EXIT_UNUSABLE)
