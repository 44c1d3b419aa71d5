# The HTTP benchmark is a script around wrk; a wrapper lands next to the other
# benchmark programs so scripts/run-bench.sh runs it with the tandem binary
# (Google Benchmark flags given to run-bench.sh are ignored by it).
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/api_benchmark
  CONTENT "#!/usr/bin/env bash\nexec bash ${CMAKE_CURRENT_SOURCE_DIR}/api_benchmark.sh $<TARGET_FILE:tandem>\n"
  FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
