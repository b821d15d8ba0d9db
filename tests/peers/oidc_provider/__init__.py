"""A small, real OpenID Connect provider for the tests (django-oauth-toolkit with OIDC on, its
own sign-in page and database), run in its own process by tests/peers/fixtures.py."""

PASSWORD = "provider-password"  # every person the provider knows signs in with it
