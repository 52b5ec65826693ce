#include "kube/reflector.h"

#include <stop_token>

#include "common/log.h"

namespace gpupool::kube {

namespace {
constexpr auto kShortWatch = std::chrono::seconds(1);
constexpr auto kBackoffReset = std::chrono::minutes(2);

std::string rv_of(const json& obj) {
  auto m = obj.find("metadata");
  if (m == obj.end() || !m->is_object()) return "";
  auto rv = m->find("resourceVersion");
  return rv != m->end() && rv->is_string() ? rv->get<std::string>() : "";
}
}  // namespace

Reflector::Reflector(Client& client, ResourceRef resource, ReflectorStore& store, Clock& clock,
                     ReflectorOptions opts)
    : client_(client),
      resource_(std::move(resource)),
      store_(store),
      clock_(clock),
      opts_(std::move(opts)),
      backoff_(opts_.backoff_initial, opts_.backoff_max, 1.0) {}

void Reflector::run(std::stop_token stop) {
  std::stop_callback wake(stop, [this] {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  });
  bool need_list = true;
  while (!stop.stop_requested()) {
    if (need_list) {
      if (Status st = list_and_replace(); !st) {
        log::warn("list failed", {{"resource", describe()}, {"error", st.error().describe()}});
        back_off(stop, std::chrono::milliseconds(0));
        continue;
      }
      need_list = false;
    }
    std::chrono::milliseconds retry_after(0);
    switch (watch_once(stop, retry_after)) {
      case WatchEnd::Healthy: backoff_.reset(); break;
      case WatchEnd::Stopped: return;
      case WatchEnd::Rewatch: back_off(stop, retry_after); break;
      case WatchEnd::Relist:
        need_list = true;
        back_off(stop, retry_after);
        break;
    }
  }
}

Result<std::vector<json>> Reflector::list_all(std::string& rv, int limit) {
  ListOptions o;
  o.label_selector = opts_.label_selector;
  o.field_selector = opts_.field_selector;
  o.limit = limit;
  std::vector<json> items;
  for (bool first = true;; first = false) {
    auto page = client_.list(resource_, opts_.ns, o);
    if (!page) return page.error();
    if (first) rv = page->resource_version;
    for (auto& it : page->items) items.push_back(std::move(it));
    if (page->continue_token.empty()) return items;
    o.continue_token = page->continue_token;
  }
}

Status Reflector::list_and_replace() {
  {
    std::lock_guard lock(mu_);
    ++lists_;
  }
  std::string rv;
  auto items = list_all(rv, opts_.page_size);
  if (!items && items.error().code == ErrorCode::Gone && opts_.page_size > 0) {
    // Continue token expired mid-list: fall back to one full list.
    items = list_all(rv, 0);
  }
  if (!items) return items.error().with_context("listing " + describe());
  store_.replace(std::move(*items));
  std::lock_guard lock(mu_);
  last_rv_ = rv;
  synced_ = true;
  cv_.notify_all();
  return ok();
}

Reflector::WatchEnd Reflector::watch_once(std::stop_token stop, std::chrono::milliseconds& retry_after) {
  WatchOptions w;
  w.label_selector = opts_.label_selector;
  w.field_selector = opts_.field_selector;
  w.resource_version = last_sync_resource_version();
  w.allow_bookmarks = true;
  const auto min = static_cast<int>(opts_.min_watch_timeout.count());
  w.timeout_seconds = std::uniform_int_distribution<int>(min, 2 * min)(rng_);
  {
    std::lock_guard lock(mu_);
    ++watches_;
  }
  std::stop_source local;
  std::stop_callback link(stop, [&] { local.request_stop(); });
  int events = 0;
  bool error_event = false;
  json error_status;
  const auto start = clock_.now();
  Status st = client_.watch(resource_, opts_.ns, w, local.get_token(), [&](WatchEvent&& ev) {
    if (error_event) return;
    if (ev.type == WatchEvent::Type::Error) {
      error_event = true;
      error_status = std::move(ev.object);
      local.request_stop();
      return;
    }
    ++events;
    const std::string rv = rv_of(ev.object);
    if (ev.type != WatchEvent::Type::Bookmark) store_.apply(ev.type, std::move(ev.object));
    if (!rv.empty()) set_rv(rv);
  });
  if (stop.stop_requested()) return WatchEnd::Stopped;
  return classify(st, error_event, error_status, events, clock_.now() - start, retry_after);
}

Reflector::WatchEnd Reflector::classify(const Status& st, bool error_event, const json& error_status, int events,
                                        Clock::duration elapsed, std::chrono::milliseconds& retry_after) const {
  if (error_event) {
    log::info("watch ERROR event, relisting",
              {{"resource", describe()}, {"status", error_status.dump()}});
    return WatchEnd::Relist;
  }
  if (!st) {
    const Error& e = st.error();
    if (e.code == ErrorCode::RateLimited) {
      retry_after = e.retry_after.value_or(std::chrono::milliseconds(0));
      return WatchEnd::Rewatch;
    }
    log::info("watch ended, relisting", {{"resource", describe()}, {"error", e.describe()}});
    return WatchEnd::Relist;
  }
  if (events == 0 && elapsed < kShortWatch) {
    log::warn("very short watch, relisting", {{"resource", describe()}});
    return WatchEnd::Relist;
  }
  return WatchEnd::Healthy;
}

void Reflector::back_off(std::stop_token stop, std::chrono::milliseconds at_least) {
  const auto now = clock_.now();
  if (now - last_backoff_ > kBackoffReset) backoff_.reset();
  last_backoff_ = now;
  const auto d = std::max(backoff_.next(), at_least);
  clock_.sleep_for(d, mu_, cv_, [&] { return stop.stop_requested(); });
}

void Reflector::set_rv(const std::string& rv) {
  std::lock_guard lock(mu_);
  last_rv_ = rv;
}

bool Reflector::has_synced() const {
  std::lock_guard lock(mu_);
  return synced_;
}

bool Reflector::wait_for_sync(std::stop_token stop, Clock::duration timeout) {
  std::stop_callback wake(stop, [this] {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  });
  clock_.sleep_for(timeout, mu_, cv_, [&] { return synced_ || stop.stop_requested(); });
  return has_synced();
}

std::string Reflector::last_sync_resource_version() const {
  std::lock_guard lock(mu_);
  return last_rv_;
}

int Reflector::list_count() const {
  std::lock_guard lock(mu_);
  return lists_;
}

int Reflector::watch_count() const {
  std::lock_guard lock(mu_);
  return watches_;
}

std::string Reflector::describe() const {
  return resource_.plural + "." + resource_.api_version() + (opts_.ns.empty() ? "" : " in " + opts_.ns);
}

}  // namespace gpupool::kube
