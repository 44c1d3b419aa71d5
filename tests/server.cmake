# `tandem serve` as a process: two instances on one PostgreSQL (jobs claimed
# once, sessions shared), the database going away and coming back, SIGTERM.
# Runs on its own throwaway cluster (nested scripts/with-postgres.sh), since it
# stops and starts the database.
find_program(NODE node)
if(NODE)
  add_test(NAME server_instances_postgresql
    COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/with-postgres.sh
            ${NODE} ${PROJECT_SOURCE_DIR}/tests/server_instances_test.mjs $<TARGET_FILE:tandem>
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
