# Issue 15, "From the database": a matching run of 5,000 mentees x 2,500
# mentors through a real `tandem serve` (import, run, result page), on SQLite
# and PostgreSQL. bench/tandem_process.h is the shared server/caller helper.
find_package(nlohmann_json REQUIRED)
add_executable(matching_server_benchmark matching_server_benchmark.cc)
target_link_libraries(matching_server_benchmark PRIVATE tandem_core tandem_store_testing
  tandem_test_http_client nlohmann_json::nlohmann_json fmt::fmt)
target_include_directories(matching_server_benchmark PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(matching_server_benchmark PRIVATE TANDEM_BINARY="$<TARGET_FILE:tandem>")
add_dependencies(matching_server_benchmark tandem)
