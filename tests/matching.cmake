# `tandem match` end to end (issue 4): runs the built binary on example files.
add_test(NAME matching_cli_test
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/matching_cli_test.sh $<TARGET_FILE:tandem>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(matching_cli_test PROPERTIES LABELS "matching;cli")
