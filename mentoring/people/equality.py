"""Equality monitoring answers (PEOPLE-2): saved and withdrawn by the person, read only in
aggregate by the anonymised reports. Nothing else may import this module's `subject_key`."""

from django.conf import settings
from django.db import connection, transaction
from django.utils.crypto import salted_hmac

from .models import EqualityAnswers
from .permissions import staff_member_of

# The questions a report may break numbers down by: chosen answers, never the words people wrote.
REPORTED = [
    "age_band",
    "sex",
    "gender_identity",
    "gender_reassignment",
    "disability",
    "ethnicity",
    "religion",
    "sexual_orientation",
    "caring_responsibilities",
]
QUESTIONS = [
    "age_band",
    "sex",
    "gender_identity",
    "gender_reassignment",
    "disability",
    "ethnicity",
    "ethnicity_other",
    "religion",
    "religion_other",
    "sexual_orientation",
    "sexual_orientation_other",
    "caring_responsibilities",
]


def subject_key(staff_member):
    """A keyed hash of the person: the only way from a person to their answers."""
    return _key(staff_member.pk)


def _key(staff_member_id):
    return _keys([staff_member_id])[staff_member_id]


def _keys(staff_member_ids):
    """{id: key}, deriving the secret once for them all."""
    keyed = salted_hmac(
        "mentoring.equality", "", secret=settings.EQUALITY_MONITORING_KEY, algorithm="sha256"
    )
    keys = {}
    for pk in staff_member_ids:
        mac = keyed.copy()
        mac.update(str(pk).encode())
        keys[pk] = mac.hexdigest()
    return keys


def has_answered(user):
    me = staff_member_of(user)
    return me is not None and EqualityAnswers.objects.filter(subject_key=subject_key(me)).exists()


@transaction.atomic
def equality_answers_save(*, by, answers):
    """Save (or replace) the person's own answers; every question may be left unanswered."""
    key = subject_key(staff_member_of(by))
    values = {name: answers.get(name, "") for name in QUESTIONS}
    record = EqualityAnswers(subject_key=key, **values)
    record.full_clean(exclude=["subject_key"])
    EqualityAnswers.objects.update_or_create(subject_key=key, defaults=values)


@transaction.atomic
def equality_answers_withdraw(*, by):
    """Delete the person's answers, at any time."""
    EqualityAnswers.objects.filter(subject_key=subject_key(staff_member_of(by))).delete()


def answers_by_group(groups):
    """How the people in each group answered each reported question, counted in the database.
    `groups` is {name: queryset}, each queryset of `part` and `staff_member` (an id)
    values: a person counts once in the group "name:part". Returns {question: {(group,
    answer): count}}, with "" for no answer.

    The answers cannot be joined to people, so the groups are formed in a temporary table,
    the keys of just these people go into another for the length of one transaction, and the
    answers are joined and counted there."""
    table = connection.ops.quote_name(EqualityAnswers._meta.db_table)
    columns = ", ".join(
        f"COALESCE(e.{connection.ops.quote_name(q)}, '') AS {connection.ops.quote_name(q)}"
        for q in REPORTED
    )
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE equality_people (grp varchar(40), person bigint)")
        for name, queryset in groups.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute(
                "INSERT INTO equality_people (grp, person) SELECT DISTINCT "
                f"%s || CAST(g.part AS varchar(20)), g.staff_member FROM ({sql}) g",
                [f"{name}:", *params],
            )
        cursor.execute("SELECT DISTINCT person FROM equality_people")
        keys = _keys([person for (person,) in cursor.fetchall()])
        cursor.execute("CREATE TEMPORARY TABLE equality_keys (person bigint, k varchar(64))")
        _fill(cursor, keys.items())
        cursor.execute(  # joined once, then counted question by question
            f"CREATE TEMPORARY TABLE equality_answered AS SELECT p.grp, {columns} "
            "FROM equality_people p JOIN equality_keys keys ON keys.person = p.person "
            f"LEFT JOIN {table} e ON e.subject_key = keys.k"
        )
        for question in REPORTED:
            column = connection.ops.quote_name(question)
            cursor.execute(
                f"SELECT grp, {column}, COUNT(*) FROM equality_answered GROUP BY grp, {column}"
            )
            counts[question] = {(group, answer): n for group, answer, n in cursor.fetchall()}
        for temporary in ["equality_answered", "equality_keys", "equality_people"]:
            cursor.execute(f"DROP TABLE {temporary}")
    return counts


def _fill(cursor, keys):
    if connection.vendor == "postgresql":
        with cursor.cursor.copy("COPY equality_keys (person, k) FROM STDIN") as copy:
            for row in keys:
                copy.write_row(row)
    else:
        cursor.executemany("INSERT INTO equality_keys (person, k) VALUES (%s, %s)", list(keys))
