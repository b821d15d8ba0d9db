"""Placeholder: being built (issue 6)."""

from django.http import Http404


def to_complete(request, pk=None):
    raise Http404


def response_detail(request, pk=None):
    raise Http404


def response_confirm(request, pk=None):
    raise Http404


def survey_send(request, pk=None):
    raise Http404


def answers(request, pk=None):
    raise Http404
