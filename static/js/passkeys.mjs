// After django-otp-webauthn's script adds a passkey, go where the portal says next.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  window.location.assign(event.detail.response?.redirect_url || window.location.pathname);
});
