#pragma once
// `advieslijn user add|passwd|disable|list`: account management on the command line, against
// the Redis the config (or --redis / REDIS_URL) names.
#include <iosfwd>
#include <string>
#include <vector>

#include "common/config.hpp"

namespace advieslijn::gateway {

// `args` follow "user". Passwords are read from `in` (one line) unless --generate is given,
// in which case the new password is printed. Returns the process exit code.
int run_user_cli(const std::vector<std::string>& args, const Config& config, std::istream& in,
                 std::ostream& out, std::ostream& err);

}  // namespace advieslijn::gateway
