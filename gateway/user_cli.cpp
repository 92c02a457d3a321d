#include "gateway/user_cli.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "gateway/app.hpp"
#include "gateway/auth.hpp"

namespace advieslijn::gateway {

namespace {

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

void add_user_commands(CLI::App& user, UserArgs& args) {
    user.require_subcommand(1);
    user.footer(
        "Each command takes --config FILE and --redis URL, as `serve` does. The password is\n"
        "read from standard input (one line, at least 10 characters) unless --generate prints\n"
        "a new one.");
    auto command = [&](const char* name, const char* description) {
        CLI::App* c = user.add_subcommand(name, description);
        c->callback([&args, name] { args.command = name; });
        return c;
    };
    auto username = [&](CLI::App* c) {
        c->add_option("USERNAME", args.username, "the account")->required()->type_name("");
    };
    auto generate = [&](CLI::App* c) {
        c->add_flag("--generate", args.generate,
                    "generate a password and print it instead of reading one");
    };

    CLI::App* add = command("add", "Create an account");
    username(add);
    add->add_option("--role", args.role, "specialist, supervisor or admin")
        ->type_name("ROLE")
        ->required()
        ->check([](const std::string& v) {
            return parse_role(v) ? std::string() : "must be specialist, supervisor or admin";
        });
    add->add_option("--tenant", args.tenants, "the tenants the account works for, comma-separated")
        ->type_name("ID[,ID...]")
        ->required();
    add->add_option("--name", args.name, "full name, shown in the consoles")->type_name("NAME");
    generate(add);

    CLI::App* passwd = command("passwd", "Set a new password; ends the user's sessions");
    username(passwd);
    generate(passwd);

    username(command("disable", "Block the account; ends its sessions"));
    command("list", "List the accounts: username, role, tenants, state, name (tab-separated)");

    for (CLI::App* c : user.get_subcommands([](CLI::App*) { return true; }))
        add_config_flags(*c, args.config, /*with_listen=*/false);
}

int run_user_cli(const UserArgs& args, const Config& config, std::istream& in, std::ostream& out,
                 std::ostream& err) {
    const std::string& command = args.command;
    const std::string& username = args.username;
    const bool generate = args.generate;
    User user{username, args.name, Role::specialist, split_list(args.tenants), false};
    if (command == "add") {
        auto role = parse_role(args.role);
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
        co_await wait_until_ready(redis, config.redis.connect_timeout);
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
    run_until_done(ioc, task());
    return code;
}

}  // namespace advieslijn::gateway
