# The store suite, once per database. The PostgreSQL run needs
# TANDEM_TEST_POSTGRES, which scripts/with-postgres.sh (used by `make test`) sets.
add_executable(store_test store_test.cc)
target_link_libraries(store_test PRIVATE tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME store_sqlite COMMAND store_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(store_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME store_postgresql COMMAND store_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(store_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
