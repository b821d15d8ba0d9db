"""Two-factor sign-in for people who sign in with a password (issue 22): an authenticator app
(django-otp's TOTP device), passkeys (django-otp-webauthn) and recovery codes (django-otp's
static device). See docs/two-factor.md."""
