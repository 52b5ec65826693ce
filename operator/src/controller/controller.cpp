#include "controller/controller.h"

#include <cstdio>
#include <exception>
#include <random>

#include "common/log.h"

namespace gpupool::controller {

namespace {
thread_local std::string t_reconcile_id;
thread_local Clock::time_point t_trigger_time{};

std::string new_reconcile_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto a = rng(), b = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx", (a >> 32) & 0xffffffffULL,
                (a >> 16) & 0xffffULL, a & 0xfffULL, ((b >> 48) & 0x3fffULL) | 0x8000ULL, b & 0xffffffffffffULL);
  return buf;
}
}  // namespace

std::string ObjectKey::str() const { return ns.empty() ? name : ns + "/" + name; }

ObjectKey ObjectKey::parse(const std::string& key) {
  const auto slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

const std::string& current_reconcile_id() { return t_reconcile_id; }
Clock::time_point current_trigger_time() { return t_trigger_time; }

RetryDecision default_retry_policy(const Error& e) {
  using K = RetryDecision::Kind;
  switch (e.code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::FailedPrecondition:
      return {K::WaitForChange, {}};
    case ErrorCode::RateLimited:
    case ErrorCode::Busy:
      if (e.retry_after) return {K::After, *e.retry_after};
      return {K::Backoff, {}};
    default:
      return {K::Backoff, {}};
  }
}

Controller::Controller(ControllerOptions opts, Reconciler& reconciler, kube::WorkQueue& queue, Clock& clock)
    : opts_(std::move(opts)), reconciler_(reconciler), queue_(queue), clock_(clock) {}

Controller::~Controller() { stop(); }

void Controller::start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  running_ = opts_.workers;
  for (int i = 0; i < opts_.workers; ++i) threads_.emplace_back([this] { worker(); });
}

bool Controller::stop() {
  {
    std::lock_guard lock(mu_);
    if (!started_ || stopping_) return running_ == 0;
    stopping_ = true;
  }
  queue_.shut_down();
  clock_.sleep_for(opts_.drain_timeout, mu_, cv_, [&] { return running_ == 0; });
  bool drained;
  {
    std::lock_guard lock(mu_);
    drained = running_ == 0;
  }
  for (auto& t : threads_) {
    if (drained) t.join();
    else t.detach();
  }
  threads_.clear();
  if (!drained) log::error("controller did not drain in time", {{"controller", opts_.name}});
  return drained;
}

int Controller::active_workers() const {
  std::lock_guard lock(mu_);
  return active_;
}

int Controller::running_workers() const {
  std::lock_guard lock(mu_);
  return running_;
}

void Controller::worker() {
  while (auto item = queue_.get_item()) {
    if (stopping_) {  // drain: finish in-flight work only
      queue_.done(item->key);
      continue;
    }
    t_trigger_time = item->last_added;
    process(item->key);
    t_trigger_time = {};
    queue_.done(item->key);
  }
  std::lock_guard lock(mu_);
  --running_;
  cv_.notify_all();
}

void Controller::process(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    if (opts_.metrics) opts_.metrics->on_active_workers(opts_.name, ++active_);
    else ++active_;
  }
  t_reconcile_id = new_reconcile_id();
  const auto start = clock_.now();
  std::string result;
  try {
    auto r = reconciler_.reconcile(ObjectKey::parse(key));
    if (!r) {
      result = "error";
      handle_error(key, r.error());
    } else if (r->requeue_after) {
      result = "requeue_after";
      queue_.forget(key);
      queue_.add_after(key, *r->requeue_after);
    } else {
      result = "success";
      queue_.forget(key);
    }
  } catch (const std::exception& ex) {
    result = "panic";
    log::error("reconciler threw", {{"controller", opts_.name}, {"key", key},
                                    {"reconcileID", t_reconcile_id}, {"exception", ex.what()}});
    queue_.add_rate_limited(key);
  }
  const std::chrono::duration<double> took = clock_.now() - start;
  log::debug("reconciled", {{"controller", opts_.name}, {"key", key}, {"reconcileID", t_reconcile_id},
                            {"result", result}});
  t_reconcile_id.clear();
  std::lock_guard lock(mu_);
  --active_;
  if (opts_.metrics) {
    opts_.metrics->on_reconcile(opts_.name, result, took);
    opts_.metrics->on_active_workers(opts_.name, active_);
  }
}

void Controller::handle_error(const std::string& key, const Error& e) {
  const RetryDecision d = opts_.retry_policy(e);
  std::string action;
  switch (d.kind) {
    case RetryDecision::Kind::WaitForChange:
      action = "wait-for-change";
      queue_.forget(key);
      break;
    case RetryDecision::Kind::After:
      action = "after";
      queue_.add_after(key, d.delay);
      break;
    case RetryDecision::Kind::Backoff:
      action = "backoff";
      queue_.add_rate_limited(key);
      break;
  }
  log::warn("reconcile failed", {{"controller", opts_.name}, {"key", key}, {"reconcileID", t_reconcile_id},
                                 {"error", e.describe()}, {"retry", action}});
}

}  // namespace gpupool::controller
