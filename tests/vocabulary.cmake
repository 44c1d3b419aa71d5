# A program's own vocabulary and intake questions through the service layer,
# once per database: templates, edits that keep every tag, the taxonomy file,
# free tags, questions and answers, must-match in a real run.
add_executable(vocabulary_test vocabulary_test.cc)
target_link_libraries(vocabulary_test PRIVATE tandem_service tandem_store_testing tandem_store
  tandem_core GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME vocabulary_sqlite COMMAND vocabulary_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(vocabulary_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME vocabulary_postgresql COMMAND vocabulary_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(vocabulary_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
