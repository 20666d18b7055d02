"""Capacity building (CPF 4.5, CB1-CB4) and the OSEE framework's modules in practice."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.entities.models import Entity

_USER = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class ModuleKind(models.TextChoices):
    OSEE = "osee", _("OSEE framework module")
    CPF_BASIC = "cpf_basic", _("UN self-paced module, basic")
    CPF_ADVANCED = "cpf_advanced", _("UN self-paced module, advanced")
    TRAIN_THE_TRAINER = "train_the_trainer", _("Train the Trainer")
    EXTERNAL = "external", _("External course")


class LearningModule(models.Model):
    """A module of the learning catalogue: an OSEE module, one of the CPF's self-paced modules, or
    an external course (the Linux Foundation's, ...). Unknown facts stay empty, never guessed."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    kind = models.CharField(_("kind"), max_length=20, choices=ModuleKind.choices)
    osee_module = models.CharField(_("OSEE module"), max_length=60, blank=True)
    competencies = models.JSONField(_("OSEE competencies"), default=list, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=12, default="en")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    license = models.CharField(_("license of the material"), max_length=200, blank=True)
    self_paced = models.BooleanField(_("self-paced"), default=True)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title


class PathRole(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Project focal point")
    REVIEWER = "reviewer", _("Project Review Committee member")
    ENTITY_REPRESENTATIVE = "entity_representative", _("Entity representative")
    DEVELOPER = "developer", _("Developer")
    OSPO_LEAD = "ospo_lead", _("OSPO lead")


class LearningPath(models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    role = models.CharField(_("for"), max_length=32, choices=PathRole.choices)
    summary = models.TextField(_("summary"))

    class Meta:
        ordering = ("role", "title")

    def __str__(self) -> str:
        return self.title


class PathStep(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    module = models.ForeignKey(LearningModule, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    why = models.TextField(_("why this step"))

    class Meta:
        ordering = ("path", "position")
        constraints = [
            models.UniqueConstraint(fields=["path", "module"], name="path_step_module_once"),
            models.UniqueConstraint(fields=["path", "position"], name="path_step_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.path}: {self.position}"


class EventKind(models.TextChoices):
    MIND_THE_GAP = "mind_the_gap", _("Mind the Open Source Gap")
    OSPOS_FOR_GOOD = "ospos_for_good", _("OSPOs for Good")
    OSS4SDG_HACKATHON = "oss4sdg_hackathon", _("OSS4SDG hackathon")
    OFFICE_HOURS = "office_hours", _("Office hours")
    WEBINAR = "webinar", _("Webinar")
    TRAIN_THE_TRAINER = "train_the_trainer", _("Train the Trainer")
    WORKSHOP = "workshop", _("Workshop")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Online and on site")


class Event(models.Model):
    """An event with one or more sessions. `capacity` None is no limit; with
    `needs_confirmation`, a registration waits for the participant's entity to confirm it."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    series = models.CharField(_("series"), max_length=120, blank=True)
    summary = models.TextField(_("summary"))
    language = models.CharField(_("language"), max_length=12, default="en")
    format = models.CharField(_("format"), max_length=12, choices=EventFormat.choices)
    location = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    needs_confirmation = models.BooleanField(
        _("registrations confirmed by the participant's entity"), default=False
    )
    modules = models.ManyToManyField(
        LearningModule, verbose_name=_("modules covered"), blank=True, related_name="events"
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events"
    )
    organiser_entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    slides_url = models.URLField(_("slides"), max_length=500, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.title


class EventSession(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    joining_url = models.URLField(_("joining link"), max_length=500, blank=True)
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    slides_url = models.URLField(_("slides"), max_length=500, blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="sessions_led"
    )

    class Meta:
        ordering = ("starts_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RegistrationState(models.TextChoices):
    PENDING = "pending", _("Waiting for the entity's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


def new_ticket() -> str:
    return secrets.token_urlsafe(18)


class Registration(models.Model):
    """One person registered for an event. `ticket` is the secret the QR code carries."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="registrations")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices)
    ticket = models.CharField(max_length=40, unique=True, default=new_ticket)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once"),
        ]
        indexes = [models.Index(fields=["entity", "state"])]

    def __str__(self) -> str:
        return f"{self.user} at {self.event}"


class AttendanceSource(models.TextChoices):
    QR = "qr", _("QR code on the ticket")
    LIST = "list", _("Participant list")
    IMPORT = "import", _("Imported attendance file")


class Attendance(models.Model):
    """Someone was at a session. Imported rows may name people without an account (`user` None,
    matched by e-mail address when they sign up)."""

    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    user = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("recorded from"), max_length=8, choices=AttendanceSource.choices)
    imported_from = models.CharField(_("imported file"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_in_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("session", "checked_in_at")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="attendance_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(email=""),
                name="attendance_once_per_email",
            ),
        ]
        indexes = [models.Index(fields=["entity"])]

    def __str__(self) -> str:
        return f"{self.name or self.email or self.user} at {self.session}"


class CompletionSource(models.TextChoices):
    ATTENDANCE = "attendance", _("Attended the event")
    SELF_PACED = "self_paced", _("Completed a self-paced module")
    IMPORT = "import", _("Imported from another learning system")


class Completion(models.Model):
    """A person completed an event or a module: the certificate and the Open Badge are issued
    for it, under `public_id`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="completions")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="completions"
    )
    module = models.ForeignKey(
        LearningModule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="completions",
    )
    source = models.CharField(_("source"), max_length=12, choices=CompletionSource.choices)
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-completed_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=True, module__isnull=False)
                | Q(event__isnull=False, module__isnull=True),
                name="completion_of_an_event_or_a_module",
            ),
            models.UniqueConstraint(
                fields=["user", "event"],
                condition=Q(event__isnull=False),
                name="completion_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["user", "module"],
                condition=Q(module__isnull=False),
                name="completion_once_per_module",
            ),
        ]
        indexes = [models.Index(fields=["entity", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.event or self.module}"


class Trainer(models.Model):
    """Someone who trains others (Train the Trainer, CPF 4.5.6); the cascade of who trained whom
    follows from the sessions they led (EventSession.trainers) and who attended them."""

    user = models.OneToOneField(_USER, on_delete=models.CASCADE, related_name="trainer")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    qualified_by = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    qualified_on = models.DateField(_("qualified on"), null=True, blank=True)
    topics = models.JSONField(_("OSEE competencies taught"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    def __str__(self) -> str:
        return str(self.user)


class MentorOffer(models.Model):
    """A mentor's offer (CB3): topics (OSEE competencies), languages and how many mentees."""

    mentor = models.OneToOneField(_USER, on_delete=models.CASCADE, related_name="mentor_offer")
    topics = models.JSONField(_("topics"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    capacity = models.PositiveSmallIntegerField(_("mentees at a time"))
    note = models.TextField(_("about the mentoring"), blank=True)
    active = models.BooleanField(_("taking mentees"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.mentor)


class MentorshipStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_MENTORSHIP = (MentorshipStatus.REQUESTED, MentorshipStatus.ACTIVE)


class Mentorship(models.Model):
    mentor = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="mentees_of")
    mentee = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="mentors_of")
    mentee_entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=120)
    message = models.TextField(_("what the mentee hopes for"))
    status = models.CharField(_("status"), max_length=12, choices=MentorshipStatus.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status__in=["requested", "active"]),
                name="mentorship_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentorship_not_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee}"
