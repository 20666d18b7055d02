"""The assessment pages: an entity's history, the answer form, the result and its downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from osunited import framework as fw
from osunited.accounts.roles import CONTRIBUTOR, ENTITY_REPRESENTATIVE, PUBLIC, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.assessments import services
from osunited.assessments.forms import (
    MAX_ANSWERS_FILE_BYTES,
    AnswerForm,
    CarryForwardForm,
    EvidenceFileForm,
    ImportForm,
    StartForm,
    VisibilityForm,
    answer_initial,
)
from osunited.assessments.models import Answer, Assessment, AssessmentStatus, EvidenceFile
from osunited.assessments.selectors import (
    ItemView,
    answered_per_pillar,
    assessment_comparison,
    assessment_report,
    assessments_of_entity,
    engine_answers,
    framework_of,
    get_assessment_for_user,
    item_views,
    may_manage_assessments,
)
from osunited.entities.selectors import get_entity
from osunited.platform.datatexts import reader_language

WRITER = (ENTITY_REPRESENTATIVE, CONTRIBUTOR)
INVALID = 422  # htmx is configured to swap these, so errors show in place


# -- an entity's assessments ---------------------------------------------------------------------


@access(PUBLIC)
def entity_assessments(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_entity(slug=slug)
    assessments = list(assessments_of_entity(user=request.user, entity=entity))
    manager = may_manage_assessments(request.user, entity)
    return render(
        request,
        "assessments/entity_assessments.html",
        {
            "entity": entity,
            "assessments": assessments,
            "may_manage": manager,
            "start_form": StartForm() if manager else None,
        },
    )


def _managed_entity(request: HttpRequest, slug: str) -> Any:
    entity = get_entity(slug=slug)
    if not may_manage_assessments(request.user, entity):
        raise PermissionDenied(_("Only the entity's representatives manage its assessments."))
    return entity


@access(*WRITER)
@require_POST
def start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    entity = _managed_entity(request, slug)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a framework version."))
        return redirect("assessments:entity", slug=slug)
    assessment = services.assessment_start(
        entity=entity, framework_id=form.cleaned_data["framework"], user=request.user
    )
    messages.success(request, _("A new assessment is started. Answers are saved item by item."))
    return redirect("assessments:answers", pk=assessment.pk)


@access(*WRITER)
@require_http_methods(["GET", "POST"])
def import_answers(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    entity = _managed_entity(request, slug)
    if request.method == "POST" and _body_too_large(request, MAX_ANSWERS_FILE_BYTES):
        form = ImportForm()
        form.add_error(None, _("The answers file may be at most 1 MB."))
        return render(
            request, "assessments/import.html", {"entity": entity, "form": form}, status=INVALID
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_import(
                entity=entity, text=form.cleaned_data["answers_file"], user=request.user
            )
        except ValidationError as error:
            form.add_error("answers_file", error)
        else:
            count = assessment.answers.count()
            messages.success(
                request,
                ngettext(
                    "Imported %(n)d answer into a new draft.",
                    "Imported %(n)d answers into a new draft.",
                    count,
                )
                % {"n": count},
            )
            return redirect("assessments:detail", pk=assessment.pk)
    status = INVALID if form.errors else 200
    context = {"entity": entity, "form": form}
    return render(request, "assessments/import.html", context, status=status)


@access(PUBLIC)
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_entity(slug=slug)
    chosen = [request.GET.get("before", ""), request.GET.get("after", "")]
    if not all(value.isdigit() for value in chosen):
        messages.error(request, _("Choose two assessments to compare."))
        return redirect("assessments:entity", slug=slug)
    before, after = (get_assessment_for_user(user=request.user, pk=int(v)) for v in chosen)
    if before.entity_id != entity.pk or after.entity_id != entity.pk:
        raise Http404
    if (before.created_at, before.pk) > (after.created_at, after.pk):
        before, after = after, before
    comparison = assessment_comparison(before, after)
    return render(request, "assessments/compare.html", {"entity": entity, "c": comparison})


# -- answering -----------------------------------------------------------------------------------


def _item_forms(
    assessment: Assessment, pillar: str, bound: tuple[str, AnswerForm] | None = None
) -> list[tuple[ItemView, AnswerForm]]:
    def form_of(view: ItemView) -> AnswerForm:
        if bound and bound[0] == view.item.id:
            return bound[1]
        return AnswerForm(item_id=view.item.id, initial=answer_initial(view.answer))

    return [(view, form_of(view)) for view in item_views(assessment, pillar)]


def _pillar_of(request: HttpRequest, framework: fw.Framework) -> str:
    chosen = request.GET.get("pillar", "")
    ids = [pillar.id for pillar in framework.pillars]
    return chosen if chosen in ids else ids[0]


def _nav_context(assessment: Assessment, pillar: str) -> dict[str, Any]:
    framework = framework_of(assessment, reader_language())
    counts = answered_per_pillar(assessment)
    pillars = [
        (p, counts.get(p.id, 0), sum(1 for i in framework.items if i.pillar == p.id))
        for p in framework.pillars
    ]
    return {
        "assessment": assessment,
        "framework": framework,
        "pillar": framework.pillar(pillar),
        "pillars": pillars,
        "answered": sum(counts.values()),
    }


def _answers_page(
    request: HttpRequest,
    assessment: Assessment,
    pillar: str,
    bound: tuple[str, AnswerForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "assessments/answers.html",
        {
            **_nav_context(assessment, pillar),
            "items": _item_forms(assessment, pillar, bound),
            "file_form": EvidenceFileForm(),
            "refused_item": bound[0] if bound else "",
        },
        status=status,
    )


@access(*WRITER)
def answers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=True)
    if not assessment.is_editable:
        messages.info(request, _("This assessment is submitted; its answers no longer change."))
        return redirect("assessments:detail", pk=pk)
    return _answers_page(request, assessment, _pillar_of(request, framework_of(assessment)))


def _item_anchor(assessment: Assessment, item: fw.Item) -> str:
    page = reverse("assessments:answers", kwargs={"pk": assessment.pk})
    return f"{page}?pillar={item.pillar}#item-{item.id}"


def _editable_item(
    request: AuthenticatedHttpRequest, pk: int, item_id: str
) -> tuple[Assessment, fw.Item]:
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=True)
    framework = framework_of(assessment, reader_language())
    if item_id not in framework.item_ids:
        raise Http404
    if not assessment.is_editable:
        raise PermissionDenied(_("A submitted assessment is not changed; start a new one."))
    return assessment, framework.item(item_id)


@access(*WRITER)
@require_POST
def answer_save(request: AuthenticatedHttpRequest, pk: int, item_id: str) -> HttpResponse:
    """Save one item. htmx swaps the item in place; without JavaScript the page reloads."""
    try:
        assessment, item = _editable_item(request, pk, item_id)
    except PermissionDenied:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(headers={"HX-Refresh": "true"})  # the page shows why
        raise
    form = AnswerForm(request.POST, item_id=item_id)
    if form.is_valid():
        try:
            services.answer_save(
                assessment=assessment, item_id=item_id, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
    if not request.htmx:  # type: ignore[attr-defined]
        if form.errors:
            return _answers_page(request, assessment, item.pillar, (item_id, form), INVALID)
        messages.success(request, _("%(item)s is saved.") % {"item": item_id})
        return redirect(_item_anchor(assessment, item))
    return _item_fragment(request, assessment, item, form)


def _item_fragment(
    request: HttpRequest, assessment: Assessment, item: fw.Item, form: AnswerForm
) -> HttpResponse:
    """The item alone, with the pillar counts and the status message swapped out of band."""
    view = next(v for v in item_views(assessment, item.pillar) if v.item.id == item.id)
    saved = not form.errors
    if saved:
        form = AnswerForm(item_id=item.id, initial=answer_initial(view.answer))
    context = {
        "view": view,
        "form": form,
        "saved": saved,
        "swapped": True,
        "oob": True,
        "file_form": EvidenceFileForm(),
        **_nav_context(assessment, item.pillar),
    }
    html = render_to_string("assessments/_item.html", context, request=request)
    html += render_to_string("assessments/_pillar_nav.html", context, request=request)
    return HttpResponse(html, status=200 if saved else INVALID)


def _body_too_large(request: HttpRequest, limit: int) -> bool:
    """Refuse an oversized upload from its declared length, before it is read and spooled."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    return declared.isdigit() and int(declared) > limit + 64 * 1024  # room for the form fields


@access(*WRITER)
@require_POST
def file_add(request: AuthenticatedHttpRequest, pk: int, item_id: str) -> HttpResponse:
    assessment, item = _editable_item(request, pk, item_id)
    if _body_too_large(request, services.MAX_EVIDENCE_BYTES):
        messages.error(request, _("An evidence file may be at most 10 MB."))
        return redirect(_item_anchor(assessment, item))
    answer = Answer.objects.filter(assessment=assessment, item_id=item_id).first()
    form = EvidenceFileForm(request.POST, request.FILES)
    if answer is None:
        messages.error(
            request, _("Save a rating for %(item)s before attaching files.") % {"item": item_id}
        )
    elif not form.is_valid():
        messages.error(request, _("Choose a file to attach to %(item)s.") % {"item": item_id})
    else:
        try:
            stored = services.evidence_file_add(
                answer=answer, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is attached to %(item)s.") % {"name": stored.name, "item": item_id},
            )
    return redirect(_item_anchor(assessment, item))


def _evidence_file(request: HttpRequest, pk: int, file_pk: int, manage: bool) -> EvidenceFile:
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=manage)
    return get_object_or_404(
        EvidenceFile.objects.select_related("answer__assessment"),
        pk=file_pk,
        answer__assessment=assessment,
    )


@access(PUBLIC)  # type: ignore[arg-type]  # access() is typed for HttpResponse; files too
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    stored = _evidence_file(request, pk, file_pk, manage=False)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=stored.name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@access(*WRITER)
@require_POST
def file_delete(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponse:
    stored = _evidence_file(request, pk, file_pk, manage=True)
    assessment = stored.answer.assessment
    try:
        services.evidence_file_delete(stored=stored, user=request.user)
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from error
    messages.success(request, _("%(name)s is removed.") % {"name": stored.name})
    item = framework_of(assessment).item(stored.answer.item_id)
    return redirect(_item_anchor(assessment, item))


# -- submitting, publishing, carrying forward ----------------------------------------------------


def _act(
    request: AuthenticatedHttpRequest, pk: int, action: Any, done: str, **kwargs: Any
) -> HttpResponse:
    """Run a service on an assessment the user manages; show its refusal as a message."""
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=True)
    try:
        action(assessment=assessment, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("assessments:detail", pk=pk)


@access(*WRITER)
@require_POST
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.assessment_submit,
        _("The assessment is submitted; its answers are frozen."),
    )


@access(*WRITER)
@require_POST
def visibility(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose private or published."))
        return redirect("assessments:detail", pk=pk)
    chosen = form.cleaned_data["visibility"]
    done = (
        _("The assessment is published.")
        if chosen == "published"
        else _("The assessment is private: only the entity's representatives see it.")
    )
    return _act(request, pk, services.assessment_set_visibility, done, visibility=chosen)


@access(*WRITER)
@require_POST
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=True)
    try:
        services.assessment_delete(assessment=assessment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:detail", pk=pk)
    messages.success(request, _("The draft is discarded."))
    return redirect("assessments:entity", slug=assessment.entity.slug)


@access(*WRITER)
@require_POST
def carry_forward(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(user=request.user, pk=pk, manage=True)
    form = CarryForwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a framework version."))
        return redirect("assessments:detail", pk=pk)
    carried = services.assessment_carry_forward(
        assessment=assessment, framework_id=form.cleaned_data["framework"], user=request.user
    )
    moved = len(carried.moved)
    messages.success(
        request,
        ngettext(
            "%(n)d answer was carried forward into this draft.",
            "%(n)d answers were carried forward into this draft.",
            moved,
        )
        % {"n": moved},
    )
    if carried.unanswered:
        messages.warning(
            request,
            _("New in this version, not answered yet: %(items)s.")
            % {"items": ", ".join(carried.unanswered)},
        )
    if carried.removed:
        messages.warning(
            request,
            _("No longer in this version, so not carried: %(items)s.")
            % {"items": ", ".join(carried.removed)},
        )
    return redirect("assessments:answers", pk=carried.assessment.pk)


# -- results and reports -------------------------------------------------------------------------


@access(PUBLIC)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(user=request.user, pk=pk)
    report = assessment_report(assessment)
    manager = may_manage_assessments(request.user, assessment.entity)
    answers = {a.item_id: a for a in assessment.answers.prefetch_related("files")}
    by_pillar = [
        (
            pillar,
            [
                (item, answers.get(item.id))
                for item in report.framework.items
                if item.pillar == pillar.id
            ],
        )
        for pillar in report.framework.pillars
    ]
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "report": report,
            "may_manage": manager,
            "answers_by_pillar": by_pillar,
            "submitted": assessment.status == AssessmentStatus.SUBMITTED,
            "recommendations": _recommendations(assessment, report),
            "visibility_form": VisibilityForm(initial={"visibility": assessment.visibility}),
            "carry_form": CarryForwardForm(initial={"framework": assessment.framework_id}),
        },
    )


def _recommendations(assessment: Assessment, report: Any) -> list[Any]:
    """What the entity's people could learn for each guideline not met (the learning app)."""
    from osunited.learning.selectors.recommendations import recommendations_for

    return recommendations_for(assessment.entity, report.result, report.framework)


@access(PUBLIC)
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(user=request.user, pk=pk)
    report = assessment_report(assessment)
    context = {
        "assessment": assessment,
        "report": report,
        "recommendations": _recommendations(assessment, report)[:5],
    }
    return render(request, "assessments/summary.html", context)


def _download_name(assessment: Assessment, extension: str) -> str:
    entity, framework = assessment.entity.slug, assessment.framework_id
    return f"{entity}-{framework}-assessment-{assessment.pk}.{extension}"


@access(PUBLIC)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(user=request.user, pk=pk)
    html = render_to_string(
        "assessments/report_pdf.html",
        {
            "assessment": assessment,
            "report": assessment_report(assessment),
        },
        request=request,
    )
    try:
        document = fw.render_pdf(html)
    except OSError as exc:  # WeasyPrint could not load Pango: an installation problem
        raise RuntimeError("PDF reports need Pango (scripts/install-system-packages.sh)") from exc
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(assessment, "pdf")}"'
    return response


@access(PUBLIC)
def answers_file(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(user=request.user, pk=pk)
    text = fw.dump_answers(
        framework_of(assessment), engine_answers(assessment), entity=assessment.entity.acronym
    )
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(assessment, "yaml")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
