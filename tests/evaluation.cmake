# The evaluation through the service layer, once per database: figures with
# their intervals, small-cell suppression, de-identified free text, access.
add_executable(evaluation_test evaluation_test.cc)
target_link_libraries(evaluation_test PRIVATE tandem_jobs tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME evaluation_sqlite COMMAND evaluation_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(evaluation_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME evaluation_postgresql COMMAND evaluation_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(evaluation_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
