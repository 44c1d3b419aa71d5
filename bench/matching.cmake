# Matching engine benchmarks (issue 4). LEMON is a benchmark-only reference.
find_path(LEMON_BENCH_INCLUDE_DIR lemon/network_simplex.h)
find_library(LEMON_BENCH_LIBRARY lemon)

add_executable(matching_profiles_benchmark matching_profiles_benchmark.cc)
target_link_libraries(matching_profiles_benchmark PRIVATE tandem_matching benchmark::benchmark)
target_include_directories(matching_profiles_benchmark PRIVATE ${PROJECT_SOURCE_DIR})

if(LEMON_BENCH_INCLUDE_DIR AND LEMON_BENCH_LIBRARY)
  add_executable(matching_large_benchmark matching_large_benchmark.cc)
  target_link_libraries(matching_large_benchmark PRIVATE
    tandem_matching ${LEMON_BENCH_LIBRARY} benchmark::benchmark)
  target_include_directories(matching_large_benchmark PRIVATE ${PROJECT_SOURCE_DIR})
  target_include_directories(matching_large_benchmark SYSTEM PRIVATE ${LEMON_BENCH_INCLUDE_DIR})
endif()
if(TARGET matching_large_benchmark)
  # LEMON 1.3.1's CostScaling uses std::allocator::construct, removed in C++20.
  set_target_properties(matching_large_benchmark PROPERTIES CXX_STANDARD 17)
  target_compile_options(matching_large_benchmark PRIVATE -Wno-maybe-uninitialized)
endif()

# Issue 15: the whole `tandem match` process on files, beside a LEMON program
# reading the same files (the LEMON side only where liblemon-dev is present).
add_executable(matching_process_benchmark matching_process_benchmark.cc)
target_link_libraries(matching_process_benchmark PRIVATE tandem_core tandem_matching
  benchmark::benchmark)
target_include_directories(matching_process_benchmark PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(matching_process_benchmark PRIVATE
  TANDEM_BINARY="$<TARGET_FILE:tandem>")
add_dependencies(matching_process_benchmark tandem)
if(LEMON_BENCH_INCLUDE_DIR AND LEMON_BENCH_LIBRARY)
  add_executable(matching_lemon_files matching_lemon_files.cc)
  target_link_libraries(matching_lemon_files PRIVATE ${LEMON_BENCH_LIBRARY})
  target_include_directories(matching_lemon_files SYSTEM PRIVATE ${LEMON_BENCH_INCLUDE_DIR})
  # LEMON 1.3.1's CostScaling uses std::allocator::construct, removed in C++20.
  set_target_properties(matching_lemon_files PROPERTIES CXX_STANDARD 17)
  target_compile_options(matching_lemon_files PRIVATE -Wno-maybe-uninitialized)
  target_compile_definitions(matching_process_benchmark PRIVATE
    MATCHING_LEMON_FILES="$<TARGET_FILE:matching_lemon_files>")
  add_dependencies(matching_process_benchmark matching_lemon_files)
endif()
