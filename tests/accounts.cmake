# Accounts, sessions, invitations, enrollments and programs on both databases.
# The PostgreSQL run needs TANDEM_TEST_POSTGRES, which scripts/with-postgres.sh
# (used by `make test`) sets.
add_executable(accounts_test accounts_test.cc)
target_link_libraries(accounts_test PRIVATE tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME accounts_sqlite COMMAND accounts_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(accounts_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME accounts_postgresql COMMAND accounts_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(accounts_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
