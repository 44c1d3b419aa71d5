# The install step: cmake --install into a temporary prefix, then the
# installed server serves the installed web app (docs/deploy.md, "Installing").
add_test(NAME install COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install_test.sh ${CMAKE_BINARY_DIR}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(install PROPERTIES LABELS "install" TIMEOUT 120)
