"""Each shipped questionnaire against the seed policy it comes from (EVAL-1)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from evaluations.models import Question
from evaluations.shipped import SHIPPED

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def seed_text(seed):
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return path.read_text(encoding="utf-8")


def numbered_lines(text, start, end):
    """The numbered questions ("1. ...", or "- 1. ...") between two headings of a seed."""
    part = text[text.index(start) + len(start) : text.index(end, text.index(start))]
    return re.findall(r"^(?:- )?\d+\. (.+?)\s*$", part, re.MULTILINE)


def questions(key):
    return [q for section in SHIPPED[key]["sections"] for q in section["questions"]]


def test_there_is_one_for_each_seed_that_prints_or_names_a_form():
    assert {key: t["seed"] for key, t in SHIPPED.items()} == {
        "000": "000",
        "002": "002",
        "003": "003",
        "004": "004",
        "004-end": "004",
    }


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_source_is_quoted_word_for_word_from_its_seed(key):
    text = seed_text(SHIPPED[key]["seed"])
    for question in questions(key):
        assert question["source"], question["text"]
        assert len(question["source"]) <= 300
        assert question["source"] in text, question["source"]


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_question_passes_the_rules_a_coordinator_is_held_to(key):
    from evaluations.services.questionnaires import question_errors

    for item in questions(key):
        question = Question(text=item["text"], kind=item["kind"], choices=item.get("choices", []))
        assert question_errors(question) == {}, item["text"]


def test_000_asks_the_mentor_in_section_a_and_the_mentee_in_section_b_as_written():
    text = seed_text("000")
    mentor = numbered_lines(text, "Section A - to be completed by the Mentor", "Section B")
    mentee = numbered_lines(text, "Section B - to be completed by the Mentee", "Mentor's Signature")
    assert len(mentor) == len(mentee) == 6
    section_a, section_b, _ = SHIPPED["000"]["sections"]
    assert (section_a["title"], section_a["addressed_to"]) == (
        "Section A - to be completed by the Mentor",
        "mentor",
    )
    assert (section_b["title"], section_b["addressed_to"]) == (
        "Section B - to be completed by the Mentee",
        "mentee",
    )
    assert [q["text"] for q in section_a["questions"]] == mentor
    assert [q["text"] for q in section_b["questions"]] == mentee
    assert {q["kind"] for q in questions("000")} == {"text"}
    assert SHIPPED["000"]["use"] == "end"
    assert SHIPPED["000"]["both_confirm"] is True
    assert SHIPPED["000"]["introduction"] in text


def test_000_asks_the_mentees_line_manager_for_feedback_on_the_process():
    text = seed_text("000")
    *_, managers = SHIPPED["000"]["sections"]
    assert managers["addressed_to"] == "manager"
    assert "line manager" in managers["title"]
    sources = [q["source"] for q in managers["questions"]]
    # §10.2, and the mentor's part with the line manager (§4).
    assert sources == [
        "All parties involved in the mediation will be consulted for feedback on the process.",
        "liaise with the line manager over the mentee's personal development plan and find ways "
        "of helping to take this forward",
    ]
    assert all(source in text for source in sources)
    assert {q["kind"] for q in managers["questions"]} == {"text"}


def test_002_asks_mentors_the_16_questions_of_resource_6_in_order():
    text = seed_text("002")
    written = numbered_lines(text, "Resource 6: Exemplar evaluation - mentors", "Resource 7:")
    assert len(written) == 16
    (section,) = SHIPPED["002"]["sections"]
    assert section["addressed_to"] == "mentor"
    assert [q["text"] for q in section["questions"]] == written
    assert SHIPPED["002"]["use"] == "end"
    assert SHIPPED["002"]["introduction"] in text


def test_002_rates_the_how_questions_asks_yes_or_no_and_leaves_14_to_16_written():
    for number, question in enumerate(questions("002"), start=1):
        text = question["text"]
        if text.startswith(("How would you rate", "How would you describe", "How clearly")):
            assert question["kind"] == "rating", text
            assert 2 <= len(question["choices"]) <= 10
        elif number >= 14:
            assert question["kind"] == "text", text
        else:
            assert text.startswith(("Would you", "Did", "Do you", "Were")), text
            assert question["kind"] == "yes_no", text


def test_003_reviews_the_relationship_for_both_and_asks_the_mentee_what_next():
    both, mentee = SHIPPED["003"]["sections"]
    assert (both["addressed_to"], len(both["questions"])) == ("both", 8)
    assert (mentee["addressed_to"], len(mentee["questions"])) == ("mentee", 1)
    assert len(questions("003")) == 9
    assert SHIPPED["003"]["use"] == "end"
    sources = {q["source"] for q in questions("003")}
    # §4.5: what a review covers; §4.6: what the end review is for.
    assert {
        "Whether the mentoring process is helping the mentee to address identified areas of "
        "technical, personal or professional development",
        "The progress of action/development plans",
        "whether there are any practical issues that need addressing",
        "celebrate what has been achieved",
        "evaluate the effectiveness of the relationship",
    } <= sources


def test_004_is_a_survey_for_mentors_and_mentees_with_the_benefits_table_word_for_word():
    text = seed_text("004")
    service, mentor, mentee = SHIPPED["004"]["sections"]
    assert SHIPPED["004"]["use"] == "survey"
    assert [s["addressed_to"] for s in (service, mentor, mentee)] == ["both", "mentor", "mentee"]
    assert [len(s["questions"]) for s in (service, mentor, mentee)] == [4, 1, 1]
    assert len(questions("004")) == 6
    start = text.index("The Benefits of Mentoring\n")
    table = text[start : text.index("Research Studies", start)]
    header, *rows = [line.split("\t") for line in table.splitlines() if "\t" in line]
    assert header == ["Mentor", "Mentee", "Organisation"]
    columns = [list(column) for column in zip(*rows, strict=True)]
    organisation = service["questions"][1]
    assert organisation["kind"] == "multiple" and organisation["choices"] == columns[2]
    assert mentor["questions"][0]["choices"] == columns[0]
    assert mentee["questions"][0]["choices"] == columns[1]
    assert SHIPPED["004"]["introduction"] in text
