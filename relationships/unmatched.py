"""Who is left unmatched on a programme's matching page, why, and what would help: in a fixed
number of queries whatever the number of people."""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from programmes.models import Area, Programme

from .compatibility import areas_chosen
from .matching.unmatched import NEED_MENTORS, REASONS, mentors_needed, reasons
from .rules import Facts
from .selectors import mentors_with_room, waiting_mentees
from .services.proposals import mentor_room


@dataclass
class Unmatched:
    waiting: int
    mentors: int
    mentees: list = field(default_factory=list)  # (application, reason in words)
    hints: list = field(default_factory=list)
    mentors_left: list = field(default_factory=list)  # (application, places left over, words)


def unmatched_in(programme: Programme) -> Unmatched:
    """The waiting mentees without a proposal with the reason each is unmatched, what would
    help, counted, and the mentors with places no proposal takes."""
    mentees, mentors = list(waiting_mentees(programme)), list(mentors_with_room(programme))
    _name_areas([*mentees, *mentors])
    facts = Facts.load(programme, [*mentees, *mentors])
    mentee_ok, mentor_ok, chain, ended = facts.blocks(mentees, mentors)
    proposals = dict(
        programme.proposals.values_list("mentee_application_id", "mentor_application_id")
    )
    taken = Counter(proposals.values())
    room = np.array([mentor_room(programme, m) for m in mentors], dtype=np.int64)
    taken = np.array([taken[m.pk] for m in mentors], dtype=np.int64)
    wanted, offered = _area_flags(mentees, mentors)
    shares = (wanted.astype(np.int32) @ offered.T.astype(np.int32) > 0) | ~wanted.any(axis=1)[
        :, None
    ]
    found = reasons(
        mentee_ok=mentee_ok,
        mentor_ok=mentor_ok,
        chain=chain,
        ended=ended,
        room=room,
        taken=taken,
        proposed=np.array([m.pk in proposals for m in mentees], dtype=bool),
        shares_area=shares,
        groups=programme.mentoring_model == Programme.Model.GROUP and programme.group_size_min > 1,
    )
    result = Unmatched(waiting=len(mentees), mentors=len(mentors))
    for mentee, reason in zip(mentees, found, strict=True):
        if reason:
            result.mentees.append((mentee, _words(reason, mentee, programme)))
    result.hints = _hints(programme, mentees, mentors, found, mentor_ok, room - taken)
    mentor_training = programme.training_that_counts_words("mentor")
    result.mentors_left = [
        (mentor, int(left), "" if ok else f"Has not done {mentor_training} yet")
        for mentor, left, ok in zip(mentors, room - taken, mentor_ok, strict=True)
        if left > 0
    ]
    return result


def _name_areas(applications):
    """Give each application `areas`, the names of those it wants or offers, sorted: read as
    ids and names, without an object per area, as a programme may have thousands."""
    chosen, names = areas_chosen(applications), dict(Area.objects.values_list("pk", "name"))
    for application in applications:
        application.areas = sorted(names[pk] for pk in chosen.get(application.pk, ()))


def _area_flags(mentees, mentors):
    """Which areas each mentee wants and each mentor offers, as rows of booleans over the
    same columns: every area either side names."""
    names = sorted({name for x in [*mentees, *mentors] for name in x.areas})
    column = {name: n for n, name in enumerate(names)}

    def flags(applications):
        rows = np.zeros((len(applications), len(names)), dtype=bool)
        for row, application in enumerate(applications):
            rows[row, [column[name] for name in application.areas]] = True
        return rows

    return flags(mentees), flags(mentors)


def _words(reason, mentee, programme):
    names = [name.lower() for name in mentee.areas]
    areas = " or ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))
    return REASONS[reason].format(
        areas=areas,
        mentee_training=programme.training_that_counts_words("mentee"),
        mentor_training=programme.training_that_counts_words("mentor"),
    )


def _hints(programme, mentees, mentors, found, mentor_ok, left):
    """What would help, counted: more mentors for each unmet need, then training."""
    offered = Counter(name for m in mentors for name in m.areas)
    needs = Counter()
    for mentee, reason in zip(mentees, found, strict=True):
        if reason in NEED_MENTORS:
            names = mentee.areas
            needs[min(names, key=lambda name: offered[name]) if names else ""] += 1
    each = programme.group_size_max if programme.mentoring_model == "group" else None
    each = each or programme.mentor_capacity
    hints = []
    for need, count in sorted(needs.items(), key=lambda item: (-item[1], item[0])):
        more = mentors_needed(count, each)
        offering = f" offering {need.lower()}" if need else ""
        places = f", with {each} places each," if count > more else ""
        hints.append(
            f"{more} more mentor{'s' if more != 1 else ''}{offering}{places} would match "
            f"{count} more"
        )
    induction = int((found == "induction").sum())
    if induction:
        training = programme.training_that_counts_words("mentee")
        hints.append(f"{induction} waiting would be considered once they do the {training}")
    untrained = int(((~mentor_ok) & (left > 0)).sum())
    if untrained and (found != "").any():
        hints.append(
            f"{untrained} mentor{'s' if untrained != 1 else ''} with places would be considered "
            f"once they do {programme.training_that_counts_words('mentor')}"
        )
    return hints
