"""Mentorship (CPF 4.5, CB3): the public list of offers, a mentor's own offer, a mentee's
request, and both sides' pairs with their changes of status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import CONTRIBUTOR, PUBLIC, SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.learning.forms_mentorship import OfferFilterForm, OfferForm, RequestForm
from osunited.learning.selectors import mentorship as selectors
from osunited.learning.services import mentorship as services

_DONE = {
    "accept": gettext_lazy("Mentorship accepted; the mentee was told by e-mail."),
    "decline": gettext_lazy("Request declined; the mentee was told by e-mail."),
    "end": gettext_lazy("Mentorship completed; the other party was told by e-mail."),
    "withdraw": gettext_lazy("Withdrawn; the mentor was told by e-mail."),
}


@access(PUBLIC)
@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    context = {
        "form": form,
        "rows": selectors.open_offers(**filters),
        "user_id": request.user.pk,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "learning/mentorship_list.html", context, status=status)


@access(CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def offer_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    offer = selectors.offer_of(request.user)
    initial = {"active": True, "capacity": 1}
    if offer is not None:
        initial = {field: getattr(offer, field) for field in OfferForm.base_fields}
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_offer_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your mentoring offer is saved."))
            return redirect("learning:mentorship_mine")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "offer": offer}
    return render(request, "learning/mentorship_offer_form.html", context, status=status)


@access(CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def request_mentorship(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = selectors.get_open_offer(pk)
    form = RequestForm(request.POST or None, topics=row.topics)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_request(actor=request.user, offer=row.offer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Request sent; the mentor was told by e-mail."))
            return redirect("learning:mentorship_mine")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "row": row, "own": row.offer.mentor_id == request.user.pk}
    return render(request, "learning/mentorship_request.html", context, status=status)


@access(SIGNED_IN)
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "offer": selectors.offer_of(request.user),
        "as_mentor": selectors.pairs_as_mentor(request.user),
        "as_mentee": selectors.pairs_as_mentee(request.user),
    }
    return render(request, "learning/mentorship_mine.html", context)


@access(CONTRIBUTOR)
@require_POST
def pair_change(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    pair = selectors.get_pair_for_party(request.user, pk)
    try:
        services.mentorship_change(actor=request.user, mentorship=pair, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        messages.success(request, _DONE[action])
    return redirect("learning:mentorship_mine")


urlpatterns = [
    path("mentorship/", offer_list, name="mentorship_list"),
    path("mentorship/offer/", offer_edit, name="mentorship_offer"),
    path("mentorship/offers/<int:pk>/request/", request_mentorship, name="mentorship_request"),
    path("mentorship/mine/", mine, name="mentorship_mine"),
    *(
        path(
            f"mentorship/pairs/<int:pk>/{action}/",
            pair_change,
            {"action": action},
            name=f"mentorship_{action}",
        )
        for action in services.CHANGES
    ),
]
