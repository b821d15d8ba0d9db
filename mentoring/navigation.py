"""The portal's navigation, declared once: what each role is offered, which pages count as being
in each place, and which count shows beside it. base.html draws it; nothing else lists links."""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    shown_to: str = "everyone"  # a property of Roles, or "everyone"
    pages: tuple = ()  # other pages (view names, or "app:" for a whole app) that are in this place
    count: str = ""  # a key of the navigation counts, shown when above nought
    counted: str = ""  # what the count is, for screen readers: "3 waiting"
    hidden_from: str = ""  # a role that has this elsewhere (a coordinator's reports are in Manage)

    def is_for(self, roles):
        shown = self.shown_to == "everyone" or getattr(roles, self.shown_to)
        return shown and not (self.hidden_from and getattr(roles, self.hidden_from))

    def is_named(self, view_name):
        return view_name in (self.url_name, *self.pages)

    def is_current(self, view_name):
        names = (self.url_name, *self.pages)
        return view_name in names or any(n.endswith(":") and view_name.startswith(n) for n in names)


@dataclass(frozen=True)
class Section(Item):
    items: tuple = field(default_factory=tuple)

    def is_current(self, view_name):
        return any(item.is_current(view_name) for item in self.items)


MANAGE = Section(
    "Manage",
    "evaluations:dashboard",
    shown_to="coordinator",
    items=(
        Item("Dashboard", "evaluations:dashboard", pages=("evaluations:programme_dashboard",)),
        Item(
            "Programmes",
            "programmes:list",
            pages=(
                "programmes:detail",
                "programmes:new",
                "programmes:new_step",
                "programmes:new_check",
                "programmes:edit",
                "programmes:policy",
            ),
        ),
        Item(
            "Applications",
            "programmes:applications",
            pages=("programmes:queue", "programmes:decide"),
        ),
        Item(
            "Matching",
            "relationships:matching_overview",
            pages=(
                "relationships:matching",
                "relationships:weights",
                "relationships:group_new",
                "relationships:proposal_change",
            ),
        ),
        Item(
            "Questionnaires",
            "evaluations:questionnaires",
            pages=tuple(
                f"evaluations:{name}"
                for name in (
                    "questionnaire_list",
                    "questionnaire",
                    "questionnaire_add",
                    "questionnaire_edit",
                    "questionnaire_retire",
                    "section_add",
                    "section_edit",
                    "section_delete",
                    "question_add",
                    "question_edit",
                    "question_delete",
                    "answers",
                    "answers_by_person",
                    "survey_send",
                )
            ),
        ),
        Item("Reports", "evaluations:reports", pages=("evaluations:report",)),
        Item(
            "Staff",
            "people:staff_list",
            pages=("people:staff_detail", "people:staff_import", "people:grades"),
        ),
        Item("Areas", "programmes:areas"),
        Item("Audit log", "audit:search"),
    ),
)

MAIN = (
    Item("Home", "home", count="tasks", counted="waiting for you"),
    Item(
        "Programmes",
        "programmes:list",
        pages=(
            "programmes:detail",
            "programmes:apply_mentee",
            "programmes:apply_mentor",
            "programmes:my_applications",
            "programmes:my_history",
        ),
        hidden_from="coordinator",
    ),
    Item("My mentoring", "relationships:mine", pages=("relationships:",)),
    Item("Training", "programmes:training", pages=("programmes:training_detail",)),
    Item(
        "To complete",
        "evaluations:to_complete",
        pages=("evaluations:response",),
        count="forms",
        counted="waiting",
    ),
    Item(
        "Your team",
        "relationships:team",
        shown_to="line_manager",
        pages=(
            "programmes:approvals",
            "programmes:approval",
            "programmes:history",
            "relationships:shared",
        ),
    ),
    Item(
        "Reports",
        "evaluations:reports",
        shown_to="sponsor",
        pages=("evaluations:report",),
        hidden_from="coordinator",
    ),
    Item("Provisioning", "people:provisioning", shown_to="provisioning"),
    # Others reach it from Your profile, which needs a staff record.
    Item(
        "Two-factor sign-in",
        "two_factor:settings",
        shown_to="without_staff_record",
        pages=("two_factor:",),
    ),
    MANAGE,
)


def navigation(request):
    organisation = {"name": settings.ORGANISATION_NAME, "logo": settings.ORGANISATION_LOGO}
    return {"menu": SimpleLazyObject(lambda: _menu(request)), "organisation": organisation}


def _menu(request):
    from mentoring.people.context_processors import Roles

    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    roles = Roles(request.user)
    in_manage = roles.coordinator and MANAGE.is_current(view_name)
    main = [item for item in MAIN if item.is_for(roles)]
    current = MANAGE if in_manage else _first_current(main, view_name)
    return {
        "main": [_link(item, item is current) for item in main],
        "manage": [_link(i, i is _first_current(MANAGE.items, view_name)) for i in MANAGE.items]
        if in_manage
        else [],
        "role": _role_name(roles),
    }


def _first_current(items, view_name):
    """The item naming this page, else the first whose whole app it is in ("relationships:")."""
    named = next((item for item in items if item.is_named(view_name)), None)
    return named or next((item for item in items if item.is_current(view_name)), None)


def _link(item, current):
    return {
        "label": item.label,
        "href": reverse(item.url_name),
        "current": current,
        "count": item.count,
        "counted": item.counted,
    }


def _role_name(roles):
    if roles.coordinator:
        return "Coordinator"
    if roles.sponsor:
        return "Sponsor"
    if roles.line_manager:
        return "Line manager"
    return ""
