"""Why each mentee without a proposal is unmatched, from the masks the solver's `allowed`
matrix is made of (`rules.Facts.blocks`), so the page and the solver cannot disagree.

The first reason that applies is the one given, in the order of REASONS."""

import numpy as np

# Each reason and what would help, in the order they are tried.
REASONS = {
    "induction": "Has not done the {mentee_training} this programme asks for",
    "no_places": "No mentor has a place left",
    "mentor_training": "The mentors with places have not done {mentor_training} yet",
    "chain": "Every mentor with a place is in their line-management chain",
    "ended": "Every mentor with a place was paired with them before, and it ended",
    "chain_or_ended": (
        "Every mentor with a place is in their line-management chain or was paired with them before"
    ),
    "areas": "No mentor they could have offers {areas}, and the others are full",
    "capacity": "Every mentor who could take them is full",
    "free": "A mentor has a place for them: propose matches again",
    "small_group": (
        "A mentor has places, but not yet for a whole group: propose matches again when more "
        "are waiting, or form a group by hand"
    ),
}
# Reasons a mentor who joins, offering what the mentee asked for, would put right.
NEED_MENTORS = ("no_places", "chain", "ended", "chain_or_ended", "areas", "capacity")


def reasons(
    *, mentee_ok, mentor_ok, chain, ended, room, taken, proposed, shares_area, groups=False
):
    """A reason (a key of REASONS) per mentee, or "" for those with a proposal.

    mentee_ok, mentor_ok: may each be matched at all; chain, ended: the pairs the hard rules
    forbid; room: each mentor's places for the solver; taken: their proposals; proposed: which
    mentees have a proposal; shares_area[i, j]: mentor j offers an area mentee i asked for
    (all True for a mentee who asked for none); groups: the solver drops groups smaller than
    the smallest, so a free place may wait for more mentees."""
    has_room = np.asarray(room) > 0
    trained = has_room & mentor_ok
    free_pairs = trained[None, :] & ~chain & ~ended
    free_places = free_pairs & (np.asarray(taken) < np.asarray(room))[None, :]
    steps = [
        ("induction", ~mentee_ok),
        ("no_places", np.full(len(mentee_ok), not has_room.any())),
        ("mentor_training", np.full(len(mentee_ok), not trained.any())),
        ("chain", ~free_pairs.any(axis=1) & ~(ended & trained).any(axis=1)),
        ("ended", ~free_pairs.any(axis=1) & ~(chain & trained).any(axis=1)),
        ("chain_or_ended", ~free_pairs.any(axis=1)),
        ("small_group" if groups else "free", free_places.any(axis=1)),
        ("areas", ~(free_pairs & shares_area).any(axis=1)),
        ("capacity", np.ones(len(mentee_ok), dtype=bool)),
    ]
    found = np.full(len(mentee_ok), "", dtype=object)
    for reason, applies in steps:
        found[(found == "") & ~np.asarray(proposed) & applies] = reason
    return found


def mentors_needed(mentees, places_each):
    """How many more mentors, each with `places_each` places, would take `mentees` more."""
    return -(-mentees // max(places_each, 1))
