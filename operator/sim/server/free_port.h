#pragma once
// Picks a free TCP port on a loopback address. cpprest's listener cannot
// report the port the kernel chose for port 0, so we ask the kernel first
// (bind to :0, read the port, close) and listen on that port; callers retry
// if another process grabbed it in between.

namespace gpupool::sim {

// Returns a currently free port on `host` (IPv4 literal). Throws
// std::runtime_error if no socket can be bound.
int find_free_port(const char* host = "127.0.0.1");

}  // namespace gpupool::sim
