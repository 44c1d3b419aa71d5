# The command line end to end, on both databases.
add_test(NAME cli_sqlite COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cli_test.sh $<TARGET_FILE:tandem>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME cli_postgresql COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cli_test.sh $<TARGET_FILE:tandem>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# RESOURCE_LOCK: api_postgresql stops and restarts the shared cluster
# (api_database_down_test.cc); no other test may use it meanwhile.
set_tests_properties(cli_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
