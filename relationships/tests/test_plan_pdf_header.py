"""The action plan PDF carries 002 Resource 15's header: besides the names and dates, the date,
length and method of contact of the last meeting held."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relationships.models import Meeting

from .test_plans_pages import action, goal, mentee_member, plan, relationship  # noqa: F401


def pdf_text(client, member):
    response = client.get(reverse("relationships:plan_pdf", args=[member.pk]))
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_plan_pdf_gives_the_last_meetings_date_length_and_method_of_contact(
    client,
    action,  # noqa: F811
    colleague,
):
    pair = action.goal.plan.mentee.relationship
    held = timezone.make_aware(timezone.datetime(2026, 3, 4, 9, 30))
    Meeting.objects.create(relationship=pair, starts_at=held, minutes=45, method="telephone")
    Meeting.objects.create(  # cancelled, so not the last held
        relationship=pair,
        starts_at=held + timedelta(days=7),
        minutes=60,
        method="video",
        cancelled_at=held,
    )
    client.force_login(colleague.user)
    text = pdf_text(client, action.goal.plan.mentee)
    assert "Date of meeting 4 March 2026" in text
    assert "Length of meeting 45 minutes" in text
    assert "Method of contact Telephone" in text


def test_a_plan_before_any_meeting_says_so_in_its_header(client, action, colleague):  # noqa: F811
    client.force_login(colleague.user)
    text = pdf_text(client, action.goal.plan.mentee)
    assert "Date of meeting No meeting held yet" in text
