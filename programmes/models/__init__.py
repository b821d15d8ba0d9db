from .application import Application, Area
from .programme import Policy, PolicyRevision, Programme

__all__ = ["Application", "Area", "Policy", "PolicyRevision", "Programme"]
