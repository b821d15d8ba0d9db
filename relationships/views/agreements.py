"""The mentoring agreement: read any version, write it, sign it and download it (AGR-1). Its
clauses are confidential content: every read asks the `Reader`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.pdf import pdf_response
from mentoring.web import add_errors

from ..dates import review_months
from ..forms import AgreementForm, SignForm
from ..forms.agreements import AIM_LETTERS
from ..models import Agreement, Relationship
from ..permissions import Content, Reader
from ..selectors import next_review
from ..services import agreements
from .relationships import _visible_relationship


@login_required
def agreement_current(request, pk):
    """The version that counts: who has signed it, the form to sign, and its clauses. Someone
    who left a group reads the last version written while they were in it."""
    relationship = _visible_relationship(request, pk)
    reader = _reader(request, relationship)
    versions = list(relationship.agreements.order_by("-version"))
    if not versions:
        context = {"relationship": relationship, "reader_can_edit": _can_edit(reader)}
        return render(request, "relationships/agreement_none.html", context)
    agreement = _latest_readable(reader, versions)
    if agreement is None:
        raise Http404
    return _agreement_page(request, reader, agreement, sign_form=SignForm())


@login_required
def agreement_version(request, pk, version):
    """One version as it was written and signed; earlier ones are kept, read-only."""
    relationship = _visible_relationship(request, pk)
    reader = _reader(request, relationship)
    agreement = get_object_or_404(relationship.agreements.all(), version=version)
    return _agreement_page(request, reader, agreement, sign_form=SignForm())


@login_required
def agreement_edit(request, pk):
    """Write the agreement together, starting from the programme's rules. Once anyone has
    signed, saving makes a new version that everyone signs again."""
    relationship = _visible_relationship(request, pk)
    reader = _reader(request, relationship)
    if reader.member is None:
        raise PermissionDenied
    if not relationship.is_live:
        messages.error(request, "This relationship has ended: its agreement can no longer change.")
        return redirect("relationships:agreement_current", relationship.pk)
    if not reader.member.is_live:
        raise PermissionDenied
    current = agreements.current_agreement(relationship)
    if current is None:
        initial = agreements.agreement_prefill(relationship)
    else:
        reader.read_record(current, note=f"version {current.version}")
        initial = {name: getattr(current, name) for name in agreements.CLAUSE_FIELDS}
    form = AgreementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = agreements.agreement_save(
                by=request.user, relationship=relationship, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            new = current is not None and saved.pk != current.pk
            messages.success(
                request,
                f"Saved as version {saved.version}: everyone signs it again."
                if new
                else "Agreement saved. Read it through, then sign it.",
            )
            return redirect("relationships:agreement_current", relationship.pk)
    context = {
        "relationship": relationship,
        "form": form,
        "current": current,
        "current_signed": current is not None and current.signatures.exists(),
    }
    return render(request, "relationships/agreement_form.html", context)


@login_required
@require_POST
def agreement_sign(request, pk):
    """Sign one version by typing one's name; only the current version can be signed."""
    visible = Relationship.objects.visible_to(request.user)
    agreement = get_object_or_404(Agreement.objects.filter(relationship__in=visible), pk=pk)
    relationship = _visible_relationship(request, agreement.relationship_id)
    agreement.relationship = relationship
    reader = _reader(request, relationship)
    if not _is_live_member(reader):
        raise PermissionDenied
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            agreements.agreement_sign(
                by=request.user, agreement=agreement, typed_name=form.cleaned_data["typed_name"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            was = relationship.status
            relationship.refresh_from_db(fields=["status"])
            said = f"You have signed version {agreement.version}."
            if was != relationship.status:
                said += " Everyone has signed and said yes: your mentoring has started."
            messages.success(request, said)
            return redirect("relationships:agreement_current", relationship.pk)
    return _agreement_page(request, reader, agreement, sign_form=form)


@login_required
def agreement_pdf(request, pk, version):
    """Any version as a document to keep: the parties, the clauses and the signatures."""
    relationship = _visible_relationship(request, pk)
    reader = _reader(request, relationship)
    agreement = get_object_or_404(relationship.agreements.all(), version=version)
    reader.read_record(agreement, note=f"version {version}, PDF")
    context = _document(relationship, agreement)
    return pdf_response("pdf/agreement.html", context, f"mentoring-agreement-v{version}.pdf")


def workspace_part(reader):
    """The agreement's state for the relationship page, in two queries whatever its history:
    the version, who has signed and who not. The clauses stay on the agreement's own pages,
    so a coordinator the programme does not let read them still sees where it stands."""
    relationship = reader.relationship
    versions = list(
        relationship.agreements.prefetch_related("signatures")
        .only("pk", "version", "locked_at", "created_at", "changed_at", "relationship_id")
        .order_by("-version")
    )
    agreement = versions[0] if versions else None
    readable = _latest_readable(reader, versions)
    signatures = list(agreement.signatures.all()) if agreement else []
    signed_ids = {s.person_id for s in signatures}
    everyone = list(relationship.members.all())
    names = {m.person_id: m.person.full_name for m in everyone}
    live = [m for m in everyone if m.is_live]
    waiting = [m.person.full_name for m in live if m.person_id not in signed_ids]
    can_read = readable is not None or (agreement is None and reader.can_read(Content.AGREEMENT))
    can_edit = _can_edit(reader)
    me = getattr(reader.person, "pk", None)
    args = [relationship.pk]
    return {
        "required": relationship.programme.agreement_required,
        "version": agreement.version if agreement else None,
        "signed": [
            {"name": names.get(s.person_id, s.typed_name), "signed_at": s.signed_at}
            for s in signatures
        ],
        "not_signed": waiting if agreement else [],
        "is_locked": agreement is not None
        and (agreement.is_locked or (bool(live) and not waiting)),
        "can_read": can_read,
        "can_edit": can_edit,
        "can_sign": can_edit and agreement is not None and me not in signed_ids,
        "url": reverse("relationships:agreement_current", args=args) if can_read else "",
        "edit_url": reverse("relationships:agreement_edit", args=args) if can_edit else "",
        "pdf_url": reverse("relationships:agreement_pdf", args=[*args, readable.version])
        if readable
        else "",
    }


def _agreement_page(request, reader, agreement, *, sign_form):
    reader.read_record(agreement, note=f"version {agreement.version}")
    relationship = reader.relationship
    written = relationship.agreements.only(
        "pk", "version", "created_at", "changed_at", "relationship_id"
    )
    written = list(written.order_by("-version"))
    versions = [a.version for a in written if reader.can_read_record(a)]
    document = _document(relationship, agreement)
    me = getattr(reader.person, "pk", None)
    is_current = agreement.version == written[0].version
    live_member = _is_live_member(reader) and relationship.is_live
    context = document | {
        "versions": versions,
        "is_current": is_current,
        "latest": written[0].version,
        "can_edit": live_member,
        "can_sign": live_member and is_current and me not in document["signer_ids"],
        "sign_form": sign_form,
    }
    return render(request, "relationships/agreement.html", context)


def _document(relationship, agreement):
    """What the page and the PDF show of one version: the parties, the clauses and who
    signed it, when."""
    members = list(relationship.members.all())
    signatures = list(agreement.signatures.all())
    signer_ids = {s.person_id for s in signatures}
    parties = [m for m in members if m.is_live or m.person_id in signer_ids]
    by_person = {s.person_id: s for s in signatures}
    return {
        "relationship": relationship,
        "agreement": agreement,
        "parties": [{"member": m, "signature": by_person.get(m.person_id)} for m in parties],
        "signer_ids": signer_ids,
        "signed_by_all": bool(parties) and all(m.person_id in signer_ids for m in parties),
        "aims": [(f"{AIM_LETTERS[i % 26]})", aim) for i, aim in enumerate(agreement.aims)],
        "mentor_duties": _lines(agreement.mentor_role),
        "mentee_duties": _lines(agreement.mentee_role),
        "review_months": review_months(relationship.programme),
        "next_review_on": next_review(relationship, None, timezone.localdate()),
    }


def _lines(text):
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def _reader(request, relationship):
    """Who may read the clauses: the people in it, and the coordinator only where the
    programme allows; to anyone else the agreement does not exist (DATA-1)."""
    reader = Reader(request.user, relationship, members=list(relationship.members.all()))
    if not reader.can_read(Content.AGREEMENT):
        raise Http404
    return reader


def _latest_readable(reader, versions):
    """The newest of `versions` (newest first) this person may read: for someone who left a
    group, the last written while they were in it (DATA-1)."""
    return next((a for a in versions if reader.can_read_record(a)), None)


def _is_live_member(reader):
    return reader.member is not None and reader.member.is_live


def _can_edit(reader):
    return _is_live_member(reader) and reader.relationship.is_live
