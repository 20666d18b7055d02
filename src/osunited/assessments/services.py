"""Writes of assessments: start, answer, attach evidence, submit, publish, carry forward, import.

The stage itself is computed by `osunited.framework`; this module stores answers and results.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited import framework as fw
from osunited.accounts.models import User
from osunited.assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    EvidenceFile,
    RatingChoice,
    Visibility,
)
from osunited.assessments.selectors import assessment_result, framework_of
from osunited.audit.services import audit_record
from osunited.entities.models import Entity

MAX_LINKS = 10
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_ANSWER = 5


@transaction.atomic
def assessment_start(*, entity: Entity, framework_id: str, user: User | None) -> Assessment:
    fw.load_framework(framework_id)  # an unknown id raises FrameworkError here
    assessment = Assessment.objects.create(
        entity=entity, framework_id=framework_id, created_by=user
    )
    audit_record(action="assessment.started", actor=user, target=assessment)
    return assessment


def _editable(assessment: Assessment) -> None:
    """Check, on the row locked for this transaction, that the assessment is still a draft: a
    submission committed since the page was loaded wins."""
    current = Assessment.objects.select_for_update().only("status").get(pk=assessment.pk)
    if not current.is_editable:
        raise ValidationError(_("A submitted assessment is not changed; start a new one."))


def is_link(text: str) -> bool:
    """An http(s) URL and nothing else (evidence text that begins with one is text)."""
    return text.startswith(("http://", "https://")) and not any(c.isspace() for c in text)


def clean_links(text_or_list: str | list[str]) -> list[str]:
    """Evidence links, one per line: http(s) URLs only, at most ten."""
    lines = text_or_list.splitlines() if isinstance(text_or_list, str) else text_or_list
    links = [line.strip() for line in lines if line.strip()]
    for link in links:
        parts = urlsplit(link)
        if not is_link(link) or not parts.netloc or len(link) > 500:
            raise ValidationError(
                _("Evidence links must be http(s) URLs: %(link)s") % {"link": link[:100]}
            )
    if len(links) > MAX_LINKS:
        raise ValidationError(_("At most %(n)d evidence links.") % {"n": MAX_LINKS})
    return links


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    item_id: str,
    rating: str,
    user: User | None,
    justification: str = "",
    evidence: str = "",
    links: str | list[str] = "",
    owner: str = "",
) -> Answer:
    """Save one item's answer (a partial assessment is saved answer by answer)."""
    _editable(assessment)
    if item_id not in framework_of(assessment).item_ids:
        raise ValidationError(_("%(item)s is not an item of this framework.") % {"item": item_id})
    if rating not in RatingChoice.values:
        raise ValidationError({"rating": _("Choose a rating.")})
    if rating == RatingChoice.NOT_APPLICABLE and not justification.strip():
        raise ValidationError(
            {"justification": _("Say why the item does not apply: not applicable needs a reason.")}
        )
    try:
        checked_links = clean_links(links)
    except ValidationError as exc:
        raise ValidationError({"links": exc.messages}) from exc
    answer, _created = Answer.objects.update_or_create(
        assessment=assessment,
        item_id=item_id,
        defaults={
            "rating": rating,
            "justification": justification.strip()[:5000],
            "evidence": evidence.strip()[:5000],
            "links": checked_links,
            "owner": owner.strip()[:200],
            "updated_by": user,
        },
    )
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return answer


@transaction.atomic
def evidence_file_add(*, answer: Answer, upload: UploadedFile, user: User) -> EvidenceFile:
    _editable(answer.assessment)
    if upload.size is None or upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("An evidence file may be at most 10 MB."))
    if answer.files.count() >= MAX_FILES_PER_ANSWER:
        raise ValidationError(_("At most %(n)d files per answer.") % {"n": MAX_FILES_PER_ANSWER})
    name = (upload.name or "evidence").replace("\\", "/").rsplit("/", 1)[-1][:200] or "evidence"
    audit_record(
        action="assessment.evidence_added",
        actor=user,
        target=answer.assessment,
        changes={"item": answer.item_id, "file": name},
    )
    stored = EvidenceFile(answer=answer, name=name, size=upload.size, uploaded_by=user)
    stored.file.save(upload.name or "evidence", upload, save=False)
    try:
        stored.save()
    except Exception:  # the row is not written: the stored file must not stay behind
        stored.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def evidence_file_delete(*, stored: EvidenceFile, user: User) -> None:
    _editable(stored.answer.assessment)
    audit_record(
        action="assessment.evidence_removed",
        actor=user,
        target=stored.answer.assessment,
        changes={"item": stored.answer.item_id, "file": stored.name},
    )
    file = stored.file
    stored.delete()
    transaction.on_commit(lambda: file.delete(save=False))


@transaction.atomic
def assessment_delete(*, assessment: Assessment, user: User) -> None:
    """Discard a draft with its answers and files; a submitted assessment is a record and stays."""
    _editable(assessment)
    files = [f.file for f in EvidenceFile.objects.filter(answer__assessment=assessment)]
    changes = {"assessment": assessment.pk, "framework": assessment.framework_id}
    audit_record(
        action="assessment.discarded", actor=user, target=assessment.entity, changes=changes
    )
    assessment.delete()
    transaction.on_commit(lambda: [stored.delete(save=False) for stored in files])


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User | None) -> Assessment:
    """Freeze the answers and store the result; unrated items count as minimal."""
    _editable(assessment)
    result = assessment_result(assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.stage = result.stage
    assessment.result = result.as_dict()
    assessment.save(update_fields=["status", "submitted_at", "stage", "result", "updated_at"])
    audit_record(
        action="assessment.submitted",
        actor=user,
        target=assessment,
        changes={"stage": result.stage},
    )
    return assessment


@transaction.atomic
def assessment_set_visibility(
    *, assessment: Assessment, visibility: str, user: User | None
) -> Assessment:
    if visibility not in Visibility.values:
        raise ValidationError(_("Unknown visibility."))
    if visibility == Visibility.PUBLISHED and assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be published."))
    assessment.visibility = visibility
    assessment.save(update_fields=["visibility", "updated_at"])
    audit_record(action=f"assessment.{visibility}", actor=user, target=assessment)
    return assessment


@dataclass(frozen=True)
class CarriedForward:
    assessment: Assessment
    moved: list[str]  # answered items that exist in the new version
    unanswered: list[str]  # items new in this version
    removed: list[str]  # answered items the new version no longer has


@transaction.atomic
def assessment_carry_forward(
    *, assessment: Assessment, framework_id: str, user: User
) -> CarriedForward:
    """A new draft for `framework_id` with the answers of `assessment` moved by item id."""
    old_ids = set(framework_of(assessment).item_ids)
    target = fw.load_framework(framework_id)
    new = Assessment.objects.create(
        entity=assessment.entity,
        framework_id=framework_id,
        created_by=user,
        carried_from=assessment,
    )
    answers = list(assessment.answers.all())
    kept = [a for a in answers if a.item_id in target.item_ids]
    Answer.objects.bulk_create(
        Answer(
            assessment=new,
            item_id=a.item_id,
            rating=a.rating,
            justification=a.justification,
            evidence=a.evidence,
            links=a.links,
            owner=a.owner,
            updated_by=user,
        )
        for a in kept
    )
    answered = {a.item_id for a in answers}
    audit_record(
        action="assessment.carried_forward",
        actor=user,
        target=new,
        changes={"from": assessment.pk, "framework": framework_id},
    )
    return CarriedForward(
        assessment=new,
        moved=[i for i in target.item_ids if i in answered],
        unanswered=[i for i in target.item_ids if i not in old_ids],
        removed=sorted(answered - set(target.item_ids)),
    )


@transaction.atomic
def assessment_import(*, entity: Entity, text: str, user: User) -> Assessment:
    """A new draft from a portable answers file; nothing is written if the file is refused."""
    try:
        imported = fw.parse_answers(text, source=_("The answers file"))
    except fw.AnswersError as exc:
        raise ValidationError(str(exc)) from exc
    assessment = assessment_start(entity=entity, framework_id=imported.framework.id, user=user)
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            item_id=item_id,
            rating=a.rating.value,
            justification=a.justification,
            evidence="\n".join(e for e in a.evidence if not is_link(e)),
            links=clean_links([e for e in a.evidence if is_link(e)]),
            owner=a.owner,
            updated_by=user,
        )
        for item_id, a in imported.answers.items()
    )
    return assessment
