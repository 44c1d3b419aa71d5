# E-mail delivery against a real SMTP server on loopback (tests/smtp_server.py:
# Debian's python3-aiosmtpd with STARTTLS and AUTH; openssl makes its
# certificate), once per database.
add_library(tandem_smtp_test_server STATIC smtp_test_server.cc)
target_link_libraries(tandem_smtp_test_server PUBLIC tandem_notify nlohmann_json::nlohmann_json)
target_include_directories(tandem_smtp_test_server PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
add_executable(mail_test mail_test.cc)
target_link_libraries(mail_test PRIVATE tandem_smtp_test_server tandem_jobs tandem_service tandem_store_testing tandem_store
  tandem_core GTest::gtest GTest::gtest_main Threads::Threads)
add_test(NAME mail_sqlite COMMAND mail_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(mail_sqlite PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=sqlite")
add_test(NAME mail_postgresql COMMAND mail_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(mail_postgresql PROPERTIES ENVIRONMENT "TANDEM_TEST_BACKEND=postgresql"
  RESOURCE_LOCK postgresql)
