#pragma once
// One open watch (kubernetes-api.md §3.4): a BodyStream the HTTP adapter
// drains with next(). It follows the store's event history from a cursor,
// filters by resource/namespace/selectors, shares the pre-serialized event
// line when no per-watcher rewrite is needed, and sends BOOKMARKs only when
// asked. Blocks on the store's condition variable; never spins.
#include <chrono>
#include <memory>
#include <string>

#include "sim/kube/registry.h"
#include "sim/kube/schema/table.h"
#include "sim/kube/selectors.h"
#include "sim/kube/store.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::kube {

struct WatchSpec {
  ResourcePtr res;
  std::string ns;  // "" = all namespaces
  LabelSelector labels;
  FieldSelector fields;
  bool bookmarks = false;
  std::chrono::milliseconds bookmark_interval{60000};
  std::chrono::steady_clock::time_point deadline;
  bool table = false;
  table::IncludeObject include = table::IncludeObject::Metadata;
  std::string api_version;  // requested group/version
};

class WatchStream : public BodyStream {
 public:
  // Construct with the store mutex held. `initial` is written first (synthetic
  // ADDED events or an ERROR); `finish_after_initial` ends the stream after it;
  // `columns_sent` says a Table event with columnDefinitions is already in it.
  WatchStream(std::shared_ptr<Store> store, WatchSpec spec, std::string initial, std::uint64_t cursor,
              bool finish_after_initial, bool columns_sent = false);
  ~WatchStream() override;

  std::optional<std::string> next(std::chrono::milliseconds wait) override;
  void cancel() override;

  // Renders one object as a watch event line for `spec` (used for the
  // synthetic ADDED burst too). Requires nothing locked.
  static std::string event_line(const WatchSpec& spec, const std::string& type, const nlohmann::json& obj,
                                bool& first_table);
  static bool matches(const WatchSpec& spec, const nlohmann::json& obj);

 private:
  std::optional<std::string> render(const WatchEvent& e);
  std::string bookmark() const;
  void finish();

  std::shared_ptr<Store> store_;
  WatchSpec spec_;
  std::string initial_;
  std::uint64_t cursor_;
  bool finish_after_initial_;
  bool finished_ = false;
  bool cancelled_ = false;
  bool first_table_ = true;
  bool final_bookmark_sent_ = false;
  std::uint64_t epoch_;
  std::chrono::steady_clock::time_point next_bookmark_;
  std::chrono::steady_clock::time_point final_bookmark_;
};

}  // namespace gpupool::sim::kube
