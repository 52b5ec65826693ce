#pragma once
// Decodes one line of a watch stream (§3.4): {"type":..., "object":...}.
#include <optional>
#include <string_view>

#include "common/result.h"
#include "kube/client.h"

namespace gpupool::kube {

// ADDED/MODIFIED/DELETED/BOOKMARK → the event; a blank line → nullopt (skip);
// an ERROR event → its Status as an Error (410 Expired/Gone → Gone);
// anything else (bad JSON, unknown type, missing object) → Internal.
// Never throws.
Result<std::optional<WatchEvent>> decode_watch_line(std::string_view line);

}  // namespace gpupool::kube
