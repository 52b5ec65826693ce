#include "cloud/coreweave/progress.h"

#include <algorithm>
#include <cctype>

#include "cloud/coreweave/codec.h"
#include "cloud/coreweave/errors.h"

namespace gpupool::cloud::coreweave {

namespace {
using nlohmann::json;
using std::chrono::system_clock;

bool mentions_idle(const Condition& c) {
  std::string text = c.reason + " " + c.message;
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return text.find("idle") != std::string::npos || text.find("busy") != std::string::npos;
}

OperationStatus done(std::optional<Error> e = std::nullopt) { return OperationStatus{true, std::move(e)}; }
OperationStatus running() { return OperationStatus{false, std::nullopt}; }

std::optional<OperationStatus> refused(const json& pool, const std::string& name) {
  for (const char* type : {"Validated", "AtTarget"}) {
    auto c = fresh_condition(pool, type);
    if (c && c->status == "False" && exhausted_kind(c->reason, c->message) == ExhaustedKind::Quota)
      return done(condition_error(ExhaustedKind::Quota, name, c->reason, c->message));
  }
  auto v = fresh_condition(pool, "Validated");
  if (v && v->status == "False")
    return done(Error(ErrorCode::InvalidArgument, "CoreWeave node pool " + name + " is invalid: " + v->reason + ": " + v->message));
  return std::nullopt;
}
}  // namespace

std::string operation_id(const std::string& kind, const std::string& pool, system_clock::time_point started) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(started.time_since_epoch()).count();
  return kind + "/" + pool + "/" + std::to_string(ms);
}

std::optional<system_clock::time_point> operation_start(const std::string& id) {
  auto slash = id.rfind('/');
  if (slash == std::string::npos || slash + 1 >= id.size()) return std::nullopt;
  std::string digits = id.substr(slash + 1);
  if (digits.size() > 15 || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return system_clock::time_point(std::chrono::milliseconds(std::stoll(digits)));
}

OperationStatus progress(const json& pool, system_clock::time_point started, system_clock::time_point now,
                         std::chrono::milliseconds timeout) {
  const std::string name = pool.value("metadata", json::object()).value("name", "");
  if (auto r = refused(pool, name)) return *r;
  const int target = target_nodes(pool), current = current_nodes(pool);
  if (current == target) return done();
  auto at = fresh_condition(pool, "AtTarget");
  if (current > target)
    return at && (at->status == "True" || mentions_idle(*at)) ? done() : running();
  if (at && at->status == "False" && exhausted_kind(at->reason, at->message) == ExhaustedKind::Stockout &&
      now - started >= timeout)
    return done(condition_error(ExhaustedKind::Stockout, name, at->reason, at->message));
  return running();
}

}  // namespace gpupool::cloud::coreweave
