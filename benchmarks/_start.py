"""The start every benchmark shares: the repository importable, a throw-away folder and, unless
DATABASE_URL names a database, a SQLite file in it; then Django set up.

    from _start import PAGES, django_started

    workdir = django_started(**PAGES)
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# For benchmarks that call pages through Django's test Client.
PAGES = {"ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0"}


def environment(**defaults):
    """Make the throw-away folder and set the environment's defaults, where unset ("{workdir}"
    in a value stands for the folder); return the folder."""
    workdir = tempfile.mkdtemp(prefix="mentoring-bench-")
    defaults = {
        "DATABASE_URL": "sqlite:///{workdir}/bench.sqlite3",
        "SECRET_KEY": "benchmark-only",
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        **defaults,
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value.format(workdir=workdir))
    return workdir


def django_started(**defaults):
    """`environment`, then Django set up; returns the throw-away folder."""
    workdir = environment(**defaults)
    import django

    django.setup()
    return workdir
