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

