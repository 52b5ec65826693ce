#include "sim/kube/apply.h"

#include <algorithm>
#include <map>
#include <vector>

#include "sim/kube/meta.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;
using Path = std::vector<std::string>;

namespace {

// FieldsV1 trie of the fields set in `v` (lists and scalars are leaves).
json field_set(const json& v) {
  json out = json::object();
  if (!v.is_object()) return out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    json child = it.value().is_object() && !it.value().empty() ? field_set(it.value()) : json::object();
    if (it.value().is_object() && !it.value().empty()) child["."] = json::object();
    out["f:" + it.key()] = child;
  }
  return out;
}

json config_field_set(const json& config) {
  json c = config;
  c.erase("apiVersion");
  c.erase("kind");
  if (c.contains("metadata") && c["metadata"].is_object()) {
    json m = json::object();
    for (const char* k : {"labels", "annotations", "finalizers", "ownerReferences"})
      if (c["metadata"].contains(k)) m[k] = c["metadata"][k];
    if (m.empty()) c.erase("metadata");
    else c["metadata"] = m;
  }
  return field_set(c);
}

void leaves(const json& trie, Path& prefix, std::vector<Path>& out) {
  bool has_child = false;
  for (auto it = trie.begin(); it != trie.end(); ++it) {
    if (it.key().rfind("f:", 0) != 0) continue;
    has_child = true;
    prefix.push_back(it.key().substr(2));
    leaves(it.value(), prefix, out);
    prefix.pop_back();
  }
  if (!has_child && !prefix.empty()) out.push_back(prefix);
}

std::vector<Path> leaves(const json& trie) {
  std::vector<Path> out;
  Path p;
  if (trie.is_object()) leaves(trie, p, out);
  return out;
}

bool trie_has(const json& trie, const Path& p) {
  const json* cur = &trie;
  for (const auto& k : p) {
    if (!cur->is_object() || !cur->contains("f:" + k)) return false;
    cur = &(*cur)["f:" + k];
  }
  return true;
}

void trie_erase(json& trie, const Path& p, std::size_t i = 0) {
  if (!trie.is_object() || i >= p.size()) return;
  std::string k = "f:" + p[i];
  if (!trie.contains(k)) return;
  if (i + 1 == p.size()) trie.erase(k);
  else trie_erase(trie[k], p, i + 1);
}

const json* at(const json& obj, const Path& p) {
  const json* cur = &obj;
  for (const auto& k : p) {
    if (!cur->is_object() || !cur->contains(k)) return nullptr;
    cur = &(*cur)[k];
  }
  return cur;
}

void erase_at(json& obj, const Path& p, std::size_t i = 0) {
  if (!obj.is_object() || i >= p.size()) return;
  if (i + 1 == p.size()) {
    obj.erase(p[i]);
    return;
  }
  if (obj.contains(p[i])) erase_at(obj[p[i]], p, i + 1);
}

std::string dotted(const Path& p) {
  std::string s;
  for (const auto& k : p) s += "." + k;
  return s;
}

bool is_apply_entry(const json& e) { return e.is_object() && e.value("operation", "") == "Apply"; }

}  // namespace

json server_side_apply(const ApplyRequest& req) {
  json obj = req.live ? *req.live : json::object();
  json managed = obj.contains("metadata") && obj["metadata"].contains("managedFields") &&
                         obj["metadata"]["managedFields"].is_array()
                     ? obj["metadata"]["managedFields"]
                     : json::array();
  json new_set = config_field_set(req.config);
  json old_set = json::object();
  for (const auto& e : managed)
    if (is_apply_entry(e) && e.value("manager", "") == req.manager && e.value("subresource", "") == req.subresource)
      old_set = e.value("fieldsV1", json::object());

  // Conflicts: a different value for a field another Apply manager owns.
  std::map<std::string, std::vector<Path>> conflicts;
  for (const auto& p : leaves(new_set)) {
    const json* cur = at(obj, p);
    const json* want = at(req.config, p);
    if (!cur || !want || *cur == *want) continue;
    for (auto& e : managed) {
      if (!is_apply_entry(e) || e.value("manager", "") == req.manager) continue;
      if (!trie_has(e.value("fieldsV1", json::object()), p)) continue;
      if (req.force) trie_erase(e["fieldsV1"], p);
      else conflicts[e.value("manager", "")].push_back(p);
    }
  }
  if (!conflicts.empty()) {
    json causes = json::array();
    std::size_t n = 0;
    std::string detail;
    for (const auto& [mgr, paths] : conflicts) {
      n += paths.size();
      for (const auto& p : paths)
        causes.push_back({{"reason", "FieldManagerConflict"}, {"message", "conflict with \"" + mgr + "\""}, {"field", dotted(p)}});
    }
    std::string msg;
    if (n == 1) {
      msg = "Apply failed with 1 conflict: conflict with \"" + conflicts.begin()->first + "\": " +
            dotted(conflicts.begin()->second[0]);
    } else {
      msg = "Apply failed with " + std::to_string(n) + " conflicts: ";
      bool first = true;
      for (const auto& [mgr, paths] : conflicts) {
        msg += (first ? "" : "\n") + std::string("conflicts with \"") + mgr + "\":";
        for (const auto& p : paths) msg += "\n- " + dotted(p);
        first = false;
      }
    }
    ApiError e = conflict(req.target, "");
    e.message = msg;
    e.details["causes"] = causes;
    throw e;
  }

  // Fields this manager applied before and now omits go, unless co-owned.
  for (const auto& p : leaves(old_set)) {
    if (trie_has(new_set, p)) continue;
    bool co_owned = false;
    for (const auto& e : managed)
      if (is_apply_entry(e) && e.value("manager", "") != req.manager && trie_has(e.value("fieldsV1", json::object()), p))
        co_owned = true;
    if (!co_owned) erase_at(obj, p);
  }

  json cfg = req.config;
  if (req.live) {
    // Identity fields come from the live object.
    cfg.erase("apiVersion");
    cfg.erase("kind");
  }
  obj.merge_patch(cfg);

  json entries = json::array();
  for (const auto& e : managed) {
    bool mine = is_apply_entry(e) && e.value("manager", "") == req.manager && e.value("subresource", "") == req.subresource;
    if (mine) continue;
    if (is_apply_entry(e) && leaves(e.value("fieldsV1", json::object())).empty()) continue;
    entries.push_back(e);
  }
  json entry = {{"manager", req.manager}, {"operation", "Apply"}, {"apiVersion", req.api_version},
                {"time", now_rfc3339()}, {"fieldsType", "FieldsV1"}, {"fieldsV1", new_set}};
  if (!req.subresource.empty()) entry["subresource"] = req.subresource;
  // Keep the old timestamp when the applied field set is unchanged so a
  // repeated identical apply stays a no-op.
  for (const auto& e : managed)
    if (is_apply_entry(e) && e.value("manager", "") == req.manager && e.value("subresource", "") == req.subresource &&
        e.value("fieldsV1", json::object()) == new_set)
      entry["time"] = e.value("time", entry["time"].get<std::string>());
  entries.push_back(entry);
  obj["metadata"]["managedFields"] = entries;
  return obj;
}

}  // namespace gpupool::sim::kube
