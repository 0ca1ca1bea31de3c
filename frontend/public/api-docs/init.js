// Starts Swagger UI on the studio's OpenAPI document (a file, not an inline script: the studio's CSP allows
// scripts from the studio only). "Try it out" sends the CSRF token the studio asks of every change.
(function () {
  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)jm_csrf=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      request.headers["X-CSRF-Token"] = csrf();
      return request;
    },
  });
})();
