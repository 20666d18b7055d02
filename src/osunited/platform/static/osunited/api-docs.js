// Starts Swagger UI on /api/docs with the settings the page carries as JSON (no inline script),
// and names what it leaves unnamed for assistive technology: each parameter's list of values,
// and the scrolling examples, reachable from the keyboard.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  window.SwaggerUIBundle(settings);

  function nameControls() {
    root.querySelectorAll("select:not([aria-label])").forEach(function (select) {
      var row = select.closest("tr[data-param-name]");
      var named = row ? row.getAttribute("data-param-name") : select.className || "value";
      select.setAttribute("aria-label", named);
    });
    root.querySelectorAll(".microlight:not([tabindex])").forEach(function (example) {
      example.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(nameControls).observe(root, { childList: true, subtree: true });
})();
