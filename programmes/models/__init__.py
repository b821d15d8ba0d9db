from .application import Application, Area
from .programme import Policy, PolicyRevision, Programme
from .training import Booking, TrainingSession

__all__ = [
    "Application",
    "Area",
    "Booking",
    "Policy",
    "PolicyRevision",
    "Programme",
    "TrainingSession",
]
