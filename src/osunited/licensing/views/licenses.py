"""Licensing pages: every license of the engine, one license in plain language, and the legal
notes written on it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from osunited.accounts.roles import CONTRIBUTOR, PUBLIC, SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.licensing.forms import LicenseFilterForm, LicenseNoteForm
from osunited.licensing.models import LicenseNote, NoteKind
from osunited.licensing.selectors.licenses import (
    find_license,
    license_list,
    license_page,
    may_write_notes,
    note_entities_for,
)
from osunited.licensing.selectors.reviews import may_set_reviews
from osunited.licensing.services.notes import license_note_add, license_note_update


@access(PUBLIC)
@require_GET
def license_index(request: HttpRequest) -> HttpResponse:
    form = LicenseFilterForm(request.GET)
    rows = license_list(**form.filters())
    return render(request, "licensing/licenses_list.html", {"form": form, "rows": rows})


@access(PUBLIC)
@require_GET
def license_detail(request: HttpRequest, license_id: str) -> HttpResponse:
    facts = find_license(license_id)
    if facts.spdx_id != license_id:
        return redirect("licensing:license", license_id=facts.spdx_id)
    entities = note_entities_for(request.user)
    writable = set(entities.values_list("pk", flat=True))
    own_entity = request.user.entity if request.user.is_authenticated else None
    context = {
        "page": license_page(viewer=request.user, facts=facts),
        "note_form": LicenseNoteForm(entities=entities) if writable else None,
        "writable_entity_ids": writable,
        "may_review": own_entity is not None and may_set_reviews(request.user, own_entity),
    }
    return render(request, "licensing/licenses_detail.html", context)


@access(SIGNED_IN, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def note_add(request: AuthenticatedHttpRequest, license_id: str) -> HttpResponse:
    facts = find_license(license_id)
    entities = note_entities_for(request.user)
    if not entities.exists():
        raise PermissionDenied(_("Only the licensing group and representatives write notes."))
    form = LicenseNoteForm(request.POST or None, entities=entities)
    if request.method == "POST" and form.is_valid():
        try:
            license_note_add(
                license_id=facts.spdx_id,
                kind=NoteKind(form.cleaned_data["kind"]),
                text=form.cleaned_data["text"],
                entity=form.cleaned_data["entity"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The note was added."))
            return redirect(reverse("licensing:license", args=[facts.spdx_id]) + "#notes")
    context = {"form": form, "facts": facts, "note": None}
    status = 400 if request.method == "POST" else 200
    return render(request, "licensing/licenses_note_form.html", context, status=status)


@access(SIGNED_IN, CONTRIBUTOR)
@require_http_methods(["GET", "POST"])
def note_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(LicenseNote.objects.select_related("entity"), pk=pk)
    if not may_write_notes(request.user, note.entity):
        raise PermissionDenied(_("Only the licensing group and representatives write notes."))
    facts = find_license(note.license_id)
    form = LicenseNoteForm(
        request.POST or None, entities=note_entities_for(request.user), note=note
    )
    if request.method == "POST" and form.is_valid():
        try:
            license_note_update(
                note=note,
                kind=NoteKind(form.cleaned_data["kind"]),
                text=form.cleaned_data["text"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The note was saved."))
            return redirect(reverse("licensing:license", args=[facts.spdx_id]) + "#notes")
    context = {"form": form, "facts": facts, "note": note}
    status = 400 if request.method == "POST" else 200
    return render(request, "licensing/licenses_note_form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("", license_index, name="licenses"),
    path("notes/<int:pk>/edit/", note_edit, name="note_edit"),
    path("<str:license_id>/notes/add/", note_add, name="note_add"),
    path("<str:license_id>/", license_detail, name="license"),
]
