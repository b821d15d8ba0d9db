"""The anonymised monitoring report (MON-2; 000 §10.1, 002 checklists 4 and 5, 003 EDI).

Every number is counted in the database for all programmes at once, one programme per row, and
goes through `anonymity.protect` as one table; a programme's report is its row of that table and
the all-programmes report its totals. So the two can be set side by side, or one subtracted from
the other, without undoing a suppressed number. Periods are whole financial years, a fixed
breakdown: there are no free filters to subtract one report from another.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from mentoring.people.equality import REPORTED, answers_by_group
from mentoring.people.models import EqualityAnswers
from programmes.models import Application, Programme
from programmes.models.application import Need
from relationships.models import Goal, Meeting, Member, Relationship

from . import anonymity, rebuilds
from .models import Answer, MonitoringReport, Question, Response

DEFAULT_MINIMUM_COHORT = 20
SUPPRESSED = "suppressed"


def minimum_cohort():
    """Below this many applicants in the year a programme gets no equality breakdown."""
    return max(getattr(settings, "REPORT_MINIMUM_COHORT", DEFAULT_MINIMUM_COHORT), 1)


def financial_year(day):
    """The financial year (1 April to 31 March) that `day` falls in, as its first and last day."""
    first = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return first, date(first.year + 1, 3, 31)


def financial_years(since, today):
    """The financial years from the one holding `since` to this one, newest first."""
    years, (first, _) = [], financial_year(today)
    while first >= financial_year(since)[0]:
        years.append((first, date(first.year + 1, 3, 31)))
        first = first.replace(year=first.year - 1)
    return years


@dataclass
class Period:
    start: date
    end: date

    @property
    def since(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self):
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def holds(self, name):
        return Q(**{f"{name}__gte": self.since, f"{name}__lt": self.until})


@dataclass
class Breakdown:
    """A published table: one row per programme in scope, plus the totals across them."""

    title: str
    columns: list
    rows: list = field(default_factory=list)  # [{"label", "cells", "total"}]
    totals: dict | None = None  # {"cells", "total"} for the all-programmes report
    note: str = ""


class Counter:
    """Counts keyed by (programme, column) made into a protected table over `programmes`."""

    def __init__(self, programmes, columns):
        self.programmes = programmes
        self.columns = columns  # [(value, label)]
        self.counts = {}

    def add(self, rows, programme_key, column_key, count_key="n"):
        for row in rows:
            key = (row[programme_key], row[column_key])
            self.counts[key] = self.counts.get(key, 0) + row[count_key]
        return self

    def breakdown(self, title, scope, settled, note=""):
        """The protected table of the programmes with anyone to count (a row of nothing but
        zeros tells nothing about anyone, and suppressing it would hide the totals too),
        settled against the year's earlier reports."""
        at = settled.at
        counted = [
            p for p in self.programmes if any(self.counts.get((p.pk, v)) for v, _ in self.columns)
        ] or self.programmes[:1]
        table, together = settled.table(title, [p.pk for p in counted], self.columns, self.counts)
        if together:
            note = f"{note} {counted_together(together, at)}".strip()
        self.published = {
            (p.pk, column): n
            for p, cells in zip(counted, table.cells, strict=True)
            for column, n in zip(table.columns, cells, strict=True)
        }
        return published(table, title, counted, scope, note)


def counted_together(labels, at):
    return f"Fewer than {at} in each of these, so they are counted together: {', '.join(labels)}."


class Settled:
    """What one build settles its numbers against (`rebuilds`): the bases the year's earlier
    reports kept, oldest first; and what this build keeps for the reports after it."""

    def __init__(self, at, earlier=(), prefix=""):
        self.at, self.earlier, self.prefix, self.kept = at, list(earlier), prefix, {}

    def period_before(self):
        """The same, for the numbers of the period before that the headline sets beside."""
        before = Settled(self.at, self.earlier, prefix=f"{self.prefix}before:")
        before.kept = self.kept
        return before

    def _theirs(self, key):
        key = self.prefix + key
        return key, [basis[key] for basis in self.earlier if key in basis]

    def table(self, key, rows, columns, counts, hidden=None, merging=True):
        """A protected table, and the columns counted together."""
        key, theirs = self._theirs(f"table:{key}")
        table, self.kept[key], *together = rebuilds.protected(
            rows, columns, counts, theirs, at=self.at, hidden=hidden, merging=merging
        )
        together = together[0] if together else []
        return table, together

    def figure(self, key, value, count, total):
        key, theirs = self._theirs(f"figure:{key}")
        value, self.kept[key] = rebuilds.figure(
            value, {"count": count, "total": total}, theirs, at=self.at
        )
        return value

    def mean(self, key, total, count):
        return self.figure(key, anonymity.mean(total, count, at=self.at), count, total)

    def quotes(self, key, answers, count):
        key, theirs = self._theirs(f"quotes:{key}")
        answers, self.kept[key] = rebuilds.quotes(answers, count, theirs, at=self.at)
        return answers


def published(table, title, programmes, scope, note=""):
    """The rows of `table` that the report's scope shows: one programme's, or every
    programme's and the totals."""
    result = Breakdown(title=title, columns=table.columns, note=note)
    for programme, cells, total in zip(programmes, table.cells, table.row_totals, strict=True):
        if scope is None or programme.pk == scope.pk:
            result.rows.append({"label": programme.name, "cells": cells, "total": total})
    if scope is None:
        result.totals = {"cells": table.column_totals, "total": table.total}
    return result


def report_content(report, progress=lambda percent: None):
    """Everything the report publishes, as plain data (stored as JSON on the report); what its
    tables and figures were built from is left on `report.general_basis` and
    `report.equality_basis`."""
    content = general_content(report, earlier_bases(report), progress)
    content["sections"].append(equality_content(report))
    return content


def _scope(report):
    period = Period(report.period_start, report.period_end)
    programmes = list(Programme.objects.order_by("pk"))
    return period, programmes, report.programme, report.threshold or anonymity.threshold()


def earlier_bases(report):
    """{report: what it was built from} for the year's reports built before this one, oldest
    first, for every section but equality monitoring."""
    return dict(_year_before(report).exclude(general_basis={}).values_list("pk", "general_basis"))


def _year_before(report):
    return (
        MonitoringReport.objects.filter(
            period_start=report.period_start,
            period_end=report.period_end,
            status=MonitoringReport.Status.READY,
        )
        .exclude(pk=report.pk)
        .order_by("finished_at", "pk")
    )


def general_content(report, earlier, progress=lambda percent: None):
    """Every section but equality monitoring, settled against the `earlier` reports' bases
    (`earlier_bases`); what they were built from is left on `report.general_basis`."""
    period, programmes, scope, at = _scope(report)
    settled = Settled(at, earlier.values())
    builders = [
        ("Applications", applications),
        ("Matching", matching),
        ("Relationships", relationships),
        ("Meetings", meetings),
        ("Goals", goals),
        ("Evaluations", evaluations),
    ]
    sections = []
    for done, (title, build) in enumerate(builders, start=1):
        sections.append({"title": title, **build(period, programmes, scope, settled)})
        progress(round(80 * done / (len(builders) + 1)))
    content = {
        "scope": scope.name if scope else "All programmes",
        "period": f"{period.start:%-d %B %Y} to {period.end:%-d %B %Y}",
        "threshold": at,
        "headline": headline(period, programmes, scope, settled, sections),
        "sections": sections,
    }
    report.general_basis = settled.kept
    return content


def previous(period):
    """The period of the same length immediately before."""
    length = period.end - period.start
    end = period.start - timedelta(days=1)
    return Period(end - length, end)


def headline(period, programmes, scope, settled, sections):
    """The programme's health in a few numbers, each beside the same number for the period
    before; every one is a number the protected tables publish (or an average on a base of at
    least the threshold), so the headline gives nothing away that they do not."""
    before, settled_before = previous(period), settled.period_before()
    earlier = [
        {"title": title, **build(before, programmes, scope, settled_before)}
        for title, build in [
            ("Applications", applications),
            ("Matching", matching),
            ("Relationships", relationships),
            ("Meetings", meetings),
        ]
    ]
    in_scope = [p for p in programmes if scope is None or p.pk == scope.pk]
    now = _health(sections) | {"rating": average_rating(period, in_scope, settled)}
    then = _health(earlier) | {"rating": average_rating(before, in_scope, settled_before)}
    return [
        {
            "label": label,
            "unit": unit,
            "value": now[key],
            "previous": then.get(key),
            "parts": now.get(f"{key}_parts", []),
        }
        for key, label, unit in HEADLINE
    ]


HEADLINE = [
    ("applied", "Applied", ""),
    ("accepted", "Mentees accepted", ""),
    ("matched", "Paired", ""),
    ("active", "Active at the end of the period", ""),
    ("completed", "Completed", ""),
    ("meetings", "Meetings held", ""),
    ("rating", "Average rating", "out of 5"),
    ("wait", "Time to be paired", "days"),
    ("forms", "Evaluation forms sent", ""),
]


def _health(sections):
    tables = {t["title"]: _shown(t) for s in sections for t in s["tables"]}
    figures = {f["title"]: f for s in sections for f in s["figures"]}
    (outcomes_of_mentees, mentees), mentors = (
        tables["Mentee applications"],
        tables["Mentor applications"][1],
    )
    accepted = outcomes_of_mentees.get("Accepted")
    share = anonymity.rate(accepted, mentees)
    outcomes = tables["Relationships under way in the year"][0]
    wait = _overall(figures["Average wait from applying to being paired (days)"])
    forms = tables.get("Evaluation forms sent in the year", ({}, None))
    done = anonymity.rate(forms[0].get("Completed"), forms[1])
    both = None not in (mentees, mentors)
    return {
        "applied": mentees + mentors if both else None,
        "applied_parts": [(f"{mentees:,}", "mentees"), (f"{mentors:,}", "mentors")] if both else [],
        "accepted": accepted,
        "accepted_parts": [] if share is None else [(f"{share}%", "of the mentees who applied")],
        "forms": forms[1],
        "forms_parts": [] if done is None else [(f"{done}%", "completed")],
        "matched": tables["Pairings"][1],
        "active": outcomes.get("Still active at the end of the year"),
        "completed": outcomes.get("Completed"),
        "meetings": tables["Meetings held, by how people met"][1],
        "wait": None if wait is None else round(wait),
    }


def _shown(table):
    """The numbers a table publishes for the report's scope: by column, and the total."""
    if table["totals"] is not None:
        cells, total = table["totals"]["cells"], table["totals"]["total"]
    elif table["rows"]:
        cells, total = table["rows"][0]["cells"], table["rows"][0]["total"]
    else:
        return {}, None
    return dict(zip(table["columns"], cells, strict=True)), total


def _overall(figure):
    if "overall" in figure:
        return figure["overall"]
    return figure["rows"][0]["value"] if figure["rows"] else None


def average_rating(period, programmes, settled):
    """Every rating answered in the period, each put on a scale of 1 to 5, averaged; None on
    fewer answers than the threshold."""
    answers = list(
        Answer.objects.filter(
            period.holds("response__submitted_at"),
            question__kind="rating",
            question__section__questionnaire__programme__in=programmes,
            number__isnull=False,
        )
        .values("question", "number")
        .annotate(n=Count("pk"))
    )
    scales = dict(
        Question.objects.filter(pk__in={a["question"] for a in answers}).values_list(
            "pk", "choices"
        )
    )
    total = sum(_out_of_five(a["number"], len(scales[a["question"]])) * a["n"] for a in answers)
    key = "average rating:" + ",".join(str(p.pk) for p in programmes)
    return settled.mean(key, total, sum(a["n"] for a in answers))


def _out_of_five(point, points):
    return 1 + 4 * (point - 1) / (points - 1) if points > 1 else 5


def equality_content(report):
    """The equality monitoring section, settled against the earlier reports of the year
    (`rebuilds`). Build one year's reports one at a time, so that each meets all the others."""
    period, programmes, scope, at = _scope(report)
    earlier = _year_before(report).values_list("equality_basis", flat=True)
    tables, report.equality_basis = equality(period, programmes, scope, at, list(earlier))
    return {"title": "Equality monitoring", **tables}


def _tables(*breakdowns, figures=(), notes=(), quotes=()):
    return {
        "tables": [asdict(b) for b in breakdowns],
        "figures": list(figures),
        "notes": list(notes),
        "quotes": list(quotes),
    }


APPLICATION_OUTCOMES = [
    ("accepted", "Accepted"),
    ("declined", "Not accepted"),
    ("manager_declined", "Not supported by the line manager"),
    ("withdrawn", "Withdrawn"),
    ("open", "Still being decided or on the waiting list"),
]
OPEN_STATUSES = ["awaiting_manager", "with_coordinator", "waiting_list"]


def applications(period, programmes, scope, settled):
    rows = list(
        Application.objects.filter(period.holds("created_at"))
        .values("programme", "role", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        row["outcome"] = "open" if row["status"] in OPEN_STATUSES else row["status"]
    tables = []
    for role, title in [("mentee", "Mentee applications"), ("mentor", "Mentor applications")]:
        counter = Counter(programmes, APPLICATION_OUTCOMES)
        counter.add([r for r in rows if r["role"] == role], "programme", "outcome")
        tables.append(
            counter.breakdown(title, scope, settled, "Made in the year, by where they are now.")
        )
    return _tables(*tables, *asked_for(period, programmes, scope, settled))


TICKED = "People could tick more than one, so a total counts ticks, not people."


def asked_for(period, programmes, scope, settled):
    """000 §10.1: the nature of the issue is recorded, not the parties. What the mentees who
    applied in the year asked for help with, and the areas they wanted help in."""
    mentees = Application.objects.filter(period.holds("created_at"), role="mentee")
    needs = Counter(programmes, list(Need.choices)).add(
        (
            {"programme": programme, "need": need, "n": 1}
            for programme, ticked in mentees.values_list("programme", "needs")
            for need in ticked
        ),
        "programme",
        "need",
    )
    wanted = (
        Application.areas_wanted.through.objects.filter(application__in=mentees)
        .values("application__programme", "area", "area__name")
        .annotate(n=Count("pk"))
        .order_by("area__name")
    )
    areas = Counter(programmes, list(dict.fromkeys((w["area"], w["area__name"]) for w in wanted)))
    areas.add(wanted, "application__programme", "area")
    note = f"Applications made in the year by mentees. {TICKED}"
    tables = [needs.breakdown("What mentees asked for help with", scope, settled, note)]
    if areas.columns:
        tables.append(areas.breakdown("Areas mentees wanted help in", scope, settled, note))
    return tables


MATCH_OUTCOMES = [
    ("started", "Went ahead"),
    ("not_going_ahead", "Did not go ahead after the introduction"),
    ("rematch", "Rematched before starting"),
    ("waiting", "Waiting for the introduction"),
]


def matching(period, programmes, scope, settled):
    paired = Relationship.objects.filter(period.holds("created_at"))
    counter = Counter(programmes, MATCH_OUTCOMES)
    for outcome, rule in [
        ("started", Q(started_at__isnull=False)),
        ("not_going_ahead", Q(started_at__isnull=True, ending="not_going_ahead")),
        ("rematch", Q(started_at__isnull=True, ending="rematch")),
        ("waiting", Q(started_at__isnull=True, ending="")),
    ]:
        rows = paired.filter(rule).values("programme").annotate(n=Count("pk"))
        counter.add([r | {"outcome": outcome} for r in rows], "programme", "outcome")
    waits = (
        Member.objects.filter(role="mentee")
        .filter(period.holds("relationship__created_at"))
        .values("relationship__programme")
        .annotate(
            n=Count("pk"),
            waited=Sum(
                ExpressionWrapper(
                    F("relationship__created_at") - F("application__created_at"),
                    output_field=DurationField(),
                )
            ),
        )
    )
    figures = _means(
        "Average wait from applying to being paired (days)",
        {w["relationship__programme"]: (_days(w["waited"]), w["n"]) for w in waits},
        programmes,
        scope,
        settled,
    )
    note = "Pairings made in the year, by what happened after the introduction."
    return _tables(counter.breakdown("Pairings", scope, settled, note), figures=[figures])


RELATIONSHIP_OUTCOMES = [
    ("completed", "Completed"),
    ("ended_early", "Ended early"),
    ("active", "Still active at the end of the year"),
]


def relationships(period, programmes, scope, settled):
    under_way = Relationship.objects.filter(
        Q(started_at__lt=period.until) & (Q(ended_at__isnull=True) | Q(ended_at__gte=period.since))
    )
    ended = under_way.filter(period.holds("ended_at"))
    outcomes = Counter(programmes, RELATIONSHIP_OUTCOMES)
    for outcome, rows in [
        ("completed", ended.filter(ending="completed")),
        ("ended_early", ended.exclude(ending="completed")),
        ("active", under_way.exclude(period.holds("ended_at"))),
    ]:
        rows = rows.values("programme").annotate(n=Count("pk"))
        outcomes.add([r | {"outcome": outcome} for r in rows], "programme", "outcome")
    started = under_way.filter(period.holds("started_at")).values("programme")
    started = Counter(programmes, [("started", "Started in the year")]).add(
        [r | {"outcome": "started"} for r in started.annotate(n=Count("pk"))],
        "programme",
        "outcome",
    )
    reasons = Counter(programmes, list(Relationship.Reason.choices)).add(
        ended.values("programme", "end_reason").annotate(n=Count("pk")),
        "programme",
        "end_reason",
    )
    lengths = ended.values("programme").annotate(
        n=Count("pk"),
        length=Sum(
            ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
        ),
    )
    sessions = _held(Meeting.objects.filter(relationship__in=ended.values("pk"))).values(
        "relationship__programme"
    )
    sessions = {s["relationship__programme"]: s["n"] for s in sessions.annotate(n=Count("pk"))}
    length_by = {x["programme"]: (_days(x["length"]), x["n"]) for x in lengths}
    sessions_by = {p: (sessions.get(p, 0), n) for p, (_, n) in length_by.items()}
    return _tables(
        outcomes.breakdown("Relationships under way in the year", scope, settled),
        started.breakdown("Relationships started", scope, settled),
        reasons.breakdown(
            "Why relationships ended",
            scope,
            settled,
            "Relationships that ended in the year, by the reason category chosen.",
        ),
        figures=[
            _means(
                "Average length of relationships that ended (days)",
                length_by,
                programmes,
                scope,
                settled,
            ),
            _means(
                "Average number of meetings held in them", sessions_by, programmes, scope, settled
            ),
        ],
    )


def _held(meetings):
    return meetings.filter(cancelled_at__isnull=True, starts_at__lt=timezone.now())


def meetings(period, programmes, scope, settled):
    held = _held(Meeting.objects.filter(period.holds("starts_at")))
    counter = Counter(programmes, list(Meeting.Method.choices)).add(
        held.values("relationship__programme", "method").annotate(n=Count("pk")),
        "relationship__programme",
        "method",
    )
    return _tables(counter.breakdown("Meetings held, by how people met", scope, settled))


def goals(period, programmes, scope, settled):
    ended = Relationship.objects.filter(period.holds("ended_at"), started_at__isnull=False)
    rows = (
        Goal.objects.filter(plan__mentee__relationship__in=ended.values("pk"))
        .values("plan__mentee__relationship__programme", "status")
        .annotate(n=Count("pk"))
    )
    counter = Counter(programmes, list(Goal.Status.choices)).add(
        rows, "plan__mentee__relationship__programme", "status"
    )
    note = "Goals in the action plans of relationships that ended in the year."
    return _tables(counter.breakdown("Goals", scope, settled, note))


def _days(duration):
    return duration.total_seconds() / 86400 if duration else 0


def _means(title, sums, programmes, scope, settled):
    """Averages per programme and overall from {programme: (total, count)}, each only on a
    base of at least the threshold."""
    rows = [
        {"label": p.name, "value": settled.mean(f"{title}:{p.pk}", *sums.get(p.pk, (0, 0)))}
        for p in programmes
        if scope is None or p.pk == scope.pk
    ]
    figure = {"title": title, "rows": rows}
    if scope is None:
        total = sum(s for s, _ in sums.values())
        count = sum(n for _, n in sums.values())
        figure["overall"] = settled.mean(f"{title}:all", total, count)
    return figure


def evaluations(period, programmes, scope, settled):
    in_scope = [p for p in programmes if scope is None or p.pk == scope.pk]
    sent = Response.objects.filter(period.holds("sent_at"))
    forms = Counter(programmes, [("done", "Completed"), ("open", "Not completed")])
    for state, rows in [
        ("done", sent.filter(submitted_at__isnull=False)),
        ("open", sent.filter(submitted_at__isnull=True)),
    ]:
        rows = rows.values("questionnaire__programme").annotate(n=Count("pk"))
        forms.add([r | {"state": state} for r in rows], "questionnaire__programme", "state")
    answered = Answer.objects.filter(
        period.holds("response__submitted_at"),
        question__section__questionnaire__programme__in=in_scope,
    )
    counts = {}
    for row in (
        answered.exclude(question__kind="text")
        .values("question", "choice", "number")
        .annotate(n=Count("pk"))
    ):
        counts[(row["question"], row["choice"] or row["number"])] = row["n"]
    questions = (
        Question.objects.filter(pk__in=answered.values("question"))
        .select_related("section__questionnaire__programme")
        .order_by("section__questionnaire__programme", "section__questionnaire", "section", "order")
    )
    tables, figures = [forms.breakdown("Evaluation forms sent in the year", scope, settled)], []
    for question in questions:
        # The answers to one question count the forms completed: beside a suppressed number
        # of those, they would narrow down the forms not completed.
        programme = question.section.questionnaire.programme_id
        shown = forms.published.get((programme, "Completed")) is not None
        if question.kind == "rating":
            figures.append(_rating(question, counts, settled, shown))
        elif question.kind != "text":
            tables.append(_choices(question, counts, settled, shown))
    return _tables(*tables, figures=figures, quotes=_quotes(answered, in_scope, settled))


def _label(question):
    questionnaire = question.section.questionnaire
    return f"{questionnaire.programme.name}, {questionnaire.title}: {question.text}"


def _rating(question, counts, settled, shown):
    points = range(1, len(question.choices) + 1)
    n = sum(counts.get((question.pk, p), 0) for p in points)
    total = sum(p * counts.get((question.pk, p), 0) for p in points)
    answers = settled.figure(f"answers:{question.pk}", n if n >= settled.at else None, n, n)
    return {
        "title": _label(question),
        "rows": [
            {"label": "Answers", "value": answers if shown else None},
            {
                "label": f"Average, from 1 ({question.choices[0]}) to {len(question.choices)} "
                f"({question.choices[-1]})",
                "value": settled.mean(f"rating:{question.pk}", total, n),
            },
        ],
    }


def _choices(question, counts, settled, shown):
    options = (
        [(1, "Yes"), (0, "No")]
        if question.kind == "yes_no"
        else [(option, option) for option in question.choices]
    )
    answers = {("answers", value): counts.get((question.pk, value), 0) for value, _ in options}
    hidden = None if shown else [True] * (2 * len(options) + 2)
    key = f"question:{question.pk}"
    table, _ = settled.table(key, ["answers"], options, answers, hidden, merging=False)
    note = "People could tick more than one." if question.kind == "multiple" else ""
    return Breakdown(
        title=_label(question),
        columns=table.columns,
        rows=[{"label": "Answers", "cells": table.cells[0], "total": table.row_totals[0]}],
        note=note,
    )


def _quotes(answered, programmes, settled):
    """Written answers only from programmes that opted in, only where at least the threshold
    answered, in alphabetical order so they cannot be lined up with one another."""
    opted_in = [p for p in programmes if p.report_includes_free_text]
    texts = (
        answered.filter(
            question__kind="text", question__section__questionnaire__programme__in=opted_in
        )
        .exclude(text="")
        .values_list("question", "text")
    )
    by_question = {}
    for question, text in texts:
        by_question.setdefault(question, []).append(text)
    labels = {
        q.pk: _label(q)
        for q in Question.objects.filter(pk__in=by_question).select_related(
            "section__questionnaire__programme"
        )
    }
    quotes = [
        {
            "title": labels[q],
            "answers": settled.quotes(
                str(q), sorted(answers) if len(answers) >= settled.at else [], len(answers)
            ),
        }
        for q, answers in by_question.items()
    ]
    return [q for q in quotes if q["answers"]]


STAGES = [("applied", "applied"), ("matched", "were paired"), ("completed", "completed")]


def equality(period, programmes, scope, at, earlier=()):
    """Who applied, who was paired and who completed, by each monitored characteristic; only
    for programmes with at least the minimum cohort of applicants in the year (or broken down
    by an earlier report of the year), every number settled against the `earlier` reports'
    bases. Returns the tables and this report's basis."""
    applied = Application.objects.filter(period.holds("created_at"))
    cohort_sizes = dict(
        applied.values("programme")
        .annotate(n=Count("applicant", distinct=True))
        .values_list("programme", "n")
    )
    before = {pk for basis in earlier for table in basis.values() for pk in table["rows"]}
    shown = [
        p for p in programmes if cohort_sizes.get(p.pk, 0) >= minimum_cohort() or p.pk in before
    ]
    note = (
        f"Only programmes with at least {minimum_cohort()} applicants in the year are broken "
        "down, so that no one can be picked out. A number moves from one report of the year to "
        f"the next only by at least {at}; until then the earlier number is repeated."
    )
    if scope is not None and scope not in shown or not shown:
        return _tables(notes=[note]), {}
    answers = answers_by_group(_stage_members(period, applied, shown))
    rows, tables, bases = [p.pk for p in shown], [], {}
    for question in REPORTED:
        field = EqualityAnswers._meta.get_field(question)
        columns = [*field.choices, ("", "Not answered")]
        for stage, words in STAGES:
            key = f"{question}:{stage}"
            counts = {
                (int(group.split(":")[1]), answer): n
                for (group, answer), n in answers[question].items()
                if group.split(":")[0] == stage
            }
            theirs = [b[key] for b in earlier if key in b]
            table, bases[key] = rebuilds.protected(rows, columns, counts, theirs, at=at)
            title = f"{field.verbose_name.capitalize()}: people who {words}"
            tables.append(published(table, title, shown, scope))
    return _tables(*tables, notes=[note]), bases


def _stage_members(period, applied, eligible):
    """{stage: each programme and person in it}, for answers_by_group."""
    ended = Relationship.objects.filter(period.holds("ended_at"), ending="completed")
    members = Member.objects.filter(relationship__programme__in=eligible)
    pairs = {"part": F("relationship__programme"), "staff_member": F("person")}
    return {
        "applied": applied.filter(programme__in=eligible).values(
            part=F("programme"), staff_member=F("applicant")
        ),
        "matched": members.filter(period.holds("relationship__created_at")).values(**pairs),
        "completed": members.filter(relationship__in=ended).values(**pairs),
    }
