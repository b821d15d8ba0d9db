// django-otp-webauthn's scripts word their messages through gettext(); the portal is in
// English only, so the words are used as they are (no request for a translation catalogue).
window.gettext = (text) => text;
