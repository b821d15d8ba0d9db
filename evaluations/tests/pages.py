"""Reading what a page shows, as a person sees it, for the evaluations tests."""

import re


def error_next_to(response, field):
    """The GOV.UK error message shown with `field`, or None."""
    found = re.search(
        rf'id="id_{field}_1_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>\s*(.*?)\s*</span>',
        response.text,
        re.S,
    )
    return found and found.group(1)
