#include "api/event.h"

#include "api/decode.h"

namespace gpupool::api {

Event Event::from_json(const nlohmann::json& object) {
  Event e;
  e.metadata = ObjectMeta::from_json(object);
  Decoder d;
  if (const json* io = d.object(object, "", "involvedObject")) {
    d.field(*io, "involvedObject", "apiVersion", e.involved_object.api_version);
    d.field(*io, "involvedObject", "kind", e.involved_object.kind);
    d.field(*io, "involvedObject", "namespace", e.involved_object.ns);
    d.field(*io, "involvedObject", "name", e.involved_object.name);
    d.field(*io, "involvedObject", "uid", e.involved_object.uid);
    d.field(*io, "involvedObject", "resourceVersion", e.involved_object.resource_version);
  }
  d.field(object, "", "reason", e.reason);
  d.field(object, "", "message", e.message);
  d.field(object, "", "type", e.type);
  d.field(object, "", "count", e.count);
  d.field(object, "", "firstTimestamp", e.first_timestamp);
  d.field(object, "", "lastTimestamp", e.last_timestamp);
  d.field(object, "", "eventTime", e.event_time);
  d.field(object, "", "reportingComponent", e.reporting_component);
  d.field(object, "", "reportingInstance", e.reporting_instance);
  e.decode_error = d.error();
  return e;
}

nlohmann::json Event::to_json() const {
  const auto& io = involved_object;
  json ref{{"apiVersion", io.api_version}, {"kind", io.kind}, {"namespace", io.ns}, {"name", io.name}};
  if (!io.uid.empty()) ref["uid"] = io.uid;
  if (!io.resource_version.empty()) ref["resourceVersion"] = io.resource_version;
  json md{{"name", metadata.name}, {"namespace", metadata.ns}};
  if (!metadata.resource_version.empty()) md["resourceVersion"] = metadata.resource_version;
  json j{{"apiVersion", "v1"}, {"kind", "Event"}, {"metadata", md}, {"involvedObject", ref},
         {"reason", reason}, {"message", message}, {"type", type}, {"count", count},
         {"source", {{"component", reporting_component}}},
         {"reportingComponent", reporting_component}, {"reportingInstance", reporting_instance}};
  if (!first_timestamp.empty()) j["firstTimestamp"] = first_timestamp;
  if (!last_timestamp.empty()) j["lastTimestamp"] = last_timestamp;
  if (!event_time.empty()) j["eventTime"] = event_time;
  return j;
}

}  // namespace gpupool::api
