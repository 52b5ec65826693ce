#pragma once
// HTTP/1.1 (or HTTPS) server on a loopback address that serves one
// HttpHandler. The only code that touches cpprestsdk; handlers see
// HttpRequest/HttpResponse (http_types.h) only.
//
// What the server guarantees to handlers and clients:
//  - header names lower-cased; path and query percent-decoded ('+' is a space
//    in the query, as in Go's net/url);
//  - bodies over max_body_bytes -> 413 RequestEntityTooLarge Status, never
//    reaching the handler;
//  - any exception from the handler -> 500 InternalError Status;
//  - a response with `stream` is sent chunked: headers flushed at once, each
//    chunk flushed as BodyStream::next() yields it (one thread per stream);
//    BodyStream::cancel() is called once if the client goes away (noticed on
//    the next write) or the server stops.
#include <cstddef>
#include <memory>
#include <string>

#include "sim/server/http_types.h"

namespace gpupool::sim {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                 // 0: pick a free port (see port())
  std::string cert_chain_pem;   // both PEMs set: serve HTTPS
  std::string private_key_pem;
  std::size_t max_body_bytes = 3 * 1024 * 1024;
  std::string name = "http";    // used in log lines ("kube", "admin")
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions opts, HttpHandler handler);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. Throws std::runtime_error if it cannot listen
  // (explicit port in use, bad certificate...). Call once.
  void start();
  // The bound port (valid after start()).
  int port() const;
  // "https://127.0.0.1:PORT" or "http://...".
  std::string base_url() const;
  // Number of open streamed responses.
  std::size_t open_streams() const;
  // Ends open streams (cancel + terminating chunk), closes connections and
  // waits for them. Idempotent; blocks; thread-safe.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace gpupool::sim
