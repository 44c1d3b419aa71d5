# The program journey through the service layer, once per database:
# agreements, goals, projects, outputs (with CSV import and export), career
# positions and retention, and the agreement nudge.
add_executable(journey_test journey_test.cc)
target_link_libraries(journey_test PRIVATE tandem_jobs tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME journey_sqlite COMMAND journey_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(journey_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME journey_postgresql COMMAND journey_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(journey_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
