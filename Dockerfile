# One image for every process of the portal; the command chooses which (docs/kubernetes.md):
#   web (the default)  gunicorn mentoring.wsgi        settings in gunicorn.conf.py
#   worker             celery -A mentoring worker --loglevel=INFO --concurrency=2
#   beat (exactly one) celery -A mentoring beat --loglevel=INFO
#   migrations         python manage.py migrate --noinput
# Settings and secrets come from the environment at run time, never from the image.
# Debian 12 (bookworm), the release scripts/install-run-deps names its packages for, with the
# Python the project is tested on.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

WORKDIR /app

# The Debian packages the portal needs (Pango for PDFs, a font, xmlsec1 for SAML), through
# the same script `make run` calls.
COPY scripts/install-run-deps scripts/
RUN scripts/install-run-deps && rm -rf /var/lib/apt/lists/*

# The Python packages, from pyproject.toml without the test extra.
COPY pyproject.toml README.md ./
RUN python -m venv /opt/venv && pip install --quiet .

COPY . .
# Static files compressed and fingerprinted for WhiteNoise, into var/static. The key is a
# placeholder only collectstatic sees: the portal refuses to start without a real one.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q mentoring programmes relationships evaluations

# A user of its own, by number so that Kubernetes can check runAsNonRoot.
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /tmp mentoring
USER 10001:10001

EXPOSE 8000
CMD ["gunicorn", "mentoring.wsgi"]
