#include "sim/server/http_server.h"

#include <cpprest/http_listener.h>
#include <cpprest/producerconsumerstream.h>
#include <pplx/threadpool.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sim/server/free_port.h"
#include "sim/server/sim_log.h"
#include "sim/server/status_body.h"
#include "sim/server/url_codec.h"

namespace gpupool::sim {
namespace {

namespace http = web::http;
using http::experimental::listener::http_listener;
using http::experimental::listener::http_listener_config;
using Clock = std::chrono::steady_clock;

// How long a stream pump waits in BodyStream::next() before re-checking for
// disconnect/shutdown.
constexpr auto kStreamPoll = std::chrono::milliseconds(200);
// cpprest runs every listener callback and continuation on one shared pool
// (default 40 threads). Handlers may sleep (injected latency), so give it room.
constexpr std::size_t kPoolThreads = 64;

// cpprest keys listeners by host:port process-wide; opening a second
// listener on a port this process already serves would tear down the first
// one's entry. Refuse that ourselves with a clear error.
std::mutex g_ports_mu;
std::set<int> g_ports_in_use;

bool claim_port(int port) {
  std::lock_guard<std::mutex> l(g_ports_mu);
  return g_ports_in_use.insert(port).second;
}
void release_port(int port) {
  std::lock_guard<std::mutex> l(g_ports_mu);
  g_ports_in_use.erase(port);
}

void ensure_thread_pool() {
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      crossplat::threadpool::initialize_with_threads(kPoolThreads);
    } catch (...) {  // already initialised by someone else: keep theirs
    }
  });
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string elapsed_ms(Clock::time_point start) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// Copies handler headers onto a cpprest response. Content-Type replaces the
// value set_body() chose; repeated names (Warning) are joined with ", ",
// which is how HTTP list headers combine.
void apply_headers(http::http_response& out, const HttpResponse& resp) {
  for (const auto& [name, value] : resp.headers) {
    std::string l = lower(name);
    if (l == "content-length" || l == "transfer-encoding") continue;  // cpprest owns framing
    if (l == "content-type") out.headers()[name] = value;
    else out.headers().add(name, value);
  }
}

std::string content_type_of(const HttpResponse& resp, const std::string& fallback) {
  for (const auto& [name, value] : resp.headers)
    if (lower(name) == "content-type") return value;
  return fallback;
}

// Observes the reply task so pplx never terminates the process over an
// unobserved exception (client gone before the reply was written).
void reply_quietly(http::http_request& req, const http::http_response& out) {
  try {
    req.reply(out).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (...) {
      }
    });
  } catch (...) {  // already answered (listener closing): nothing to do
  }
}

// One open streamed (chunked) response.
struct StreamState {
  std::shared_ptr<BodyStream> body;
  concurrency::streams::producer_consumer_buffer<uint8_t> buf;
  std::atomic<bool> cancelled{false};
  std::atomic<bool> reply_done{false};

  void cancel_once() {
    if (cancelled.exchange(true)) return;
    try {
      body->cancel();
    } catch (...) {
    }
  }
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  HttpServerOptions opts;
  HttpHandler handler;
  int port = 0;
  std::unique_ptr<http_listener> listener;
  std::atomic<bool> stopping{false};

  struct Entry {
    std::shared_ptr<StreamState> state;
    std::thread thread;
  };
  mutable std::mutex mu;  // guards streams, finished, next_id
  std::map<std::uint64_t, Entry> streams;
  std::vector<std::uint64_t> finished;
  std::uint64_t next_id = 0;
  std::mutex stop_mu;
  bool stopped = false;

  std::string scheme() const { return opts.cert_chain_pem.empty() ? "http" : "https"; }

  std::unique_ptr<http_listener> make_listener(int p) {
    http_listener_config cfg;
    if (!opts.cert_chain_pem.empty()) {
      std::string chain = opts.cert_chain_pem, key = opts.private_key_pem;
      cfg.set_ssl_context_callback([chain, key](boost::asio::ssl::context& ctx) {
        ctx.set_options(boost::asio::ssl::context::default_workarounds | boost::asio::ssl::context::no_sslv2 |
                        boost::asio::ssl::context::no_sslv3 | boost::asio::ssl::context::no_tlsv1 |
                        boost::asio::ssl::context::no_tlsv1_1);
        ctx.use_certificate_chain(boost::asio::buffer(chain));
        ctx.use_private_key(boost::asio::buffer(key), boost::asio::ssl::context::pem);
      });
    }
    std::string url = scheme() + "://" + opts.host + ":" + std::to_string(p);
    auto l = std::make_unique<http_listener>(web::uri(url), cfg);
    // The listener lives inside Impl and is closed before Impl dies.
    l->support([this](http::http_request req) { on_request(std::move(req)); });
    return l;
  }

  void start() {
    ensure_thread_pool();
    // With port 0 another process may take the probed port first: retry.
    const int attempts = opts.port == 0 ? 8 : 1;
    std::string last_error;
    for (int i = 0; i < attempts; ++i) {
      int p = opts.port != 0 ? opts.port : find_free_port(opts.host.c_str());
      if (!claim_port(p)) {
        last_error = "port already served by this process";
        continue;
      }
      try {
        auto l = make_listener(p);
        l->open().wait();
        listener = std::move(l);
        port = p;
        log::info("listening", {{"server", opts.name}, {"url", scheme() + "://" + opts.host + ":" + std::to_string(p)}});
        return;
      } catch (const std::exception& e) {
        release_port(p);
        last_error = e.what();
      }
    }
    throw std::runtime_error(opts.name + " server cannot listen on " + opts.host + ":" +
                             (opts.port ? std::to_string(opts.port) : std::string("<free port>")) + ": " + last_error);
  }

  void on_request(http::http_request req) {
    auto start_time = Clock::now();
    std::uint64_t declared = 0;
    // Reject a declared oversize body before buffering it for the handler.
    if (req.headers().match(http::header_names::content_length, declared) && declared > opts.max_body_bytes) {
      send(req, too_large(declared), req.method(), req.request_uri().path(), start_time);
      return;
    }
    auto self = shared_from_this();
    req.extract_vector().then([self, req, start_time](pplx::task<std::vector<unsigned char>> t) mutable {
      try {
        self->dispatch(req, t.get(), start_time);
      } catch (const std::exception& e) {
        self->send(req, status_response(400, "BadRequest", std::string("reading request body: ") + e.what()),
                   req.method(), req.request_uri().path(), start_time);
      } catch (...) {
        self->send(req, status_response(400, "BadRequest", "reading request body failed"), req.method(),
                   req.request_uri().path(), start_time);
      }
    });
  }

  HttpResponse too_large(std::uint64_t size) const {
    return status_response(413, "RequestEntityTooLarge",
                           "Request entity too large: limit is " + std::to_string(opts.max_body_bytes) +
                               " bytes, got " + std::to_string(size));
  }

  HttpRequest convert(const http::http_request& req, std::vector<unsigned char>&& body) const {
    HttpRequest r;
    r.method = req.method();
    r.path = percent_decode(req.request_uri().path(), false);
    r.query = parse_query(req.request_uri().query());
    r.raw_target = req.request_uri().resource().to_string();  // still percent-encoded
    for (const auto& [name, value] : req.headers()) r.headers[lower(name)] = value;
    r.body.assign(body.begin(), body.end());
    r.remote_addr = req.remote_address();
    return r;
  }

  void dispatch(http::http_request& req, std::vector<unsigned char> body, Clock::time_point start_time) {
    if (body.size() > opts.max_body_bytes) {  // chunked uploads carry no Content-Length
      send(req, too_large(body.size()), req.method(), req.request_uri().path(), start_time);
      return;
    }
    HttpRequest r = convert(req, std::move(body));
    HttpResponse resp = call_handler(r);
    if (resp.stream) start_stream(req, std::move(resp), r, start_time);
    else send(req, std::move(resp), r.method, r.path, start_time);
  }

  HttpResponse call_handler(const HttpRequest& r) {
    if (stopping) return status_response(503, "ServiceUnavailable", "the server is shutting down");
    try {
      return handler(r);
    } catch (const std::exception& e) {
      log::error("handler threw", {{"server", opts.name}, {"path", r.path}, {"error", e.what()}});
      return status_response(500, "InternalError", std::string("Internal error occurred: ") + e.what());
    } catch (...) {
      log::error("handler threw", {{"server", opts.name}, {"path", r.path}});
      return status_response(500, "InternalError", "Internal error occurred: unknown exception");
    }
  }

  void send(http::http_request& req, HttpResponse resp, const std::string& method, const std::string& path,
            Clock::time_point start_time) {
    http::http_response out(static_cast<http::status_code>(resp.status));
    std::string ctype = content_type_of(resp, "text/plain; charset=utf-8");
    out.set_body(std::move(resp.body), ctype);
    apply_headers(out, resp);
    reply_quietly(req, out);
    log::info("request", {{"server", opts.name}, {"method", method}, {"path", path},
                          {"status", std::to_string(resp.status)}, {"ms", elapsed_ms(start_time)}});
  }

  void start_stream(http::http_request& req, HttpResponse resp, const HttpRequest& r, Clock::time_point start_time) {
    auto st = std::make_shared<StreamState>();
    st->body = resp.stream;
    http::http_response out(static_cast<http::status_code>(resp.status));
    // No Content-Length: cpprest frames the body chunked and writes the
    // headers before it waits for the first chunk.
    out.set_body(st->buf.create_istream(), content_type_of(resp, "application/json"));
    apply_headers(out, resp);
    try {
      req.reply(out).then([st](pplx::task<void> t) {
        try {
          t.get();
        } catch (...) {
          st->cancel_once();  // the write failed: the client is gone
        }
        st->reply_done = true;
      });
    } catch (...) {
      st->cancel_once();
      return;
    }
    log::info("stream opened", {{"server", opts.name}, {"method", r.method}, {"path", r.path},
                                {"status", std::to_string(resp.status)}, {"ms", elapsed_ms(start_time)}});
    std::lock_guard<std::mutex> lock(mu);
    reap_finished_locked();
    if (stopping) {  // raced with stop(): end it at once
      st->cancel_once();
      st->buf.close(std::ios_base::out);
      return;
    }
    std::uint64_t id = next_id++;
    auto& e = streams[id];
    e.state = st;
    e.thread = std::thread([this, st, id, path = r.path, start_time] {
      pump(*st);
      log::info("stream closed", {{"server", opts.name}, {"path", path}, {"ms", elapsed_ms(start_time)}});
      std::lock_guard<std::mutex> l(mu);
      finished.push_back(id);
    });
  }

  // Moves chunks from the BodyStream to the client until it ends, the client
  // leaves, or the server stops.
  void pump(StreamState& st) {
    bool ended = false;
    while (!st.cancelled && !st.reply_done) {
      std::optional<std::string> chunk;
      try {
        chunk = st.body->next(kStreamPoll);
      } catch (const std::exception& e) {
        log::error("stream failed", {{"server", opts.name}, {"error", e.what()}});
        break;
      }
      if (!chunk) {
        ended = true;
        break;
      }
      if (chunk->empty()) continue;
      try {
        st.buf.putn_nocopy(reinterpret_cast<const uint8_t*>(chunk->data()), chunk->size()).wait();
        st.buf.sync().wait();  // lets cpprest send a partial chunk now
      } catch (...) {
        break;
      }
    }
    if (!ended) st.cancel_once();
    try {
      st.buf.close(std::ios_base::out).wait();  // terminating zero-length chunk
    } catch (...) {
    }
  }

  void reap_finished_locked() {
    for (auto id : finished) {
      auto it = streams.find(id);
      if (it == streams.end()) continue;
      if (it->second.thread.joinable()) it->second.thread.join();  // already past its last statement
      streams.erase(it);
    }
    finished.clear();
  }

  void stop() {
    std::lock_guard<std::mutex> stop_lock(stop_mu);
    if (stopped) return;
    stopped = true;
    stopping = true;
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu);
      for (auto& [id, e] : streams) {
        e.state->cancel_once();
        threads.push_back(std::move(e.thread));
      }
    }
    for (auto& t : threads)
      if (t.joinable()) t.join();
    {
      std::lock_guard<std::mutex> lock(mu);
      streams.clear();
      finished.clear();
    }
    if (listener) {
      try {
        listener->close().wait();
      } catch (const std::exception& e) {
        log::warn("closing listener", {{"server", opts.name}, {"error", e.what()}});
      }
      release_port(port);
      log::info("stopped", {{"server", opts.name}});
    }
  }
};

HttpServer::HttpServer(HttpServerOptions opts, HttpHandler handler) : impl_(std::make_shared<Impl>()) {
  impl_->opts = std::move(opts);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() { impl_->start(); }
int HttpServer::port() const { return impl_->port; }
std::string HttpServer::base_url() const {
  return impl_->scheme() + "://" + impl_->opts.host + ":" + std::to_string(impl_->port);
}
std::size_t HttpServer::open_streams() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->streams.size() - impl_->finished.size();
}
void HttpServer::stop() { impl_->stop(); }

}  // namespace gpupool::sim
