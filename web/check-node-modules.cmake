# Run by the `web` target before `npm run build`: fails with an instruction
# instead of a cryptic npm error when Node or the packages are missing.
if(NOT NPM OR NPM MATCHES "NOTFOUND")
  message(FATAL_ERROR "web: npm was not found. Run scripts/install-deps.sh (it installs nodejs and npm), then build again.")
endif()
if(NOT EXISTS "${WEB_DIR}/node_modules/.bin/vite" OR NOT EXISTS "${WEB_DIR}/node_modules/.bin/tsc")
  message(FATAL_ERROR "web: ${WEB_DIR}/node_modules is missing or incomplete. Run scripts/install-deps.sh (it runs `npm ci` in web/), then build again.")
endif()
