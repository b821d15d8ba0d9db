from .agreements import Agreement, Signature
from .care import (
    CheckIn,
    Concern,
    CoordinatorNote,
    Review,
    ReviewAnswer,
    SetAside,
    SharedSummary,
)
from .logs import ActionItem, MeetingLog, PrivateNote
from .manager_answers import ManagerAnswer
from .messages import Message
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
    "CheckIn",
    "Concern",
    "CoordinatorNote",
    "Goal",
    "ManagerAnswer",
    "MatchRun",
    "Meeting",
    "MeetingLog",
    "Member",
    "Message",
    "MentorRequest",
    "PrivateNote",
    "Proposal",
    "Relationship",
    "RelationshipQuerySet",
    "Review",
    "ReviewAnswer",
    "SetAside",
    "SharedSummary",
    "Signature",
    "Weights",
]
