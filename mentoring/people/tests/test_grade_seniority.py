"""Grade seniority, which matching uses for the direction of reverse and traditional
mentoring, set by a coordinator on the Grades page or carried by the HR import's
`grade_seniority` column; until then, explanations say "Grade not known for both"."""

import pytest
from django.urls import reverse

from mentoring.people.models import Grade
from mentoring.people.staff_import import StaffImportError, staff_import
from relationships.compatibility import explain
from tests.csv_files import person, staff_csv
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

URL = reverse("people:grades")


@pytest.fixture
def grades(db):
    return [Grade.objects.create(name=name) for name in ("Grade 5", "Grade 9")]


def grade_words(coordinator, junior, senior):
    programme = programme_for_matching(coordinator)
    mentee = accepted(programme, StaffMemberFactory(grade=junior), "mentee")
    mentor = accepted(programme, StaffMemberFactory(grade=senior), "mentor")
    factors = explain(programme, mentee, mentor).factors
    return next(f.words for f in factors if f.label.startswith("Grade"))


def test_explanations_say_the_grade_is_not_known_until_it_is_set(coordinator, grades):
    assert grade_words(coordinator, *grades) == "Grade not known for both"


def seniority_of(grades):
    return dict(
        Grade.objects.filter(pk__in=[g.pk for g in grades]).values_list("name", "seniority")
    )


def test_a_coordinator_sets_seniority_on_the_grades_page(client, coordinator, grades):
    client.force_login(coordinator.user)
    five, nine = grades
    response = client.post(URL, {f"grade_{five.pk}": "5", f"grade_{nine.pk}": "9"})
    assert response.status_code == 302
    assert response.url == URL
    assert seniority_of(grades) == {"Grade 5": 5, "Grade 9": 9}
    five.refresh_from_db()
    nine.refresh_from_db()
    assert grade_words(coordinator, five, nine) == "Mentor is more senior (Grade 9 and Grade 5)"
    assert "Grade seniority saved" in client.get(URL).text


def test_a_blank_seniority_means_not_known(client, coordinator, grades):
    Grade.objects.update(seniority=3)
    client.force_login(coordinator.user)
    client.post(URL, {f"grade_{grades[0].pk}": "", f"grade_{grades[1].pk}": "4"})
    assert seniority_of(grades) == {
        "Grade 5": None,
        "Grade 9": 4,
    }


@pytest.mark.parametrize("value", ["senior", "-1", "2.5", "40000"])
def test_a_seniority_that_is_not_a_whole_number_is_refused_next_to_it(
    client, coordinator, grades, value
):
    client.force_login(coordinator.user)
    response = client.post(URL, {f"grade_{grades[0].pk}": value, f"grade_{grades[1].pk}": "9"})
    assert response.status_code == 200
    assert f'id="id_grade_{grades[0].pk}_1_error"' in response.text
    assert "Enter a whole number from 0 to 1000" in response.text
    assert set(seniority_of(grades).values()) == {None}


def test_the_page_lists_every_grade_with_its_seniority(client, coordinator, grades):
    Grade.objects.filter(name="Grade 9").update(seniority=9)
    client.force_login(coordinator.user)
    html = client.get(URL).text
    assert "Grade 5" in html and "Grade 9" in html
    assert f'name="grade_{grades[1].pk}" value="9"' in html


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_takes_the_same_queries_whatever_the_number_of_grades(
    client, coordinator, django_assert_num_queries, size
):
    for n in range(size):
        Grade.objects.create(name=f"Band {n}")
    client.force_login(coordinator.user)
    with django_assert_num_queries(QUERIES):
        assert client.get(URL).status_code == 200


QUERIES = 10


@pytest.mark.parametrize("who", ["staff_member", "line_manager", "director"])
def test_nobody_but_a_coordinator_may_set_seniority(client, request, grades, who):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {f"grade_{grades[0].pk}": "1"}).status_code == 403
    assert set(seniority_of(grades).values()) == {None}


def test_the_hr_import_carries_seniority(db):
    staff_import(
        file=staff_csv(
            person("amira.khan@example.org", grade="Grade 9", grade_seniority="9"),
            person("tom.reed@example.org", grade="Grade 5", grade_seniority="5"),
            person("jo.evans@example.org", grade="Grade 5"),
        )
    )
    assert dict(Grade.objects.values_list("name", "seniority")) == {"Grade 5": 5, "Grade 9": 9}


def test_an_import_without_seniority_leaves_what_a_coordinator_set(db):
    Grade.objects.create(name="Grade 4", seniority=4)
    staff_import(file=staff_csv(person("tom.reed@example.org")))
    assert Grade.objects.get(name="Grade 4").seniority == 4


def import_errors(file):
    with pytest.raises(StaffImportError) as caught:
        staff_import(file=file)
    return [(e.line, e.reason) for e in caught.value.errors]


def test_an_import_refuses_a_seniority_that_is_not_a_whole_number(db):
    errors = import_errors(staff_csv(person("tom.reed@example.org", grade_seniority="high")))
    assert errors == [(2, "Grade seniority “high” should be a whole number from 0 to 1000.")]
    assert not Grade.objects.exists()


def test_an_import_refuses_two_seniorities_for_one_grade(db):
    errors = import_errors(
        staff_csv(
            person("amira.khan@example.org", grade="Grade 5", grade_seniority="5"),
            person("tom.reed@example.org", grade="Grade 5", grade_seniority="6"),
        )
    )
    assert errors == [(3, "Grade 5 is given seniority 5 on line 2 and 6 here.")]


def test_an_import_refuses_seniority_without_a_grade(db):
    errors = import_errors(staff_csv(person("tom.reed@example.org", grade="", grade_seniority="5")))
    assert errors == [(2, "Grade seniority needs a grade.")]
