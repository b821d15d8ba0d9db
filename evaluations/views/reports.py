"""Placeholder: being built (issue 6)."""

from django.http import Http404


def report_list(request, pk=None):
    raise Http404


def report_detail(request, pk=None):
    raise Http404


def report_pdf(request, pk=None):
    raise Http404


def report_csv(request, pk=None):
    raise Http404
