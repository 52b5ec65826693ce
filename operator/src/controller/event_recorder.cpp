#include "controller/event_recorder.h"

#include <cstdio>

#include "api/resources.h"
#include "api/time_format.h"
#include "common/log.h"

namespace gpupool::controller {

using kube::json;

EventRecorder::EventRecorder(kube::Client& client, Clock& clock, EventRecorderOptions opts)
    : client_(client), clock_(clock), opts_(std::move(opts)) {}

EventRecorder::~EventRecorder() { stop(); }

void EventRecorder::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { loop(); });
}

void EventRecorder::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  idle_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool EventRecorder::allow(const Pending& p) {
  const auto& o = p.obj;
  const std::string key = opts_.component + "|" + opts_.host + "|" + o.kind + "|" + o.ns + "|" + o.name + "|" +
                          o.uid + "|" + o.api_version + "|" + p.type;
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= opts_.cache_size) {
      buckets_.erase(bucket_order_.front());
      bucket_order_.pop_front();
    }
    const double qps = 1.0 / static_cast<double>(opts_.refill_interval.count());
    it = buckets_.emplace(key, std::make_unique<TokenBucket>(qps, opts_.burst, clock_)).first;
    bucket_order_.push_back(key);
  }
  return it->second->try_take();
}

bool EventRecorder::record(const api::ObjectReference& obj, const std::string& type, const std::string& reason,
                           const std::string& message) {
  Pending p{obj, type, reason, message};
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  const char* why = nullptr;
  if (!allow(p)) why = "rate limited";
  else if (queue_.size() >= opts_.queue_capacity) why = "queue full";
  if (why) {
    ++dropped_;
    log::warn("event dropped", {{"reason", reason}, {"object", obj.ns + "/" + obj.name}, {"why", why}});
    return false;
  }
  queue_.push_back(std::move(p));
  cv_.notify_one();
  return true;
}

void EventRecorder::loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    deliver(p);
    lock.lock();
    busy_ = false;
    idle_cv_.notify_all();
  }
}

void EventRecorder::deliver(const Pending& p) {
  const std::string key = p.obj.uid + "|" + p.obj.kind + "|" + p.obj.ns + "|" + p.obj.name + "|" + p.type + "|" +
                          p.reason + "|" + p.message;
  for (int i = 1; i <= opts_.max_attempts; ++i) {
    Status st = attempt(p, key);
    if (st) return;
    const auto code = st.error().code;
    const bool transient = code == ErrorCode::Unavailable || code == ErrorCode::Timeout;
    if (!transient || i == opts_.max_attempts) {
      log::warn("event not written", {{"reason", p.reason}, {"error", st.error().describe()}});
      return;
    }
    bool stopped = !clock_.sleep_for(opts_.retry_interval, mu_, cv_, [&] { return stopping_; });
    if (stopped) return;
  }
}

Status EventRecorder::attempt(const Pending& p, const std::string& key) {
  const std::string now = api::format_time(clock_.wall_now());
  auto it = sent_.find(key);
  if (it != sent_.end()) {
    Sent& s = it->second;
    json patch = {{"count", s.count + 1}, {"lastTimestamp", now}};
    auto r = client_.patch(api::events(), s.ns, s.name, kube::PatchType::Merge, patch.dump());
    if (r) {
      ++s.count;
      sent_lru_.splice(sent_lru_.end(), sent_lru_, s.lru);
      return ok();
    }
    if (r.error().code != ErrorCode::NotFound) return r.error();
  }
  const int count = it != sent_.end() ? it->second.count + 1 : 1;
  const std::string first = it != sent_.end() ? it->second.first_timestamp : now;
  auto created = create(p, count, first);
  if (!created) return created.error();
  const json& md = (*created)["metadata"];
  remember(key, Sent{md.value("namespace", ""), md.value("name", ""), first, count, {}});
  return ok();
}

Result<json> EventRecorder::create(const Pending& p, int count, const std::string& first) {
  const auto wall = clock_.wall_now();
  std::int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(wall.time_since_epoch()).count();
  if (nanos <= last_nanos_) nanos = last_nanos_ + 1;  // unique names even with a frozen clock
  last_nanos_ = nanos;
  char hex[32];
  std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(nanos));
  api::Event e;
  e.metadata.ns = p.obj.ns.empty() ? "default" : p.obj.ns;
  e.metadata.name = p.obj.name + "." + hex;
  e.involved_object = p.obj;
  e.reason = p.reason;
  e.message = p.message;
  e.type = p.type;
  e.count = count;
  e.first_timestamp = first;
  e.last_timestamp = api::format_time(wall);
  e.event_time = api::format_micro_time(wall);
  e.reporting_component = opts_.component;
  e.reporting_instance = opts_.host;
  json body = e.to_json();
  if (!opts_.host.empty()) body["source"]["host"] = opts_.host;
  return client_.create(api::events(), e.metadata.ns, body);
}

void EventRecorder::remember(const std::string& key, Sent s) {
  if (auto old = sent_.find(key); old != sent_.end()) {
    sent_lru_.erase(old->second.lru);
    sent_.erase(old);
  }
  if (sent_.size() >= opts_.cache_size) {
    sent_.erase(sent_lru_.front());
    sent_lru_.pop_front();
  }
  s.lru = sent_lru_.insert(sent_lru_.end(), key);
  sent_.emplace(key, std::move(s));
}

bool EventRecorder::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, timeout, [&] { return stopping_ || (queue_.empty() && !busy_); });
}

std::size_t EventRecorder::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

}  // namespace gpupool::controller
