#include "sim/oke/oci_error.h"

#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace gpupool::sim::oke {

std::string random_hex(int bytes) {
  std::string raw(static_cast<std::size_t>(bytes), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  std::string out;
  char buf[3];
  for (unsigned char c : raw) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return out;
}

std::string request_id() {
  std::string id;
  for (int i = 0; i < 3; ++i) id += (i ? "/" : "") + random_hex(16);
  for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return id;
}

HttpResponse oci_error(int status, const std::string& code, const std::string& message) {
  auto r = HttpResponse::json(status, nlohmann::json{{"code", code}, {"message", message}}.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"opc-request-id", request_id()}};
  return r;
}

HttpResponse not_authenticated() {
  return oci_error(401, "NotAuthenticated",
                   "The required information to complete authentication was not provided or was incorrect.");
}

HttpResponse not_found(const std::string& what) {
  return oci_error(404, "NotAuthorizedOrNotFound",
                   "Authorization failed or requested resource not found: " + what);
}

}  // namespace gpupool::sim::oke
