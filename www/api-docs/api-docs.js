// The API reference page (/api/docs/): Swagger UI over the document the
// API publishes (GET /api/v1/openapi.json). Trying requests out is left
// off: the page is a reference, and a request from it would need the
// session's CSRF token or a token pasted here.
/* global SwaggerUIBundle */
window.addEventListener('DOMContentLoaded', () => {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    supportedSubmitMethods: [],
    defaultModelsExpandDepth: 0,
    docExpansion: 'none',
    validatorUrl: null,
  });
});
