"""Compatibility scores from people's applications (MATCH-2): the numbers come from
`matching.scores`, the same for one pair as for a whole programme; this module feeds it the
applications and puts each factor into words."""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from programmes.models import Application, Area, Programme
from programmes.models.application import AvailableTime, MeetingMethod, Preference

from .matching import scores
from .models import Weights

DIRECTIONS = {
    Programme.Model.REVERSE: scores.LESS_SENIOR,
    Programme.Model.RECIPROCAL: scores.EITHER,
}
PREFERENCES = {Preference.ANY: scores.ANY, Preference.SAME: scores.SAME}
METHODS = MeetingMethod.values
TIMES = AvailableTime.values


def weights_of(programme):
    return settings_of(programme).as_dict()


def settings_of(programme):
    """The programme's weights and score for ticking, or the defaults (unsaved)."""
    return Weights.objects.filter(programme=programme).first() or Weights(programme=programme)


def direction_of(programme):
    return DIRECTIONS.get(programme.mentoring_model, scores.MORE_SENIOR)


def people(applications, area_ids):
    """Feature arrays for applications fetched with `for_scoring()`."""
    column = {pk: n for n, pk in enumerate(area_ids)}
    n = len(applications)
    areas = np.zeros((n, len(area_ids)), dtype=bool)
    chosen = areas_chosen(applications)
    for row, application in enumerate(applications):
        for area in chosen.get(application.pk, ()):
            areas[row, column[area]] = True
    staff = [a.applicant for a in applications]
    return scores.People(
        areas=areas,
        department=_ids([s.department_id for s in staff]),
        location=_ids([s.location_id for s in staff]),
        seniority=_ids([s.grade.seniority if s.grade else None for s in staff]),
        methods=_flags([a.meeting_methods for a in applications], METHODS),
        times=_flags([a.available_times for a in applications], TIMES),
        department_preference=_preferences([a.department_preference for a in applications]),
        location_preference=_preferences([a.location_preference for a in applications]),
    )


def areas_chosen(applications):
    """{application id: ids of the areas it wants or offers}: from areas the caller prefetched,
    or else in two queries, without building an object per area."""
    field = {"mentee": "areas_wanted", "mentor": "areas_offered"}
    if all(field[a.role] in getattr(a, "_prefetched_objects_cache", {}) for a in applications):
        return {a.pk: [area.pk for area in a.scoring_areas] for a in applications}
    chosen = {}
    for role, name in field.items():
        ids = [a.pk for a in applications if a.role == role]
        through = getattr(Application, name).through.objects.filter(application_id__in=ids)
        for application, area in through.values_list("application_id", "area_id"):
            chosen.setdefault(application, []).append(area)
    return chosen


def score_matrix(programme, mentees, mentors):
    area_ids = list(Area.objects.values_list("pk", flat=True))
    return scores.score_matrix(
        people(mentees, area_ids),
        people(mentors, area_ids),
        weights_of(programme),
        direction_of(programme),
    )


@dataclass
class Factor:
    label: str
    points: int
    out_of: int
    words: str


@dataclass
class Explanation:
    score: int
    factors: list


def explain(programme, mentee, mentor, weights=None):
    """The score of one pairing and each factor's share of it in whole points: the shares add
    up to 100 and the points to the score."""
    weights = weights or weights_of(programme)
    area_ids = sorted({a.pk for a in [*mentee.scoring_areas, *mentor.scoring_areas]})
    values = scores.factor_values(
        people([mentee], area_ids), people([mentor], area_ids), direction_of(programme)
    )
    fractions = {name: float(matrix[0, 0]) for name, matrix in values.items()}
    score = scores.pair_score(fractions, weights)
    counted = [name for name in scores.FACTORS if weights[name]]
    total = sum(weights.values())
    shares = {name: Fraction(100 * weights[name], total) for name in counted}
    out_of = _whole(shares, 100, dict.fromkeys(counted, 100))
    earned = {
        name: shares[name] * Fraction(fractions[name]).limit_denominator(10**6) for name in counted
    }
    points = _whole(earned, score, out_of)
    factors = [
        Factor(
            label=Weights.FACTORS[name],
            points=points[name],
            out_of=out_of[name],
            words=WORDS[name](programme, mentee, mentor),
        )
        for name in counted
    ]
    return Explanation(score=score, factors=factors)


def _whole(exact, target, most):
    """Whole numbers near `exact` adding up to `target`, none above `most`: each rounded down,
    then the rest a point at a time to those furthest below their exact value."""
    whole = {name: min(int(value), most[name]) for name, value in exact.items()}
    for _ in range(target - sum(whole.values())):
        room = [name for name in whole if whole[name] < most[name]]
        if not room:
            break
        name = max(room, key=lambda n: exact[n] - whole[n])
        whole[name] += 1
    return whole


def _areas_words(programme, mentee, mentor):
    wanted = {a.name for a in mentee.scoring_areas}
    shared = sorted(wanted & {a.name for a in mentor.scoring_areas})
    if not wanted:
        return "No areas asked for"
    if not shared:
        return "Offers none of the areas asked for"
    both = _listed([name.lower() for name in shared])
    if len(shared) == len(wanted):
        return f"Both chose {both}"
    return f"Both chose {both}; {len(wanted) - len(shared)} more asked for"


def _place_words(what, preference_field, id_field):
    def words(programme, mentee, mentor):
        preference = getattr(mentee, preference_field)
        same = getattr(mentee.applicant, id_field) == getattr(mentor.applicant, id_field)
        where = f"same {what}" if same else f"different {what}s"
        if preference == Preference.ANY:
            return f"No preference ({where})"
        wanted = (preference == Preference.SAME) == same
        return (
            f"{where.capitalize()}, as asked" if wanted else f"{where.capitalize()}, not as asked"
        )

    return words


def _shared_words(field, choices, verb):
    def words(programme, mentee, mentor):
        a, b = getattr(mentee, field), getattr(mentor, field)
        if not a or not b:
            return "Not said by both"
        shared = [label.lower() for value, label in choices if value in a and value in b]
        return f"Both {verb} {_listed(shared)}" if shared else "Nothing in common"

    return words


def _grade_words(programme, mentee, mentor):
    a, b = mentee.applicant.grade, mentor.applicant.grade
    if a is None or b is None or a.seniority is None or b.seniority is None:
        return "Grade not known for both"
    direction = direction_of(programme)
    if a.seniority == b.seniority:
        return f"Same grade ({a})"
    more = "more" if b.seniority > a.seniority else "less"
    words = f"Mentor is {more} senior ({b} and {a})"
    right = direction == scores.EITHER or (more == "more") == (direction == scores.MORE_SENIOR)
    return words if right else f"{words}: the wrong way round for this model"


WORDS = {
    "areas": _areas_words,
    "department": _place_words("department", "department_preference", "department_id"),
    "location": _place_words("location", "location_preference", "location_id"),
    "methods": _shared_words("meeting_methods", MeetingMethod.choices, "can meet by"),
    "times": _shared_words("available_times", AvailableTime.choices, "usually free:"),
    "grade": _grade_words,
}


def _listed(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _ids(values):
    return np.array([-1 if v is None else v for v in values], dtype=np.int32)


def _flags(lists, values):
    return np.array([[v in chosen for v in values] for chosen in lists], dtype=bool).reshape(
        len(lists), len(values)
    )


def _preferences(values):
    return np.array([PREFERENCES.get(v, scores.DIFFERENT) for v in values], dtype=np.int8)
