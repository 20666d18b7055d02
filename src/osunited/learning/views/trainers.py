"""Train the Trainer (CPF 4.5.6): the public list of active trainers, a trainer's sessions, the
capacity-building team's records, and an entity's cascade of who trained whom."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from osunited.accounts.roles import CAPACITY_TEAM, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.entities.models import Entity
from osunited.learning.forms_trainers import TrainerForm
from osunited.learning.models import Trainer
from osunited.learning.selectors import trainers as selectors
from osunited.learning.selectors.osee_topics import topics_named
from osunited.learning.services import trainers as services


@access(PUBLIC)
@require_GET
def trainer_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": selectors.active_trainers(),
        "is_capacity_team": CAPACITY_TEAM.allows(request.user),
    }
    return render(request, "learning/trainers_list.html", context)


@access(PUBLIC)
@require_GET
def trainer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trainer = selectors.get_trainer_for_viewer(request.user, pk)
    context = {
        "trainer": trainer,
        "topics": topics_named(trainer.topics),
        "sessions": selectors.sessions_led(trainer),
        "is_capacity_team": CAPACITY_TEAM.allows(request.user),
    }
    return render(request, "learning/trainers_detail.html", context)


@access(CAPACITY_TEAM)
@require_http_methods(["GET", "POST"])
def trainer_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TrainerForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            trainer = services.trainer_record(
                actor=request.user, user=fields.pop("email"), **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Trainer recorded."))
            return redirect("learning:trainers_detail", pk=trainer.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/trainers_form.html", {"form": form}, status=status)


@access(CAPACITY_TEAM)
@require_http_methods(["GET", "POST"])
def trainer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trainer = get_object_or_404(Trainer.objects.select_related("user"), pk=pk)
    initial = {
        "entity": trainer.entity_id,
        "qualified_by": trainer.qualified_by_id,
        "qualified_on": trainer.qualified_on,
        "topics": trainer.topics,
        "active": trainer.active,
    }
    form = TrainerForm(request.POST or None, initial=initial, with_person=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainer_update(actor=request.user, trainer=trainer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Trainer's record saved."))
            return redirect("learning:trainers_detail", pk=trainer.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "trainer": trainer}
    return render(request, "learning/trainers_form.html", context, status=status)


@access(PUBLIC)
@require_GET
def cascade(request: HttpRequest, entity_slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=entity_slug)
    context = {
        "entity": entity,
        "cascade": selectors.entity_cascade(entity),
        "show_names": selectors.may_see_entity_people(request.user, entity),
    }
    return render(request, "learning/trainers_cascade.html", context)


urlpatterns = [
    path("trainers/", trainer_list, name="trainers_list"),
    path("trainers/new/", trainer_new, name="trainers_new"),
    path("trainers/<int:pk>/", trainer_detail, name="trainers_detail"),
    path("trainers/<int:pk>/edit/", trainer_edit, name="trainers_edit"),
    path("entities/<slug:entity_slug>/cascade/", cascade, name="trainers_cascade"),
]
