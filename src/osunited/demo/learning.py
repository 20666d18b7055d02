"""The demo's capacity building (CPF 4.5): five events of the capacity-building team, two past
and three coming, with registrations in every state, attendance checked in by QR code and
imported from an Indico export, certificates and badges, self-paced modules completed by UNICEF's
and WFP's people, a UNICEF trainer qualified by the Train the Trainer workshop who led a Mind the
Open Source Gap session (so that UNICEF's cascade has two generations), and mentorship.

Everything goes through the learning app's services; what the services date at the moment of
the call (registrations, check-ins, completions issued) is then moved to when it happened, as
the dashboard's history does. Dates are relative to today, so that the demo stays current. No
recording, joining link or place is given that the CPF does not state. Texts written for the
demo (Apache-2.0, as the rest of the project)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from osunited.accounts.models import User
from osunited.dashboard.services import snapshot_backfill
from osunited.demo.dashboard import HISTORY_DAYS
from osunited.demo.services import (
    CAPACITY_TEAM_MEMBER,
    LEARNING_FOCAL_POINT,
    demo_at,
    demo_user,
)
from osunited.demo.services import learning_roles_grant as grant_roles
from osunited.entities.models import Entity
from osunited.learning.attendance_import import read_attendance_file
from osunited.learning.models import (
    Attendance,
    Completion,
    Event,
    EventFormat,
    EventKind,
    EventSession,
    LearningModule,
    Registration,
)
from osunited.learning.services.attendance import attendance_check_in, attendance_import
from osunited.learning.services.catalogue import catalogue_sync
from osunited.learning.services.credentials import completion_mark
from osunited.learning.services.events import (
    event_create,
    event_update,
    registration_cancel,
    registration_decide,
    registration_register,
    session_save,
)
from osunited.learning.services.mentorship import mentor_offer_save, mentorship_change
from osunited.learning.services.mentorship import mentorship_request as request_mentoring
from osunited.learning.services.trainers import trainer_record

# UNICEF's people who learn in the demo (not demo logins: they sign in with no exception to 2FA).
TRAINER = "trainer@unicef.org"
UNICEF_LEARNERS = ("developer@unicef.org", "procurement@unicef.org", "dataofficer@unicef.org")
WFP_FOCAL_POINT = "focalpoint@wfp.org"
MENTOR = "ossib@who.int"
INDICO_HEADER = (
    "ID,Name,Email Address,First Name,Last Name,Affiliation,Registration state,"
    "Checked in,Check-in date"
)
# A session planned this far ahead while its registrations are taken, before it is moved back
# to the past it belongs to: the services register nobody for an event that is over.
PLANNED_AHEAD = timedelta(days=7)


@dataclass(frozen=True)
class DemoSession:
    title: str
    days: int  # from today; negative in the past
    hour: int  # UTC
    hours: int
    location: str = ""


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    title: str
    kind: str
    summary: str
    format: str
    sessions: tuple[DemoSession, ...]
    modules: tuple[str, ...]
    series: str = ""
    location: str = ""
    capacity: int | None = None
    needs_confirmation: bool = False
    organiser_entity: str = ""
    organisers: tuple[str, ...] = ()
    facts: dict[str, object] = field(default_factory=dict)


def _ospos_for_good() -> DemoEvent:
    year = demo_at(200, 7).year
    return DemoEvent(
        slug=f"ospos-for-good-{year}",
        title=f"OSPOs for Good {year}",
        kind=EventKind.OSPOS_FOR_GOOD,
        series="OSPOs for Good",
        summary=(
            "The yearly action symposium of Open Source Programme Offices working on social, "
            "environmental and humanitarian challenges (CPF 4.5.2): panels, talks, workshops "
            "and networking. Your entity's learning focal point confirms your registration."
        ),
        format=EventFormat.ON_SITE,
        location="Geneva",
        capacity=400,
        needs_confirmation=True,
        organiser_entity="OICT",
        sessions=(
            DemoSession("Day 1", 200, 7, 8, "Geneva"),
            DemoSession("Day 2", 201, 7, 8, "Geneva"),
        ),
        modules=("osee-strategy", "todo-group-ospo-101"),
    )


def demo_events() -> list[DemoEvent]:
    """The five events, the past ones first (the trainer is qualified before leading)."""
    return [
        DemoEvent(
            slug="train-the-trainer-workshop",
            title="Train the Trainer workshop",
            kind=EventKind.TRAIN_THE_TRAINER,
            summary=(
                "For people who will pass open source knowledge on within their teams and "
                "departments (CPF 4.5.6). Attending both sessions qualifies a trainer."
            ),
            format=EventFormat.ONLINE,
            capacity=12,
            organiser_entity="OICT",
            sessions=(DemoSession("Part 1", -80, 13, 3), DemoSession("Part 2", -79, 13, 3)),
            modules=("train-the-trainer",),
        ),
        DemoEvent(
            slug="mind-the-open-source-gap-4",
            title="Mind the Open Source Gap: session 4",
            kind=EventKind.MIND_THE_GAP,
            series="Mind the Open Source Gap",
            summary=(
                "The principles, practices and benefits of open source for UN personnel, with "
                "an exploration of licenses and their implications (CPF 4.5.1)."
            ),
            format=EventFormat.ONLINE,
            organiser_entity="OICT",
            sessions=(DemoSession("Session 4", -30, 14, 2),),
            modules=("un-open-source-basic", "lf-open-source-licensing-basics"),
        ),
        DemoEvent(
            slug="licensing-webinar",
            title="Webinar: choosing an open source license",
            kind=EventKind.WEBINAR,
            summary=(
                "Members of the Licensing Working Group go through the recommended license "
                "packages and answer questions."
            ),
            format=EventFormat.ONLINE,
            organisers=(MENTOR,),
            sessions=(DemoSession("Webinar", 14, 15, 1),),
            modules=("lf-open-source-licensing-basics",),
        ),
        DemoEvent(
            slug="oss4sdg-hackathon",
            title="OSS4SDG hackathon",
            kind=EventKind.OSS4SDG_HACKATHON,
            series="Open Source Software 4 Sustainable Development Goals",
            summary=(
                "The next hackathon of the OSS4SDG series, prepared with UNICEF (CPF 4.5.3): "
                "teams build open source solutions to a challenge of the Sustainable "
                "Development Goals, on site or online. Few places: the waiting list moves up "
                "when someone cancels."
            ),
            format=EventFormat.HYBRID,
            capacity=4,
            organiser_entity="OICT",
            sessions=(DemoSession("Day 1", 45, 13, 6), DemoSession("Day 2", 46, 13, 6)),
            modules=("lf-beginners-guide-open-source-development",),
        ),
        _ospos_for_good(),
    ]


def load_learning() -> None:
    catalogue_sync()  # the shipped catalogue, in case `migrate` did not create it
    grant_roles()
    people = _people()
    team = people[CAPACITY_TEAM_MEMBER]
    events = {demo.slug: _event(demo, team, people) for demo in demo_events()}
    _train_the_trainer(events["train-the-trainer-workshop"], team, people)
    _mind_the_gap(events["mind-the-open-source-gap-4"], team, people)
    _coming_events(events, people)
    _self_paced(team, people)
    _mentorship(people)
    # The dashboard's figures of the past weeks now count these completions.
    snapshot_backfill(days=HISTORY_DAYS, replace=True)


def _people() -> dict[str, User]:
    emails = (
        CAPACITY_TEAM_MEMBER,
        LEARNING_FOCAL_POINT,
        TRAINER,
        *UNICEF_LEARNERS,
        "representative@unicef.org",
        WFP_FOCAL_POINT,
        MENTOR,
        "reviewer@undp.org",
        "contributor@example.org",
    )
    return {email: demo_user(email) for email in emails}


def _event(demo: DemoEvent, team: User, people: dict[str, User]) -> Event:
    organiser_entity = demo.organiser_entity
    event = event_create(
        actor=team,
        modules=LearningModule.objects.filter(slug__in=demo.modules),
        organisers=[people[email] for email in demo.organisers],
        slug=demo.slug,
        title=demo.title,
        kind=demo.kind,
        series=demo.series,
        summary=demo.summary,
        format=demo.format,
        location=demo.location,
        capacity=demo.capacity,
        needs_confirmation=demo.needs_confirmation,
        organiser_entity=Entity.objects.filter(acronym=organiser_entity).first()
        if organiser_entity
        else None,
    )
    for number, session in enumerate(demo.sessions):
        starts_at = demo_at(max(session.days, 0), session.hour)
        if session.days < 0:
            starts_at = demo_at(0, session.hour) + PLANNED_AHEAD + timedelta(days=number)
        session_save(
            actor=team,
            event=event,
            title=session.title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=session.hours),
            location=session.location,
        )
    return event_update(actor=team, event=event, changes={"published": True})


def _register(event: Event, people: dict[str, User], emails: tuple[str, ...]) -> None:
    for email in emails:
        registration_register(actor=people[email], event=event)


def _move_to_the_past(event: Event, team: User, demo: DemoEvent) -> list[EventSession]:
    """The sessions to their past dates, with the registrations taken two weeks before."""
    sessions = list(event.sessions.order_by("starts_at"))
    for session, planned in zip(sessions, demo.sessions, strict=True):
        starts_at = demo_at(planned.days, planned.hour)
        session_save(
            actor=team,
            event=event,
            session=session,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=planned.hours),
        )
    taken = sessions[0].starts_at - timedelta(days=14)
    Registration.objects.filter(event=event).update(created_at=taken)
    Registration.objects.filter(event=event, cancelled_at__isnull=False).update(
        cancelled_at=taken + timedelta(days=3)
    )
    return sessions


def _completed_when_it_ended(event: Event) -> None:
    last = event.sessions.order_by("-ends_at").first()
    assert last is not None
    Completion.objects.filter(event=event).update(issued_at=last.ends_at + timedelta(hours=1))


def _demo(slug: str) -> DemoEvent:
    return next(demo for demo in demo_events() if demo.slug == slug)


def _train_the_trainer(event: Event, team: User, people: dict[str, User]) -> None:
    """Attendance imported from the Indico export of each part; the UNICEF trainer and WHO's
    OSSIB member attended both, WFP's focal point registered and did not come."""
    _register(event, people, (TRAINER, MENTOR, WFP_FOCAL_POINT))
    sessions = _move_to_the_past(event, team, _demo(event.slug))
    for part, session in enumerate(sessions, start=1):
        came = session.starts_at + timedelta(minutes=4)
        rows = [
            _indico_row(1, people[TRAINER], "UNICEF", came),
            _indico_row(2, people[MENTOR], "WHO", came),
            _indico_row(3, people[WFP_FOCAL_POINT], "WFP", None),
        ]
        data = "\n".join([INDICO_HEADER, *rows]).encode()
        attendance_file = read_attendance_file(data, timezone=UTC)
        assert not attendance_file.errors, attendance_file.errors
        attendance_import(
            actor=team,
            session=session,
            rows=attendance_file.rows,
            file_name=f"indico-registrants-train-the-trainer-part-{part}.csv",
        )
    _completed_when_it_ended(event)
    last_day = sessions[-1].starts_at.date()
    trainer_record(
        actor=team,
        user=people[TRAINER],
        entity=Entity.objects.get(acronym="UNICEF"),
        qualified_by=event,
        qualified_on=last_day,
        topics=(
            "strategy/capacity-building",
            "strategy/software-contribution-governance",
            "requirements-and-specifications/licensing-selection-based-on-requirements",
        ),
    )


def _indico_row(number: int, user: User, affiliation: str, came: datetime | None) -> str:
    checked_in = f"Yes,{came:%Y-%m-%d %H:%M:%S}" if came else "No,"
    return f"{number},{user.display_name},{user.email},,,{affiliation},Completed,{checked_in}"


def _mind_the_gap(event: Event, team: User, people: dict[str, User]) -> None:
    """Led by the UNICEF trainer; UNICEF's people and WFP's focal point checked in by the QR code
    of their tickets; UNDP's reviewer cancelled, the external contributor did not come."""
    attending = (*UNICEF_LEARNERS, "representative@unicef.org", WFP_FOCAL_POINT)
    _register(event, people, (*attending, "reviewer@undp.org", "contributor@example.org"))
    registration_cancel(actor=people["reviewer@undp.org"], event=event)
    [session] = _move_to_the_past(event, team, _demo(event.slug))
    session_save(actor=team, event=event, session=session, trainers=[people[TRAINER]])
    for minutes, email in enumerate(attending):
        ticket = Registration.objects.get(event=event, user=people[email]).ticket
        attendance_check_in(actor=team, session=session, ticket=ticket)
        Attendance.objects.filter(session=session, user=people[email]).update(
            checked_in_at=session.starts_at - timedelta(minutes=10 - minutes)
        )
    _completed_when_it_ended(event)


def _coming_events(events: dict[str, Event], people: dict[str, User]) -> None:
    unicef = Entity.objects.get(acronym="UNICEF")
    focal_point = people[LEARNING_FOCAL_POINT]
    webinar = events["licensing-webinar"]
    _register(webinar, people, (WFP_FOCAL_POINT, "developer@unicef.org", "contributor@example.org"))
    # Four places: full, one cancels, one more takes the place, the last waits.
    hackathon = events["oss4sdg-hackathon"]
    _register(
        hackathon,
        people,
        ("contributor@example.org", "developer@unicef.org", WFP_FOCAL_POINT, "reviewer@undp.org"),
    )
    registration_cancel(actor=people["reviewer@undp.org"], event=hackathon)
    _register(hackathon, people, (TRAINER, "dataofficer@unicef.org"))
    # UNICEF's learning focal point confirmed one, declined one and has two to decide on.
    symposium = events[_ospos_for_good().slug]
    _register(symposium, people, (*UNICEF_LEARNERS, TRAINER, WFP_FOCAL_POINT))
    for email, confirm in (("procurement@unicef.org", True), ("dataofficer@unicef.org", False)):
        registration = Registration.objects.get(event=symposium, user=people[email])
        assert registration.entity == unicef
        registration_decide(actor=focal_point, registration=registration, confirm=confirm)


@dataclass(frozen=True)
class SelfPaced:
    email: str
    module: str
    days_ago: int


SELF_PACED = (
    SelfPaced("procurement@unicef.org", "un-open-source-basic", 250),
    SelfPaced("developer@unicef.org", "un-open-source-basic", 200),
    SelfPaced("developer@unicef.org", "lf-beginners-guide-open-source-development", 150),
    SelfPaced("procurement@unicef.org", "osee-procurement-and-legal", 100),
    SelfPaced("dataofficer@unicef.org", "lf-open-source-licensing-basics", 60),
    SelfPaced(WFP_FOCAL_POINT, "openssf-developing-secure-software", 45),
    SelfPaced("representative@unicef.org", "osee-strategy", 20),
)


def _self_paced(team: User, people: dict[str, User]) -> None:
    """Self-paced modules the capacity team recorded as completed, over the past quarters."""
    today = timezone.localdate()
    for done in SELF_PACED:
        completion_mark(
            actor=team,
            user=people[done.email],
            module=LearningModule.objects.get(slug=done.module),
            completed_on=today - timedelta(days=done.days_ago),
        )


def _mentorship(people: dict[str, User]) -> None:
    """WHO's OSSIB member mentors on licensing and legal questions and the UNICEF trainer on
    capacity building: one active pair, one request waiting for the trainer's answer."""
    licensing = "requirements-and-specifications/licensing-selection-based-on-requirements"
    legal = "procurement-and-legal/capacity-to-recognize-and-address-legal-challenges"
    mentor = people[MENTOR]
    offer = mentor_offer_save(
        actor=mentor,
        topics=[licensing, legal],
        languages=["en"],
        capacity=3,
        note="An hour a month on licensing choices and the legal questions of releasing code.",
    )
    trainer_offer = mentor_offer_save(
        actor=people[TRAINER],
        topics=["strategy/capacity-building"],
        languages=["en"],
        capacity=2,
        note="For whoever plans training for their team.",
    )
    pair = request_mentoring(
        actor=people["procurement@unicef.org"],
        offer=offer,
        topic=legal,
        message="We are preparing our first procurement of open source support services.",
    )
    mentorship_change(actor=mentor, mentorship=pair, action="accept")
    request_mentoring(
        actor=people[WFP_FOCAL_POINT],
        offer=trainer_offer,
        topic="strategy/capacity-building",
        message="I would like to plan a first training for our country office's developers.",
    )
