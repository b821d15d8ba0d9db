"""The coordinator's view of impact in a real browser (MON-1, MON-2): the dashboard shows a
relationship at risk with its reason, the coordinator follows it, builds this year's
monitoring report and downloads its PDF; a sponsor reads the report and is refused
everything else. Every new kind of page passes the accessibility check."""

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evaluations.tests.cohorts import cohort
from relationships.models import Relationship
from relationships.services.care import concern_raise
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONCERN = "We have not managed to meet since the restructure"


def test_a_coordinator_follows_a_risk_and_builds_a_report_a_sponsor_reads_only_that(
    page, check_page, coordinator, sponsor, live_server
):
    programme, _ = cohort(
        coordinator, name="Housing mentors", completed=12, ended_early=10, active=11
    )
    worried = Relationship.objects.filter(programme=programme, status="active").first()
    mentee = worried.members.get(role="mentee").person
    concern_raise(by=mentee.user, relationship=worried, text=CONCERN)  # flagged at once

    sign_in(page, coordinator.work_email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Manage").click()
    check_page(page)
    risks = page.locator("section", has=page.locator("#risk-heading"))
    row = risks.get_by_role("row").filter(has_text=mentee.full_name)
    assert "A concern has been raised and not yet dealt with" in row.inner_text()
    assert CONCERN not in page.content()  # the reason, never what the concern says
    row.get_by_role("link", name=mentee.full_name).click()
    assert page.url.endswith(worried.get_absolute_url())

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Manage").click()
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Reports").click()
    check_page(page)
    page.get_by_label("Programme").select_option(label="All programmes")
    page.get_by_role("button", name="Build the report").click()
    page.get_by_role("link", name="Download the PDF").wait_for()
    check_page(page)
    assert page.get_by_role("img", name="Relationships under way in the year").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Monitoring report: all programmes" in text
    assert "Housing mentors" in text and mentee.last_name not in text
    report_url = page.url

    page.context.clear_cookies()
    sign_in(page, sponsor.work_email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="All programmes").click()
    assert page.url == report_url
    assert page.get_by_role("button", name="Build the report").count() == 0
    for refused in [
        reverse("evaluations:dashboard"),
        reverse("evaluations:programme_dashboard", args=[programme.pk]),
        reverse("evaluations:questionnaire_list", args=[programme.pk]),
        worried.get_absolute_url(),
        reverse("people:staff_list"),
        reverse("audit:search"),
    ]:
        response = page.goto(refused)
        assert response.status in (403, 404), refused
    assert page.get_by_role("link", name="Dashboard").count() == 0
    assert page.get_by_role("link", name="Manage").count() == 0
