#include "metrics/process_collector.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace gpupool::metrics {
namespace {

prometheus::MetricFamily gauge(const char* name, const char* help, prometheus::MetricType type, double v) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) m.counter.value = v;
  else m.gauge.value = v;
  f.metric.push_back(m);
  return f;
}

struct Stat {
  double cpu_seconds = 0, start_seconds = 0, rss_bytes = 0, vsize_bytes = 0;
};

// /proc/self/stat fields 14-15 (utime, stime), 22 (starttime), 23 (vsize), 24 (rss pages).
Stat read_stat() {
  Stat s;
  std::ifstream f("/proc/self/stat");
  std::string line;
  if (!std::getline(f, line)) return s;
  auto close = line.rfind(')');  // comm may contain spaces
  std::istringstream in(line.substr(close + 2));
  std::vector<std::string> fields{"", "", ""};  // fields 1-2 consumed above, index from 3
  for (std::string x; in >> x;) fields.push_back(x);
  if (fields.size() < 25) return s;
  double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  s.cpu_seconds = (std::stod(fields[14]) + std::stod(fields[15])) / tick;
  double boot = 0;
  std::ifstream st("/proc/stat");
  for (std::string k; st >> k;)
    if (k == "btime") { st >> boot; break; }
  s.start_seconds = boot + std::stod(fields[22]) / tick;
  s.vsize_bytes = std::stod(fields[23]);
  s.rss_bytes = std::stod(fields[24]) * static_cast<double>(sysconf(_SC_PAGESIZE));
  return s;
}

double open_fds() {
  double n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d)) ++n;
    closedir(d);
  }
  return n > 2 ? n - 2 : 0;  // "." and ".."
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  using prometheus::MetricType;
  Stat s = read_stat();
  return {gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", MetricType::Counter,
                s.cpu_seconds),
          gauge("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge, s.rss_bytes),
          gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge, s.vsize_bytes),
          gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                MetricType::Gauge, s.start_seconds),
          gauge("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, open_fds())};
}

}  // namespace gpupool::metrics
