# Peer-support suggestions (issue 20): the index against a plain scan of
# every volunteer, in one run, on 100,000 volunteers; and through the API.
add_executable(peer_suggest_benchmark peer_suggest_benchmark.cc)
target_link_libraries(peer_suggest_benchmark PRIVATE tandem_service tandem_matching
  benchmark::benchmark)
target_include_directories(peer_suggest_benchmark PRIVATE ${PROJECT_SOURCE_DIR})

find_package(nlohmann_json REQUIRED)
add_executable(peer_api_benchmark peer_api_benchmark.cc)
target_link_libraries(peer_api_benchmark PRIVATE tandem_service tandem_matching tandem_store_testing
  tandem_test_http_client nlohmann_json::nlohmann_json fmt::fmt)
target_include_directories(peer_api_benchmark PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(peer_api_benchmark PRIVATE TANDEM_BINARY="$<TARGET_FILE:tandem>")
add_dependencies(peer_api_benchmark tandem)
