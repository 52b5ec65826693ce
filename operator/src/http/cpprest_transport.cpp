// The only file that includes cpprest, Boost or OpenSSL headers (build speed,
// and one place where library exceptions become Errors).
#include "http/cpprest_transport.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl.hpp>
#include <strings.h>

#include <cerrno>
#include <cpprest/containerstream.h>
#include <cpprest/http_client.h>
#include <map>
#include <mutex>

#include "http/auth_transport.h"
#include "http/retry_transport.h"

namespace gpupool::http {
namespace {

namespace ssl = boost::asio::ssl;
using web::http::client::http_client;
using web::http::client::http_client_config;

struct TlsMaterial {
  std::string ca, cert, key;
};

// Replaces the default roots with exactly the configured bundle.
void install_ca(ssl::context& ctx, const std::string& pem) {
  X509_STORE* store = X509_STORE_new();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  int added = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    added += X509_STORE_add_cert(store, cert) == 1;
    X509_free(cert);
  }
  ERR_clear_error();  // the loop ends on an expected "no start line"
  BIO_free(bio);
  SSL_CTX_set_cert_store(ctx.native_handle(), store);  // ctx owns store now
  if (added == 0) throw std::runtime_error("no usable certificate in the CA bundle");
}

void configure_tls(ssl::context& ctx, const TlsMaterial& tls) {
  if (!tls.ca.empty()) install_ca(ctx, tls.ca);
  if (!tls.cert.empty()) ctx.use_certificate_chain(boost::asio::buffer(tls.cert));
  if (!tls.key.empty()) ctx.use_private_key(boost::asio::buffer(tls.key), ssl::context::pem);
}

// Loads the material once so a bad PEM is a startup error rather than a
// failure of every connection.
Status validate_tls(const TlsMaterial& tls) {
  try {
    ssl::context ctx(ssl::context::sslv23);
    configure_tls(ctx, tls);
    if (!tls.cert.empty() && SSL_CTX_check_private_key(ctx.native_handle()) != 1)
      return fail(ErrorCode::InvalidArgument, "client key does not match the client certificate");
  } catch (const std::exception& e) {
    return fail(ErrorCode::InvalidArgument, std::string("TLS configuration: ") + e.what());
  }
  return ok();
}

// cpprest reports errno-style values (connection refused arrives as
// EHOSTUNREACH, timer expiry as ETIMEDOUT); any non-zero code is I/O.
Error map_exception(const std::exception& e) {
  if (auto* he = dynamic_cast<const web::http::http_exception*>(&e)) {
    const int v = he->error_code().value();
    if (v == ETIMEDOUT) return Error(ErrorCode::Timeout, std::string("request timed out: ") + e.what());
    if (v != 0) return Error(ErrorCode::Unavailable, std::string(e.what()) + " (code " + std::to_string(v) + ")");
  }
  if (dynamic_cast<const pplx::task_canceled*>(&e)) return Error(ErrorCode::Unavailable, "request cancelled");
  if (dynamic_cast<const web::uri_exception*>(&e))
    return Error(ErrorCode::InvalidArgument, std::string("bad request URI: ") + e.what());
  return Error(ErrorCode::Internal, std::string("http client: ") + e.what());
}

bool iequals(const std::string& a, const char* b) {
  return strcasecmp(a.c_str(), b) == 0;
}

web::http::http_request to_message(const Request& req, const std::string& user_agent) {
  web::http::http_request msg(req.method);
  msg.set_request_uri(web::uri(req.target));
  std::string content_type;
  bool has_ua = false;
  for (const auto& [name, value] : req.headers) {
    if (iequals(name, "content-type")) content_type = value;
    else msg.headers().add(name, value);
    has_ua = has_ua || iequals(name, "user-agent");
  }
  if (!has_ua) msg.headers().add("User-Agent", user_agent);
  if (!req.body.empty() || !content_type.empty())
    msg.set_body(req.body, content_type.empty() ? std::string("application/json") : content_type);
  return msg;
}

Response head_of(const web::http::http_response& resp) {
  Response out;
  out.status = resp.status_code();
  for (const auto& [name, value] : resp.headers()) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[lower] = value;
  }
  return out;
}

// A fresh buffer per line: cpprest stream buffers keep their write position.
void read_lines(concurrency::streams::istream body, const LineHandler& on_line,
                pplx::cancellation_token_source& cts) {
  for (;;) {
    concurrency::streams::container_buffer<std::string> line;
    const size_t n = body.read_line(line).get();
    const bool eof = body.is_eof();
    if (n == 0 && eof) return;
    if (!on_line(line.collection())) {
      cts.cancel();  // drop the connection; the caller is done with it
      return;
    }
    if (eof) return;
  }
}

class CpprestTransport final : public Transport {
 public:
  explicit CpprestTransport(TransportConfig cfg) : cfg_(std::move(cfg)) {
    if (cfg_.user_agent.empty()) cfg_.user_agent = default_user_agent();
  }

  Result<Response> send(const Request& req) override {
    if (cfg_.before_send) cfg_.before_send();
    try {
      auto resp = client_for(req)->request(to_message(req, cfg_.user_agent)).get();
      Response out = head_of(resp);
      out.body = resp.extract_utf8string(true).get();
      return out;
    } catch (const std::exception& e) {
      return map_exception(e);
    }
  }

  Result<Response> stream_lines(const Request& req, std::stop_token stop, const LineHandler& on_line) override {
    if (stop.stop_requested()) return Response{};
    if (cfg_.before_send) cfg_.before_send();
    pplx::cancellation_token_source cts;
    std::stop_callback cancel_on_stop(stop, [&cts] { cts.cancel(); });
    try {
      auto resp = client_for(req)->request(to_message(req, cfg_.user_agent), cts.get_token()).get();
      Response out = head_of(resp);
      if (out.status < 200 || out.status > 299) {
        out.body = resp.extract_utf8string(true).get();
        return out;
      }
      read_lines(resp.body(), on_line, cts);
      return out;
    } catch (const std::exception& e) {
      if (stop.stop_requested()) return Response{};  // cancelled on purpose
      return map_exception(e);
    }
  }

 private:
  // cpprest timeouts are per client, so keep one client per timeout value;
  // values over a minute (watches with varied timeoutSeconds) are rounded
  // up to whole minutes so that only a few clients exist.
  std::shared_ptr<http_client> client_for(const Request& req) {
    auto timeout = req.timeout.count() > 0 ? req.timeout : cfg_.timeout;
    constexpr std::chrono::milliseconds kMinute{60000};
    if (timeout > kMinute) timeout = (timeout + kMinute - std::chrono::milliseconds(1)) / kMinute * kMinute;
    std::lock_guard lock(mu_);
    auto& slot = clients_[timeout.count()];
    if (!slot) slot = std::make_shared<http_client>(web::uri(cfg_.base_url), client_config(timeout));
    return slot;
  }

  http_client_config client_config(std::chrono::milliseconds timeout) const {
    http_client_config c;
    c.set_timeout(timeout);
    c.set_validate_certificates(!cfg_.insecure_skip_tls_verify);
    TlsMaterial tls{cfg_.ca_pem, cfg_.client_cert_pem, cfg_.client_key_pem};
    if (!tls.ca.empty() || !tls.cert.empty()) c.set_ssl_context_callback([tls](ssl::context& ctx) { configure_tls(ctx, tls); });
    return c;
  }

  TransportConfig cfg_;
  std::mutex mu_;
  std::map<long long, std::shared_ptr<http_client>> clients_;
};

Status validate_base_url(const std::string& url) {
  try {
    web::uri u(url);
    if (u.scheme() != "http" && u.scheme() != "https") return fail(ErrorCode::InvalidArgument, "server URL must be http(s): " + url);
    if (u.host().empty()) return fail(ErrorCode::InvalidArgument, "server URL has no host: " + url);
  } catch (const std::exception& e) {
    return fail(ErrorCode::InvalidArgument, "bad server URL " + url + ": " + e.what());
  }
  return ok();
}

}  // namespace

Result<std::unique_ptr<Transport>> make_raw_cpprest_transport(const TransportConfig& config) {
  if (auto s = validate_base_url(config.base_url); !s) return s.error();
  if (auto s = validate_tls({config.ca_pem, config.client_cert_pem, config.client_key_pem}); !s) return s.error();
  if (!config.ca_pem.empty() && config.insecure_skip_tls_verify)
    return fail(ErrorCode::InvalidArgument, "specifying a root certificates file with the insecure flag is not allowed");
  return std::unique_ptr<Transport>(std::make_unique<CpprestTransport>(config));
}

Result<std::unique_ptr<Transport>> make_cpprest_transport(const TransportConfig& config) {
  auto raw = make_raw_cpprest_transport(config);
  if (!raw) return raw.error();
  Clock& clock = config.clock ? *config.clock : SystemClock::instance();
  std::unique_ptr<Transport> t = std::move(*raw);
  if (!config.bearer_token.empty() || !config.bearer_token_file.empty()) {
    auto tokens = std::make_shared<BearerTokenSource>(config.bearer_token, config.bearer_token_file, clock);
    t = std::make_unique<BearerAuthTransport>(std::move(t), std::move(tokens));
  }
  RetryPolicy policy{config.qps, config.burst, config.max_retries, config.max_retry_after};
  return std::unique_ptr<Transport>(std::make_unique<ThrottledRetryTransport>(std::move(t), policy, clock));
}

}  // namespace gpupool::http
