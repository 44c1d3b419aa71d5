# Matching runs, pairs and background jobs through the service layer, once per
# database. The PostgreSQL run needs TANDEM_TEST_POSTGRES, which
# scripts/with-postgres.sh (used by `make test`) sets.
add_executable(workflow_test workflow_test.cc)
target_link_libraries(workflow_test PRIVATE tandem_jobs tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME workflow_sqlite COMMAND workflow_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(workflow_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME workflow_postgresql COMMAND workflow_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(workflow_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
