from .application import Application, Area
from .programme import Policy, PolicyRevision, Programme, per_programme
from .training import Booking, TrainingSession

__all__ = [
    "Application",
    "Area",
    "Booking",
    "Policy",
    "PolicyRevision",
    "Programme",
    "TrainingSession",
    "per_programme",
]
