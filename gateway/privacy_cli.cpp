#include "gateway/privacy_cli.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>
#include <cstdlib>

#include "contact/privacy.hpp"
#include "gateway/app.hpp"
#include "gateway/line.hpp"
#include "gateway/user_cli.hpp"

namespace advieslijn::gateway {

void add_privacy_commands(CLI::App& privacy, PrivacyArgs& args) {
    privacy.require_subcommand(1);
    privacy.footer(
        "NUMBER in any spelling (+31612345678, 06-12 34 56 78, 0031 6 …). Each command takes\n"
        "--config FILE and --redis URL, as `serve` does. Exit 2 for a bad number or an unknown\n"
        "tenant: nothing is changed.");
    auto command = [&](const char* name, const char* description) {
        CLI::App* c = privacy.add_subcommand(name, description);
        c->callback([&args, name] { args.command = name; });
        c->add_option("NUMBER", args.number, "the phone number")->required()->type_name("");
        c->add_option("--tenant", args.tenant, "the tenant whose data it is")
            ->type_name("ID")
            ->required();
        add_config_flags(*c, args.config, /*with_listen=*/false);
        return c;
    };
    command("erase",
            "Erase a phone number everywhere (tasks, notes, conversations, keys); prints the counts");
    command("export", "Print everything the line holds about a phone number, as JSON");
}

int run_privacy_cli(const PrivacyArgs& args, const Config& config, std::ostream& out,
                    std::ostream& err) {
    const std::string name = "advieslijn privacy " + args.command;
    const bool known = std::any_of(config.tenants.begin(), config.tenants.end(),
                                   [&](const Tenant& t) { return t.id == args.tenant; });
    if (!known) {
        err << name << ": tenant '" << args.tenant << "' is not in " << config.source << "\n";
        return 2;
    }
    if (auto number = contact::Privacy::parse_number(args.number); !number) {
        err << name << ": " << number.error().message << "\n";
        return 2;
    }

    asio::io_context ioc;
    RedisClient redis(ioc, redis_options(config), 1);
    SystemClock clock;
    contact::Services services;
    for (const Tenant& t : config.tenants)
        services.emplace(t.id, std::make_unique<callbacks::Service>(redis, clock, t,
                                                                    callback_settings(config, t)));
    contact::ConversationStore store(redis, chat_store_limits(config.chat),
                                     contact::conversation_ttls(config.retention),
                                     conversation_ttls(config));
    contact::Privacy privacy(services, store);
    redis.start();
    int code = 1;
    auto task = [&]() -> asio::awaitable<void> {
        co_await wait_until_ready(redis, config.redis.connect_timeout);
        std::optional<callbacks::Error> failed;
        if (args.command == "erase") {
            // The audit names who erased: the operating-system account running the command.
            const char* login = std::getenv("USER");
            std::string actor = std::string("cli:") + (login ? login : "unknown");
            auto report = co_await privacy.erase(args.tenant, args.number, std::move(actor));
            if (report) out << nlohmann::json{{"tenant", args.tenant}, {"removed", contact::to_json(*report)}}.dump(2) << "\n";
            else failed = report.error();
        } else {
            auto held = co_await privacy.export_number(args.tenant, args.number);
            if (held) out << held->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            else failed = held.error();
        }
        if (failed) {
            err << name << ": " << failed->message << "\n";
            code = failed->code == callbacks::Errc::invalid_input ? 2 : 1;
        } else {
            code = 0;
        }
        redis.stop();
    };
    run_until_done(ioc, task());
    return code;
}

}  // namespace advieslijn::gateway
