#pragma once
// Simulator logging: one text line per event on stderr, e.g.
//   2025-01-02T03:04:05.678Z INFO request method=GET path=/api status=200
// Thread-safe. The simulator keeps its own tiny logger because it must not
// link the operator's libraries (sim/ follows the API references, not our code).
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace gpupool::sim::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

using Field = std::pair<std::string_view, std::string>;

// "debug" | "info" | "warn" | "error"; false if unknown.
bool parse_level(std::string_view s, Level& out);
void set_level(Level level);
bool enabled(Level level);

void write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});
inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Debug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Info, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Warn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Error, m, f); }

}  // namespace gpupool::sim::log
