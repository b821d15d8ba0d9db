"""The programme pages are built from GOV.UK and MOJ Frontend: no Bootstrap class is left."""

import re
from pathlib import Path

from django.conf import settings

BOOTSTRAP = re.compile(
    r"^(btn|btn-.+|row|col|col-.+|card|card-.+|badge|text-bg-.+|alert|alert-.+|form-control"
    r"|form-check.*|form-select|table|table-.+|d-.+|[mp][tbsexy]?-[0-5]|g-[0-5]|gap-[0-5]"
    r"|small|lead|h[1-6]|text-.+|visually-hidden|list-unstyled|border|rounded|narrow"
    r"|justify-content-.+|align-.+|flex-.+)$"
)
CLASSES = re.compile(r'class="([^"]*)"')


def bootstrap_classes(path):
    return [
        name
        for value in CLASSES.findall(path.read_text())
        for name in value.split()
        if "{" not in name and BOOTSTRAP.match(name)
    ]


def test_no_programme_template_uses_a_bootstrap_class():
    folder = Path(settings.BASE_DIR) / "templates" / "programmes"
    found = {p.name: bootstrap_classes(p) for p in folder.rglob("*.html")}
    assert {name: classes for name, classes in found.items() if classes} == {}


def test_the_check_finds_a_bootstrap_class(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<a class="btn btn-primary govuk-link" href="#">Go</a><p class="mb-3">')
    assert bootstrap_classes(page) == ["btn", "btn-primary", "mb-3"]
