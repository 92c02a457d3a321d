#pragma once
// `advieslijn user add|passwd|disable|list`: account management on the command line, against
// the Redis the config (or --redis / REDIS_URL) names.
#include <boost/asio/awaitable.hpp>
#include <iosfwd>
#include <string>

#include "common/command_line.hpp"
#include "common/config.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::gateway {

// What a `user` command was given.
struct UserArgs {
    std::string command;  // add, passwd, disable or list
    std::string username;
    std::string role;
    std::string tenants;  // ID[,ID...]
    std::string name;
    bool generate = false;
    ConfigFlags config;
};

// Adds add, passwd, disable and list to `user` (the `user` command of a parser); parsing
// fills `args`.
void add_user_commands(CLI::App& user, UserArgs& args);

// Runs the parsed command against `config`'s Redis. Passwords are read from `in` (one line)
// unless --generate is given, in which case the new password is printed. Returns the process
// exit code.
int run_user_cli(const UserArgs& args, const Config& config, std::istream& in, std::ostream& out,
                 std::ostream& err);

}  // namespace advieslijn::gateway
