"""Placeholder: being built (issue 6)."""

from django.http import Http404


def questionnaire_list(request, pk=None):
    raise Http404


def questionnaire_add(request, pk=None):
    raise Http404


def questionnaire_detail(request, pk=None):
    raise Http404


def questionnaire_edit(request, pk=None):
    raise Http404


def questionnaire_retire(request, pk=None):
    raise Http404


def section_add(request, pk=None):
    raise Http404


def section_edit(request, pk=None):
    raise Http404


def section_delete(request, pk=None):
    raise Http404


def question_add(request, pk=None):
    raise Http404


def question_edit(request, pk=None):
    raise Http404


def question_delete(request, pk=None):
    raise Http404
