"""Licensing pages: the use-case chooser (CPF 4.2.2): a questionnaire that answers with the
license to choose, its LICENSE file and SPDX header, and a merge request adding the LICENSE."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from osunited.accounts.roles import FOCAL_POINT, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest, Viewer
from osunited.licenses import (
    Recommendation,
    license_facts,
    license_text,
    recommend,
    spdx_header,
)
from osunited.licensing.forms_chooser import ChooserForm, MergeRequestForm
from osunited.licensing.selectors.chooser import (
    choice_rows,
    get_repository_for_license,
    published_candidates,
    repositories_for_license,
)
from osunited.licensing.services.chooser import license_merge_request_open


@access(PUBLIC)
@require_GET
def chooser(request: HttpRequest) -> HttpResponse:
    form = ChooserForm(request.GET if "released" in request.GET else None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        recommendation = recommend(form.answers(), published_candidates())
        context |= _result(request, form, recommendation)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "licensing/chooser_page.html", context, status=status)


def _result(
    request: HttpRequest, form: ChooserForm, recommendation: Recommendation
) -> dict[str, object]:
    chosen = recommendation.license_id
    repositories = repositories_for_license(request.user) if chosen else None
    return {
        "recommendation": recommendation,
        "rows": choice_rows(request.user, recommendation),
        "header": _header(request.user, form, chosen) if chosen else "",
        "merge_request_form": (
            MergeRequestForm(
                initial={"license": chosen, "next": request.get_full_path()},
                repositories=repositories,
            )
            if repositories
            else None
        ),
    }


def _header(viewer: Viewer, form: ChooserForm, license_id: str) -> str:
    entity = viewer.entity if viewer.is_authenticated else None
    holder = form.cleaned_data["holder"] or (str(entity) if entity else _("The copyright holders"))
    language = form.cleaned_data["language"] or "python"
    return spdx_header(license_id, holder, date.today().year, language=language)


@access(PUBLIC)
@require_GET
def license_file(request: HttpRequest) -> HttpResponse:
    """The LICENSE text of `?license=`, as a file to download."""
    asked = request.GET.get("license", "").strip()
    if not asked:
        return HttpResponseBadRequest(
            _("Name a license: ?license=MIT, for instance."), content_type="text/plain"
        )
    facts = license_facts(asked[:100])
    text = license_text(facts.spdx_id) if facts is not None else None
    if facts is None or text is None:
        message = _("The platform has no text of the license %(license)s.") % {
            "license": asked[:100]
        }
        return HttpResponseNotFound(message, content_type="text/plain")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="LICENSE"'
    return response


@access(FOCAL_POINT)
@require_POST
def merge_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MergeRequestForm(request.POST, repositories=repositories_for_license(request.user))
    back = _back(request)
    if not form.is_valid():
        messages.error(request, _("Choose one of your project's repositories on the forge."))
        return redirect(back)
    repository = get_repository_for_license(request.user, form.cleaned_data["repository"].pk)
    try:
        change = license_merge_request_open(
            actor=request.user, repository=repository, license_id=form.cleaned_data["license"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("The merge request adding the LICENSE is open: %(url)s") % {"url": change.url},
    )
    return redirect(back)


def _back(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("licensing:chooser")


urlpatterns: list[URLPattern] = [
    path("choose/", chooser, name="chooser"),
    path("choose/LICENSE", license_file, name="chooser_license"),
    path("choose/merge-request/", merge_request, name="chooser_merge_request"),
]
