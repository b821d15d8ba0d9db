import pytest
from django.urls import reverse

from mentoring.people.equality import has_answered, subject_key
from mentoring.people.models import EqualityAnswers

pytestmark = pytest.mark.django_db


def answer(client, person, **answers):
    client.force_login(person.user)
    return client.post(reverse("equality"), answers, follow=True)


def test_someone_answers_and_the_answers_are_kept_apart_from_them(client, staff_member):
    response = answer(
        client,
        staff_member,
        sex="female",
        ethnicity="other",
        ethnicity_other="Cornish",
        disability="prefer_not",
    )
    assert "Your answers are saved" in response.text
    record = EqualityAnswers.objects.get()
    assert (record.sex, record.ethnicity_other, record.disability) == (
        "female",
        "Cornish",
        "prefer_not",
    )
    assert record.subject_key == subject_key(staff_member) != subject_key(type(staff_member)(pk=0))
    assert not any(f.is_relation for f in EqualityAnswers._meta.get_fields())


def test_every_question_may_be_left_unanswered(client, staff_member):
    answer(client, staff_member)
    assert EqualityAnswers.objects.get().sex == ""


def test_answering_again_replaces_the_answers(client, staff_member):
    answer(client, staff_member, sex="female")
    answer(client, staff_member, sex="prefer_not")
    assert list(EqualityAnswers.objects.values_list("sex", flat=True)) == ["prefer_not"]


def test_the_answers_are_never_shown_back_even_to_their_owner(client, staff_member):
    answer(client, staff_member, ethnicity="other", ethnicity_other="MARKER-OWN-WORDS")
    response = client.get(reverse("equality"))
    assert "You have answered" in response.text
    assert "MARKER-OWN-WORDS" not in response.text
    assert "checked" not in response.text


def test_deleting_the_answers_asks_first_and_deletes_nothing_until_confirmed(client, staff_member):
    answer(client, staff_member, sex="male")
    response = client.post(reverse("equality_withdraw"))
    assert response.status_code == 200
    assert "Delete your equality monitoring answers?" in response.text
    assert "This cannot be undone" in response.text
    assert EqualityAnswers.objects.count() == 1


def test_a_person_withdraws_their_answers(client, staff_member):
    answer(client, staff_member, sex="male")
    response = client.post(reverse("equality_withdraw"), {"confirmed": "yes"}, follow=True)
    assert "Your equality monitoring answers are deleted." in response.text
    assert not EqualityAnswers.objects.exists()
    assert not has_answered(staff_member.user)


def test_an_answer_not_on_the_list_is_refused_next_to_the_question(client, staff_member):
    response = answer(client, staff_member, sex="unicorn")
    assert "Select a valid choice" in response.text
    assert not EqualityAnswers.objects.exists()


def test_withdrawing_only_touches_ones_own_answers(client, staff_member, colleague):
    answer(client, colleague, sex="male")
    answer(client, staff_member, sex="female")
    client.post(reverse("equality_withdraw"), {"confirmed": "yes"})
    assert list(EqualityAnswers.objects.values_list("sex", flat=True)) == ["male"]
