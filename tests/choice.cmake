# Mentees choosing through the service layer, once per database: modes,
# shortlists, requests, expiry, racing acceptances, load balancing.
add_executable(choice_test choice_test.cc)
target_link_libraries(choice_test PRIVATE tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME choice_sqlite COMMAND choice_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(choice_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME choice_postgresql COMMAND choice_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(choice_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
