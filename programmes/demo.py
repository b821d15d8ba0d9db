"""Demo programmes, one for each seed policy, run by the demo coordinator."""

from django.db import transaction

from .models import Programme
from .presets import PRESETS
from .services.programmes import programme_create, programme_set_status

DEMO_PROGRAMMES = [
    (
        "West Suffolk mentoring scheme",
        "west-suffolk",
        "open",
        "Support employees to develop their skills, knowledge and confidence with the help of an "
        "experienced colleague from another service.",
    ),
    (
        "Nursery practitioner mentoring",
        "fun-foundations",
        "running",
        "Give new practitioners a more experienced colleague for guidance, in a private and "
        "voluntary relationship.",
    ),
    (
        "Peer mentoring for social care staff",
        "sssc-peer",
        "open",
        "Peer mentors support colleagues new to their role in social services.",
    ),
    (
        "Mentoring Programme",
        "cleveland-traditional",
        "open",
        "A self-service programme in which mentees choose a trained mentor for career, "
        "leadership and confidence development.",
    ),
    (
        "Reciprocal mentoring for leaders",
        "nhs-reciprocal",
        "draft",
        "Senior leaders and colleagues from under-represented groups mentor each other.",
    ),
]
HOW_TO_APPLY = (
    "Read the policy below, talk to your line manager, then apply as a mentee or a mentor from "
    "this page. The coordinator will be in touch."
)


@transaction.atomic
def demo_load(*, demo):
    coordinator = demo["logins"]["coordinator"]
    created = 0
    for name, preset, status, purpose in DEMO_PROGRAMMES:
        if Programme.objects.filter(name=name).exists():
            continue
        programme = Programme(
            name=name, purpose=purpose, how_to_apply=HOW_TO_APPLY, **PRESETS[preset]["rules"]
        )
        programme = programme_create(by=coordinator, programme=programme, preset=preset)
        if status != "draft":
            programme = programme_set_status(by=coordinator, programme=programme, status="open")
        if status == "running":
            programme_set_status(by=coordinator, programme=programme, status="running")
        created += 1
    return [f"Demo programmes: {created} new, {len(DEMO_PROGRAMMES) - created} already there."]
