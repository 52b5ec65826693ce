#pragma once
// meta.k8s.io/v1 Table rendering for `kubectl get` (kubernetes-api.md §7.5):
// Name column + additionalPrinterColumns (JSONPath subset: .a.b, .a[0].b,
// .a[?(@.type=="Ready")].status), server-rendered `date` cells via HumanDuration.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/kube/resource_info.h"

namespace gpupool::sim::kube::table {

using json = nlohmann::json;

enum class IncludeObject { None, Metadata, Object };

// Column definitions for a resource (Name first; CRDs without columns get Age).
json column_definitions(const ResourceInfo& info);

// One row for `object`, cells rendered at `now`.
json row(const ResourceInfo& info, const json& object, IncludeObject include,
         std::chrono::system_clock::time_point now);

// Full Table for a list (or a single GET: pass one object). `with_columns`
// false omits columnDefinitions (watch events after the first).
json render(const ResourceInfo& info, const std::vector<const json*>& objects, IncludeObject include,
            const std::string& resource_version, const std::string& continue_token, bool with_columns,
            std::chrono::system_clock::time_point now);

// k8s.io/apimachinery/pkg/util/duration.HumanDuration.
std::string human_duration(std::chrono::seconds d);

// Evaluates a printer-column JSONPath against an object; returns null if absent.
json eval_jsonpath(const json& object, const std::string& path);

}  // namespace gpupool::sim::kube::table
