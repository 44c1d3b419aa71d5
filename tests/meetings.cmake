# Meetings through the service layer, once per database; the iCalendar
# messages are read back by ical.js (web/e2e/ics_check.mjs, needs Node and
# web/node_modules).
add_executable(meetings_test meetings_test.cc)
target_link_libraries(meetings_test PRIVATE tandem_jobs tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME meetings_sqlite COMMAND meetings_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(meetings_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME meetings_postgresql COMMAND meetings_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(meetings_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
