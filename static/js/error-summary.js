// The GOV.UK error summary pattern (templates/includes/form_errors.html), enhanced: the
// summary takes focus when the page loads, so a screen reader announces the problems and a
// keyboard user starts from them; a link in it moves focus to its field, not just the view.
// Without this file the links still jump to the fields.
(function () {
  "use strict";

  function fieldIn(target) {
    if (target.matches("input, select, textarea, button")) return target;
    return target.querySelector("input:checked, input:not([type=hidden]), select, textarea");
  }

  function labelOf(field) {
    var fieldset = field.closest("fieldset");
    var legend = fieldset && (field.type === "radio" || field.type === "checkbox") ? fieldset.querySelector("legend") : null;
    return legend || (field.labels && field.labels[0]) || field;
  }

  function init() {
    var summary = document.querySelector(".error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      var field = target && fieldIn(target);
      if (!field) return;
      event.preventDefault();
      labelOf(field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
