// Start Swagger UI on the API docs page. A file, not an inline script: the CSP forbids those.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    validatorUrl: null, // never send the description to a third-party validator
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
});
