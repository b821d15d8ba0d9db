// Starts GOV.UK Frontend's and MOJ Frontend's components (menus, error summaries, sortable
// tables). Pages work without it: this only adds to them.
import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";

document.body.classList.add("govuk-frontend-supported", "js-enabled");
initGovuk();
initMoj();

// A "copy" button beside a read-only field (data-app-copy names the field): shown only where
// the browser can copy, says in its live region that it did.
for (const button of document.querySelectorAll("[data-app-copy]")) {
  const field = document.getElementById(button.dataset.appCopy);
  const status = document.getElementById(button.dataset.appCopyStatus);
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(field.value);
    if (status) status.textContent = "Address copied.";
  });
}
