# The browser application: unit tests (Vitest) and browser journeys against a
# real `tandem serve` (playwright-core driving Debian's chromium). See docs/web.md.
add_test(NAME web_unit
  COMMAND npx --no-install vitest run --reporter=dot
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/web)
set_tests_properties(web_unit PROPERTIES LABELS "web" TIMEOUT 300)

# Browser journeys (web/e2e/run.mjs) and the first-hour walkthrough of issue 14 on the
# demo data (web/e2e/walkthrough.mjs) and the others (surveys, evaluation, qualitative
# coding, mentees choosing, peer support, …), each with its own screenshot folder.
foreach(journeys IN ITEMS "web_e2e:run:web-e2e" "web_walkthrough:walkthrough:web-walkthrough" "web_meetings:meetings:web-meetings" "web_journey:journey:web-journey" "web_mail:mail:web-mail" "web_surveys:surveys:web-surveys" "web_evaluation:evaluation:web-evaluation" "web_qualitative:qualitative:web-qualitative" "web_choice:choice:web-choice" "web_peer:peer:web-peer" "web_vocabulary:vocabulary:web-vocabulary")
  string(REPLACE ":" ";" parts "${journeys}")
  list(GET parts 0 name)
  list(GET parts 1 script)
  list(GET parts 2 out)
  add_test(NAME ${name}
    COMMAND node ${PROJECT_SOURCE_DIR}/web/e2e/${script}.mjs
            --tandem $<TARGET_FILE:tandem>
            --web-root ${CMAKE_BINARY_DIR}/web/dist
            --out ${CMAKE_BINARY_DIR}/${out}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # They start a server and a browser: run them alone, not beside the heavy tests.
  set_tests_properties(${name} PROPERTIES LABELS "web;e2e" TIMEOUT 600 RUN_SERIAL TRUE)
endforeach()
