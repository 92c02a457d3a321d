#include "gateway/user_cli.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>

#include "gateway/app.hpp"
#include "gateway/auth.hpp"

namespace advieslijn::gateway {

namespace {

constexpr const char* user_usage = R"(usage:
  advieslijn user add USERNAME --role specialist|supervisor|admin --tenant ID[,ID...]
                      [--name "Full Name"] [--generate]
  advieslijn user passwd USERNAME [--generate]
  advieslijn user disable USERNAME
  advieslijn user list
  (each also takes --config FILE and --redis URL, as `serve` does)
The password is read from standard input (one line) unless --generate prints a new one.
)";

const char* describe(AuthErrc c) {
    switch (c) {
        case AuthErrc::invalid_input: return "invalid input";
        case AuthErrc::exists: return "exists";
        case AuthErrc::not_found: return "not found";
        case AuthErrc::invalid_credentials: return "refused";
        case AuthErrc::rate_limited: return "rate limited";
        case AuthErrc::unavailable: return "Redis unavailable";
    }
    return "error";
}

}  // namespace

int run_user_cli(const std::vector<std::string>& args, const Config& config, std::istream& in,
                 std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] == "--help") {
        (args.empty() ? err : out) << user_usage;
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    std::string username, role_text, tenants_text, name;
    bool generate = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        auto value = [&](const char* flag) -> std::string {
            if (i + 1 >= args.size()) throw std::invalid_argument(std::string(flag) + " needs a value");
            return args[++i];
        };
        if (args[i] == "--role") role_text = value("--role");
        else if (args[i] == "--tenant") tenants_text = value("--tenant");
        else if (args[i] == "--name") name = value("--name");
        else if (args[i] == "--generate") generate = true;
        else if (args[i].rfind("--", 0) == 0) throw std::invalid_argument("unknown flag '" + args[i] + "'");
        else if (username.empty()) username = args[i];
        else throw std::invalid_argument("unexpected argument '" + args[i] + "'");
    }
    if (command != "list" && username.empty()) {
        err << "advieslijn user " << command << ": USERNAME is required\n" << user_usage;
        return 2;
    }
    User user{username, name, Role::specialist, split_list(tenants_text), false};
    if (command == "add") {
        auto role = parse_role(role_text);
        if (!role) {
            err << "advieslijn user add: --role must be specialist, supervisor or admin\n";
            return 2;
        }
        user.role = *role;
        if (user.tenants.empty()) {
            err << "advieslijn user add: --tenant is required\n";
            return 2;
        }
        for (const auto& t : user.tenants) {
            const bool known = std::any_of(config.tenants.begin(), config.tenants.end(),
                                           [&](const Tenant& c) { return c.id == t; });
            if (!known) {
                err << "advieslijn user add: tenant '" << t << "' is not in " << config.source << "\n";
                return 2;
            }
        }
    } else if (command != "passwd" && command != "disable" && command != "list") {
        err << "advieslijn user: unknown command '" << command << "'\n" << user_usage;
        return 2;
    }
    std::string password;
    if (command == "add" || command == "passwd") {
        if (generate) {
            password = generate_password();
        } else if (!std::getline(in, password)) {
            err << "advieslijn user " << command << ": no password on standard input (or use --generate)\n";
            return 2;
        }
        if (!password.empty() && password.back() == '\r') password.pop_back();
    }

    asio::io_context ioc;
    RedisClient redis(ioc, redis_options(config), 1);
    SystemClock clock;
    Accounts accounts(redis, clock, config.auth);
    redis.start();
    int code = 1;
    auto task = [&]() -> asio::awaitable<void> {
        // Wait for the connection (up to the connect timeout) before the first command.
        asio::steady_timer t(ioc);
        const auto until = std::chrono::steady_clock::now() + config.redis.connect_timeout +
                           std::chrono::milliseconds(200);
        while (!redis.ready() && std::chrono::steady_clock::now() < until) {
            t.expires_after(std::chrono::milliseconds(20));
            co_await t.async_wait(asio::use_awaitable);
        }
        std::optional<AuthError> e;
        if (command == "add") e = co_await accounts.add_user(user, password);
        else if (command == "passwd") e = co_await accounts.set_password(username, password);
        else if (command == "disable") e = co_await accounts.disable(username);
        else {
            const std::vector<User> all = co_await accounts.list(&e);
            for (const auto& u : all) {
                std::string tenants;
                for (const auto& t : u.tenants) tenants += (tenants.empty() ? "" : ",") + t;
                out << u.username << "\t" << to_string(u.role) << "\t" << tenants << "\t"
                    << (u.disabled ? "disabled" : "active") << "\t" << u.name << "\n";
            }
        }
        if (e) {
            err << "advieslijn user " << command << ": " << describe(e->code) << ": " << e->message << "\n";
            code = e->code == AuthErrc::unavailable ? 1 : (e->code == AuthErrc::invalid_input ? 2 : 1);
        } else {
            code = 0;
            if (command == "add") out << "added " << username << " (" << to_string(user.role) << ")\n";
            if (command == "passwd") out << "password of " << username << " changed; sessions ended\n";
            if (command == "disable") out << "disabled " << username << "; sessions ended\n";
            if (generate) out << "password: " << password << "\n";
        }
        accounts.stop();
        redis.stop();
    };
    auto done = asio::co_spawn(ioc, task(), asio::use_future);
    ioc.run();
    done.get();
    return code;
}

}  // namespace advieslijn::gateway
