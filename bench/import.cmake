add_executable(import_benchmark import_benchmark.cc)
target_link_libraries(import_benchmark PRIVATE tandem_service tandem_store_testing tandem_store tandem_core
  benchmark::benchmark Threads::Threads)
