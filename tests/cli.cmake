# The command line end to end, on both databases.
add_test(NAME cli_sqlite COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cli_test.sh $<TARGET_FILE:tandem>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME cli_postgresql COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cli_test.sh $<TARGET_FILE:tandem>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql")
