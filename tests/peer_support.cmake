# Peer support through the service layer, once per database: the public
# form, the queue, suggestions across instances, offers, introductions,
# check-ins, load balancing and the access log.
add_executable(peer_support_test peer_support_test.cc)
target_link_libraries(peer_support_test PRIVATE tandem_service tandem_store_testing tandem_store
  tandem_core GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME peer_support_sqlite COMMAND peer_support_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(peer_support_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME peer_support_postgresql COMMAND peer_support_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(peer_support_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
