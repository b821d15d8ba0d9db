from .agreements import Agreement, Signature
from .care import Concern, Review, ReviewAnswer, SharedSummary
from .logs import ActionItem, MeetingLog, PrivateNote
from .plans import ActionPlan, Goal
from .relationships import (
    MatchRun,
    Meeting,
    Member,
    MentorRequest,
    Proposal,
    Relationship,
    RelationshipQuerySet,
    Weights,
)

__all__ = [
    "ActionItem",
    "ActionPlan",
    "Agreement",
    "Concern",
    "Goal",
    "MatchRun",
    "Meeting",
    "MeetingLog",
    "Member",
    "MentorRequest",
    "PrivateNote",
    "Proposal",
    "Relationship",
    "RelationshipQuerySet",
    "Review",
    "ReviewAnswer",
    "SharedSummary",
    "Signature",
    "Weights",
]
