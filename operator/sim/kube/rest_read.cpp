// Rest: get, list (selectors, pagination, resourceVersion semantics §3.2-3.3)
// and watch (§3.4-3.5).
#include <chrono>

#include "sim/kube/meta.h"
#include "sim/kube/rest.h"
#include "sim/kube/schema/table.h"
#include "sim/kube/selectors.h"
#include "sim/kube/watch_stream.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

json list_option_error(const std::string& field, const std::string& reason, const std::string& message) {
  return json::array({{{"reason", reason}, {"message", message}, {"field", field}}});
}

ApiError list_options_invalid(const std::string& field, const std::string& reason, const std::string& message) {
  return invalid("ListOptions", "meta.k8s.io", "", list_option_error(field, reason, message));
}

std::uint64_t parse_rv(const std::string& s) {
  try {
    std::size_t used = 0;
    unsigned long long v = std::stoull(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    throw bad_request("resourceVersion: Invalid value: \"" + s + "\": must be a valid resource version");
  }
}

long parse_long(const HttpRequest& req, const char* name, long fallback) {
  auto v = req.param(name);
  if (!v || v->empty()) return fallback;
  try {
    return std::stol(*v);
  } catch (const std::exception&) {
    throw bad_request(std::string(name) + ": Invalid value: \"" + *v + "\": must be an integer");
  }
}

table::IncludeObject include_object(const HttpRequest& req) {
  std::string v = req.param("includeObject").value_or("Metadata");
  if (v == "None") return table::IncludeObject::None;
  if (v == "Object") return table::IncludeObject::Object;
  return table::IncludeObject::Metadata;
}

struct Filter {
  LabelSelector labels;
  FieldSelector fields;
  ResourcePtr res;
  bool matches(const json& obj) const {
    if (!labels.empty() && !labels.matches(obj)) return false;
    if (fields.empty()) return true;
    const ServedResource& r = *res;
    return fields.matches(obj, [&r](const json& o, const std::string& f) { return field_value(r, o, f); });
  }
};

Filter make_filter(const Call& c) {
  Filter f;
  f.res = c.res;
  f.labels = LabelSelector::parse(c.req.param("labelSelector").value_or(""));
  const ServedResource& r = *c.res;
  f.fields = FieldSelector::parse(c.req.param("fieldSelector").value_or(""),
                                  [&r](const std::string& l) { return field_label_supported(r, l); });
  return f;
}

const char kContinueExpired[] =
    "The provided continue parameter is too old to display a consistent list result. You can start a new list "
    "without the continue parameter.";

}  // namespace

HttpResponse Rest::get(const Call& c) {
  const StoredObject* so = s_.store->get(c.res->storage_key, c.key());
  if (!so) throw not_found(c.target());
  if (wants_table(c.req)) {
    json obj = *so->obj;
    obj["apiVersion"] = c.res->info.group_version();
    std::vector<const json*> one{&obj};
    json t = table::render(c.res->info, one, include_object(c.req), meta_rv(obj), "", true,
                           std::chrono::system_clock::now());
    return HttpResponse::json(200, t.dump());
  }
  return HttpResponse::json(200, render_text(*c.res, *so));
}

HttpResponse Rest::get_scale(const Call& c) {
  const StoredObject* so = s_.store->get(c.res->storage_key, c.key());
  if (!so) throw not_found(c.target());
  return HttpResponse::json(200, build_scale(*c.res, *so->obj).dump());
}

HttpResponse Rest::list(const Call& c) {
  const HttpRequest& req = c.req;
  auto rv_param = req.param("resourceVersion");
  auto rvm = req.param("resourceVersionMatch");
  std::string cont = req.param("continue").value_or("");
  if (req.param("sendInitialEvents"))
    throw list_options_invalid("sendInitialEvents", "FieldValueForbidden", "Forbidden: sendInitialEvents is forbidden for list");
  if (rvm && !rvm->empty()) {
    if (!rv_param || rv_param->empty())
      throw list_options_invalid("resourceVersionMatch", "FieldValueForbidden",
                                 "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
    if (!cont.empty())
      throw list_options_invalid("resourceVersionMatch", "FieldValueForbidden",
                                 "Forbidden: resourceVersionMatch is forbidden when continue is provided");
    if (*rvm != "Exact" && *rvm != "NotOlderThan")
      throw list_options_invalid("resourceVersionMatch", "FieldValueNotSupported",
                                 "Unsupported value: \"" + *rvm + "\": supported values: \"Exact\", \"NotOlderThan\"");
    if (*rvm == "Exact" && *rv_param == "0")
      throw list_options_invalid("resourceVersionMatch", "FieldValueForbidden",
                                 "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
  }
  if (!cont.empty() && rv_param && !rv_param->empty() && *rv_param != "0")
    throw bad_request("specifying resource version is not allowed when using continue");
  long limit = parse_long(req, "limit", 0);
  Filter filter = make_filter(c);

  Store& st = *s_.store;
  std::uint64_t list_rv = st.current_rv();
  const Collection* coll = &st.collection(c.res->storage_key);
  Collection snapshot;
  std::string start_after;
  if (!cont.empty()) {
    auto decoded = base64_decode(cont);
    json tok;
    try {
      tok = json::parse(decoded.value_or(""));
    } catch (const json::exception&) {
      throw bad_request("continue key is not valid: illegal base64 data");
    }
    std::uint64_t tok_rv = tok.value("rv", std::uint64_t{0});
    if (tok_rv < st.history_start_rv()) throw expired(kContinueExpired);
    list_rv = tok_rv;
    start_after = tok.value("start", "");
  } else if (rv_param && !rv_param->empty() && *rv_param != "0") {
    std::uint64_t n = parse_rv(*rv_param);
    if (n > st.current_rv()) {
      ApiError e{504, "Timeout", "Too large resource version: " + std::to_string(n) + ", current: " + std::to_string(st.current_rv()),
                 json{{"causes", json::array({{{"reason", "ResourceVersionTooLarge"}, {"message", "Too large resource version"}}})}}, 1};
      throw e;
    }
    if (rvm && *rvm == "Exact" && n != st.current_rv()) {
      if (n < st.history_start_rv()) throw expired("The resourceVersion for the provided list is too old.");
      snapshot = st.collection_at(c.res->storage_key, n);
      coll = &snapshot;
      list_rv = n;
    }
  }

  std::string prefix = c.res->info.namespaced && !c.ns.empty() ? c.ns + "/" : "";
  auto it = prefix.empty() ? coll->begin() : coll->lower_bound(prefix);
  if (!start_after.empty()) it = coll->upper_bound(start_after);  // the token's key has our prefix
  std::vector<const StoredObject*> items;
  std::string last_key;
  long remaining = 0;
  for (; it != coll->end(); ++it) {
    if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (!filter.matches(*it->second.obj)) continue;
    if (limit > 0 && static_cast<long>(items.size()) >= limit) {
      ++remaining;
      continue;
    }
    items.push_back(&it->second);
    last_key = it->first;
  }
  std::string next_token;
  if (remaining > 0) next_token = base64_encode(json{{"rv", list_rv}, {"start", last_key}}.dump());

  const auto& info = c.res->info;
  if (wants_table(req)) {
    std::vector<json> objs;
    objs.reserve(items.size());
    for (const auto* so : items) {
      objs.push_back(*so->obj);
      objs.back()["apiVersion"] = info.group_version();
    }
    std::vector<const json*> ptrs;
    for (const auto& o : objs) ptrs.push_back(&o);
    json t = table::render(info, ptrs, include_object(req), std::to_string(list_rv), next_token, true,
                           std::chrono::system_clock::now());
    return HttpResponse::json(200, t.dump());
  }
  json meta = {{"resourceVersion", std::to_string(list_rv)}};
  if (!next_token.empty()) {
    meta["continue"] = next_token;
    meta["remainingItemCount"] = remaining;
  }
  std::string body = "{\"apiVersion\":" + json(info.group_version()).dump() + ",\"kind\":" + json(info.list_kind).dump() +
                     ",\"metadata\":" + meta.dump() + ",\"items\":[";
  std::size_t total = body.size();
  for (const auto* so : items) total += so->text->size() + 1;
  body.reserve(total + 2);
  bool first = true;
  for (const auto* so : items) {
    if (!first) body += ',';
    first = false;
    body += render_text(*c.res, *so);
  }
  body += "]}";
  return HttpResponse::json(200, std::move(body));
}

HttpResponse Rest::watch(const Call& c) {
  const HttpRequest& req = c.req;
  if (req.param("sendInitialEvents"))
    throw list_options_invalid("sendInitialEvents", "FieldValueForbidden",
                               "Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled");
  if (auto rvm = req.param("resourceVersionMatch"); rvm && !rvm->empty())
    throw list_options_invalid("resourceVersionMatch", "FieldValueForbidden",
                               "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
  Filter filter = make_filter(c);
  WatchSpec spec;
  spec.res = c.res;
  spec.ns = c.res->info.namespaced ? c.ns : "";
  spec.labels = filter.labels;
  spec.fields = filter.fields;
  auto bm = req.param("allowWatchBookmarks");
  spec.bookmarks = bm && (*bm == "true" || *bm == "1");
  spec.bookmark_interval = s_.opts.bookmark_interval;
  long timeout = parse_long(req, "timeoutSeconds", 0);
  if (timeout <= 0) timeout = random_between(1800, 3600);
  spec.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
  spec.table = wants_table(req);
  spec.include = include_object(req);
  spec.api_version = c.res->info.group_version();

  Store& st = *s_.store;
  std::string rv = req.param("resourceVersion").value_or("");
  std::string initial;
  std::uint64_t cursor = st.end_seq();
  bool finish = false;
  bool first_table = true;
  if (rv.empty() || rv == "0") {
    const Collection& coll = st.collection(c.res->storage_key);
    std::string prefix = spec.ns.empty() ? "" : spec.ns + "/";
    for (auto it = prefix.empty() ? coll.begin() : coll.lower_bound(prefix); it != coll.end(); ++it) {
      if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
      if (!filter.matches(*it->second.obj)) continue;
      if (!spec.table && it->second.obj->value("apiVersion", "") == spec.api_version)
        initial += "{\"type\":\"ADDED\",\"object\":" + *it->second.text + "}\n";
      else
        initial += WatchStream::event_line(spec, "ADDED", *it->second.obj, first_table);
    }
  } else {
    std::uint64_t n = parse_rv(rv);
    if (n < st.history_start_rv()) {
      ApiError e = expired("too old resource version: " + std::to_string(n) + " (" + std::to_string(st.history_start_rv()) + ")");
      initial = "{\"type\":\"ERROR\",\"object\":" + e.to_json().dump() + "}\n";
      finish = true;
    } else {
      cursor = st.seq_after(n);
    }
  }
  HttpResponse r;
  r.status = 200;
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("Cache-Control", "no-cache, private");
  r.stream = std::make_shared<WatchStream>(s_.store, std::move(spec), std::move(initial), cursor, finish,
                                            !first_table);
  return r;
}

}  // namespace gpupool::sim::kube
