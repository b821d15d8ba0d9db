from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from mentoring.people.permissions import is_coordinator, staff_member_of
from mentoring.web import add_errors, confirmation, id_from, run_service
from programmes.models import Application
from programmes.views.common import managed_programme

from .. import selectors
from ..compatibility import explain, score_matrix, settings_of, weights_of
from ..forms import (
    ApproveForm,
    GroupForm,
    SwapForm,
    WeightsForm,
)
from ..models import MentorRequest, Proposal, Weights
from ..rules import Facts, pairing_refusals, unasked_refusals
from ..services import manager_answers, pairing, proposals, requests
from ..unmatched import unmatched_in


@login_required
def matching_overview(request):
    """Manage, Matching: each programme the coordinator runs and what waits in it."""
    me = staff_member_of(request.user)
    if me is None or not is_coordinator(request.user):
        raise PermissionDenied
    rows = selectors.matching_overview(me)
    return render(request, "relationships/matching_overview.html", {"rows": rows})


@login_required
def matching(request, pk):
    """The coordinator's matching page: who waits, the proposals and the relationships."""
    programme = managed_programme(request, pk)
    settings = settings_of(programme)
    weights = settings.as_dict()
    page = Paginator(_proposals(programme), 50).get_page(request.GET.get("page"))
    manager_answers.with_manager_answers(programme, page.object_list)
    for proposal in page.object_list:
        proposal.explanation = explain(
            programme, proposal.mentee_application, proposal.mentor_application, weights
        )
        proposal.ticked = proposal.score >= settings.tick_from
        proposal.weakest = _weakest(proposal.explanation)
    run = programme.match_runs.first()
    relationships = (
        programme.relationships.live()
        .prefetch_related("members__person")
        .order_by("-review_needed", "-created_at")
    )
    context = {
        "programme": programme,
        "run": run,
        "page": page,
        "unmatched": unmatched_in(programme),
        "relationships": relationships,
        "swap_form": SwapForm(programme=programme),
        "solved": programme.mentoring_model in proposals.SOLVED_MODELS,
        "weights": [(Weights.FACTORS[name], value) for name, value in weights.items()],
        "tick_from": settings.tick_from,
        "waiting_requests": manager_answers.requests_waiting(programme),
    }
    return render(request, "relationships/matching.html", context)


def _weakest(explanation):
    """The factor that loses the pairing most points, to say why a score is low."""
    lost = [(f.out_of - f.points, n, f) for n, f in enumerate(explanation.factors)]
    worst = max(lost, default=None, key=lambda item: item[:2])
    return worst[2] if worst and worst[0] > 0 else None


def _proposals(programme):
    return programme.proposals.select_related(
        "mentee_application__applicant__grade",
        "mentee_application__applicant__line_manager",
        "mentee_application__applicant__department",
        "mentee_application__applicant__location",
        "mentor_application__applicant__grade",
        "mentor_application__applicant__department",
        "mentor_application__applicant__location",
    ).prefetch_related("mentee_application__areas_wanted", "mentor_application__areas_offered")


@login_required
@require_POST
def match_run(request, pk):
    programme = managed_programme(request, pk)
    run_service(
        request,
        proposals.match_run_start,
        "Working out the best matches; this page shows progress.",
        programme=programme,
    )
    return redirect("relationships:matching", pk=programme.pk)


@login_required
def weights_edit(request, pk):
    programme = managed_programme(request, pk)
    instance = Weights.objects.filter(programme=programme).first() or Weights(programme=programme)
    form = WeightsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Weights saved; propose matches again to use them.")
        return redirect("relationships:matching", pk=programme.pk)
    return render(
        request, "relationships/weights_form.html", {"programme": programme, "form": form}
    )


PROPOSAL_ACTIONS = {
    "pin": (proposals.proposal_pin, {"pinned": True}, "Pinned: it stays when you re-solve."),
    "unpin": (proposals.proposal_pin, {"pinned": False}, "Unpinned."),
    "remove": (proposals.proposal_remove, {}, "Proposal removed."),
    "ask": (
        manager_answers.manager_answer_ask,
        {},
        "The line manager has been asked about this mentor; their answer will show here.",
    ),
}


@login_required
@require_POST
def proposal_action(request, pk, action):
    proposal = _managed_proposal(request, pk)
    service, extra, success = PROPOSAL_ACTIONS[action]
    run_service(request, service, success, proposal=proposal, **extra)
    return redirect("relationships:matching", pk=proposal.programme_id)


@login_required
def proposal_change(request, pk):
    """Every mentor this mentee may have, best first, each saying what choosing them does."""
    proposal = _managed_proposal(request, pk)
    programme = proposal.programme
    if request.method == "POST":
        mentor = get_object_or_404(
            selectors.mentors_with_room(programme), pk=id_from(request.POST.get("mentor"))
        )
        displacing = None
        if "displacing" in request.POST:
            displacing = get_object_or_404(
                programme.proposals.filter(mentor_application=mentor).exclude(pk=proposal.pk),
                pk=id_from(request.POST["displacing"]),
            )
        if run_service(
            request,
            proposals.proposal_change,
            _changed_words(mentor, displacing),
            proposal=proposal,
            mentor_application=mentor,
            displacing=displacing,
        ):
            return redirect("relationships:matching", pk=programme.pk)
    mentee = Application.objects.for_scoring().with_areas().get(pk=proposal.mentee_application_id)
    options = _with_consequences(programme, proposal, _ranked_mentors(programme, [mentee]))
    context = {"proposal": proposal, "programme": programme, "options": options}
    return render(request, "relationships/proposal_change.html", context)


def _changed_words(mentor, displacing):
    words = f"{mentor.applicant.full_name} is now proposed."
    if displacing is not None:
        words += f" {displacing.mentee_application.applicant.full_name} is now unmatched."
    return words


def _with_consequences(programme, proposal, mentors):
    """Each mentor with what choosing them does: a place free, or the proposal that makes way
    (their lowest-scoring unpinned one, whose mentee is then unmatched)."""
    others = {}
    for other in (
        programme.proposals.exclude(pk=proposal.pk)
        .select_related("mentee_application__applicant")
        .order_by("score", "pk")
    ):
        others.setdefault(other.mentor_application_id, []).append(other)
    for mentor in mentors:
        theirs = others.get(mentor.pk, [])
        name = mentor.applicant.full_name
        mentor.displaces, mentor.can_choose = None, True
        if len(theirs) < proposals.mentor_room(programme, mentor):
            mentor.consequence = f"{name} has a place free"
        elif movable := [p for p in theirs if not p.is_pinned]:
            mentor.displaces = movable[0]
            unmatched = movable[0].mentee_application.applicant.full_name
            mentor.consequence = f"{unmatched} would then be unmatched"
        else:
            mentor.can_choose = False
            mentor.consequence = f"{name} is full with pinned proposals"
    return mentors


def _ranked_mentees(programme, mentor, mentees):
    """The waiting mentees this mentor may take, best score first."""
    facts = Facts.load(programme, [*mentees, mentor])
    allowed = facts.allowed_matrix(mentees, [mentor])[:, 0]
    weights = weights_of(programme)
    ranked = [
        (explain(programme, mentee, mentor, weights), mentee)
        for mentee, ok in zip(mentees, allowed, strict=True)
        if ok
    ]
    return sorted(ranked, key=lambda pair: -pair[0].score)


def _ranked_mentors(programme, mentees):
    """Mentors allowed for all these mentees, with each one's scores, best total first."""
    mentors = list(selectors.mentors_with_room(programme).with_areas())
    facts = Facts.load(programme, [*mentees, *mentors])
    allowed = facts.allowed_matrix(mentees, mentors).all(axis=0)
    scores = score_matrix(programme, mentees, mentors)
    weights = weights_of(programme)
    ranked = []
    for j, mentor in enumerate(mentors):
        if allowed[j]:
            mentor.explanations = [explain(programme, m, mentor, weights) for m in mentees]
            ranked.append((int(scores[:, j].sum()), mentor))
    return [mentor for _, mentor in sorted(ranked, key=lambda pair: -pair[0])]


@login_required
@require_POST
def proposals_swap(request, pk):
    programme = managed_programme(request, pk)
    form = SwapForm(request.POST, programme=programme)
    if form.is_valid():
        run_service(request, proposals.proposals_swap, "Mentors swapped.", **form.cleaned_data)
    else:
        messages.error(request, "Choose two proposals to swap.")
    return redirect("relationships:matching", pk=programme.pk)


@login_required
@require_POST
def proposals_approve(request, pk):
    programme = managed_programme(request, pk)
    form = ApproveForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, "Tick at least one proposal to approve.")
        return redirect("relationships:matching", pk=programme.pk)
    page = _confirm_approve(request, programme, form.cleaned_data["proposals"])
    if page:
        return page
    try:
        made, refusals = proposals.proposals_approve(
            by=request.user, programme=programme, proposals=form.cleaned_data["proposals"]
        )
    except ValidationError as exc:
        made, refusals = [], exc.messages
    if made:
        messages.success(
            request,
            f"{len(made)} relationship{'s' if len(made) != 1 else ''} proposed; "
            "everyone has been asked to arrange an introductory meeting.",
        )
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect("relationships:matching", pk=programme.pk)


@login_required
@require_POST
def proposals_ask_managers(request, pk):
    """Ask the line managers about every ticked proposal whose mentee has one (000 §3.2)."""
    programme = managed_programme(request, pk)
    form = ApproveForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, "Tick at least one proposal to ask about.")
        return redirect("relationships:matching", pk=programme.pk)
    try:
        asked = manager_answers.manager_answers_ask(
            by=request.user, programme=programme, proposals=form.cleaned_data["proposals"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        managers = f"{asked} line manager{'s' if asked != 1 else ''}"
        messages.success(request, f"Asked {managers}; their answers will show here.")
    return redirect("relationships:matching", pk=programme.pk)


def _confirm_approve(request, programme, chosen):
    chosen = list(chosen)
    told = {p.mentee_application.applicant_id for p in chosen}
    told |= {p.mentor_application.applicant_id for p in chosen}
    manager_answers.with_manager_answers(programme, chosen)
    pairs = [
        manager_answers.pair_in_words(p.mentor_application, p.mentee_application, p.manager_answer)
        for p in chosen
    ]
    return confirmation(
        request,
        title=f"Approve {len(chosen)} proposal{'s' if len(chosen) != 1 else ''}?",
        what_happens=[
            f"This emails {len(told)} {'person' if len(told) == 1 else 'people'}, asking each pair "
            "to arrange an introductory meeting.",
            *pairs,
        ],
        button="Approve and tell them",
        cancel=reverse("relationships:matching", args=[programme.pk]),
    )


@login_required
@require_POST
def request_decide(request, pk):
    """The coordinator pairs, or not, a mentee and the mentor who accepted them, once the
    mentee's line manager has been asked and has not supported it (000 §3.2)."""
    mentor_request = get_object_or_404(
        MentorRequest.objects.select_related(
            "mentee_application__applicant", "mentor_application__applicant"
        ),
        pk=pk,
    )
    programme = managed_programme(request, mentor_request.mentee_application.programme_id)
    go_ahead = {"yes": True, "no": False}.get(request.POST.get("go_ahead"))
    if go_ahead is None:
        messages.error(request, "Choose whether to pair them.")
        return redirect("relationships:matching", pk=programme.pk)
    page = _confirm_decide(request, programme, mentor_request, go_ahead)
    if page:
        return page
    done = DECIDED[go_ahead]
    run_service(
        request, requests.request_decide, done, mentor_request=mentor_request, go_ahead=go_ahead
    )
    return redirect("relationships:matching", pk=programme.pk)


DECIDED = {
    True: "Paired; both are asked to arrange an introductory meeting.",
    False: "Not paired; the mentee can ask another mentor.",
}


def _confirm_decide(request, programme, mentor_request, go_ahead):
    mentee, mentor = mentor_request.mentee_application, mentor_request.mentor_application
    answer = manager_answers.answers_about(programme, [mentee.pk]).get((mentee.pk, mentor.pk))
    said = manager_answers.pair_in_words(mentor, mentee, answer)
    if go_ahead:
        title = f"Pair {mentee.applicant.full_name} with {mentor.applicant.full_name}?"
        told = "This emails both of them, asking them to arrange an introductory meeting."
    else:
        title = f"Not pair {mentee.applicant.full_name} with {mentor.applicant.full_name}?"
        told = (
            f"{mentee.applicant.first_name} reads that you decided not to go ahead and can ask "
            "another mentor; the line manager's words stay with the coordinators."
        )
    return confirmation(
        request,
        title=title,
        what_happens=[said, told],
        button="Pair them" if go_ahead else "Do not pair them",
        cancel=reverse("relationships:matching", args=[programme.pk]),
    )


@login_required
def group_new(request, pk):
    """Form a group, two-by-two or team by hand, helped by each mentor's scores."""
    programme = managed_programme(request, pk)
    mentees = selectors.waiting_mentees(programme).with_areas()
    mentors = selectors.mentors_with_room(programme).with_areas()
    form = GroupForm(
        request.POST if request.method == "POST" else None,
        initial=_chosen_before(request.GET),
        mentors=mentors,
        mentees=mentees,
        programme=programme,
    )
    if request.method == "POST" and form.is_valid():
        if request.POST.get("ask_managers") == "yes":
            if _ask_managers_by_hand(request, programme, form):
                return redirect(_group_new_with(programme, form.cleaned_data))
        else:
            page = _confirm_by_hand(request, programme, form.cleaned_data)
            if page:
                return page
            try:
                pairing.pair(
                    programme=programme,
                    mentor_ids=[m.pk for m in form.cleaned_data["mentors"]],
                    mentee_ids=[m.pk for m in form.cleaned_data["mentees"]],
                    created_by=staff_member_of(request.user),
                    team_name=form.cleaned_data["team_name"],
                    model=form.cleaned_data.get("model", ""),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Group formed; everyone is asked to meet and say yes.")
                return redirect("relationships:matching", pk=programme.pk)
    chosen = mentors.filter(pk=id_from(request.GET.get("mentor"))).first()
    context = {
        "programme": programme,
        "form": form,
        "mentors": mentors,
        "chosen": chosen,
        "ranked": _ranked_mentees(programme, chosen, list(mentees)) if chosen else [],
        "manager_answers": manager_answers.answers_about(programme, mentees.values("pk")).values(),
    }
    return render(request, "relationships/group_form.html", context)


CHOSEN = ("mentors", "mentees")


def _group_new_with(programme, chosen):
    """The form again with the same people chosen, so that a refresh asks nobody twice."""
    query = {field: [a.pk for a in chosen[field]] for field in CHOSEN}
    query |= {"model": chosen.get("model", ""), "team_name": chosen["team_name"]}
    url = reverse("relationships:group_new", args=[programme.pk])
    return f"{url}?{urlencode(query, doseq=True)}"


def _chosen_before(query):
    """What `_group_new_with` put in the address, as the form's first choices; anything that
    is not an id is left out."""
    chosen = {field: [pk for v in query.getlist(field) if (pk := id_from(v))] for field in CHOSEN}
    if "model" in query:  # otherwise the field's own first choice, the programme's model
        chosen["model"] = query["model"]
    return chosen | {"team_name": query.get("team_name", "")[:200]}


def _pairs(chosen):
    return [(mentee, mentor) for mentor in chosen["mentors"] for mentee in chosen["mentees"]]


def _ask_managers_by_hand(request, programme, form):
    """Ask the chosen mentees' line managers about the chosen mentors (000 §3.2), once the
    hard rules allow the pairing: nobody is asked about one that could never be formed."""
    chosen = form.cleaned_data
    refusals = pairing_refusals(
        programme, list(chosen["mentors"]), list(chosen["mentees"]), sizes=False
    )
    if refusals:
        add_errors(form, ValidationError(refusals))
        return False
    asked = manager_answers.manager_answers_ask_about(
        by=request.user, programme=programme, pairs=_pairs(chosen)
    )
    if asked:
        managers = f"{asked} line manager{'s' if asked != 1 else ''}"
        messages.success(request, f"Asked {managers}; their answers will show here.")
    else:
        messages.info(
            request,
            "Nobody was asked again: every line manager to ask about them has been asked "
            "already. What they said shows below.",
        )
    return True


def _confirm_by_hand(request, programme, chosen):
    """Where the programme asks line managers and all have been asked, the coordinator reads
    their answers before forming it; a manager not asked yet is refused by `pair`."""
    if not programme.manager_asked_about_mentor:
        return None
    mentees = list(chosen["mentees"])
    if any(unasked_refusals(programme, mentor, mentees) for mentor in chosen["mentors"]):
        return None
    pairs = _pairs(chosen)
    answers = manager_answers.answers_about(programme, {m.pk for m in mentees})
    return confirmation(
        request,
        title="Form it with what the line managers said?",
        what_happens=[
            *[
                manager_answers.pair_in_words(mentor, mentee, answers.get((mentee.pk, mentor.pk)))
                for mentee, mentor in pairs
            ],
            f"This emails the {len({a.pk for p in pairs for a in p})} people in it, asking "
            "them to arrange an introductory meeting.",
        ],
        button="Form it and tell them",
        cancel=reverse("relationships:group_new", args=[programme.pk]),
    )


def _managed_proposal(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "programme", "mentee_application__applicant", "mentor_application__applicant"
        ),
        pk=pk,
    )
    managed_programme(request, proposal.programme_id)
    return proposal
