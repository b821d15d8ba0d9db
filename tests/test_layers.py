"""Dependencies flow one way (STYLE 11): mentoring <- programmes <- relationships <-
evaluations. A lower app's code never imports a higher one (tests may span apps)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["mentoring", "programmes", "relationships", "evaluations"]


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_a_lower_app_never_imports_a_higher_one(layer):
    higher = LAYERS[LAYERS.index(layer) + 1 :]
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {name}"
        for path in Path(settings.BASE_DIR, layer).rglob("*.py")
        if not {"tests", "migrations"} & set(path.parts)
        for name in _imports(path)
        if name.split(".")[0] in higher
    ]
    assert found == []
