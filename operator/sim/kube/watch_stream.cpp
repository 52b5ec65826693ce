#include "sim/kube/watch_stream.h"

#include <algorithm>

#include "sim/kube/meta.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

WatchStream::WatchStream(std::shared_ptr<Store> store, WatchSpec spec, std::string initial, std::uint64_t cursor,
                         bool finish_after_initial, bool columns_sent)
    : store_(std::move(store)),
      spec_(std::move(spec)),
      initial_(std::move(initial)),
      cursor_(cursor),
      finish_after_initial_(finish_after_initial),
      first_table_(!columns_sent),
      epoch_(store_->watch_epoch()) {
  ++store_->open_watches();
  auto now = Clock::now();
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(spec_.deadline - now);
  // The apiserver sends a last bookmark about 2 s before the deadline.
  final_bookmark_ = spec_.deadline - std::min<std::chrono::milliseconds>(std::chrono::seconds(2), left / 2);
  next_bookmark_ = std::min(now + spec_.bookmark_interval, final_bookmark_);
}

// No lock: the last owner is destroying us, and the counter is atomic.
WatchStream::~WatchStream() { finish(); }

void WatchStream::finish() {
  if (finished_) return;
  finished_ = true;
  --store_->open_watches();
}

void WatchStream::cancel() {
  std::lock_guard<std::mutex> lock(store_->mutex());
  cancelled_ = true;
  store_->cv().notify_all();
}

bool WatchStream::matches(const WatchSpec& spec, const json& obj) {
  if (!spec.labels.empty() && !spec.labels.matches(obj)) return false;
  if (!spec.fields.empty()) {
    const ServedResource& r = *spec.res;
    if (!spec.fields.matches(obj, [&r](const json& o, const std::string& f) { return field_value(r, o, f); }))
      return false;
  }
  return true;
}

std::string WatchStream::event_line(const WatchSpec& spec, const std::string& type, const json& obj,
                                    bool& first_table) {
  json out = obj;
  if (out.value("apiVersion", "") != spec.api_version) out["apiVersion"] = spec.api_version;
  if (spec.table) {
    std::vector<const json*> one{&out};
    out = table::render(spec.res->info, one, spec.include, meta_rv(out), "", first_table,
                        std::chrono::system_clock::now());
    first_table = false;
  }
  return "{\"type\":\"" + type + "\",\"object\":" + out.dump() + "}\n";
}

std::optional<std::string> WatchStream::render(const WatchEvent& e) {
  if (e.storage_key != spec_.res->storage_key) return std::nullopt;
  if (!spec_.ns.empty() && e.ns != spec_.ns) return std::nullopt;
  bool filtered = !spec_.labels.empty() || !spec_.fields.empty();
  std::string type = e.type;
  const json* obj = e.object.obj.get();
  json deleted;
  if (filtered) {
    bool cur = e.type != "DELETED" && matches(spec_, *e.object.obj);
    bool prev = e.prev.obj && matches(spec_, *e.prev.obj);
    if (e.type == "DELETED") {
      if (!prev) return std::nullopt;
    } else if (cur && !prev) {
      type = "ADDED";
    } else if (!cur && prev) {
      // The object left the selection: the watcher sees its previous state deleted.
      type = "DELETED";
      deleted = *e.prev.obj;
      deleted["metadata"]["resourceVersion"] = std::to_string(e.rv);
      obj = &deleted;
    } else if (!cur) {
      return std::nullopt;
    }
  }
  bool plain = type == e.type && !spec_.table && obj->value("apiVersion", "") == spec_.api_version;
  if (plain) return *e.line;
  return event_line(spec_, type, *obj, first_table_);
}

std::string WatchStream::bookmark() const {
  json b = {{"type", "BOOKMARK"},
            {"object",
             {{"kind", spec_.res->info.kind},
              {"apiVersion", spec_.api_version},
              {"metadata", {{"resourceVersion", std::to_string(store_->current_rv())}}}}}};
  return b.dump() + "\n";
}

std::optional<std::string> WatchStream::next(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(store_->mutex());
  auto wait_until = Clock::now() + wait;
  while (true) {
    if (finished_) return std::nullopt;
    if (!initial_.empty()) {
      std::string out = std::move(initial_);
      initial_.clear();
      if (finish_after_initial_) finish();
      return out;
    }
    if (finish_after_initial_ || cancelled_ || store_->closed() || store_->watch_epoch() != epoch_ ||
        cursor_ < store_->first_seq()) {
      // Ended by the client, shutdown, drop_watches, or history compacted
      // past our cursor: close cleanly so the client resumes (and gets 410).
      finish();
      return std::nullopt;
    }
    std::string out;
    for (; cursor_ < store_->end_seq(); ++cursor_)
      if (auto line = render(store_->event_at(cursor_))) out += *line;
    if (!out.empty()) return out;
    auto now = Clock::now();
    if (now >= spec_.deadline) {
      finish();
      return std::nullopt;
    }
    if (spec_.bookmarks && now >= next_bookmark_) {
      if (next_bookmark_ >= final_bookmark_) final_bookmark_sent_ = true;
      next_bookmark_ = now + spec_.bookmark_interval;
      if (!final_bookmark_sent_ && next_bookmark_ > final_bookmark_) next_bookmark_ = final_bookmark_;
      if (final_bookmark_sent_ && next_bookmark_ > spec_.deadline) next_bookmark_ = spec_.deadline;
      return bookmark();
    }
    if (now >= wait_until) return std::string();
    auto wake = std::min(wait_until, spec_.deadline);
    if (spec_.bookmarks) wake = std::min(wake, next_bookmark_);
    store_->cv().wait_until(lock, wake);
  }
}

}  // namespace gpupool::sim::kube
