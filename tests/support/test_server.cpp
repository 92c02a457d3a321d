// advieslijn_test_server: the real gateway for browser tests, with one difference: the
// callbacks run on a fake clock that the test moves with POST /test/clock
// {"advance_ms":N} or sets with {"set_ms": <unix ms>} (GET /test/clock reads it), so a test
// can let a deadline pass in a second, or play a day at a fixed date. Login sessions keep the real clock. Never shipped; built with the tests only.
//   advieslijn_test_server [serve] --config FILE --listen HOST:PORT --redis URL
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "callbacks/model.hpp"
#include "common/clock.hpp"
#include "common/command_line.hpp"
#include "common/config.hpp"
#include "gateway/app.hpp"
#include "gateway/line.hpp"

using namespace advieslijn;
using namespace advieslijn::gateway;

int main(int argc, char** argv) {
    // The serve flags of `advieslijn serve`, parsed by the same code.
    CLI::App cli("The gateway with a movable callbacks clock, for tests.",
                 "advieslijn_test_server");
    ConfigFlags flags;
    add_config_flags(cli, flags, /*with_listen=*/true);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args.front() == "serve") args.erase(args.begin());
    if (auto status = parse_command_line(cli, args, std::cout, std::cerr)) return *status;
    try {
        Config config = load_config(flags);
        setup_logging(config.log.format, config.log.level);
        App app(std::move(config));
        FakeClock clock(std::chrono::system_clock::now());
        SystemClock session_clock;
        Line line(app, clock, session_clock);
        auto now = [&clock] {
            return json_response(http::status::ok,
                                 nlohmann::json{{"now", callbacks::format_rfc3339(clock.now())}}.dump());
        };
        app.router().add(http::verb::get, "/test/clock",
                         [now](RequestContext&) -> asio::awaitable<Response> { co_return now(); });
        app.router().add(http::verb::post, "/test/clock",
                         [now, &clock](RequestContext& ctx) -> asio::awaitable<Response> {
                             auto body = nlohmann::json::parse(ctx.request.body(), nullptr, false);
                             if (body.is_object() && body.value("set_ms", nlohmann::json()).is_number_integer()) {
                                 clock.set(TimePoint(std::chrono::milliseconds(body["set_ms"].get<long long>())));
                                 co_return now();
                             }
                             if (!body.is_object() || !body.value("advance_ms", nlohmann::json()).is_number_integer())
                                 co_return json_error(http::status::bad_request, "invalid_input",
                                                      "send {\"advance_ms\": N} or {\"set_ms\": N}");
                             clock.advance(std::chrono::milliseconds(body["advance_ms"].get<long long>()));
                             co_return now();
                         });
        spdlog::warn("TEST SERVER: the callbacks clock is fake and movable over HTTP");
        app.bind();
        return app.run();
    } catch (const std::exception& e) {
        std::cerr << "advieslijn_test_server: " << e.what() << "\n";
        return 1;
    }
}
