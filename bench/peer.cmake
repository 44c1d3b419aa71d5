# Peer-support suggestions (issue 20): the index against a plain scan of
# every volunteer, in one run, on 100,000 volunteers; and through the API.
add_executable(peer_suggest_benchmark peer_suggest_benchmark.cc)
target_link_libraries(peer_suggest_benchmark PRIVATE tandem_service tandem_matching
  benchmark::benchmark)
target_include_directories(peer_suggest_benchmark PRIVATE ${PROJECT_SOURCE_DIR})
