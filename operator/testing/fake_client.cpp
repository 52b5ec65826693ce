#include "testing/fake_client.h"

#include <algorithm>
#include <ctime>
#include <sstream>

namespace gpupool::testing {

using kube::json;
using kube::WatchEvent;

struct FakeClient::Watch {
  std::string resource;
  std::string ns;
  kube::WatchOptions opts;
  std::deque<WatchEvent> events;
  bool closed = false;
  std::optional<Error> error;
  std::condition_variable cv;  // waits on FakeClient::mu_
};

namespace {

Error api_error(ErrorCode code, int http, std::string reason, std::string msg) {
  Error e(code, std::move(msg));
  e.http_status = http;
  e.reason = std::move(reason);
  return e;
}

std::string rfc3339(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string resource_id(const kube::ResourceRef& r) { return r.api_version() + "/" + r.plural; }

const json* field_at(const json& obj, const std::string& dotted) {
  const json* cur = &obj;
  std::stringstream ss(dotted);
  std::string part;
  while (std::getline(ss, part, '.')) {
    if (!cur->is_object() || !cur->contains(part)) return nullptr;
    cur = &(*cur)[part];
  }
  return cur;
}

std::string scalar(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Equality selectors only: "a=b", "a==b", "a!=b", and bare "a" (exists, labels).
bool matches_selector(const std::string& sel, const std::function<const json*(const std::string&)>& lookup) {
  std::stringstream ss(sel);
  std::string term;
  while (std::getline(ss, term, ',')) {
    if (term.empty()) continue;
    bool neg = false;
    std::string k, v;
    if (auto p = term.find("!="); p != std::string::npos) {
      neg = true, k = term.substr(0, p), v = term.substr(p + 2);
    } else if (auto q = term.find('='); q != std::string::npos) {
      k = term.substr(0, q), v = term.substr(term.compare(q, 2, "==") == 0 ? q + 2 : q + 1);
    } else {
      if (!lookup(term)) return false;
      continue;
    }
    const json* f = lookup(k);
    const bool eq = f && scalar(*f) == v;
    if (eq == neg) return false;
  }
  return true;
}

bool matches(const json& obj, const std::string& labels, const std::string& fields) {
  const bool l = matches_selector(labels, [&](const std::string& k) -> const json* {
    const json* ls = field_at(obj, "metadata.labels");
    return ls && ls->is_object() && ls->contains(k) ? &(*ls)[k] : nullptr;
  });
  return l && matches_selector(fields, [&](const std::string& k) { return field_at(obj, k); });
}

std::string meta_str(const json& obj, const char* field) {
  const json* f = field_at(obj, std::string("metadata.") + field);
  return f && f->is_string() ? f->get<std::string>() : "";
}

json without(json obj, std::initializer_list<const char*> keys) {
  for (auto k : keys) obj.erase(k);
  return obj;
}

}  // namespace

FakeClient::FakeClient(Clock& clock) : clock_(clock) {}

FakeClient::~FakeClient() { end_watches(std::nullopt); }

std::optional<Error> FakeClient::intercept(Call call) {
  std::lock_guard lock(mu_);
  calls_.push_back(call);
  if (hook_) {
    if (auto e = hook_(call)) return e;
  }
  auto it = fail_next_.find(call.verb);
  if (it == fail_next_.end() || it->second.empty()) return std::nullopt;
  Error e = std::move(it->second.front());
  it->second.pop_front();
  return e;
}

std::string FakeClient::store_key(const kube::ResourceRef& r, const std::string& ns, const std::string& name) const {
  return r.namespaced ? ns + "/" + name : name;
}

std::string FakeClient::next_rv_locked() { return std::to_string(++rv_); }

void FakeClient::emit_locked(const kube::ResourceRef& r, const std::string& ns, WatchEvent::Type t, const json& obj) {
  const std::string res = resource_id(r);
  history_.push_back(HistoryEntry{rv_, res, ns, WatchEvent{t, obj}});
  for (auto& w : watches_) {
    if (w->closed || w->resource != res || (!w->ns.empty() && w->ns != ns)) continue;
    if (!matches(obj, w->opts.label_selector, w->opts.field_selector)) continue;
    w->events.push_back(WatchEvent{t, obj});
    w->cv.notify_all();
  }
}

Result<json> FakeClient::get(const kube::ResourceRef& r, const std::string& ns, const std::string& name) {
  if (auto e = intercept({"get", r.plural, ns, name, ""})) return *e;
  std::lock_guard lock(mu_);
  auto& objs = objects_[resource_id(r)];
  auto it = objs.find(store_key(r, ns, name));
  if (it == objs.end())
    return api_error(ErrorCode::NotFound, 404, "NotFound", r.plural + " \"" + name + "\" not found");
  return it->second;
}

Result<kube::ListPage> FakeClient::list(const kube::ResourceRef& r, const std::string& ns,
                                        const kube::ListOptions& opts) {
  const std::string detail = "limit=" + std::to_string(opts.limit) + " continue=" + opts.continue_token +
                             " rv=" + opts.resource_version;
  if (auto e = intercept({"list", r.plural, ns, "", detail})) return *e;
  std::lock_guard lock(mu_);
  kube::ListPage page;
  std::string after;
  page.resource_version = std::to_string(rv_);
  if (!opts.continue_token.empty()) {
    const auto bar = opts.continue_token.find('|');
    page.resource_version = opts.continue_token.substr(0, bar);
    after = opts.continue_token.substr(bar + 1);
  }
  for (const auto& [key, obj] : objects_[resource_id(r)]) {
    if (!after.empty() && key <= after) continue;
    if (r.namespaced && !ns.empty() && meta_str(obj, "namespace") != ns) continue;
    if (!matches(obj, opts.label_selector, opts.field_selector)) continue;
    if (opts.limit > 0 && static_cast<int>(page.items.size()) == opts.limit) {
      page.continue_token = page.resource_version + "|" + store_key(r, meta_str(page.items.back(), "namespace"),
                                                                     meta_str(page.items.back(), "name"));
      break;
    }
    page.items.push_back(obj);
  }
  return page;
}

Result<json> FakeClient::create(const kube::ResourceRef& r, const std::string& ns, const json& object) {
  const std::string name = meta_str(object, "name");
  if (auto e = intercept({"create", r.plural, ns, name, object.dump()})) return *e;
  std::lock_guard lock(mu_);
  json obj = object;
  if (name.empty() && meta_str(object, "generateName").empty())
    return api_error(ErrorCode::InvalidArgument, 422, "Invalid", "metadata.name: Required value");
  auto& m = obj["metadata"];
  if (name.empty()) m["name"] = meta_str(object, "generateName") + std::to_string(uid_seq_ + 1);
  const std::string key = store_key(r, ns, m["name"].get<std::string>());
  auto& objs = objects_[resource_id(r)];
  if (objs.count(key))
    return api_error(ErrorCode::AlreadyExists, 409, "AlreadyExists",
                     r.plural + " \"" + m["name"].get<std::string>() + "\" already exists");
  if (r.namespaced) m["namespace"] = ns;
  m["uid"] = "uid-" + std::to_string(++uid_seq_);
  m["generation"] = 1;
  m["creationTimestamp"] = rfc3339(clock_.wall_now());
  m["resourceVersion"] = next_rv_locked();
  objs[key] = obj;
  emit_locked(r, ns, WatchEvent::Type::Added, obj);
  return obj;
}

Result<json> FakeClient::write_locked(const kube::ResourceRef& r, const std::string& ns, json desired,
                                      bool status_only, const std::string& verb) {
  const std::string name = meta_str(desired, "name");
  auto& objs = objects_[resource_id(r)];
  auto it = objs.find(store_key(r, ns, name));
  if (it == objs.end()) return api_error(ErrorCode::NotFound, 404, "NotFound", r.plural + " \"" + name + "\" not found");
  const json& cur = it->second;
  const std::string want_rv = meta_str(desired, "resourceVersion");
  if (!want_rv.empty() && want_rv != meta_str(cur, "resourceVersion"))
    return api_error(ErrorCode::Conflict, 409, "Conflict",
                     "Operation cannot be fulfilled on " + r.plural + " \"" + name +
                         "\": the object has been modified; please apply your changes to the latest version and try again");
  json next = cur;
  if (status_only) {
    if (desired.contains("status")) next["status"] = desired["status"];
  } else {
    next = without(desired, {"status"});
    if (cur.contains("status")) next["status"] = cur["status"];
    for (auto f : {"uid", "creationTimestamp", "generation", "deletionTimestamp", "namespace", "name"}) {
      if (cur["metadata"].contains(f)) next["metadata"][f] = cur["metadata"][f];
    }
    if (without(next, {"metadata", "status"}) != without(cur, {"metadata", "status"}))
      next["metadata"]["generation"] = cur["metadata"].value("generation", 0) + 1;
  }
  next["metadata"]["resourceVersion"] = cur["metadata"]["resourceVersion"];
  if (next == cur) return cur;  // no-op writes keep the resourceVersion
  next["metadata"]["resourceVersion"] = next_rv_locked();
  const std::string key = it->first;
  it->second = next;
  emit_locked(r, ns, WatchEvent::Type::Modified, next);
  (void)verb;
  const json* fin = field_at(next, "metadata.finalizers");
  if (field_at(next, "metadata.deletionTimestamp") && (!fin || fin->empty())) finish_deletion_locked(r, ns, key);
  return next;
}

void FakeClient::finish_deletion_locked(const kube::ResourceRef& r, const std::string& ns, const std::string& key) {
  auto& objs = objects_[resource_id(r)];
  json obj = objs.at(key);
  objs.erase(key);
  obj["metadata"]["resourceVersion"] = next_rv_locked();
  emit_locked(r, ns, WatchEvent::Type::Deleted, obj);
}

Result<json> FakeClient::update(const kube::ResourceRef& r, const std::string& ns, const json& object) {
  if (auto e = intercept({"update", r.plural, ns, meta_str(object, "name"), object.dump()})) return *e;
  std::lock_guard lock(mu_);
  return write_locked(r, ns, object, false, "update");
}

Result<json> FakeClient::update_status(const kube::ResourceRef& r, const std::string& ns, const json& object) {
  if (auto e = intercept({"update_status", r.plural, ns, meta_str(object, "name"), object.dump()})) return *e;
  std::lock_guard lock(mu_);
  return write_locked(r, ns, object, true, "update_status");
}

Result<json> FakeClient::apply_patch(const json& current, kube::PatchType type, const std::string& body) const {
  const json patch = json::parse(body, nullptr, false);
  if (patch.is_discarded())
    return api_error(ErrorCode::InvalidArgument, 400, "BadRequest", "invalid patch body");
  json out = current;
  if (type != kube::PatchType::Json) {
    out.merge_patch(patch);  // strategic/apply approximated by merge patch
    return out;
  }
  try {
    return current.patch(patch);
  } catch (const json::exception& ex) {
    return api_error(ErrorCode::InvalidArgument, 422, "Invalid", std::string("json patch failed: ") + ex.what());
  }
}

Result<json> FakeClient::patch(const kube::ResourceRef& r, const std::string& ns, const std::string& name,
                               kube::PatchType type, const std::string& body, const std::string& subresource,
                               const std::string& /*field_manager*/) {
  const std::string verb = subresource == "status" ? "patch_status" : "patch";
  if (auto e = intercept({"patch", r.plural, ns, name, verb + " " + body})) return *e;
  std::lock_guard lock(mu_);
  auto& objs = objects_[resource_id(r)];
  auto it = objs.find(store_key(r, ns, name));
  if (it == objs.end()) return api_error(ErrorCode::NotFound, 404, "NotFound", r.plural + " \"" + name + "\" not found");
  auto desired = apply_patch(it->second, type, body);
  if (!desired) return desired.error();
  return write_locked(r, ns, std::move(*desired), subresource == "status", verb);
}

Status FakeClient::remove(const kube::ResourceRef& r, const std::string& ns, const std::string& name,
                          const kube::DeleteOptions& opts) {
  if (auto e = intercept({"remove", r.plural, ns, name, opts.propagation_policy})) return *e;
  std::lock_guard lock(mu_);
  auto& objs = objects_[resource_id(r)];
  const std::string key = store_key(r, ns, name);
  auto it = objs.find(key);
  if (it == objs.end()) return api_error(ErrorCode::NotFound, 404, "NotFound", r.plural + " \"" + name + "\" not found");
  json& cur = it->second;
  if ((opts.precondition_uid && *opts.precondition_uid != meta_str(cur, "uid")) ||
      (opts.precondition_resource_version && *opts.precondition_resource_version != meta_str(cur, "resourceVersion")))
    return api_error(ErrorCode::Conflict, 409, "Conflict", "Precondition failed for " + r.plural + " \"" + name + "\"");
  const json* fin = field_at(cur, "metadata.finalizers");
  if (!fin || fin->empty()) {
    finish_deletion_locked(r, ns, key);
    return ok();
  }
  if (!cur["metadata"].contains("deletionTimestamp")) {
    cur["metadata"]["deletionTimestamp"] = rfc3339(clock_.wall_now());
    cur["metadata"]["deletionGracePeriodSeconds"] = 0;
    cur["metadata"]["generation"] = cur["metadata"].value("generation", 0) + 1;
    cur["metadata"]["resourceVersion"] = next_rv_locked();
    emit_locked(r, ns, WatchEvent::Type::Modified, cur);
  }
  return ok();
}

Status FakeClient::watch(const kube::ResourceRef& r, const std::string& ns, const kube::WatchOptions& opts,
                         std::stop_token stop, const std::function<void(WatchEvent&&)>& on_event) {
  if (auto e = intercept({"watch", r.plural, ns, "", "rv=" + opts.resource_version +
                                                         (opts.allow_bookmarks ? " bookmarks" : "")})) return *e;
  auto w = std::make_shared<Watch>();
  w->resource = resource_id(r);
  w->ns = r.namespaced ? ns : "";
  w->opts = opts;
  {
    std::lock_guard lock(mu_);
    const std::string& from = opts.resource_version;
    if (from.empty() || from == "0") {
      for (const auto& [key, obj] : objects_[w->resource]) {
        if (!w->ns.empty() && meta_str(obj, "namespace") != w->ns) continue;
        if (matches(obj, opts.label_selector, opts.field_selector))
          w->events.push_back(WatchEvent{WatchEvent::Type::Added, obj});
      }
    } else {
      const std::int64_t n = std::stoll(from);
      if (n < compacted_rv_)
        return api_error(ErrorCode::Gone, 410, "Expired", "too old resource version: " + from + " (" +
                                                              std::to_string(compacted_rv_) + ")");
      for (const auto& h : history_) {
        if (h.rv <= n || h.resource != w->resource || (!w->ns.empty() && h.ns != w->ns)) continue;
        if (matches(h.event.object, opts.label_selector, opts.field_selector)) w->events.push_back(h.event);
      }
    }
    watches_.push_back(w);
  }
  watches_cv_.notify_all();
  std::stop_callback wake(stop, [&] {
    std::lock_guard lock(mu_);
    w->cv.notify_all();
  });
  std::unique_lock lock(mu_);
  for (;;) {
    w->cv.wait(lock, [&] { return !w->events.empty() || w->closed || stop.stop_requested(); });
    if (w->events.empty() || stop.stop_requested()) break;
    WatchEvent ev = std::move(w->events.front());
    w->events.pop_front();
    lock.unlock();
    on_event(std::move(ev));
    lock.lock();
  }
  watches_.remove(w);
  watches_cv_.notify_all();
  if (w->error && !stop.stop_requested()) return *w->error;
  return ok();
}

void FakeClient::fail_next(const std::string& verb, Error error, int times) {
  std::lock_guard lock(mu_);
  for (int i = 0; i < times; ++i) fail_next_[verb].push_back(error);
}

void FakeClient::set_error_hook(ErrorHook hook) {
  std::lock_guard lock(mu_);
  hook_ = std::move(hook);
}

void FakeClient::end_watches(std::optional<Error> error) {
  std::lock_guard lock(mu_);
  for (auto& w : watches_) {
    w->closed = true;
    w->error = error;
    w->cv.notify_all();
  }
}

void FakeClient::close_watches() { end_watches(std::nullopt); }

void FakeClient::break_watches(Error error) { end_watches(std::move(error)); }

void FakeClient::send_watch_error(const json& status) {
  const int code = status.value("code", 500);
  Error err = code == 410 ? api_error(ErrorCode::Gone, 410, status.value("reason", "Expired"), status.value("message", ""))
                          : api_error(ErrorCode::Unavailable, code, status.value("reason", ""), status.value("message", ""));
  std::lock_guard lock(mu_);
  for (auto& w : watches_) {
    w->events.push_back(WatchEvent{WatchEvent::Type::Error, status});
    w->closed = true;
    w->error = err;
    w->cv.notify_all();
  }
}

void FakeClient::send_bookmarks() {
  std::lock_guard lock(mu_);
  for (auto& w : watches_) {
    if (!w->opts.allow_bookmarks) continue;
    json obj = {{"metadata", {{"resourceVersion", std::to_string(rv_)}}}};
    w->events.push_back(WatchEvent{WatchEvent::Type::Bookmark, obj});
    w->cv.notify_all();
  }
}

void FakeClient::compact() {
  std::lock_guard lock(mu_);
  history_.clear();
  compacted_rv_ = rv_;
}

json FakeClient::seed(const kube::ResourceRef& r, const json& object) {
  std::lock_guard lock(mu_);
  json obj = object;
  auto& m = obj["metadata"];
  const std::string ns = r.namespaced ? meta_str(object, "namespace") : "";
  if (!m.contains("uid")) m["uid"] = "uid-" + std::to_string(++uid_seq_);
  if (!m.contains("generation")) m["generation"] = 1;
  if (!m.contains("creationTimestamp")) m["creationTimestamp"] = rfc3339(clock_.wall_now());
  m["resourceVersion"] = next_rv_locked();
  auto& objs = objects_[resource_id(r)];
  const std::string key = store_key(r, ns, meta_str(obj, "name"));
  const bool existed = objs.count(key) > 0;
  objs[key] = obj;
  emit_locked(r, ns, existed ? WatchEvent::Type::Modified : WatchEvent::Type::Added, obj);
  return obj;
}

std::optional<json> FakeClient::peek(const kube::ResourceRef& r, const std::string& ns, const std::string& name) const {
  std::lock_guard lock(mu_);
  auto res = objects_.find(resource_id(r));
  if (res == objects_.end()) return std::nullopt;
  auto it = res->second.find(store_key(r, ns, name));
  if (it == res->second.end()) return std::nullopt;
  return it->second;
}

std::size_t FakeClient::open_watches() const {
  std::lock_guard lock(mu_);
  return watches_.size();
}

bool FakeClient::wait_for_watches(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return watches_cv_.wait_for(lock, timeout, [&] { return watches_.size() >= n; });
}

std::vector<FakeClient::Call> FakeClient::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::size_t FakeClient::count_calls(const std::string& verb) const {
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(
      std::count_if(calls_.begin(), calls_.end(), [&](const Call& c) { return c.verb == verb; }));
}

std::string FakeClient::current_resource_version() const {
  std::lock_guard lock(mu_);
  return std::to_string(rv_);
}

void FakeClient::reset() {
  close_watches();
  std::lock_guard lock(mu_);
  objects_.clear();
  history_.clear();
  fail_next_.clear();
  hook_ = nullptr;
  calls_.clear();
  compacted_rv_ = rv_;
}

}  // namespace gpupool::testing
