// The JSON API under /api/v1 (docs/api.md, docs/openapi.yaml): thin handlers
// that decode a request, call one service function, and encode the answer.
#pragma once

#include <functional>
#include <string>

#include "core/clock.h"
#include "http/router.h"
#include "store/database.h"

namespace tandem::api {

struct ApiOptions {
  // Mark the session cookie Secure (set when serving over TLS or behind an
  // HTTPS proxy).
  bool secure_cookies = false;
  // Called after a matching run is queued, to wake the local job worker.
  std::function<void()> job_queued;
  // Set only by tandem serve --test-clock (docs/architecture.md): the clock
  // of the Database, which POST /api/v1/test/clock moves forward. Null in
  // production: the route does not exist.
  MovableClock* test_clock = nullptr;
  // Whether an SMTP server is configured (the outbox page says so when not).
  bool mail_delivery = false;
};

// Adds every /api/v1 route (and GET /api/v1/openapi.yaml) to `router`. `db`
// must outlive the router.
void AddRoutes(http::Router& router, store::Database& db, const ApiOptions& options);

}  // namespace tandem::api
