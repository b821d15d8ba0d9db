// Starts GOV.UK Frontend's and MOJ Frontend's components (menus, error summaries, sortable
// tables). Pages work without it: this only adds to them.
import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";

document.body.classList.add("govuk-frontend-supported", "js-enabled");
initGovuk();
initMoj();
