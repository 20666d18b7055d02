"""The API's errors: one JSON shape, `{"detail": "..."}` (with `errors` for input that does not
match the schema), the schemas that put it in /api/openapi.json, and the handlers that turn
whatever an API call raises into it. A server fault answers a JSON 500 as well, logged with its
traceback; no API address ever answers an HTML page.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.log import log_response
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as SchemaMismatch
from pydantic import ConfigDict, field_validator

API_PREFIX = "/api/"


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, for a person to read.")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(..., description="Where: the part of the call, then the field.")
    msg: str
    type: str


class InvalidInputOut(ErrorOut):
    errors: list[FieldErrorOut] = Field(
        default_factory=list,
        description="Each value that does not fit the schema (absent for a value that fits it "
        "but is refused, such as a license that is not an SPDX expression).",
    )


def error_responses(*codes: int) -> dict[int, type[Schema]]:
    """An operation's error answers for its `response=`: the codes it answers by design, and
    500, which a server fault (never the input) can give anywhere."""
    return {code: InvalidInputOut if code == 422 else ErrorOut for code in (*codes, 500)}


def checked_text(value: Any) -> Any:
    """`value`, when every text in it can be stored: PostgreSQL refuses the NUL character,
    and a lone surrogate (JSON allows "\\ud800") cannot be encoded at all."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(_("Text cannot contain the NUL character (U+0000)."))
        if not value.isascii():
            try:
                value.encode()
            except UnicodeEncodeError:
                raise ValueError(_("Text must be valid Unicode (no lone surrogates).")) from None
    elif isinstance(value, list | tuple):
        for item in value:
            checked_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            checked_text(key)
            checked_text(item)
    return value


class InputSchema(Schema):
    """What callers send: every text in it is checked by `checked_text` (a 422 otherwise)."""

    @field_validator("*", mode="before")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        return checked_text(value)


class BodySchema(InputSchema):
    """A JSON body: an object with the schema's fields only. A field it does not have (a typo,
    a field that cannot be changed here) is a 422, not silently ignored, and so is a body that
    is not an object."""

    model_config = ConfigDict(extra="forbid")


def answer_errors_in_json(api: NinjaAPI) -> None:
    """Install the handlers: each exception of an API call becomes a JSON error."""
    api.add_exception_handler(SchemaMismatch, partial(_invalid_input, api))
    api.add_exception_handler(ValidationError, partial(_refused, api))
    api.add_exception_handler(PermissionDenied, partial(_forbidden, api))
    api.add_exception_handler(SuspiciousOperation, partial(_bad_request, api))
    api.add_exception_handler(Exception, partial(_server_fault, api))


def _invalid_input(api: NinjaAPI, request: HttpRequest, error: SchemaMismatch) -> HttpResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type"))}
        for e in error.errors
    ]
    places = "; ".join(f"{_place(e['loc'])}: {e['msg']}" for e in errors)
    detail = _("The input does not match the schema: %(places)s.") % {"places": places}
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _place(loc: Sequence[Any]) -> str:
    """`["body", "payload", "sdgs", 0, "goal"]` as `sdgs.0.goal`, `["query", "offset"]` as
    `offset`: where the value is, as the caller wrote it."""
    names = [str(part) for part in loc[1:] if part != "payload"]
    return ".".join(names) or str(loc[0] if loc else "")


def _refused(api: NinjaAPI, request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=400)


def _forbidden(api: NinjaAPI, request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or _("Forbidden.")}, status=403)


def _bad_request(api: NinjaAPI, request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
    # Django's own refusals (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields).
    return api.create_response(request, {"detail": _bad_request_detail()}, status=400)


def _server_fault(api: NinjaAPI, request: HttpRequest, error: Exception) -> HttpResponse:
    # As Django does for a page: the signal (error reporting, the test client) and the log line
    # with the traceback; only the answer differs.
    signals.got_request_exception.send(sender=None, request=request)
    response = api.create_response(request, {"detail": _server_fault_detail()}, status=500)
    log_response(
        "Internal Server Error: %s",
        request.path,
        request=request,
        response=response,
        exception=error,
    )
    return response


def _bad_request_detail() -> str:
    return _("The request cannot be read (too large, or too many fields).")


def _server_fault_detail() -> str:
    return _("The server failed to answer this call; the fault is logged. Try again later.")


# Errors raised outside an API call (no such address, a fault in a middleware) reach Django's
# error handlers; under /api/ these answer in JSON too.


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(status: int) -> HttpResponse:
    details = {
        400: _bad_request_detail(),
        403: _("You may not do this."),
        404: _("There is no such API address; /api/openapi.json lists them."),
        500: _server_fault_detail(),
    }
    return JsonResponse(
        {"detail": details[status]}, status=status, content_type="application/json; charset=utf-8"
    )
