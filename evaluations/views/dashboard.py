"""Placeholder: being built (issue 6)."""

from django.http import Http404


def dashboard(request, pk=None):
    raise Http404


def programme_dashboard(request, pk=None):
    raise Http404
