"""`osu publiccode`: validate a publiccode.yml, or draft one for a project directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from osunited.scanner.publiccode import PublicCodeFacts

if TYPE_CHECKING:
    from osunited.scanner.publiccode import PublicCodeProblem, PublicCodeValidation

EXIT_INVALID = 1
EXIT_UNUSABLE = 2


@click.group()
def publiccode() -> None:
    """Validate or draft publiccode.yml files (https://yml.publiccode.tools)."""


@publiccode.command()
@click.argument("file", type=click.Path(path_type=Path))
def validate(file: Path) -> None:
    """Check FILE against the publiccode.yml standard.

    Prints one line per problem (FILE:LINE:COLUMN: error|warning: key: message) and a verdict.
    Exits 0 when the file is valid, 1 when it has errors, 2 when it cannot be read.
    """
    # The scanner is imported here, not at the top, so that every other `osu` command starts fast.
    from osunited.scanner.publiccode import files_in_directory, validate_publiccode

    result = validate_publiccode(_read_text(file), files=files_in_directory(file.parent))
    for problem in result.problems:
        click.echo(_format_problem(file, problem))
    click.echo(_verdict(file, result))
    if not result.valid:
        raise SystemExit(EXIT_INVALID)


def _read_text(file: Path) -> str:
    from osunited.scanner.publiccode import MAX_BYTES

    try:
        with file.open("rb") as stream:
            # One byte more than allowed is enough for the validator to report the size.
            data = stream.read(MAX_BYTES + 1)
    except IsADirectoryError:
        _fail(f"{file} is a directory, not a publiccode.yml file.")
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}.")
    if len(data) > MAX_BYTES:
        return data.decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(f"{file} is not UTF-8 text (byte {exc.start + 1}); publiccode.yml must be UTF-8.")


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(EXIT_UNUSABLE)


def _format_problem(file: Path, problem: PublicCodeProblem) -> str:
    where = f"{file}:{problem.line}:{problem.column}" if problem.line is not None else f"{file}"
    key = f"{problem.key}: " if problem.key else ""
    return f"{where}: {problem.severity}: {key}{problem.message}"


def _verdict(file: Path, result: PublicCodeValidation) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if result.valid:
        return f"{file}: valid publiccode.yml {result.version} ({counts})."
    return f"{file}: invalid publiccode.yml ({counts})."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@publiccode.command()
@click.argument(
    "directory",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the draft (default: DIRECTORY/publiccode.yml).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(directory: Path, output: Path | None, force: bool) -> None:
    """Draft a publiccode.yml for the project in DIRECTORY (default: the current one).

    Fills in what a scan of the repository tells (name, URL, license, latest release,
    maintainers, documentation languages) and marks everything else with TODO comments.
    """
    from osunited.scanner.publiccode import draft_publiccode

    target = output or directory / "publiccode.yml"
    if (target.exists() or target.is_symlink()) and not force:
        _fail(f"{target} already exists; use --force to overwrite it.")
    draft = draft_publiccode(_facts(directory))
    try:
        if target.is_symlink():
            target.unlink()  # replace the link itself, never the file it points to
        target.write_text(draft, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror or exc}.")
    click.echo(f"Wrote {target}.")
    click.echo("Review the TODO comments in it, then check it with:")
    click.echo(f"  osu publiccode validate {target}")


def _facts(directory: Path) -> PublicCodeFacts:
    """Static facts, completed by a scan when one can be made."""
    from osunited.scanner import ScanError, scan
    from osunited.scanner.publiccode import facts_from_directory, facts_with_scan

    facts = facts_from_directory(directory)
    try:
        report = scan(directory, only={"license.project", "health.releases", "docs.languages"})
    except ScanError as exc:
        click.echo(f"The scan failed ({exc}); drafting from a quick look only.", err=True)
        return facts
    return facts_with_scan(facts, report)
