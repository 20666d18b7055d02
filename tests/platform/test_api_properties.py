"""Every operation of /api/openapi.json, called with data that schemathesis draws from the
description itself (valid and invalid), anonymously and with a token: no server error, and every
answer (status, content type, body) is one the description lists.

The calls go in-process through Django's WSGI handler, inside the test's transaction, so they
see the cast and the catalog made here; a drawn slug or scan id is sometimes swapped for a real
one, so that writes reach projects that exist."""

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from osunited.accounts.tokens import api_token_create
from osunited.catalog.models import Project, Scan, ScanHealth, ScanStatus
from tests.conftest import Cast
from tests.factories import ProjectFactory

# Per operation, mode and caller: the whole run stays under a minute. OSU_API_EXAMPLES=500 digs
# deeper by hand.
EXAMPLES = int(os.environ.get("OSU_API_EXAMPLES", "25"))

StartResponse = Callable[..., Any]
# Valid input may still be refused (an entity that is not the caller's, a repository the SSRF
# guard refuses): what is checked is that every answer is described, never a server error, and
# that input the schema rejects is rejected.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(autouse=True)
def _no_dns(settings: Any) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]


def in_test_transaction(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """Django's WSGI handler, without the end-of-request connection clean-up that would close
    the test's transaction (Django's test client leaves it out the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        content = b"".join(response)
        response.close()
        return [content]
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def projects(cast: Cast) -> dict[str, Project]:
    published = ProjectFactory(
        name="Vaccine planner", slug="vaccine-planner", entity=cast.unicef, status="published",
        focal_points=[cast.alice], repositories=["https://git.example.org/unicef/planner"],
    )  # fmt: skip
    published.sdgs.create(goal=3, evidence="Plans vaccination campaigns.")
    scan = Scan.objects.create(
        project=published, trigger="nightly", status=ScanStatus.SUCCEEDED,
        health=ScanHealth.GOOD, scores={"licensing": 90}, license_expression="MIT",
        report={"tool": "osu"},
    )  # fmt: skip
    published.latest_scan = scan
    published.save(update_fields=["latest_scan"])
    draft = ProjectFactory(
        name="Secret draft", slug="secret-draft", entity=cast.unicef, status="draft",
        focal_points=[cast.alice], repositories=["https://git.example.org/unicef/draft"],
    )  # fmt: skip
    return {"published": published, "draft": draft}


def api_operations() -> Iterator[Any]:
    spec = Client().get("/api/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    for result in schema.get_all_operations():
        yield result.ok()


def real_parameters(projects: dict[str, Project]) -> st.SearchStrategy[dict[str, Any]]:
    """Path parameters that name real things, or nothing (the drawn ones stay)."""
    scan_ids = list(Scan.objects.values_list("pk", flat=True))
    return st.one_of(
        st.just({}),
        st.builds(
            lambda slug, scan_id: {"slug": slug, "scan_id": scan_id},
            st.sampled_from([project.slug for project in projects.values()]),
            st.sampled_from(scan_ids),
        ),
    )


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "token"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_described(
    cast: Cast, projects: dict[str, Project], signed_in: bool, mode: GenerationMode
) -> None:
    headers = {}
    if signed_in:
        headers["Authorization"] = f"Bearer {api_token_create(user=cast.alice, name='t').key}"
    for operation in api_operations():
        takes_input = operation.path_parameters or operation.query or operation.body
        if mode is GenerationMode.POSITIVE or takes_input:
            check_operation(operation, mode, headers, real_parameters(projects))


def check_operation(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    parameters: st.SearchStrategy[dict[str, Any]],
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode), real=parameters)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, real: dict[str, Any]) -> None:
        # What schemathesis made invalid on purpose stays so: a path it broke keeps its drawn
        # values, a call it meant without the (required) token goes without it.
        if not is_negative_at(case, ParameterLocation.PATH):
            for name, value in real.items():
                if case.path_parameters and name in case.path_parameters:
                    case.path_parameters[name] = value
        sent = {} if is_negative_at(case, ParameterLocation.HEADER) else headers
        response = case.call(app=in_test_transaction, headers=sent)
        case.validate_response(response, checks=CHECKS, headers=sent)

    run()


def is_negative_at(case: Any, location: ParameterLocation) -> bool:
    return case.meta is not None and bool(case.meta.is_negative_at(location))
