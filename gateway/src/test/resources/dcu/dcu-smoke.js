// Drives Oracle's own DCU request code (@oraclecc/dcu, installed from npm by the test) against a running Keygate:
// login with an application key, registry, locales, then createApplicationID of type extension, as DCU's extension
// wizard does when the server has no createExtensionID. Prints one line "DCU_RESULT <json>" on success.
// usage: node dcu-smoke.js <path of the installed @oraclecc/dcu> <base URL> <application key>
"use strict"
const path = require("path")
const [dcuDir, baseUrl, applicationKey] = process.argv.slice(2)
const transceiver = require(path.join(dcuDir, "src", "endPointTransceiver"))
const request = require(path.join(dcuDir, "src", "requestBuilder")).request

transceiver.init(baseUrl, null, null, applicationKey)
  .then(() => {
    if (!transceiver.serverSupports("createApplicationID", "listLocales")) {
      throw new Error("the registry lacks createApplicationID or listLocales")
    }
    return transceiver.createApplicationID(request().withBody({name: "dcu-extension", type: "extension"}))
  })
  .then(results => {
    if (!transceiver.checkCallSucceeded(results)) {
      console.error("createApplicationID failed: " + JSON.stringify(results.data))
      process.exit(2)
    }
    console.log("DCU_RESULT " + JSON.stringify({
      id: results.data.id,
      type: results.data.type,
      version: transceiver.commerceCloudVersion,
      locale: transceiver.locale
    }))
    process.exit(0)
  })
  .catch(error => {
    console.error(error && error.stack ? error.stack : String(error))
    process.exit(1)
  })
