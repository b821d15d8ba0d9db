"""The agreement's pages, its PDF and its part of the relationship page: the pair read, write
and sign it; the coordinator reads it only where the programme allows; nobody else ever
(AGR-1, DATA-1, DATA-2)."""

import io
from datetime import UTC, datetime

import pypdf
import pytest
import time_machine
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.people.services import role_grant
from programmes.presets import PRESETS
from relationships.models import Agreement, Relationship, Signature
from relationships.permissions import Reader
from relationships.services.agreements import agreement_prefill, agreement_save, agreement_sign
from relationships.views.agreements import workspace_part
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

AIMS = ["Build confidence in meetings", "Learn to delegate", "Prepare for promotion"]


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


@pytest.fixture
def jo(mentee):
    return mentee.applicant


@pytest.fixture
def chris(mentor):
    return mentor.applicant


@pytest.fixture
def agreement(relationship, chris):
    data = agreement_prefill(relationship) | {"aims": AIMS}
    return agreement_save(by=chris.user, relationship=relationship, data=data)


@pytest.fixture
def outsiders(chooser, line_manager, sponsor):
    """Everyone who must never read the pair's agreement, by who they are."""
    other_pair = paired(
        accepted(chooser, StaffMemberFactory(), "mentor"),
        accepted(chooser, StaffMemberFactory(), "mentee"),
    )
    other_coordinator = StaffMemberFactory()
    role_grant(user=other_coordinator.user, role="coordinator")
    programme_for_matching(other_coordinator)
    return {
        "another mentor": other_pair.members.get(role="mentor").person,
        "another mentee": other_pair.members.get(role="mentee").person,
        "the mentee's line manager": line_manager,
        "a sponsor": sponsor,
        "a coordinator of another programme": other_coordinator,
        "other staff": StaffMemberFactory(),
    }


def form_data(**changes):
    data = {
        "length_months": "12",
        "meet_every": "month",
        "meeting_minutes_min": "60",
        "meeting_minutes_max": "90",
        "contact_between": "By email as agreed.",
        "aims_0": AIMS[0],
        "aims_1": AIMS[1],
        "aims_2": "",
        "aims_3": AIMS[2],
        "aims_4": "",
        "aims_5": "",
        "expectations": "",
        "mentor_role": "listen\ncreate a safe learning environment",
        "mentee_role": "prepare for each meeting",
        "confidentiality": "Confidential, within the limits of 003 §3.5.",
        "feedback": "Specific and timely.",
        "ground_rules": "",
        "documentation": "Logs to the coordinator.",
        "breakdown": "Talk to the programme first; no blame.",
        "review_on": "2031-06-30",
    }
    return data | changes


def state():
    return (
        list(Agreement.objects.values_list("pk", "version", "aims", "meet_every", "locked_at")),
        list(Signature.objects.values_list("pk", "agreement", "person")),
    )


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# Reading


def test_the_pair_read_the_current_version_with_who_has_signed(client, agreement, chris, jo):
    with time_machine.travel(datetime(2030, 5, 4, 9, 15, tzinfo=UTC), tick=False):
        agreement_sign(by=jo.user, agreement=agreement, typed_name="Jo Evans")
    client.force_login(chris.user)
    url = reverse("relationships:agreement_current", args=[agreement.relationship_id])
    page = client.get(url).text
    assert "Mentoring agreement, version 1" in page
    assert "Jo Evans (mentee): signed on 4 May 2030 at 10:15am" in page  # British Summer Time
    assert "Chris Taylor (mentor): not yet signed" in page
    assert AIMS[1] in page and "risk of harm to self or others" in page
    assert "I agree to the above statements" in page and "Type your full name" in page
    client.force_login(jo.user)
    page = client.get(url).text
    assert "Type your full name" not in page  # Jo has signed


def test_before_anything_is_written_the_pair_are_asked_to_write_it(client, relationship, chris):
    client.force_login(chris.user)
    page = client.get(reverse("relationships:agreement_current", args=[relationship.pk])).text
    assert "No agreement has been written yet" in page
    assert reverse("relationships:agreement_edit", args=[relationship.pk]) in page


def test_nobody_outside_the_pair_reads_it(client, agreement, outsiders, coordinator):
    pk = agreement.relationship_id
    urls = [
        reverse("relationships:agreement_current", args=[pk]),
        reverse("relationships:agreement", args=[pk, 1]),
        reverse("relationships:agreement_pdf", args=[pk, 1]),
        reverse("relationships:agreement_edit", args=[pk]),
    ]
    # The programme keeps the relationship private to the pair, so its coordinator too.
    for person in [*outsiders.values(), coordinator]:
        client.force_login(person.user)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
    assert not AuditEntry.objects.filter(action="read").exists()


def test_the_coordinator_reads_it_where_the_programme_allows_and_the_read_is_audited(
    client, agreement, coordinator, chooser
):
    chooser.coordinator_reads_meeting_logs = True
    chooser.save()
    client.force_login(coordinator.user)
    pk = agreement.relationship_id
    page = client.get(reverse("relationships:agreement_current", args=[pk])).text
    assert AIMS[0] in page
    assert "Type your full name" not in page and "Change the agreement" not in page
    assert client.get(reverse("relationships:agreement_edit", args=[pk])).status_code == 403
    before = state()
    edit = client.post(reverse("relationships:agreement_edit", args=[pk]), form_data())
    sign = client.post(
        reverse("relationships:agreement_sign", args=[agreement.pk]),
        {"typed_name": coordinator.full_name, "agree": "on"},
    )
    assert (edit.status_code, sign.status_code) == (403, 403)
    assert state() == before
    read = AuditEntry.objects.get(action="read")
    assert (read.who, read.kind, read.object_id, read.note) == (
        coordinator.full_name,
        "agreement",
        agreement.pk,
        "version 1",
    )


def test_an_old_version_is_kept_read_only_as_it_was(client, agreement, chris, jo):
    agreement_sign(by=jo.user, agreement=agreement, typed_name="Jo Evans")
    data = agreement_prefill(agreement.relationship) | {"aims": ["One", "Two", "Three"]}
    agreement_save(by=chris.user, relationship=agreement.relationship, data=data)
    client.force_login(chris.user)
    old = client.get(reverse("relationships:agreement", args=[agreement.relationship_id, 1])).text
    assert AIMS[0] in old and "replaced by" in old and "version 2" in old
    assert "Type your full name" not in old and "Change the agreement" not in old
    current = client.get(
        reverse("relationships:agreement_current", args=[agreement.relationship_id])
    )
    assert "Mentoring agreement, version 2" in current.text and AIMS[0] not in current.text


# Writing


def test_the_first_version_is_offered_prefilled_from_the_programme(client, relationship, chris):
    programme = relationship.programme
    programme.contact_interval_weeks = 2
    programme.save()
    client.force_login(chris.user)
    page = client.get(reverse("relationships:agreement_edit", args=[relationship.pk])).text
    assert "at least every two weeks" in page
    assert "where illegal activity is suspected" in page
    assert page.count('aria-label="Aim ') == 6


def test_the_first_version_carries_the_programmes_own_clauses_where_it_has_them(
    client, relationship, chris
):
    programme = relationship.programme
    for field, text in PRESETS["nhs-traditional"]["rules"].items():
        if field in programme.AGREEMENT_CLAUSES.values():
            setattr(programme, field, text)
    programme.save()
    client.force_login(chris.user)
    page = client.get(reverse("relationships:agreement_edit", args=[relationship.pk])).text
    assert "Mentor to discuss and provide a copy of EMCC Code of Ethics" in page
    assert "Act as a gateway to other people and knowledge" in page
    assert "create a safe learning environment" not in page  # the general wording gives way
    assert "where illegal activity is suspected" in page  # NHS leaves confidentiality general


def test_next_steps_are_part_of_the_signed_agreement_and_its_pdf(client, relationship, chris):
    data = agreement_prefill(relationship) | {"aims": AIMS, "next_steps": "Share the code"}
    agreement = agreement_save(by=chris.user, relationship=relationship, data=data)
    client.force_login(chris.user)
    page = client.get(reverse("relationships:agreement_current", args=[relationship.pk])).text
    assert "Next steps." in page and "Share the code" in page
    pdf = client.get(
        reverse("relationships:agreement_pdf", args=[relationship.pk, agreement.version])
    )
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Share the code" in text


def test_writing_it_through_the_form_makes_version_one(client, relationship, jo):
    client.force_login(jo.user)
    url = reverse("relationships:agreement_edit", args=[relationship.pk])
    response = client.post(url, form_data())
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.version, agreement.aims) == (1, AIMS)  # the empty box is left out
    assert agreement.mentor_role == "listen\ncreate a safe learning environment"
    assert AuditEntry.objects.get(action="create").who == jo.full_name


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"aims_1": "", "aims_3": "  "}, "aims", "at least 3 aims"),
        (
            {"meeting_minutes_min": "90", "meeting_minutes_max": "30"},
            "meeting_minutes_max",
            "shorter",
        ),
        ({"mentor_role": ""}, "mentor_role", "required"),
        ({"length_months": "-3"}, "length_months", "greater than or equal to 0"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(
    client, agreement, jo, changes, field, words
):
    before = state()
    client.force_login(jo.user)
    url = reverse("relationships:agreement_edit", args=[agreement.relationship_id])
    response = client.post(url, form_data(**changes))
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert words in response.text
    assert state() == before


def test_changing_a_signed_version_through_the_form_makes_a_new_version(
    client, agreement, chris, jo
):
    agreement_sign(by=jo.user, agreement=agreement, typed_name="Jo Evans")
    agreement_sign(by=chris.user, agreement=agreement, typed_name="Chris Taylor")
    client.force_login(jo.user)
    url = reverse("relationships:agreement_edit", args=[agreement.relationship_id])
    assert "Saving makes version 2" in client.get(url).text
    response = client.post(url, form_data(meet_every="two weeks"), follow=True)
    assert "Saved as version 2: everyone signs it again." in response.text
    agreement.refresh_from_db()
    assert (agreement.meet_every, agreement.signatures.count()) == ("month", 2)
    assert Agreement.objects.get(version=2).meet_every == "two weeks"


def test_an_ended_relationship_offers_no_form(client, agreement, chris, jo):
    from relationships.services.pairing import introduction_answer

    introduction_answer(
        by=jo.user, relationship=agreement.relationship, goes_ahead=False, reason="time"
    )
    client.force_login(chris.user)
    pk = agreement.relationship_id
    response = client.get(reverse("relationships:agreement_edit", args=[pk]), follow=True)
    assert "can no longer change" in response.text
    before = state()
    client.post(reverse("relationships:agreement_edit", args=[pk]), form_data(meet_every="week"))
    page = client.get(reverse("relationships:agreement_current", args=[pk])).text
    assert "Type your full name" not in page and "Change the agreement" not in page
    assert state() == before


# Signing


def test_signing_through_the_page(client, agreement, jo):
    client.force_login(jo.user)
    url = reverse("relationships:agreement_sign", args=[agreement.pk])
    response = client.post(url, {"typed_name": " jo evans ", "agree": "on"}, follow=True)
    assert "You have signed version 1." in response.text
    signature = Signature.objects.get()
    assert (signature.person, signature.signed_in_as) == (jo, jo.user)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"typed_name": "Chris Taylor", "agree": "on"}, "typed_name", "Jo Evans"),
        ({"typed_name": "", "agree": "on"}, "typed_name", "required"),
        ({"typed_name": "Jo Evans"}, "agree", "Tick the box"),
    ],
)
def test_a_signature_that_is_not_right_is_refused_next_to_the_field(
    client, agreement, jo, data, field, words
):
    client.force_login(jo.user)
    response = client.post(reverse("relationships:agreement_sign", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert words in " ".join(response.context["sign_form"].errors[field])
    assert not Signature.objects.exists()


def test_signing_twice_or_an_old_version_is_refused_with_a_message(client, agreement, chris, jo):
    client.force_login(jo.user)
    sign = {"typed_name": "Jo Evans", "agree": "on"}
    client.post(reverse("relationships:agreement_sign", args=[agreement.pk]), sign)
    again = client.post(reverse("relationships:agreement_sign", args=[agreement.pk]), sign)
    assert "You have already signed this version." in again.text
    data = agreement_prefill(agreement.relationship) | {"aims": ["One", "Two", "Three"]}
    agreement_save(by=chris.user, relationship=agreement.relationship, data=data)
    client.force_login(chris.user)
    old = client.post(
        reverse("relationships:agreement_sign", args=[agreement.pk]),
        {"typed_name": "Chris Taylor", "agree": "on"},
    )
    assert "replaced by version 2" in old.text
    assert list(Signature.objects.values_list("person", flat=True)) == [jo.pk]


def test_the_last_signature_starts_a_relationship_everyone_said_yes_to(
    client, agreement, chris, jo
):
    from relationships.services.pairing import introduction_answer

    for person in [chris, jo]:
        introduction_answer(by=person.user, relationship=agreement.relationship, goes_ahead=True)
    agreement_sign(by=chris.user, agreement=agreement, typed_name="Chris Taylor")
    client.force_login(jo.user)
    response = client.post(
        reverse("relationships:agreement_sign", args=[agreement.pk]),
        {"typed_name": "Jo Evans", "agree": "on"},
        follow=True,
    )
    assert "your mentoring has started" in response.text
    agreement.relationship.refresh_from_db()
    assert agreement.relationship.status == "active"


# The PDF


def test_the_pdf_is_a_proper_document_of_the_version(client, agreement, chris, jo, settings):
    with time_machine.travel(datetime(2030, 1, 20, 14, 5, tzinfo=UTC), tick=False):
        agreement_sign(by=jo.user, agreement=agreement, typed_name="Jo Evans")
    client.force_login(chris.user)
    response = client.get(
        reverse("relationships:agreement_pdf", args=[agreement.relationship_id, 1])
    )
    assert response["Content-Disposition"] == 'attachment; filename="mentoring-agreement-v1.pdf"'
    text = pdf_text(response)
    for words in [
        settings.ORGANISATION_NAME.upper(),  # set in small capitals
        agreement.relationship.programme.name,
        "Mentoring agreement, version 1",
        "Chris Taylor",
        "Jo Evans",
        "Housing Officer",
        "We are both voluntarily entering into this partnership",
        "We agree that:",
        f"a) {AIMS[0]}",
        f"c) {AIMS[2]}",
        "where there is a perceived risk of harm to self or others",
        "20 January 2030, 2:05pm",
        "Not yet signed",
    ]:
        assert words in text, words


def test_an_old_version_downloads_as_it_was(client, agreement, chris, jo):
    agreement_sign(by=jo.user, agreement=agreement, typed_name="Jo Evans")
    data = agreement_prefill(agreement.relationship) | {"aims": ["One", "Two", "Three"]}
    agreement_save(by=chris.user, relationship=agreement.relationship, data=data)
    client.force_login(chris.user)
    pk = agreement.relationship_id
    old = pdf_text(client.get(reverse("relationships:agreement_pdf", args=[pk, 1])))
    new = client.get(reverse("relationships:agreement_pdf", args=[pk, 2]))
    assert new["Content-Disposition"].endswith('filename="mentoring-agreement-v2.pdf"')
    assert AIMS[0] in old and "Mentoring agreement, version 1" in old
    assert AIMS[0] not in pdf_text(new)


# Its part of the relationship page


def test_the_pair_see_where_it_stands_and_what_to_do(agreement, chris, jo, rf):
    agreement_sign(by=jo.user, agreement=agreement, typed_name="Jo Evans")
    part = workspace_part(Reader(chris.user, agreement.relationship))
    assert part["version"] == 1 and not part["is_locked"]
    assert [s["name"] for s in part["signed"]] == ["Jo Evans"]
    assert part["not_signed"] == ["Chris Taylor"]
    assert part["can_sign"] and part["can_edit"] and part["can_read"]
    assert part["pdf_url"].endswith("/agreement/1/pdf/")
    part = workspace_part(Reader(jo.user, agreement.relationship))
    assert not part["can_sign"] and part["can_edit"]


def test_the_coordinator_sees_only_the_state_where_the_programme_keeps_it_private(
    client, agreement, coordinator, jo
):
    agreement_sign(by=jo.user, agreement=agreement, typed_name="Jo Evans")
    part = workspace_part(Reader(coordinator.user, agreement.relationship))
    assert (part["version"], part["not_signed"], part["can_read"]) == (1, ["Chris Taylor"], False)
    assert part["url"] == part["pdf_url"] == ""
    assert not part["can_edit"] and not part["can_sign"]
    client.force_login(coordinator.user)
    page = client.get(agreement.relationship.get_absolute_url()).text
    assert "Chris Taylor: not yet signed" in page and AIMS[0] not in page
    assert "private to the people in this relationship" in page


def test_the_relationship_page_shows_the_agreement_to_the_pair(client, agreement, chris):
    client.force_login(chris.user)
    page = client.get(agreement.relationship.get_absolute_url()).text
    assert "Version 1: waiting for signatures" in page
    assert "Read and sign the agreement" in page


# Queries stay the same whatever the history


def make_versions(relationship, people, count):
    """`count` versions, all but the last signed by everyone, written directly for speed."""
    Agreement.objects.bulk_create(
        Agreement(
            relationship=relationship,
            version=number,
            aims=AIMS,
            mentor_role="Listen.",
            mentee_role="Prepare.",
            confidentiality="Confidential.",
            feedback="Constructive.",
            documentation="Logs.",
            breakdown="Talk first.",
        )
        for number in range(1, count + 1)
    )
    Signature.objects.bulk_create(
        Signature(agreement=agreement, person=person, typed_name=person.full_name)
        for agreement in Agreement.objects.filter(version__lt=count)
        for person in people
    )


@pytest.mark.parametrize("count", [3, 30])
def test_the_agreement_pages_take_the_same_queries_whatever_the_versions(
    client, relationship, chris, jo, django_assert_num_queries, count
):
    make_versions(relationship, [chris, jo], count)
    client.force_login(chris.user)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("relationships:agreement_current", args=[relationship.pk]))
    assert response.text.count("(current)") == 1
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(reverse("relationships:agreement", args=[relationship.pk, 2]))


@pytest.mark.parametrize("count", [3, 30])
def test_the_workspace_part_takes_the_same_queries_whatever_the_versions(
    relationship, chris, jo, django_assert_num_queries, count
):
    make_versions(relationship, [chris, jo], count)
    # As the relationship page fetches it.
    relationship = (
        Relationship.objects.select_related("programme")
        .prefetch_related("members__person")
        .get(pk=relationship.pk)
    )
    reader = Reader(chris.user, relationship)
    with django_assert_num_queries(PART_QUERIES):
        part = workspace_part(reader)
    assert part["version"] == count and set(part["not_signed"]) == {"Chris Taylor", "Jo Evans"}


PAGE_QUERIES = 19  # with the relationship's next review
PART_QUERIES = 2


def test_with_the_length_left_open_the_page_says_the_agreement_sets_the_planned_end(
    client, relationship, chris
):
    relationship.programme.length_max_months = None
    relationship.programme.save()
    client.force_login(chris.user)
    page = client.get(reverse("relationships:detail", args=[relationship.pk])).text
    assert "set by the agreement's length once everyone has signed it" in page
    assert "from the programme's rules" not in page
