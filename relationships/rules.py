"""The hard rules of matching (MATCH-3), in one place: the mentor directory, requests, the
coordinator's proposals, approval and the admin site all ask here. Equality-monitoring answers
are never an input: nothing here reads them."""

from dataclasses import dataclass

import numpy as np
from django.core.exceptions import NON_FIELD_ERRORS

from mentoring.people.models import StaffMember
from programmes.models import Application, Programme
from programmes.services.training import people_trained

from .models import ManagerAnswer, Member

ONE_MENTOR_MODELS = [*Programme.MODELS_WITH_ONE_MENTEE, Programme.Model.GROUP]


@dataclass
class Facts:
    """What the rules need to know about a set of applications, loaded in a fixed number of
    queries whatever their number."""

    programme: Programme
    managers: dict  # person id -> the ids of those above them the programme's rule bars
    trained: set  # (person id, role) of those who meet the programme's training rule
    ended_pairs: set  # frozensets of two person ids whose pairing ended, either way round

    @classmethod
    def load(cls, programme, applications):
        people = {a.applicant_id for a in applications}
        above = management_chains(whole=programme.whole_management_chain_barred)
        mentors = [a.applicant_id for a in applications if a.role == "mentor"]
        mentees = [a.applicant_id for a in applications if a.role == "mentee"]
        trained = set()
        for role, ids in [("mentor", mentors), ("mentee", mentees)]:
            counts = programme.training_that_counts(role)
            done = people_trained(ids, counts) if programme.training_required(role) else set(ids)
            trained |= {(pk, role) for pk in done}
        return cls(
            programme=programme,
            managers={pk: above(pk) for pk in people},
            trained=trained,
            ended_pairs=ended_pairs(people),
        )

    def pair_refusals(self, mentor, mentee):
        """Why this mentor and mentee may not be paired; empty when they may."""
        a, b = mentor.applicant_id, mentee.applicant_id
        mentor_name, mentee_name = mentor.applicant.full_name, mentee.applicant.full_name
        if a == b:
            return ["Nobody can be paired with themselves."]
        refusals = []
        if a in self.managers[b] or b in self.managers[a]:
            refusals.append(line_management_words(self.programme, mentor_name, mentee_name))
        if frozenset([a, b]) in self.ended_pairs:
            refusals.append(f"{mentor_name} and {mentee_name} were paired before and it ended.")
        return refusals

    def person_refusals(self, application):
        """Why this person cannot be matched at all in this programme just now."""
        name = application.applicant.full_name
        refusals = []
        if application.programme_id != self.programme.pk:
            refusals.append(f"{name} applied to another programme.")
        if application.status != Application.Status.ACCEPTED:
            refusals.append(f"{name}'s application has not been accepted.")
        if (application.applicant_id, application.role) not in self.trained:
            training = self.programme.training_that_counts_words(application.role)
            refusals.append(f"{name} has not completed {training}, which this programme requires.")
        if application.role == "mentor" and application.places_left < 1:
            refusals.append(f"{name} has no places left.")
        return refusals

    def allowed_matrix(self, mentees, mentors):
        """allowed[i, j]: may mentee i be paired with mentor j? The same rules as above, for a
        whole programme at once, for the solver."""
        mentee_ok, mentor_ok, chain, ended = self.blocks(mentees, mentors)
        return mentee_ok[:, None] & mentor_ok[None, :] & ~chain & ~ended

    def blocks(self, mentees, mentors):
        """The rules of `allowed_matrix` one by one, so a page can say which one keeps a mentee
        unmatched: (mentee may be matched, mentor may be matched, pairs in one management
        chain or the same person, pairs whose earlier pairing ended)."""
        mentee_ok = np.array([not self.person_refusals(m) for m in mentees], dtype=bool)
        mentor_ok = np.array([not self.person_refusals(m) for m in mentors], dtype=bool)
        chain = np.zeros((len(mentees), len(mentors)), dtype=bool)
        ended = np.zeros_like(chain)
        mentor_index = {m.applicant_id: j for j, m in enumerate(mentors)}
        mentee_index = {m.applicant_id: i for i, m in enumerate(mentees)}
        ended_with = {}
        for a, b in map(tuple, self.ended_pairs):
            ended_with.setdefault(a, set()).add(b)
            ended_with.setdefault(b, set()).add(a)
        for i, mentee in enumerate(mentees):
            person = mentee.applicant_id
            for other in (self.managers[person] | {person}) & mentor_index.keys():
                chain[i, mentor_index[other]] = True
            for other in ended_with.get(person, set()) & mentor_index.keys():
                ended[i, mentor_index[other]] = True
        for j, mentor in enumerate(mentors):
            for other in self.managers[mentor.applicant_id] & mentee_index.keys():
                chain[mentee_index[other], j] = True
        return mentee_ok, mentor_ok, chain, ended


def line_management_words(programme, mentor_name, mentee_name):
    if programme.whole_management_chain_barred:
        return (
            f"{mentor_name} and {mentee_name} are in the same line-management chain "
            "(this programme keeps mentoring outside the reporting line)."
        )
    return (
        f"One of {mentor_name} and {mentee_name} is the other's line manager "
        "(nobody mentors someone they directly line manage)."  # 003 §4.3
    )


def management_chains(whole=True):
    """A function giving everyone above a person, from one query of the whole staff list:
    their whole management chain, or with `whole=False` only their own line manager (the
    rule every programme keeps, 003 §4.3)."""
    manager_of = dict(StaffMember.objects.values_list("pk", "line_manager_id"))

    def above(pk):
        chain, current = set(), manager_of.get(pk)
        while current is not None and current not in chain:
            chain.add(current)
            current = manager_of.get(current) if whole else None
        return chain

    return above


def ended_pairs(people):
    """Pairs among these people, either way round and in any programme, whose mentoring
    ended: the relationship ended, or one of them left the group."""
    rows = Member.objects.filter(
        relationship__in=Member.objects.filter(person__in=people).values("relationship")
    ).values_list("relationship_id", "person_id", "role", "is_live")
    by_relationship = {}
    for relationship, person, role, is_live in rows:
        by_relationship.setdefault(relationship, []).append((person, role, is_live))
    return {
        frozenset([mentor, mentee])
        for members in by_relationship.values()
        for mentor, role_a, live_a in members
        for mentee, role_b, live_b in members
        if role_a == "mentor" and role_b == "mentee" and not (live_a and live_b)
    }


def people_affected_by(moved_ids):
    """Everyone whose management chain changes when these people move: them and everyone
    below them."""
    reports = {}
    for pk, manager in StaffMember.objects.values_list("pk", "line_manager_id"):
        reports.setdefault(manager, []).append(pk)
    affected, waiting = set(), list(moved_ids)
    while waiting:
        pk = waiting.pop()
        if pk not in affected:
            affected.add(pk)
            waiting.extend(reports.get(pk, []))
    return affected


# Group sizes of a model a programme forms besides its own (002 "The four models").
OTHER_SIZES = {
    Programme.Model.ONE_TO_ONE: (1, 1),
    Programme.Model.GROUP: (1, 4),  # "one mentor/one to four mentees"
    Programme.Model.TWO_BY_TWO: (2, 2),
    Programme.Model.TEAM: (1, None),
}
FORMS = {
    Programme.Model.ONE_TO_ONE: "one-to-one pairs",
    Programme.Model.GROUP: "groups",
    Programme.Model.TWO_BY_TWO: "two-by-two",
    Programme.Model.TEAM: "teams",
}


def group_refusals(programme, mentors, mentees, team_name="", model=""):
    """The model's shape: how many mentors and mentees one relationship has (PRG-1, 002), as
    (field, message) so a form can show each next to its field. `model`: one of the others
    the programme may also form; blank for its own."""
    model = model or programme.mentoring_model
    if model not in programme.allowed_models:
        return [("model", f"This programme does not form {FORMS.get(model, 'these')}.")]
    refusals = []
    if model in ONE_MENTOR_MODELS and len(mentors) != 1:
        refusals.append(("mentors", "This programme's model has one mentor in each relationship."))
    if model == Programme.Model.TWO_BY_TWO and len(mentors) != 2:
        refusals.append(("mentors", "Two-by-two mentoring has two mentors."))
    if model == Programme.Model.TEAM and not 1 <= len(mentors) <= 2:
        refusals.append(("mentors", "A team has one or two mentors."))
    if model == Programme.Model.TEAM and not team_name.strip():
        refusals.append(("team_name", "Name the team being mentored."))
    low, high = (
        (programme.group_size_min, programme.group_size_max)
        if model == programme.mentoring_model
        else OTHER_SIZES[model]
    )
    if not low <= len(mentees) <= (high or len(mentees)):
        refusals.append(("mentees", _size_words(low, high)))
    return refusals


def _size_words(low, high):
    if high is None:
        return f"This model has at least {low} mentee{'s' if low > 1 else ''}."
    size = f"{low}" if low == high else f"{low} to {high}"
    return f"This programme has {size} mentee{'s' if high > 1 else ''} per mentor."


def refusals_by_field(refusals, programme, mentors, mentees, team_name="", model=""):
    """Refusals keyed by the group form's fields where one is to blame, else for the form."""
    group = group_refusals(programme, mentors, mentees, team_name, model)
    fields = {message: field for field, message in group}
    by_field = {}
    for message in refusals:
        by_field.setdefault(fields.get(message, NON_FIELD_ERRORS), []).append(message)
    return by_field


def pairing_refusals(programme, mentors, mentees, team_name="", sizes=True, model=""):
    """Every reason these mentors and mentees may not form a relationship; empty when they
    may. Capacity is checked here for the message and again by the database. `sizes=False`
    leaves out the model's group sizes, for a group still being put together."""
    facts = Facts.load(programme, [*mentors, *mentees])
    refusals = []
    if sizes:
        refusals += [
            message for _, message in group_refusals(programme, mentors, mentees, team_name, model)
        ]
    if programme.is_archived or programme.status not in Programme.PUBLIC_STATUSES:
        refusals.append("This programme is not running, so nobody can be paired in it.")
    for application in [*mentors, *mentees]:
        refusals += facts.person_refusals(application)
    for mentor in mentors:
        if mentor.places_left < len(mentees) and mentor.places_left > 0:
            refusals.append(f"{mentor.applicant.full_name} has room for {mentor.places_left}.")
        for mentee in mentees:
            refusals += facts.pair_refusals(mentor, mentee)
    live = Member.objects.filter(application__in=mentees, is_live=True).select_related("person")
    refusals += [f"{m.person.full_name} already has a mentor in this programme." for m in live]
    return list(dict.fromkeys(refusals))


# 000 §3.2: where the programme says so, the mentee's line manager is asked about the mentor
# before any pairing is formed, on every path.


def manager_to_ask(programme, mentee: Application) -> StaffMember | None:
    """The mentee's line manager now, if the programme asks and there is one to ask."""
    person = mentee.applicant
    if not programme.manager_asked_about_mentor or person.is_external:
        return None
    manager = person.line_manager
    return manager if manager is not None and manager.is_active else None


def unasked_refusals(programme, mentor: Application, mentees: list) -> list[str]:
    """Why a pairing cannot be approved yet: a line manager the programme asks has not been
    asked about this mentor."""
    if not programme.manager_asked_about_mentor:
        return []
    asked = set(
        ManagerAnswer.objects.filter(
            mentor_application=mentor, mentee_application__in=mentees
        ).values_list("mentee_application_id", flat=True)
    )
    return [
        f"Ask {mentee.applicant.full_name}'s line manager about {mentor.applicant.full_name} "
        "first: this programme asks them before a mentor is approved."
        for mentee in mentees
        if mentee.pk not in asked and manager_to_ask(programme, mentee) is not None
    ]
