#pragma once
// URL building for RestClient: resource paths and encoded query strings.
//   /api/v1/namespaces/NS/pods/NAME/status        (core group)
//   /apis/G/V/namespaces/NS/PLURAL[/NAME[/SUB]]    (named groups)
//   /apis/G/V/PLURAL                               (cluster-scoped or all namespaces)
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kube/client.h"

namespace gpupool::kube {

// Percent-encodes every byte except RFC 3986 unreserved characters
// (A-Z a-z 0-9 - . _ ~), so selectors like "env in (a,b)" survive.
std::string url_escape(std::string_view s);

// `ns` is ignored for cluster-scoped resources; "" means "all namespaces"
// for collections. `name` and `subresource` are optional.
std::string resource_path(const ResourceRef& r, const std::string& ns, const std::string& name = "",
                          const std::string& subresource = "");

// Ordered query parameters; str() gives "" or "?k=v&k2=v2" with both sides escaped.
class Query {
 public:
  Query& add(std::string_view key, std::string_view value);
  Query& add_if(std::string_view key, std::string_view value);  // skipped when value is empty
  std::string str() const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

Query list_query(const ListOptions& opts);
Query watch_query(const WatchOptions& opts);
const char* patch_content_type(PatchType type);

}  // namespace gpupool::kube
