"""The Board at work (CPF 4.1): petitions to join, its votes and public decisions, its settings."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import (
    BOARD_SECRETARIAT,
    ENTITY_REPRESENTATIVE,
    OSSIB_MEMBER,
    PLATFORM_ADMIN,
    PUBLIC,
    access,
    is_entity_representative,
)
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.entities.models import Entity
from osunited.governance.forms_board import (
    BoardSettingsForm,
    CloseForm,
    PetitionForm,
    PutToVoteForm,
    VoteForm,
)
from osunited.governance.models import Decision, Petition, PetitionDocument, PetitionStatus
from osunited.governance.selectors import board as selectors
from osunited.governance.services import decisions as decision_services
from osunited.governance.services import petitions as petition_services

PAGE_SIZE = 50
Row = TypeVar("Row", Petition, Decision)


@access(PUBLIC)
@require_GET
def petitions_list(request: HttpRequest) -> HttpResponse:
    context = {
        "petitions": _page(request, selectors.petition_list()),
        "may_file": selectors.petitionable_entities(request.user).exists(),
    }
    return render(request, "governance/petitions_list.html", context)


@access(ENTITY_REPRESENTATIVE)
@require_http_methods(["GET", "POST"])
def petitions_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    entities = selectors.petitionable_entities(request.user)
    if not entities.exists():
        messages.error(request, _("None of the entities you represent can file a petition now."))
        return redirect("governance:petitions_list")
    form = PetitionForm(
        request.POST or None,
        request.FILES or None,
        entities=entities,
        initial=_initial(entities, request.GET.get("entity", "")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            petition = petition_services.petition_file(
                entity=form.cleaned_data["entity"],
                actor=request.user,
                liaison=form.cleaned_data["liaison_email"],
                governance_structure=form.cleaned_data["governance_structure"],
                motivation=form.cleaned_data["motivation"],
                documents=form.documents(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Petition filed: the Board will consider it."))
            return redirect("governance:petitions_detail", pk=petition.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/petitions_form.html", {"form": form}, status=status)


def _page(request: HttpRequest, rows: QuerySet[Row]) -> Page[Row]:
    # get_page: a number that is not one gives the first page, one past the end the last.
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _initial(entities: QuerySet[Entity], slug: str) -> dict[str, object]:
    """The entity asked for (`?entity=<slug>`) or the first, with its liaison as the default."""
    chosen = entities.filter(slug=slug).first() or entities.first()
    if chosen is None:
        return {}
    return {"entity": chosen.pk, "liaison_email": chosen.liaison.email if chosen.liaison else ""}


@access(PUBLIC)
@require_GET
def petitions_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = selectors.get_petition(pk)
    filed = petition.status == PetitionStatus.FILED
    context = {
        "petition": petition,
        "evidence_rows": selectors.petition_evidence_rows(petition),
        "may_withdraw": filed and is_entity_representative(request.user, petition.entity),
        "put_to_vote_form": PutToVoteForm() if filed and _is_secretariat(request) else None,
        **_decision_context(request, petition.decision),
    }
    return render(request, "governance/petitions_detail.html", context)


@access(PUBLIC)  # type: ignore[arg-type]  # access() is typed for HttpResponse; files too
@require_GET
def petitions_document(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    document = get_object_or_404(PetitionDocument, pk=file_pk, petition_id=pk)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@access(ENTITY_REPRESENTATIVE)
@require_POST
def petitions_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    petition = selectors.get_petition(pk)
    try:
        petition_services.petition_withdraw(petition=petition, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Petition withdrawn."))
    return redirect("governance:petitions_detail", pk=pk)


@access(BOARD_SECRETARIAT)
@require_POST
def petitions_put_to_vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    petition = selectors.get_petition(pk)
    form = PutToVoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a scheduled meeting, or none; nothing was changed."))
        return redirect("governance:petitions_detail", pk=pk)
    try:
        petition_services.petition_put_to_vote(
            petition=petition, actor=request.user, meeting=form.cleaned_data["meeting"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The petition is put to the Board's vote."))
    return redirect("governance:petitions_detail", pk=pk)


@access(PUBLIC)
@require_GET
def decisions_list(request: HttpRequest) -> HttpResponse:
    context = {
        "decisions": _page(request, selectors.decision_list()),
        "settings": selectors.board_settings(),
    }
    return render(request, "governance/decisions_list.html", context)


@access(PUBLIC)
@require_GET
def decisions_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision(pk)
    context = {"decision": decision, **_decision_context(request, decision)}
    return render(request, "governance/decisions_detail.html", context)


def _is_secretariat(request: HttpRequest) -> bool:
    return BOARD_SECRETARIAT.allows(request.user)


def _decision_context(request: HttpRequest, decision: Decision | None) -> dict[str, object]:
    if decision is None:
        return {"decision": None}
    seat = selectors.seat_of(request.user)
    votes_visible = selectors.may_see_votes(request.user, decision)
    return {
        "decision": decision,
        # The count and the seats' votes are shown together, or neither is.
        "tally": decision_services.decision_tally(decision) if votes_visible else None,
        "seat_votes": selectors.decision_votes(decision) if votes_visible else None,
        "seat": seat,
        "vote_form": VoteForm() if decision.is_open and seat is not None else None,
        "close_form": CloseForm() if decision.is_open and _is_secretariat(request) else None,
    }


def _back_to(decision: Decision) -> HttpResponse:
    petition: Petition | None = getattr(decision, "petition", None)
    if petition is not None:
        return redirect(reverse("governance:petitions_detail", args=[petition.pk]) + "#decision")
    return redirect("governance:decisions_detail", pk=decision.pk)


@access(OSSIB_MEMBER)
@require_POST
def decisions_vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision(pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vote for, against, or abstain; nothing was recorded."))
        return _back_to(decision)
    try:
        decision_services.vote_cast(
            decision=decision,
            voter=request.user,
            choice=form.cleaned_data["choice"],
            comment=form.cleaned_data["comment"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("Your vote is recorded; you may change it while the vote is open.")
        )
    return _back_to(decision)


@access(BOARD_SECRETARIAT)
@require_POST
def decisions_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision(pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reasons for the decision; the vote stays open."))
        return _back_to(decision)
    try:
        decision_services.decision_close(
            decision=decision, actor=request.user, reasons=form.cleaned_data["reasons"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The vote is closed and the decision published."))
    return _back_to(decision)


@access(PLATFORM_ADMIN)
@require_http_methods(["GET", "POST"])
def board_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BoardSettingsForm(request.POST or None, instance=selectors.board_settings())
    if request.method == "POST" and form.is_valid():
        decision_services.board_settings_update(
            quorum_percent=form.cleaned_data["quorum_percent"],
            majority_percent=form.cleaned_data["majority_percent"],
            actor=request.user,
        )
        messages.success(
            request, _("The Board's settings are saved; they apply to votes opened from now.")
        )
        return redirect("governance:board_settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/board_settings.html", {"form": form}, status=status)


urlpatterns: list[URLPattern] = [
    path("petitions/", petitions_list, name="petitions_list"),
    path("petitions/new/", petitions_new, name="petitions_new"),
    path("petitions/<int:pk>/", petitions_detail, name="petitions_detail"),
    path(
        "petitions/<int:pk>/documents/<int:file_pk>/",
        petitions_document,
        name="petitions_document",
    ),
    path("petitions/<int:pk>/withdraw/", petitions_withdraw, name="petitions_withdraw"),
    path("petitions/<int:pk>/vote/", petitions_put_to_vote, name="petitions_put_to_vote"),
    path("decisions/", decisions_list, name="decisions_list"),
    path("decisions/<int:pk>/", decisions_detail, name="decisions_detail"),
    path("decisions/<int:pk>/vote/", decisions_vote, name="decisions_vote"),
    path("decisions/<int:pk>/close/", decisions_close, name="decisions_close"),
    path("settings/", board_settings, name="board_settings"),
]
