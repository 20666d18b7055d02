"""Check-in by QR code on a phone (#19): the organiser's 390 px page reads the QR code of a
participant's ticket through the camera (Chromium's fake camera, fed with a video of the QR
code written here from segno's matrix), the participant is checked in, the page fits the screen
and passes axe-core; the participant then downloads the certificate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page

from osunited.accounts.models import User
from osunited.learning.models import (
    Attendance,
    AttendanceSource,
    Event,
    EventSession,
    Registration,
    RegistrationState,
)
from osunited.learning.services.attendance import attendance_check_in
from tests.browser.accessibility import serious_violations
from tests.browser.conftest import CHROMIUM_FLAGS
from tests.conftest import Cast
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT, FRAMES = 640, 480, 10


def write_y4m(text: str, path: Path) -> None:
    """A few identical frames of the QR code of `text`, black on white, centred: YUV 4:2:0."""
    matrix = segno.make(text, error="m").matrix
    quiet = 4
    size = len(matrix) + 2 * quiet
    scale = min(WIDTH, HEIGHT) * 3 // 4 // size
    left, top = (WIDTH - size * scale) // 2, (HEIGHT - size * scale) // 2
    luma = bytearray(b"\xff" * (WIDTH * HEIGHT))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if not dark:
                continue
            for dy in range(scale):
                start = (top + (y + quiet) * scale + dy) * WIDTH + left + (x + quiet) * scale
                luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (WIDTH // 2 * HEIGHT // 2)
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    path.write_bytes(header + frame * FRAMES)


def signed_in(context: BrowserContext, base_url: str, user: User) -> Page:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def phone(browser: Browser, base_url: str) -> BrowserContext:
    return browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", base_url=base_url
    )


def assert_fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    assert serious_violations(page) == [], page.url


@contextmanager
def camera_showing(browser: Browser, video: Path) -> Iterator[Browser]:
    """A Chromium of its own whose camera shows the video at `video`."""
    camera = browser.browser_type.launch(
        executable_path=chromium_path(),
        headless=True,
        args=[
            *CHROMIUM_FLAGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        yield camera
    finally:
        camera.close()


def a_session_under_way(cast: Cast) -> Event:
    event = Event.objects.create(
        slug="mind-the-gap-8",
        title="Mind the Open Source Gap 8",
        kind="mind_the_gap",
        summary="Open source in the UN system.",
        format="on_site",
        location="New York",
        published=True,
    )
    event.organisers.add(cast.grace)
    now = timezone.now()
    EventSession.objects.create(
        event=event,
        title="The one session",
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(minutes=80),
    )
    return event


def test_an_organiser_checks_a_participant_in_by_qr_code_on_a_phone(
    live_server, browser: Browser, tmp_path: Path, cast: Cast
) -> None:
    event = a_session_under_way(cast)
    registration = Registration.objects.create(
        event=event, user=cast.alice, entity=cast.unicef, state=RegistrationState.CONFIRMED
    )
    participant = signed_in(phone(browser, live_server.url), live_server.url, cast.alice)
    participant.goto(reverse("learning:attendance_ticket", args=[registration.ticket]))
    assert participant.locator(".qr-code svg").is_visible()
    assert_fits(participant)

    video = tmp_path / "ticket.y4m"
    checkin_url = reverse("learning:attendance_checkin_ticket", args=[registration.ticket])
    write_y4m(f"{settings.SITE_URL}{checkin_url}", video)
    with camera_showing(browser, video) as camera:
        organiser = signed_in(phone(camera, live_server.url), live_server.url, cast.grace)
        organiser.goto(reverse("learning:attendance_checkin", args=[event.slug]))
        assert_fits(organiser)
        organiser.get_by_role("button", name="Start the camera").click()

        organiser.get_by_text("Alice checked in at").wait_for()
        attendance = Attendance.objects.get()
        assert attendance.user == cast.alice
        assert attendance.source == AttendanceSource.QR
        assert "1 person checked in" in organiser.inner_text("main")
        assert_fits(organiser)

    participant.goto(reverse("learning:credentials_mine"))
    assert_fits(participant)
    with participant.expect_download() as download:
        participant.get_by_role(
            "link", name="Certificate of Mind the Open Source Gap 8 (PDF)"
        ).click()
    certificate = Path(download.value.path())
    assert certificate.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.startswith("certificate-")
    participant.context.close()


def test_the_attendance_and_credential_pages_fit_a_phone(
    live_server, browser: Browser, cast: Cast
) -> None:
    event = a_session_under_way(cast)
    registration = Registration.objects.create(
        event=event, user=cast.alice, entity=cast.unicef, state=RegistrationState.CONFIRMED
    )
    attendance_check_in(actor=cast.grace, session=event.sessions.get(), ticket=registration.ticket)
    completion = cast.alice.completions.get()
    organiser = signed_in(phone(browser, live_server.url), live_server.url, cast.grace)
    for path in (
        reverse("learning:attendance_list", args=[event.slug]),
        reverse("learning:attendance_import", args=[event.slug]),
        reverse("learning:attendance_checkin_ticket", args=[registration.ticket]),
    ):
        organiser.goto(path)
        assert_fits(organiser)
    team = signed_in(phone(browser, live_server.url), live_server.url, cast.heidi)
    for path in (
        reverse("learning:credentials_list"),
        reverse("learning:credentials_mark"),
        reverse("learning:credentials_revoke", args=[completion.public_id]),
        reverse("learning:credentials_verify", args=[completion.public_id]),
    ):
        team.goto(path)
        assert_fits(team)
    for page in (organiser, team):
        page.context.close()
