"""The pages the pair reads carry no policy codes ("003 §4.2", "(001 Appendix C)"): the
glossary's words instead."""

import re

import pytest
from django.urls import reverse

POLICY_CODE = re.compile(r"§|\b00[0-4]\b|Appendix [A-Z]\b|Resource \d+")


def pair_pages(people):
    relationship, meeting = people["relationship"], people["held_meeting"]
    mentee, goal, action = people["mentee_member"], people["goal"], people["action"]
    return [
        relationship.get_absolute_url(),
        reverse("relationships:mine"),
        reverse("relationships:review", args=[relationship.pk]),
        reverse("relationships:concern_new", args=[relationship.pk]),
        reverse("relationships:end", args=[relationship.pk]),
        reverse("relationships:meeting_new", args=[relationship.pk]),
        reverse("relationships:meeting_held", args=[relationship.pk]),
        reverse("relationships:agreement_current", args=[relationship.pk]),
        reverse("relationships:agreement_edit", args=[relationship.pk]),
        reverse("relationships:log", args=[meeting.pk]),
        reverse("relationships:log_write", args=[meeting.pk]),
        reverse("relationships:private_note", args=[meeting.pk]),
        reverse("relationships:plan", args=[mentee.pk]),
        reverse("relationships:plan_edit", args=[mentee.pk]),
        reverse("relationships:goal_new", args=[mentee.pk]),
        reverse("relationships:goal_edit", args=[goal.pk]),
        reverse("relationships:goal_action_new", args=[goal.pk]),
        reverse("relationships:action_edit", args=[action.pk]),
        reverse("relationships:summary", args=[mentee.pk]),
    ]


@pytest.mark.parametrize("who", ["report", "staff"])
def test_the_pair_read_no_policy_codes(client, people, who):
    client.force_login(people[who].user)
    for url in pair_pages(people):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        main = response.text.split('id="main"', 1)[-1]
        found = POLICY_CODE.findall(main)
        assert not found, (url, found)
