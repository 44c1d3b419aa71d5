# Surveys through the service layer, once per database: waves opening and
# reminding as the clock moves, anonymity in every answer, versions, export
# with the REDCap dictionary, and the import of responses collected elsewhere.
add_executable(surveys_test surveys_test.cc)
target_link_libraries(surveys_test PRIVATE tandem_jobs tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME surveys_sqlite COMMAND surveys_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(surveys_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME surveys_postgresql COMMAND surveys_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(surveys_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
