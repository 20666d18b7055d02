"""`osu forge audit`: a GitLab group or GitHub organisation audited against CH1-CH12, read-only."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NoReturn

import click

from osunited.forges.adapters import ForgeConnection, ForgeError, adapter_for

if TYPE_CHECKING:
    from osunited.forges.audit import NamespaceAudit, RepositoryAudit

EXIT_NOT_MET = 1
EXIT_UNUSABLE = 2
OUTCOME_LABELS = {"met": "met", "not_met": "NOT MET", "not_observable": "not observable"}


@click.group()
def forge() -> None:
    """Work with the code hosting forges (GitLab groups, GitHub organisations)."""


@forge.command()
@click.option("--kind", type=click.Choice(["gitlab", "github"]), required=True)
@click.option("--url", required=True, help="The forge's API root, e.g. https://gitlab.example.org.")
@click.option("--namespace", required=True, help="The group's full path or the organisation.")
@click.option(
    "--token-env",
    default="OSU_FORGE_TOKEN",
    show_default=True,
    metavar="VAR",
    help="The environment variable holding the token (a token is never an option's value).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--fail-on",
    type=click.Choice(["not-met", "never"]),
    default="not-met",
    show_default=True,
    help="Exit 1 when a guideline is not met, or never.",
)
@click.option("--hosting-team", multiple=True, metavar="USER", help="May be Owner (repeatable).")
@click.option("--un-staff", multiple=True, metavar="USER", help="May be Maintainer (repeatable).")
@click.option("--external", multiple=True, metavar="USER", help="A non-UN user (repeatable).")
@click.option("--lead", multiple=True, metavar="USER", help="A designated project lead (CH10).")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Accepted for clarity: the audit only reads, with or without it nothing changes.",
)
def audit(
    kind: str,
    url: str,
    namespace: str,
    token_env: str,
    fmt: str,
    fail_on: str,
    hosting_team: tuple[str, ...],
    un_staff: tuple[str, ...],
    external: tuple[str, ...],
    lead: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Audit the repositories of NAMESPACE against the code hosting guidelines CH1-CH12.

    Read-only: it only reads settings through the forge's API and changes nothing on the forge.
    The token comes from the environment (--token-env) and is never printed. CH7, CH8 and CH9
    come from the platform's records, so they are not observable here.

    Exits 0 when no guideline is unmet, 1 when one is (with --fail-on not-met), 2 when the
    options or the forge cannot be used.
    """
    from osunited.forges.audit import audit_namespace
    from osunited.forges.guidelines import AuditFacts

    token = os.environ.get(token_env, "").strip()
    if not token:
        _fail(f"set the forge's token in the environment variable {token_env}.")
    if not url.startswith(("https://", "http://")):
        _fail(f"--url must start with https:// (got {url!r}).")
    calls: list[str] = []
    connection = ForgeConnection(
        kind, url.rstrip("/"), token, on_call=lambda method, path, status: calls.append(path)
    )
    facts = AuditFacts(
        today=datetime.now(UTC).date(),
        hosting_team=frozenset(hosting_team),
        un_staff=frozenset(un_staff) if un_staff else None,
        externals=frozenset(external),
        project_leads=frozenset(lead),
    )
    try:
        result = audit_namespace(adapter_for(connection), namespace, facts)
    except ForgeError as exc:
        _fail(f"{kind} at {url}: {str(exc).replace(token, '***')}")
    except (ImportError, ValueError) as exc:
        _fail(f"no usable {kind} adapter: {exc}")
    if fmt == "json":
        click.echo(json.dumps(result.to_dict() | {"api_calls": len(calls)}, indent=2))
    else:
        _print_text(result, kind, url, len(calls))
    if fail_on == "not-met" and result.not_met:
        raise SystemExit(EXIT_NOT_MET)


def _fail(message: str) -> NoReturn:
    click.echo(f"osu forge audit: {message}", err=True)
    raise SystemExit(EXIT_UNUSABLE)


def _print_text(result: NamespaceAudit, kind: str, url: str, calls: int) -> None:
    count = len(result.repositories)
    click.echo(f"{result.namespace} on {kind} ({url}): {count} repositories, read-only audit.")
    for repository in result.repositories:
        _print_repository(repository)
    click.echo("")
    unmet = len(result.not_met)
    click.echo(f"{unmet} guideline results not met in {count} repositories; {calls} API calls.")


def _print_repository(audit: RepositoryAudit) -> None:
    remote = audit.repository
    archived = ", archived" if remote.archived else ""
    click.echo(f"\n{remote.full_path} ({remote.visibility.value}{archived})")
    for result in audit.results:
        probe = result.probe
        label = OUTCOME_LABELS[probe.outcome.value]
        click.echo(f"  {result.guideline.id:<5} {label:<15} {probe.reason}")
        if probe.remediation:
            click.echo(f"  {'':<21} fix: {probe.remediation}")
