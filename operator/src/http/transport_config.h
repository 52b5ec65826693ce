#pragma once
// TransportConfig: everything the HTTP layer needs to reach one API server.
// Filled by config/ (kubeconfig or in-cluster) and consumed by
// make_cpprest_transport(). Plain data; copyable. Holds secrets (token, key):
// never log it directly, use describe().
#include <chrono>
#include <functional>
#include <string>

#include "common/clock.h"

namespace gpupool::http {

struct TransportConfig {
  std::string base_url;          // "https://10.0.0.1:443"; may carry a path prefix
  std::string ca_pem;            // trusted roots; empty = system roots
  std::string client_cert_pem;   // optional client certificate chain
  std::string client_key_pem;    // its private key
  bool insecure_skip_tls_verify = false;
  std::string bearer_token;      // static token
  std::string bearer_token_file; // re-read when it changes (wins over bearer_token)
  std::string user_agent;        // empty = default_user_agent()
  // Used for requests whose own timeout is zero; an inactivity timeout.
  std::chrono::milliseconds timeout{30000};
  // Client-side rate limit (controller-runtime defaults: QPS 20, burst 30).
  double qps = 20.0;
  int burst = 30;
  // Retries of idempotent requests answered 429/5xx with Retry-After
  // (client-go: 10); each wait is capped by max_retry_after.
  int max_retries = 10;
  std::chrono::seconds max_retry_after{30};
  Clock* clock = nullptr;        // nullptr = SystemClock::instance()
  // Called before every request goes on the wire, each retry included; may
  // block (a cloud's per-CloudCluster request budget). Empty: nothing.
  std::function<void()> before_send;
};

// "gpupool-operator/v0.1.0 (linux/amd64)"; the API server derives the default
// field manager from the part before the first '/'.
std::string default_user_agent();

// One line for startup logs; never contains token or key material.
std::string describe(const TransportConfig& c);

}  // namespace gpupool::http
