// Swagger UI over Keygate's served contracts. The list comes from the page (#keygate-contracts); "Select a
// definition" switches between them, and ?urls.primaryName=<name> opens one. Every contract's server URL is "/", so
// "Try it out" calls the Keygate that served the page.
window.addEventListener("load", function () {
  var contracts = JSON.parse(document.getElementById("keygate-contracts").textContent);
  window.ui = SwaggerUIBundle({
    urls: contracts.urls,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // the default would load a badge from the public validator: nothing leaves this origin
    validatorUrl: null,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
});
