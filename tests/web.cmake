# The browser application: unit tests (Vitest) and browser journeys against a
# real `tandem serve` (playwright-core driving Debian's chromium). See docs/web.md.
add_test(NAME web_unit
  COMMAND npx --no-install vitest run --reporter=dot
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/web)
set_tests_properties(web_unit PROPERTIES LABELS "web" TIMEOUT 300)

add_test(NAME web_e2e
  COMMAND node ${PROJECT_SOURCE_DIR}/web/e2e/run.mjs
          --tandem $<TARGET_FILE:tandem>
          --web-root ${CMAKE_BINARY_DIR}/web/dist
          --out ${CMAKE_BINARY_DIR}/web-e2e
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# The journeys start a server and a browser: run them alone, not beside the heavy tests.
set_tests_properties(web_e2e PROPERTIES LABELS "web;e2e" TIMEOUT 600 RUN_SERIAL TRUE)

# The first-hour walkthrough of issue 14 on the demo data, as each role at laptop and phone width.
add_test(NAME web_walkthrough
  COMMAND node ${PROJECT_SOURCE_DIR}/web/e2e/walkthrough.mjs
          --tandem $<TARGET_FILE:tandem>
          --web-root ${CMAKE_BINARY_DIR}/web/dist
          --out ${CMAKE_BINARY_DIR}/web-walkthrough
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(web_walkthrough PROPERTIES LABELS "web;e2e" TIMEOUT 600 RUN_SERIAL TRUE)
