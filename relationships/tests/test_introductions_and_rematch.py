"""After the introductory meeting both say whether to go ahead (MATCH-4); either person or the
coordinator may ask for a rematch (MATCH-5); a staff import that creates a line-management link
flags the relationship (MATCH-6)."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mentoring.people.staff_import import staff_import
from relationships.models import Relationship
from relationships.selectors import waiting_mentees
from relationships.services.pairing import introduction_answer, rematch_request, review_done
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


def test_both_say_yes_and_it_becomes_active(relationship, mentor, mentee):
    # The agreement's own part in starting it is in test_agreements.py.
    relationship.programme.agreement_required = False
    relationship.programme.save()
    introduction_answer(by=mentor.applicant.user, relationship=relationship, goes_ahead=True)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED
    introduction_answer(by=mentee.applicant.user, relationship=relationship, goes_ahead=True)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE
    assert relationship.started_at is not None


def test_one_no_ends_it_without_blame_and_the_mentee_waits_again(relationship, mentor, mentee):
    introduction_answer(by=mentor.applicant.user, relationship=relationship, goes_ahead=True)
    introduction_answer(
        by=mentee.applicant.user, relationship=relationship, goes_ahead=False, reason="time"
    )
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ending, relationship.end_reason) == (
        "ended",
        "not_going_ahead",
        "time",
    )
    assert mentee in waiting_mentees(mentee.programme)
    mentor.refresh_from_db()
    assert mentor.places_taken == 0


def test_saying_no_needs_a_reason_category_only(relationship, mentee):
    with pytest.raises(ValidationError):
        introduction_answer(by=mentee.applicant.user, relationship=relationship, goes_ahead=False)
    assert Relationship.objects.get().status == "proposed"


def test_only_the_people_in_it_answer(relationship, coordinator, line_manager):
    for user in [coordinator.user, line_manager.user]:
        with pytest.raises(PermissionDenied):
            introduction_answer(by=user, relationship=relationship, goes_ahead=True)


@pytest.mark.parametrize("who", ["mentor", "mentee", "coordinator"])
def test_rematch_by_either_person_or_the_coordinator(
    relationship, mentor, mentee, coordinator, who
):
    user = {"mentor": mentor.applicant, "mentee": mentee.applicant, "coordinator": coordinator}
    user = user[who].user
    rematch_request(by=user, relationship=relationship, reason="not_right_fit")
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ending) == ("ended", "rematch")
    assert mentee in waiting_mentees(mentee.programme)


def test_the_line_manager_cannot_ask_for_a_rematch(relationship, line_manager):
    with pytest.raises(PermissionDenied):
        rematch_request(by=line_manager.user, relationship=relationship, reason="other")


def test_history_is_kept_across_a_rematch(relationship, mentee, chooser, client):
    rematch_request(by=mentee.applicant.user, relationship=relationship, reason="time")
    second = paired(accepted(chooser, StaffMemberFactory(), "mentor"), mentee)
    client.force_login(mentee.applicant.user)
    page = client.get(reverse("relationships:mine")).text
    assert page.count('href="/mentoring/') >= 2
    assert "Ended for a rematch" in page
    assert second.tag.words in page


def csv_moving(person, new_manager, everyone):
    rows = ["work_email,first_name,last_name,job_title,department,line_manager_email"]
    for staff in everyone:
        boss = new_manager if staff == person else staff.line_manager
        rows.append(
            f"{staff.work_email},{staff.first_name},{staff.last_name},{staff.job_title},"
            f"{staff.department},{boss.work_email if boss else ''}"
        )
    return io.BytesIO("\n".join(rows).encode())


def test_a_staff_import_that_makes_the_mentor_the_manager_flags_it(
    relationship, mentor, mentee, client, coordinator, django_capture_on_commit_callbacks
):
    from mentoring.people.models import StaffMember

    everyone = list(StaffMember.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(file=csv_moving(mentee.applicant, mentor.applicant, everyone))
    relationship.refresh_from_db()
    assert "line manager" in relationship.review_needed
    assert sorted(m.to[0] for m in mail.outbox[-2:]) == sorted(
        [mentor.applicant.work_email, mentee.applicant.work_email]
    )
    client.force_login(coordinator.user)
    matching = client.get(reverse("relationships:matching", args=[mentor.programme_id])).text
    assert "Needs review" in matching
    mine = client.get(reverse("relationships:mine")).text
    assert "Relationships needing your review" in mine
    review_done(by=coordinator.user, relationship=relationship)
    relationship.refresh_from_db()
    assert relationship.review_needed == ""


def test_an_import_with_no_new_link_flags_nothing(relationship, mentee):
    from mentoring.people.models import StaffMember

    everyone = list(StaffMember.objects.all())
    staff_import(file=csv_moving(mentee.applicant, mentee.applicant.line_manager, everyone))
    relationship.refresh_from_db()
    assert relationship.review_needed == ""


def test_making_the_mentor_the_manager_in_the_admin_site_flags_it_too(
    relationship, mentor, mentee, admin_client, django_capture_on_commit_callbacks
):
    person = mentee.applicant
    url = reverse("admin:people_staffmember_change", args=[person.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {name: "on" if value is True else value for name, value in data.items() if value}
    data["line_manager"] = mentor.applicant.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    relationship.refresh_from_db()
    assert "line manager" in relationship.review_needed
