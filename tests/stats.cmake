# `tandem stats` end to end (issue 7): runs the tandem binary on
# examples/survey.csv and on bad input, and checks the association p-values
# against R's fisher.test run at test time (so this test needs Rscript and is
# not labelled engine). The engine's own tests, with stored R reference
# values, are in src/stats/CMakeLists.txt.
find_package(nlohmann_json REQUIRED)
tandem_test(stats_cli_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/stats_cli_test.cc
  LIBS nlohmann_json::nlohmann_json
  LABELS cli r
  ENV "TANDEM_BIN=$<TARGET_FILE:tandem>")
add_dependencies(stats_cli_test tandem)
