"""Framework reviews (CPF 4.1.1): proposals to change the framework, and the versions the Board
adopted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited import framework as fw
from osunited.accounts.roles import BOARD_SECRETARIAT, PUBLIC, Rule, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.governance.forms_board import PutToVoteForm
from osunited.governance.forms_reviews import ItemChoiceForm, ProposalForm
from osunited.governance.models import ProposalStatus
from osunited.governance.selectors import reviews as selectors
from osunited.governance.services import reviews as services
from osunited.platform.datatexts import reader_language

PROPOSER = Rule(
    "framework_review_proposer",
    selectors.may_propose,
    "OSSIB board members, the secretariat, entity representatives and admins.",
)


@access(PUBLIC)
@require_GET
def reviews_list(request: HttpRequest) -> HttpResponse:
    context = {
        "proposals": selectors.proposal_list(),
        "may_propose": selectors.may_propose(request.user),
        "current": selectors.current_frameworks(),
    }
    return render(request, "governance/reviews_list.html", context)


def _current(request: HttpRequest) -> fw.Framework:
    """The current framework asked for (the only one by default); 404 for another."""
    current = {framework.id: framework for framework in selectors.current_frameworks()}
    wanted = request.POST.get("framework") or request.GET.get("framework") or next(iter(current))
    if wanted not in current:
        raise Http404
    return current[wanted]


@access(PROPOSER)
@require_http_methods(["GET", "POST"])
def reviews_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    framework = _current(request)
    asked = request.POST.get("item") or request.GET.get("item") or ""
    bound = bool(asked) or request.method == "POST"
    chooser = ItemChoiceForm({"item": asked} if bound else None, framework=framework)
    if not bound or not chooser.is_valid():
        status = 400 if bound else 200
        context = {"framework": framework, "chooser": chooser, "item": None}
        return render(request, "governance/reviews_form.html", context, status=status)
    item = framework.item(asked)
    form = ProposalForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                framework_id=framework.id,
                item_id=item.id,
                change=form.cleaned_data["change"],
                proposed_text=form.cleaned_data["proposed_text"],
                proposed_levels=form.proposed_levels(),
                rationale=form.cleaned_data["rationale"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your proposal is published: the Board will consider it."))
            return redirect("governance:reviews_detail", pk=proposal.pk)
    context = {"framework": framework, "chooser": chooser, "item": item, "form": form}
    return render(request, "governance/reviews_form.html", context, status=_status(request))


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


@access(PUBLIC)
@require_GET
def reviews_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal(pk)
    item = selectors.proposal_item(proposal)
    runs_votes = selectors.may_run_votes(request.user)
    context = {
        "proposal": proposal,
        "item": item,
        "rows": selectors.proposal_rows(proposal, item) if item else [],
        "may_withdraw": proposal.status == ProposalStatus.PROPOSED
        and request.user.is_authenticated
        and proposal.proposed_by_id == request.user.pk,
        "put_to_vote_form": PutToVoteForm()
        if runs_votes and proposal.status == ProposalStatus.PROPOSED
        else None,
    }
    return render(request, "governance/reviews_detail.html", context)


@access(PROPOSER)
@require_POST
def reviews_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal(pk)
    try:
        services.proposal_withdraw(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal was withdrawn."))
    return redirect("governance:reviews_detail", pk=pk)


@access(BOARD_SECRETARIAT)
@require_POST
def reviews_put_to_vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal(pk)
    form = PutToVoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a scheduled meeting, or none; nothing was changed."))
        return redirect("governance:reviews_detail", pk=pk)
    try:
        services.proposal_put_to_vote(
            proposal=proposal, actor=request.user, meeting=form.cleaned_data["meeting"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is put to the Board's vote."))
    return redirect("governance:reviews_detail", pk=pk)


@access(PUBLIC)
@require_GET
def frameworks_list(request: HttpRequest) -> HttpResponse:
    context = {"versions": selectors.version_list(), "lines": selectors.shipped_frameworks()}
    return render(request, "governance/frameworks_list.html", context)


def _framework(framework_id: str) -> fw.Framework:
    try:
        return fw.load_framework(framework_id)
    except fw.FrameworkError:
        raise Http404 from None


@access(PUBLIC)
@require_GET
def frameworks_detail(request: HttpRequest, framework_id: str) -> HttpResponse:
    framework = _framework(framework_id)
    context = {
        "framework": framework,  # in English, as the Board compares versions
        "texts": fw.load_framework(framework_id, reader_language()),
        "adopted": selectors.get_version(framework_id),
        "changes": selectors.version_changes(framework),
        "newer": selectors.newer_version_for(framework_id),
    }
    return render(request, "governance/frameworks_detail.html", context)


@access(PUBLIC)
@require_GET
def frameworks_download(request: HttpRequest, framework_id: str) -> HttpResponse:
    framework = _framework(framework_id)
    response = HttpResponse(
        fw.framework_document(framework.id), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{framework.id}.yaml"'
    return response


urlpatterns: list[URLPattern] = [
    path("reviews/", reviews_list, name="reviews_list"),
    path("reviews/new/", reviews_new, name="reviews_new"),
    path("reviews/<int:pk>/", reviews_detail, name="reviews_detail"),
    path("reviews/<int:pk>/withdraw/", reviews_withdraw, name="reviews_withdraw"),
    path("reviews/<int:pk>/vote/", reviews_put_to_vote, name="reviews_put_to_vote"),
    path("frameworks/", frameworks_list, name="frameworks_list"),
    path("frameworks/<str:framework_id>/", frameworks_detail, name="frameworks_detail"),
    path(
        "frameworks/<str:framework_id>/download/", frameworks_download, name="frameworks_download"
    ),
]
