#include "metrics/health_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gpupool::metrics {
namespace {

Result<int> listen_on(const BindAddress& addr, int& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(ErrorCode::Unavailable, std::string("health server: socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(addr.port));
  sa.sin_addr.s_addr = htonl(INADDR_ANY);
  std::string where = (addr.host.empty() ? "" : addr.host) + ":" + std::to_string(addr.port);
  if (!addr.host.empty() && ::inet_pton(AF_INET, addr.host.c_str(), &sa.sin_addr) != 1) {
    ::close(fd);
    return fail(ErrorCode::InvalidArgument, "health server: not an IPv4 address: " + addr.host);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, 16) != 0) {
    int err = errno;
    ::close(fd);
    return fail(ErrorCode::Unavailable, "health server: cannot listen on " + where + ": " + std::strerror(err));
  }
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  port = ntohs(sa.sin_port);
  return fd;
}

// Reads the request head (bounded, 2 s); returns the path of a GET/HEAD or "".
std::string read_path(int fd) {
  std::string buf;
  char chunk[1024];
  while (buf.find("\r\n\r\n") == std::string::npos && buf.find("\n\n") == std::string::npos && buf.size() < 8192) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0) break;
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  auto sp1 = buf.find(' ');
  auto sp2 = sp1 == std::string::npos ? sp1 : buf.find(' ', sp1 + 1);
  if (sp2 == std::string::npos) return "";
  std::string path = buf.substr(sp1 + 1, sp2 - sp1 - 1);
  return path.substr(0, path.find('?'));
}

void write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace

Result<std::unique_ptr<HealthServer>> HealthServer::start(const BindAddress& addr) {
  std::unique_ptr<HealthServer> s(new HealthServer());
  auto fd = listen_on(addr, s->port_);
  if (!fd) return fd.error();
  s->listen_fd_ = *fd;
  if (::pipe2(s->wake_pipe_, O_CLOEXEC) != 0) return fail(ErrorCode::Internal, "health server: pipe failed");
  s->thread_ = std::thread([p = s.get()] { p->serve(); });
  return s;
}

HealthServer::~HealthServer() {
  if (wake_pipe_[1] >= 0) (void)!::write(wake_pipe_[1], "x", 1);
  if (thread_.joinable()) thread_.join();
  for (int fd : {listen_fd_, wake_pipe_[0], wake_pipe_[1]})
    if (fd >= 0) ::close(fd);
}

void HealthServer::add_healthz_check(std::string name, Check c) {
  std::lock_guard lock(mu_);
  healthz_.emplace_back(std::move(name), std::move(c));
}

void HealthServer::add_readyz_check(std::string name, Check c) {
  std::lock_guard lock(mu_);
  readyz_.emplace_back(std::move(name), std::move(c));
}

void HealthServer::serve() {
  for (;;) {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (p[1].revents) return;  // destructor asked us to stop
    if (!(p[0].revents & POLLIN)) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void HealthServer::handle(int fd) const {
  auto [status, body] = respond(read_path(fd));
  const char* text = status == 200 ? "OK" : status == 404 ? "Not Found" : "Service Unavailable";
  write_all(fd, "HTTP/1.1 " + std::to_string(status) + " " + text +
                    "\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n"
                    "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

std::pair<int, std::string> HealthServer::respond(const std::string& path) const {
  std::vector<std::pair<std::string, Check>> checks;
  {
    std::lock_guard lock(mu_);
    if (path == "/healthz" || path == "/livez") checks = healthz_;
    else if (path == "/readyz") checks = readyz_;
    else return {404, "404 page not found\n"};
  }
  return run_checks(checks);
}

std::pair<int, std::string> HealthServer::run_checks(const std::vector<std::pair<std::string, Check>>& checks) const {
  std::string failures;
  for (const auto& [name, check] : checks)
    if (!check()) failures += "[-]" + name + " failed\n";
  if (failures.empty()) return {200, "ok"};
  return {503, failures + "check failed\n"};
}

}  // namespace gpupool::metrics
