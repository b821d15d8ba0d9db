from .questionnaires import Answer, Question, Questionnaire, Response, Section, Survey
from .reports import MonitoringReport

__all__ = [
    "Answer",
    "MonitoringReport",
    "Question",
    "Questionnaire",
    "Response",
    "Section",
    "Survey",
]
