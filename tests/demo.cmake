# The demo (`tandem demo`) through the service layer, once per database: last
# year's completed fellows' cohort has the reference program's headline
# figures and P values. The PostgreSQL run needs TANDEM_TEST_POSTGRES, which
# scripts/with-postgres.sh (used by `make test`) sets.
add_executable(demo_test demo_test.cc)
target_link_libraries(demo_test PRIVATE tandem_service tandem_store_testing tandem_store tandem_core
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME demo_sqlite COMMAND demo_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(demo_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME demo_postgresql COMMAND demo_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(demo_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
