#pragma once
// Structured logging: one line per event, JSON (default) or text, to stderr.
// Thread-safe. Never pass secret values as fields.
//   log::info("reconciled", {{"gpupool", key}, {"reconcileID", id}});
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace gpupool::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };
enum class Format { Json, Text };

using Field = std::pair<std::string_view, std::string>;
using Fields = std::initializer_list<Field>;

void configure(Format format, Level level);
// Parses "json"/"text" and "debug"/"info"/"warn"/"error"; false if unknown.
bool parse_format(std::string_view s, Format& out);
bool parse_level(std::string_view s, Level& out);
bool enabled(Level level);

void write(Level level, std::string_view msg, Fields fields = {});
inline void debug(std::string_view m, Fields f = {}) { write(Level::Debug, m, f); }
inline void info(std::string_view m, Fields f = {}) { write(Level::Info, m, f); }
inline void warn(std::string_view m, Fields f = {}) { write(Level::Warn, m, f); }
inline void error(std::string_view m, Fields f = {}) { write(Level::Error, m, f); }

// JSON string escaping (no surrounding quotes), shared by the JSON formatter.
std::string json_escape(std::string_view s);

}  // namespace gpupool::log
