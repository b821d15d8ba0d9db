"""Programmes full of people for the report tests: written straight to the database, since the
services that would get them there have their own tests."""

from datetime import timedelta

from django.utils import timezone

from mentoring.people.equality import equality_answers_save
from programmes.models import Application
from relationships.models import Goal, Meeting, Member, Relationship
from relationships.models.plans import ActionPlan
from tests.factories import StaffMemberFactory
from tests.matching import programme_for_matching


def cohort(coordinator, *, name, completed=0, ended_early=0, active=0, waiting=0, mentor=None):
    """A programme whose mentees applied a week ago: `completed`, `ended_early` and `active`
    relationships with a held video meeting each and an achieved goal in the completed ones,
    and `waiting` accepted mentees not yet paired. Returns (programme, mentees)."""
    programme = programme_for_matching(coordinator)
    programme.name = name
    programme.save(update_fields=["name"])
    mentor = mentor or StaffMemberFactory(first_name="Morgan", last_name="Mentorname")
    mentor_application = _apply(programme, mentor, "mentor", capacity=100)
    now = timezone.now()
    mentees = []
    plan = [("completed", completed), ("ended_early", ended_early), ("active", active)]
    for state, how_many in plan:
        for _ in range(how_many):
            mentee = StaffMemberFactory(last_name="Menteename")
            application = _apply(programme, mentee, "mentee")
            relationship = Relationship.objects.create(
                programme=programme, status="active", started_at=now - timedelta(days=5)
            )
            Member.objects.create(
                relationship=relationship,
                application=mentor_application,
                person=mentor,
                role="mentor",
                is_live=state == "active",
            )
            member = Member.objects.create(
                relationship=relationship,
                application=application,
                person=mentee,
                role="mentee",
                is_live=state == "active",
            )
            Meeting.objects.create(
                relationship=relationship,
                starts_at=now - timedelta(days=2),
                minutes=60,
                method="video",
            )
            if state != "active":
                Relationship.objects.filter(pk=relationship.pk).update(
                    status="ended",
                    ended_at=now - timedelta(days=1),
                    ending=state,
                    end_reason="goals_achieved" if state == "completed" else "time",
                )
                plan_ = ActionPlan.objects.create(mentee=member, long_term_goal="Grow.")
                Goal.objects.create(plan=plan_, specific="Lead", status="achieved")
            mentees.append(mentee)
    for _ in range(waiting):
        mentee = StaffMemberFactory(last_name="Menteename")
        _apply(programme, mentee, "mentee")
        mentees.append(mentee)
    return programme, mentees


def _apply(programme, person, role, **fields):
    application = Application.objects.create(
        programme=programme,
        applicant=person,
        role=role,
        status="accepted",
        decided_at=timezone.now(),
        **fields,
    )
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - timedelta(days=7)
    )
    return application


def declare(people, **answers):
    """These people give the same equality monitoring answers."""
    for person in people:
        equality_answers_save(by=person.user, answers=answers)


def another_applicant(programme, **answers):
    """Someone who applies to `programme` as a mentee and gives these equality answers."""
    person = StaffMemberFactory(last_name="Menteename")
    _apply(programme, person, "mentee")
    declare([person], **answers)
    return person
