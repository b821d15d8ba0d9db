"""Issue 18 §11: a PDF fetches nothing but the portal's own static files. People's words never
reach the CSS, and whatever they write (a name, a log, a plan) makes no connection anywhere,
while the PDF still renders."""

import io
import socket
import threading
from datetime import date

import pytest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.pdf import pdf_from_html
from relationships.models import Meeting, MeetingLog
from relationships.services.plans import plan_save
from tests.matching import accepted, paired, programme_for_matching, went_ahead

NAMES = [
    "Evans\n}} body { background: url(http://127.0.0.1:{port}/newline) }",
    "Evans\n;} @bottom-left { content: url(http://127.0.0.1:{port}/margin) }",
    'Evans\\"; } @page { background: url(http://127.0.0.1:{port}/quote) } x { a: "',
]
TEXTS = NAMES + [
    "url(http://127.0.0.1:{port}/url) @import 'http://127.0.0.1:{port}/at';",
    '<img src="http://127.0.0.1:{port}/img"><link rel="stylesheet" href="http://127.0.0.1:{port}/l">',
    "</p><style>@import url(http://127.0.0.1:{port}/style);</style>",
]


class Listener:
    """A real TCP listener on a free local port that counts the connections made to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self):
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


def words(attack, listener):
    return attack.replace("{port}", str(listener.port))


def text_of(pdf):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def relationship(coordinator, colleague, staff_member):
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentor = accepted(programme, colleague, "mentor")
    return went_ahead(paired(mentor, accepted(programme, staff_member, "mentee")))


@pytest.mark.parametrize("last_name", NAMES)
def test_a_last_name_and_a_log_in_the_personal_data_pdf_fetch_nothing(
    client, listener, relationship, staff_member, colleague, last_name
):
    staff_member.last_name = words(last_name, listener)
    staff_member.save()
    meeting = Meeting.objects.create(
        relationship=relationship, starts_at=timezone.now(), minutes=60, method="video"
    )
    MeetingLog.objects.create(
        meeting=meeting,
        minutes=60,
        achieved=words("\n".join(TEXTS), listener),
        written_by=colleague,
    )
    client.force_login(staff_member.user)
    response = client.get(reverse("my_data_pdf"))
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Your mentoring data" in text and "· page 1 of" in text
    assert listener.connections == 0


def test_plan_text_in_the_plan_pdf_fetches_nothing(client, listener, relationship, staff_member):
    attack = "\n".join(TEXTS)
    mentee = relationship.members.get(role="mentee")
    plan_save(
        by=staff_member.user,
        mentee=mentee,
        data={
            "long_term_goal": words(attack, listener),
            "started_on": date(2026, 1, 5),
            "comments": words(attack, listener),
        },
    )
    client.force_login(staff_member.user)
    response = client.get(reverse("relationships:plan_pdf", args=[mentee.pk]))
    assert response.status_code == 200
    assert "Action plan" in text_of(response.content)
    assert listener.connections == 0


def test_a_pdf_fetches_no_address_its_html_names(listener):
    there = f"http://127.0.0.1:{listener.port}"
    html = f"""<html><head><link rel="stylesheet" href="{there}/link">
    <style>@import url({there}/import); body {{ background: url({there}/background) }}
    @font-face {{ font-family: X; src: url({there}/font) }}</style></head>
    <body><img src="{there}/img"><img src="file:///etc/passwd"><img src="../../../etc/passwd">
    <img src="{static("../../../../etc/passwd")}"><p>Still a document</p></body></html>"""
    pdf = pdf_from_html(html)
    assert "Still a document" in text_of(pdf)
    assert listener.connections == 0


def drawing_on_page_one(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data())


def test_a_static_image_of_the_portal_still_loads():
    with_image = pdf_from_html(f'<p>Logo</p><img src="{static("favicon.svg")}">')
    without = pdf_from_html('<p>Logo</p><img src="missing.svg">')
    assert drawing_on_page_one(with_image) > drawing_on_page_one(without) + 100
