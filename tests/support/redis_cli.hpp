#pragma once
// redis-cli against a test-owned server on loopback, for checks in tests.
#include <cstdint>
#include <string>

namespace advieslijn::test {

// Runs `redis-cli -p PORT ARGS` (ARGS through the shell) and returns its standard output.
// popen rather than run_command, so tests may call it from several threads.
std::string redis_cli(std::uint16_t port, const std::string& args);

}  // namespace advieslijn::test
