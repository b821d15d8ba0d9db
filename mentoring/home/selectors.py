"""What the home page shows the person signed in: what waits for them and what is coming up
(the reminders' own selectors, mentoring.notifications.todo, and each app's `home.py`
`COMING_UP`), then their relationships or programmes as cards (each app's `home.py` lists its
`CARDS`)."""

from django.utils import timezone

from mentoring.discovery import app_modules
from mentoring.notifications.todo import COMING_UP, WAITING, waiting_for


def home_page(person, *, now=None) -> dict:
    """A fixed number of queries: one for each kind of thing to do and a few for each kind
    of card."""
    if person is None:
        return {"waiting": [], "coming_up": [], "cards": []}
    now = now or timezone.now()
    found = waiting_for(person, now=now)
    coming_up = found[COMING_UP] + [
        task
        for module in app_modules("home")
        for make in getattr(module, "COMING_UP", [])
        for task in make(person, now)
    ]
    coming_up.sort(key=lambda task: task.due)
    return {"waiting": found[WAITING], "coming_up": coming_up, "cards": cards(person)}


def cards(person) -> list[tuple[str, list[dict]]]:
    """(heading, cards) for each kind of card this person has any of."""
    found = []
    for module in app_modules("home"):
        for heading, make in module.CARDS:
            made = make(person)
            if made:
                found.append((heading, made))
    return found
