"""What the home page shows the person signed in: what waits for them and what is coming up
(the reminders' own selectors, mentoring.notifications.todo), then their relationships or
programmes as cards (each app's `home.py` lists its `CARDS`)."""

from mentoring.discovery import app_modules
from mentoring.notifications.todo import COMING_UP, WAITING, waiting_for


def home_page(person, *, now=None) -> dict:
    """A fixed number of queries: one for each kind of thing to do and a few for each kind
    of card."""
    if person is None:
        return {"waiting": [], "coming_up": [], "cards": []}
    found = waiting_for(person, now=now)
    return {"waiting": found[WAITING], "coming_up": found[COMING_UP], "cards": cards(person)}


def cards(person) -> list[tuple[str, list[dict]]]:
    """(heading, cards) for each kind of card this person has any of."""
    found = []
    for module in app_modules("home"):
        for heading, make in module.CARDS:
            made = make(person)
            if made:
                found.append((heading, made))
    return found
