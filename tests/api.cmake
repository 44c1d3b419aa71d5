# The API over real HTTP (tests/api_test.cc and friends), once per database.
# The PostgreSQL run needs TANDEM_TEST_POSTGRES, which scripts/with-postgres.sh
# (used by `make test`) sets. tests/http_client.{h,cc} is a small loopback HTTP
# client other tests may link too (library tandem_test_http_client).
find_package(nlohmann_json REQUIRED)

add_library(tandem_test_http_client STATIC ${CMAKE_CURRENT_LIST_DIR}/http_client.cc)
target_include_directories(tandem_test_http_client PUBLIC ${CMAKE_CURRENT_LIST_DIR})

# The database-down test comes last: it stops and restarts PostgreSQL.
add_executable(api_test
  ${CMAKE_CURRENT_LIST_DIR}/api_harness.cc
  ${CMAKE_CURRENT_LIST_DIR}/api_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/api_access_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/api_database_down_test.cc)
target_link_libraries(api_test PRIVATE tandem_api tandem_jobs tandem_http tandem_service
  tandem_store_testing tandem_store tandem_core tandem_test_http_client nlohmann_json::nlohmann_json
  GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME api_sqlite COMMAND api_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(api_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite"
  LABELS api TIMEOUT 600)
add_test(NAME api_postgresql COMMAND api_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(api_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql LABELS api TIMEOUT 600)
