# Crash tests (tests/crash_test.mjs, docs/testing.md "Crash tests"): `tandem
# serve` killed with SIGKILL at random moments while four clients write, 20
# times per database; every acknowledged write is read back after the restart
# and the database's integrity is checked. On PostgreSQL the database is also
# stopped with `pg_ctl stop -m immediate` under load (503s meanwhile, recovery
# without a restart), so that test has its own throwaway cluster (nested
# scripts/with-postgres.sh). `make soak` runs 1,000 cycles of each.
find_program(NODE node)
if(NODE)
  add_test(NAME crash_sqlite
    COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/tests/crash_test.mjs
            --tandem $<TARGET_FILE:tandem> --backend sqlite --cycles 20
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(crash_sqlite PROPERTIES LABELS "crash" TIMEOUT 300)
  add_test(NAME crash_postgresql
    COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/with-postgres.sh
            ${NODE} ${PROJECT_SOURCE_DIR}/tests/crash_test.mjs
            --tandem $<TARGET_FILE:tandem> --backend postgresql --cycles 20
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(crash_postgresql PROPERTIES LABELS "crash" TIMEOUT 300)
endif()
