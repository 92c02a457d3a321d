// What an operator's Prometheus and Grafana see of the real binary: /metrics passes
// promtool's checks, a real Prometheus scrapes it and answers a query, and every metric the
// alert rules and the dashboard name is one the gateway exports.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <regex>
#include <optional>
#include <set>
#include <thread>
#include <sstream>
#include <unistd.h>

#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using namespace advieslijn::test;
using nlohmann::json;

namespace {

std::string source_dir() {
    const char* src = std::getenv("ADVIESLIJN_SOURCE_DIR");
    return src ? src : ".";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The full path of `name` on PATH, or empty.
std::string find_program(const std::string& name) {
    const auto r = run_command("command -v " + name);
    if (r.code != 0) return {};
    return r.output.substr(0, r.output.find('\n'));
}

// Metric names (advieslijn_* and process_*) mentioned in `text`.
std::set<std::string> metric_names(const std::string& text) {
    static const std::regex name(R"(\b(advieslijn|process)_[a-z0-9_]+)");
    std::set<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) {
        std::string n = it->str();
        if (n.back() != '_') out.insert(n);  // "advieslijn_callbacks_*" in a comment
    }
    return out;
}

// Sample names of a scrape (histograms give their _bucket/_sum/_count names).
std::set<std::string> exported_names(const std::string& scrape) {
    std::set<std::string> out;
    std::istringstream lines(scrape);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') {
            // "# TYPE name type": a family that has no sample yet still counts as exported.
            if (line.rfind("# TYPE ", 0) == 0) out.insert(line.substr(7, line.find(' ', 7) - 7));
            continue;
        }
        out.insert(line.substr(0, line.find_first_of("{ ")));
    }
    return out;
}

class Observability : public ::testing::Test {
protected:
    RedisServer redis_;
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url()};

    // Some traffic first, so the counter families carry samples and not only HELP/TYPE.
    std::string scrape() {
        auto chat = server_.request("POST", "/v1/chat/sessions", R"({"site_key":"demo","lang":"nl"})");
        EXPECT_EQ(chat.status, 201) << chat.body;
        const std::string id = json::parse(chat.body)["session_id"];
        EXPECT_EQ(server_.request("POST", "/v1/chat/sessions/" + id + "/messages",
                                  R"({"text":"Mijn baby slaapt niet door"})").status,
                  200);
        auto metrics = server_.request("GET", "/metrics");
        EXPECT_EQ(metrics.status, 200);
        return metrics.body;
    }
};

}  // namespace

TEST_F(Observability, MetricsHaveTheNamesAndValuesPrometheusUsersExpect) {
    const std::string m = scrape();
    // Counters carry _total; the scanner's pass is a timestamp; the build is an info metric.
    EXPECT_NE(m.find("# TYPE advieslijn_twilio_apologies_total counter\n"), std::string::npos) << m;
    EXPECT_NE(m.find("# TYPE advieslijn_scanner_last_pass_timestamp_seconds gauge\n"), std::string::npos);
    EXPECT_NE(m.find("\nadvieslijn_build_info{version=\"" ADVIESLIJN_VERSION "\","), std::string::npos);
    EXPECT_NE(m.find("# TYPE advieslijn_webhook_deliveries_total counter\n"), std::string::npos);
    EXPECT_NE(m.find("\nadvieslijn_webhook_failures_total{tenant=\"demo\"} 0\n"), std::string::npos);
    EXPECT_NE(m.find("\nadvieslijn_webhook_outbox_depth{tenant=\"demo\"} 0\n"), std::string::npos);
    EXPECT_NE(m.find("\nadvieslijn_websocket_connections 0\n"), std::string::npos);
    EXPECT_NE(m.find("\nadvieslijn_sse_connections 0\n"), std::string::npos);
    EXPECT_NE(m.find("\nadvieslijn_contacts_total{tenant=\"demo\",channel=\"chat\"} 1\n"), std::string::npos) << m;
    EXPECT_NE(m.find("\nadvieslijn_questions_total{tenant=\"demo\",channel=\"chat\",decision=\""),
              std::string::npos);
    EXPECT_EQ(m.find("advieslijn_sla_scanner_seconds_since_clean_pass"), std::string::npos);

    // The process figures are this process's, read from /proc.
    auto value = [&](const std::string& name) {
        const auto at = m.find("\n" + name + " ");
        EXPECT_NE(at, std::string::npos) << name;
        return at == std::string::npos ? -1.0 : std::stod(m.substr(at + name.size() + 2));
    };
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_GT(value("process_resident_memory_bytes"), 1e6);
    EXPECT_GE(value("process_open_fds"), 3);
    EXPECT_GE(value("process_cpu_seconds_total"), 0);
    // Started by this test: within the last few minutes (start time has a tick's precision).
    EXPECT_NEAR(value("process_start_time_seconds"), now - 60, 120);
    EXPECT_NEAR(value("advieslijn_scanner_last_pass_timestamp_seconds"), now, 30);
}

TEST_F(Observability, PromtoolFindsNoProblemInTheLiveMetrics) {
    const std::string promtool = find_program("promtool");
    if (promtool.empty()) GTEST_SKIP() << "promtool not installed (Debian package prometheus; ops/test installs it)";
    const std::string m = scrape();
    const auto r = run_command(promtool + " check metrics", m);
    // Exit 0 and no output: no lint problem at all (promtool prints each one it finds).
    EXPECT_EQ(r.code, 0) << r.output;
    EXPECT_EQ(r.output, "") << r.output;
}

TEST_F(Observability, RealPrometheusScrapesTheGatewayAndAnswersAQuery) {
    const std::string prometheus = find_program("prometheus");
    if (prometheus.empty()) GTEST_SKIP() << "prometheus not installed (Debian package prometheus; ops/test installs it)";
    const std::string dir = "/tmp/advieslijn-prometheus-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/data");
    // A free loopback port of our own: Debian's package may run a system Prometheus on 9090.
    const std::uint16_t port = free_port();
    std::ofstream(dir + "/prometheus.yml")
        << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        << "rule_files:\n  - " << source_dir() << "/ops/prometheus/alerts.yml\n"
        << "scrape_configs:\n  - job_name: advieslijn\n    static_configs:\n"
        << "      - targets: ['127.0.0.1:" << server_.port() << "']\n";
    {
        Process p({prometheus, "--config.file=" + dir + "/prometheus.yml",
                   "--storage.tsdb.path=" + dir + "/data",
                   "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                  dir + "/prometheus.log");
        json result;
        const bool found = eventually(
            [&] {
                auto r = http_request(port, "GET", "/api/v1/query?query=advieslijn_build_info");
                if (r.status != 200) return false;
                result = json::parse(r.body, nullptr, false);
                return result.is_object() && result["status"] == "success" &&
                       !result["data"]["result"].empty();
            },
            std::chrono::seconds(30));
        ASSERT_TRUE(found) << result.dump() << "\n" << p.log();
        const auto& series = result["data"]["result"][0];
        EXPECT_EQ(series["metric"]["job"], "advieslijn");
        EXPECT_EQ(series["metric"]["instance"], "127.0.0.1:" + std::to_string(server_.port()));
        EXPECT_EQ(series["metric"]["version"], ADVIESLIJN_VERSION);
        EXPECT_EQ(series["value"][1], "1");
        // The scrape itself was healthy, and the alert rules loaded without error.
        auto up = json::parse(http_request(port, "GET", "/api/v1/query?query=up").body);
        ASSERT_FALSE(up["data"]["result"].empty()) << up.dump();
        EXPECT_EQ(up["data"]["result"][0]["value"][1], "1");
        auto rules = json::parse(http_request(port, "GET", "/api/v1/rules").body);
        std::size_t loaded = 0;
        for (const auto& g : rules["data"]["groups"])
            for (const auto& rule : g["rules"]) {
                ++loaded;
                EXPECT_EQ(rule["health"], "ok") << rule.dump();
            }
        EXPECT_EQ(loaded, 7u) << rules.dump();
        p.signal(SIGTERM);
        EXPECT_EQ(p.wait(std::chrono::seconds(10)), 0) << p.log();
    }
    std::filesystem::remove_all(dir);
}

TEST_F(Observability, AlertRulesAndDashboardNameOnlyExportedMetrics) {
    const std::set<std::string> exported = exported_names(scrape());
    const auto rules = metric_names(read_file(source_dir() + "/ops/prometheus/alerts.yml"));
    ASSERT_GE(rules.size(), 7u);
    for (const auto& name : rules) EXPECT_TRUE(exported.contains(name)) << "alerts.yml: " << name;

    // Every query of every panel (rows may nest panels) names exported metrics only.
    const json dashboard = json::parse(read_file(source_dir() + "/ops/grafana/advieslijn.json"));
    std::size_t exprs = 0;
    std::function<void(const json&)> walk = [&](const json& panels) {
        for (const auto& panel : panels) {
            if (panel.contains("panels")) walk(panel["panels"]);
            for (const auto& target : panel.value("targets", json::array())) {
                const std::string expr = target.at("expr");
                ++exprs;
                const auto names = metric_names(expr);
                EXPECT_FALSE(names.empty()) << expr;
                for (const auto& name : names)
                    EXPECT_TRUE(exported.contains(name)) << "dashboard: " << name << " in " << expr;
            }
        }
    };
    walk(dashboard.at("panels"));
    EXPECT_GE(exprs, 10u);
}

namespace {

// The real binary with JSON logs, whose log file the test reads.
class RequestIds : public ::testing::Test {
protected:
    RedisServer redis_;
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url(), {{"ADVIESLIJN_LOG_FORMAT", "json"}}};

    static std::string callback_body(const std::string& phone) {
        return json{{"site_key", "demo"}, {"phone", phone},       {"lang", "nl"},
                    {"question", "Mijn zoon eet slecht"}, {"consent", true}}
            .dump();
    }
    // The log's lines that are JSON objects (all of them in JSON mode).
    std::vector<json> log_lines() {
        std::vector<json> out;
        std::istringstream lines(server_.process().log());
        for (std::string line; std::getline(lines, line);) {
            auto j = json::parse(line, nullptr, false);
            EXPECT_TRUE(j.is_object()) << "not JSON: " << line;
            if (j.is_object()) out.push_back(std::move(j));
        }
        return out;
    }
    // Waits (the logger flushes info lines once a second) for a line whose msg contains `text`.
    std::optional<json> wait_for_line(const std::string& text) {
        std::optional<json> found;
        eventually([&] {
            for (auto& l : log_lines())
                if (l.value("msg", "").find(text) != std::string::npos) found = l;
            return found.has_value();
        });
        return found;
    }
};

bool generated_id(const std::string& id) {
    return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

TEST_F(RequestIds, TakenFromTheRequestEchoedLoggedAndInTheTaskHistoryAndEvents) {
    const std::string rid = "form-7f3a.b_C9";
    auto r = server_.request("POST", "/v1/callbacks", callback_body("+31612345678"), {{"X-Request-Id", rid}});
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.headers["x-request-id"], rid);
    const auto created = json::parse(r.body);

    // The service layer's line, written after the Redis round trip of the creation.
    auto line = wait_for_line("callback " + created["reference"].get<std::string>());
    ASSERT_TRUE(line) << server_.process().log();
    EXPECT_EQ((*line)["request_id"], rid) << line->dump();
    // The access line: its facts are JSON fields, not a sentence.
    // (Written after the response, so it may reach the log file a flush later.)
    bool seen = false;
    std::vector<json> lines;
    eventually([&] {
        lines = log_lines();
        for (const auto& l : lines)
            if (l.value("msg", "") == "access" && l.value("target", "") == "/v1/callbacks") return true;
        return false;
    });
    for (const auto& l : lines) {
        if (l.value("msg", "") != "access" || l.value("target", "") != "/v1/callbacks") continue;
        seen = true;
        EXPECT_EQ(l["request_id"], rid);
        EXPECT_EQ(l["method"], "POST");
        EXPECT_EQ(l["status"], 201);
        EXPECT_TRUE(l["duration_ms"].is_number()) << l.dump();
        EXPECT_TRUE(l["bytes"].is_number_unsigned());
        EXPECT_EQ(l["remote"], "127.0.0.1");
    }
    EXPECT_TRUE(seen) << server_.process().log();
    // Never the caller's number, whole or in part.
    EXPECT_EQ(server_.process().log().find("12345678"), std::string::npos) << server_.process().log();

    const std::string id = created["id"];
    EXPECT_NE(redis_.cli("LRANGE 'cb:{demo}:hist:" + id + "' 0 -1").find("\"request_id\":\"" + rid + "\""),
              std::string::npos)
        << redis_.cli("LRANGE 'cb:{demo}:hist:" + id + "' 0 -1");
    const std::string events = redis_.cli("XRANGE 'cb:{demo}:events' - +");
    EXPECT_NE(events.find("request_id\n" + rid + "\n"), std::string::npos) << events;
}

TEST_F(RequestIds, UnsafeLongOrMissingIdsAreReplacedByGeneratedOnes) {
    for (const std::string bad : {std::string("two words"), std::string("x\"><script>"),
                                  std::string("a/b"), std::string(65, 'a')}) {
        auto r = server_.request("GET", "/healthz", "", {{"X-Request-Id", bad}});
        ASSERT_EQ(r.status, 200);
        EXPECT_TRUE(generated_id(r.headers["x-request-id"])) << bad << " -> " << r.headers["x-request-id"];
    }
    const std::string longest(64, 'z');
    EXPECT_EQ(server_.request("GET", "/healthz", "", {{"X-Request-Id", longest}}).headers["x-request-id"],
              longest);
    const auto a = server_.request("GET", "/healthz").headers["x-request-id"];
    const auto b = server_.request("GET", "/healthz").headers["x-request-id"];
    EXPECT_TRUE(generated_id(a)) << a;
    EXPECT_NE(a, b);
    // An error answer carries one too, so a caller's complaint can be found in the logs.
    EXPECT_TRUE(generated_id(server_.request("GET", "/no/such/thing").headers["x-request-id"]));
}

// Requests served at the same time on the server's threads: each log line after a co_await
// still names its own request (the id follows the coroutine, not the thread).
TEST_F(RequestIds, ConcurrentRequestsKeepTheirOwnIdsAcrossRedisRoundTrips) {
    constexpr int n = 12;
    std::vector<std::string> references(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            auto r = server_.request("POST", "/v1/callbacks", callback_body("+316123456" + std::to_string(10 + i)),
                                     {{"X-Request-Id", "concurrent-" + std::to_string(i)}});
            if (r.status == 201) references[i] = json::parse(r.body)["reference"];
        });
    for (auto& t : threads) t.join();
    for (int i = 0; i < n; ++i) {
        ASSERT_FALSE(references[i].empty()) << i;
        auto line = wait_for_line("callback " + references[i] + " ");
        ASSERT_TRUE(line) << references[i];
        EXPECT_EQ((*line)["request_id"], "concurrent-" + std::to_string(i)) << line->dump();
    }
}

// Text logs (the default) carry the id too, before the message.
TEST(RequestIdsInTextLogs, TheAccessLineStartsWithTheRequestId) {
    RedisServer redis;
    ServerProcess server(ADVIESLIJN_BINARY, redis.url());
    ASSERT_EQ(server.request("GET", "/healthz", "", {{"X-Request-Id", "text-mode-1"}}).status, 200);
    EXPECT_TRUE(eventually([&] {
        return server.process().log().find("req=text-mode-1 127.0.0.1 \"GET /healthz\" 200 ") != std::string::npos;
    })) << server.process().log();
}
