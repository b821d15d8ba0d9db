"""A person's own data (DATA-3): from their profile, everything the portal holds about them, as
JSON and as a PDF; nobody else's words, for every role; audited; a fixed number of queries."""

import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluations.tests.answered import end_form_answered
from mentoring.audit.models import AuditEntry
from mentoring.notifications.models import Notification
from mentoring.people.equality import equality_answers_save
from programmes.models import Application
from relationships.models import (
    Concern,
    Meeting,
    MeetingLog,
    PrivateNote,
    Relationship,
    Review,
    ReviewAnswer,
)
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

MINE = {
    "aims": "JO-AIMS become a team leader",
    "note": "JO-NOTE I felt nervous",
    "shared log": "SHARED-LOG talked about delegation",
    "evaluation": "JO-EVALUATION it was worth it",
    "review": "JO-REVIEW progress is good",
}
THEIRS = {
    "mentor's private note": "CHRIS-NOTE she seems unsure",
    "mentor's concern": "CHRIS-CONCERN worried about workload",
    "mentor's review answer": "CHRIS-REVIEW going fine",
    "mentor's application": "CHRIS-SKILLS twenty years in housing",
    "coordinator's confidential note": "COORDINATOR-NOTE check references",
}


@pytest.fixture
def relationship(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member); both have written things."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    mine = accepted(programme, staff_member, "mentee", aims=MINE["aims"])
    Application.objects.filter(pk=mine.pk).update(
        confidential_note=THEIRS["coordinator's confidential note"]
    )
    theirs = accepted(
        programme, colleague, "mentor", skills_experience=THEIRS["mentor's application"]
    )
    relationship = went_ahead(paired(theirs, mine))
    meeting = Meeting.objects.create(
        relationship=relationship, starts_at=timezone.now(), minutes=60, method="video"
    )
    MeetingLog.objects.create(
        meeting=meeting,
        minutes=60,
        achieved=MINE["shared log"],
        topics="Delegation",
        written_by=colleague,
    )
    PrivateNote.objects.create(meeting=meeting, author=staff_member, text=MINE["note"])
    PrivateNote.objects.create(
        meeting=meeting, author=colleague, text=THEIRS["mentor's private note"]
    )
    Concern.objects.create(
        relationship=relationship, raised_by=colleague, text=THEIRS["mentor's concern"]
    )
    review = Review.objects.create(relationship=relationship, due_on=timezone.localdate())
    for person, words in [
        (staff_member, MINE["review"]),
        (colleague, THEIRS["mentor's review answer"]),
    ]:
        ReviewAnswer.objects.create(
            review=review, person=person, helping="yes", plan_progress=words
        )
    end_form_answered(programme, relationship, staff_member, rating=4, text=MINE["evaluation"])
    equality_answers_save(by=staff_member.user, answers={"age_band": "25_34"})
    return relationship


def download(client, person, name="my_data_json"):
    client.force_login(person.user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response


def test_a_person_downloads_what_they_wrote_and_may_read_and_nobody_elses(
    client, relationship, staff_member
):
    response = download(client, staff_member)
    assert response["Content-Disposition"].startswith('attachment; filename="my-mentoring-data')
    data = json.loads(response.content)
    text = response.content.decode()
    assert data["person"] == "Jo Evans"
    assert [w for w in MINE.values() if w not in text] == []
    assert [who for who, words in THEIRS.items() if words in text] == []
    titles = [s["title"] for s in data["sections"]]
    assert titles[0] == "Your staff record"
    assert "Your equality monitoring answers" in titles
    equality = next(s for s in data["sections"] if s["title"].startswith("Your equality"))
    assert equality["records"][0]["Age band"] == "25 to 34"


def test_what_the_pair_shared_stays_in_the_download_after_the_relationship_ends(
    client, relationship, staff_member
):
    from relationships.services.lifecycle import relationship_end

    relationship_end(
        by=staff_member.user,
        relationship=relationship,
        reason="goals_achieved",
        learned="How to delegate",
        next_steps="Lead the next project",
    )
    text = download(client, staff_member).content.decode()
    assert MINE["shared log"] in text and "How to delegate" in text
    assert [who for who, words in THEIRS.items() if words in text] == []


def test_the_pdf_holds_the_same(client, relationship, staff_member):
    response = download(client, staff_member, "my_data_pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    text = " ".join(text.split())
    assert [w for w in MINE.values() if w not in text] == []
    assert [who for who, words in THEIRS.items() if words in text] == []


@pytest.mark.parametrize("role", ["colleague", "line_manager", "sponsor", "coordinator"])
def test_every_other_role_gets_only_their_own(client, relationship, request, role):
    person = request.getfixturevalue(role)
    data = download(client, person).content.decode()
    assert "JO-" not in data  # nothing Jo wrote, nor the log Chris wrote for them both
    assert "equality" not in data  # Jo's answers are Jo's alone
    if role != "colleague":
        assert "SHARED-LOG" not in data and "CHRIS-" not in data


def test_each_download_is_audited_without_its_content(client, relationship, staff_member):
    download(client, staff_member)
    download(client, staff_member, "my_data_pdf")
    entries = AuditEntry.objects.filter(kind="personal data", object_id=staff_member.pk)
    assert sorted(entries.values_list("action", "note")) == [
        ("download", "JSON"),
        ("download", "PDF"),
    ]


def test_an_account_without_a_staff_record_has_no_data_here(client, django_user_model):
    user = django_user_model.objects.create_user("admin@example.org")
    client.force_login(user)
    assert client.get(reverse("my_data_json")).status_code == 403
    assert client.get(reverse("profile")).status_code == 403


def test_the_profile_offers_the_downloads(client, staff_member):
    client.force_login(staff_member.user)
    page = client.get(reverse("profile")).text
    assert reverse("my_data_pdf") in page and reverse("my_data_json") in page
    assert reverse("notifications:preferences") in page


@pytest.mark.parametrize("size", [1, 4])
def test_the_download_keeps_its_queries_whatever_the_amount(
    client, coordinator, staff_member, size, django_assert_num_queries
):
    for _ in range(size):
        programme = programme_for_matching(coordinator, agreement_required=False)
        mentor = accepted(programme, StaffMemberFactory(), "mentor")
        relationship = went_ahead(paired(mentor, accepted(programme, staff_member, "mentee")))
        meeting = Meeting.objects.create(
            relationship=relationship,
            starts_at=timezone.now() - timedelta(days=1),
            minutes=60,
            method="video",
        )
        PrivateNote.objects.create(meeting=meeting, author=staff_member, text="A note")
        MeetingLog.objects.create(
            meeting=meeting, minutes=60, achieved="A", topics="B", written_by=staff_member
        )
        Notification.objects.create(
            person=staff_member, kind="paired", about=relationship.pk, occasion="x", link="/"
        )
        Concern.objects.create(relationship=relationship, raised_by=staff_member, text="C")
        Relationship.objects.filter(pk=relationship.pk).update(
            status="ended", ended_at=timezone.now(), ending="completed"
        )
    client.force_login(staff_member.user)
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("my_data_json")).status_code == 200


# The session, the user and their staff record; the audit entry; then one query for each
# kind of record (two for applications and evaluation forms and plans, with what they hold).
QUERIES = 41  # with check-ins received, a coordinator's notes and set-asides, a manager's answers,
# one for each kind of second factor and one for the calendar feed


def test_the_download_has_the_calendar_feed_but_never_its_address(client, staff_member):
    from mentoring.people.calendar_feeds import calendar_feed_start

    secret = calendar_feed_start(by=staff_member.user)
    client.force_login(staff_member.user)
    data = client.get(reverse("my_data_json")).json()
    assert "Your calendar feed" in str(data)
    assert secret not in str(data)
