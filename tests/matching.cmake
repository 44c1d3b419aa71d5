# `tandem match` end to end (issue 4): runs the built binary on example files.
add_test(NAME matching_cli_test
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/matching_cli_test.sh $<TARGET_FILE:tandem>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(matching_cli_test PROPERTIES LABELS "matching;cli")

# Issue 15: the whole process on given-score files grows linearly (n and 4n pairs).
tandem_test(matching_process_test
  SOURCES matching_process_test.cc
  LIBS tandem_core tandem_matching
  LABELS matching cli)
target_include_directories(matching_process_test PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(matching_process_test PRIVATE TANDEM_BINARY="$<TARGET_FILE:tandem>")
add_dependencies(matching_process_test tandem)
