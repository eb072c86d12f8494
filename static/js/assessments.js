// Progressive enhancement for risk pages; every page works without this file.
(function () {
  "use strict";
  // Filter panels start open (so they work without JavaScript); on a phone, fold them away
  // unless a filter is already in use.
  function foldFilters() {
    if (!window.matchMedia("(max-width: 991.98px)").matches) return;
    document.querySelectorAll("details[data-collapse-narrow]:not([data-keep-open])").forEach(function (panel) {
      panel.open = false;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", foldFilters);
  } else {
    foldFilters();
  }
})();
