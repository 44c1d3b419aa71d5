# E-mail delivery: 1,000 outbox messages to a real SMTP server on loopback
# (tests/smtp_server.py), the whole way through the job worker.
add_executable(mail_benchmark mail_benchmark.cc)
target_link_libraries(mail_benchmark PRIVATE tandem_smtp_test_server tandem_jobs tandem_service
  tandem_store_testing tandem_store tandem_core benchmark::benchmark Threads::Threads)
