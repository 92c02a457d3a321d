// Two gateways on one Redis, as behind nginx (ops/nginx/advieslijn.conf): two real processes
// (the test build, whose callbacks clock is fake and moved over HTTP), one redis-server, one
// receiver for the supervisors' webhooks. What must hold with two instances (issue 16):
//   - any instance serves any step of a call, a chat and a console session;
//   - with both scanners running, each SLA stage (at risk, breach, second level) is recorded
//     once per task, and each urgent and escalation webhook is sent once;
//   - specialists claiming through both instances at once never get the same task.
//   - a console's event stream opened on B just after start gets every task's events, those
//     made on A included (it once missed the early ones: docs/operations.md, "Several
//     gateways"); events through nginx are tested in tests/ops/nginx_test.py.
// The clocks of the two processes are set to the same instant before each step, the way two
// machines on NTP agree to within milliseconds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/twilio.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace advieslijn::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string token = "twilio-test-token";
const std::string public_url = "https://line.example.org";
const std::string line_number = "+31880030060";

std::string config_for(const std::string& hook_url) {
    static int counter = 0;
    return write_two_tenant_config(
        "/tmp/advieslijn-two-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".json",
        [&](json& c) {
            c["callbacks"]["escalation_webhook_url"] = hook_url;
            c["callbacks"]["scan_interval_ms"] = 50;  // both scanners tick often: races show
            c["log"]["access_log"] = false;
        });
}

class TwoGateways : public ::testing::Test {
protected:
    RedisServer redis_;
    WebhookReceiver hooks_;
    std::string config_ = config_for(hooks_.url());
    const std::map<std::string, std::string> env_{{"TWILIO_AUTH_TOKEN", token},
                                                  {"ADVIESLIJN_PUBLIC_URL", public_url},
                                                  {"ADVIESLIJN_WEBHOOK_SECRET", "hook-secret"}};
    ServerProcess a_{ADVIESLIJN_TEST_SERVER, redis_.url(), env_, config_};
    ServerProcess b_{ADVIESLIJN_TEST_SERVER, redis_.url(), env_, config_};

    void SetUp() override {
        for (const char* who : {"alice", "bram", "carol"}) {
            const std::string role = who == std::string("carol") ? "supervisor" : "specialist";
            auto r = run_command("ADVIESLIJN_WEBHOOK_SECRET=hook-secret " + std::string(ADVIESLIJN_BINARY) + " user add " + who + " --role " + role +
                                     " --tenant demo --config " + config_ + " --redis " + redis_.url(),
                                 password(who) + "\n");
            ASSERT_EQ(r.code, 0) << r.output;
        }
        set_clocks(std::chrono::system_clock::now());
    }
    static std::string password(const std::string& user) { return user + "-secret-pass"; }

    // Both processes' callbacks clocks at `t`.
    void set_clocks(std::chrono::system_clock::time_point t) {
        now_ = t;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
        for (auto* gw : {&a_, &b_}) {
            auto r = gw->request("POST", "/test/clock", json{{"set_ms", ms}}.dump(),
                                 {{"Content-Type", "application/json"}});
            ASSERT_EQ(r.status, 200) << r.body;
        }
    }
    void advance_clocks(std::chrono::milliseconds d) { set_clocks(now_ + d); }

    std::string login(const ServerProcess& gw, const std::string& user) {
        auto r = gw.request("POST", "/v1/auth/login",
                            json{{"username", user}, {"password", password(user)}, {"token", true}}.dump(),
                            {{"Content-Type", "application/json"}});
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body).value("token", "");
    }
    static HttpReply call(const ServerProcess& gw, const std::string& method, const std::string& target,
                          const std::string& bearer, const std::string& body = "") {
        std::map<std::string, std::string> headers{{"Authorization", "Bearer " + bearer}};
        if (!body.empty()) headers["Content-Type"] = "application/json";
        return gw.request(method, target, body, headers);
    }
    static std::string create(const ServerProcess& gw, const std::string& phone, const std::string& question) {
        auto r = gw.request("POST", "/v1/callbacks",
                            json{{"site_key", "demo"}, {"phone", phone}, {"lang", "nl"},
                                 {"question", question}, {"consent", true}}
                                .dump(),
                            {{"Content-Type", "application/json"}, {"Idempotency-Key", "two-" + phone}});
        EXPECT_EQ(r.status, 201) << r.body;
        return json::parse(r.body).value("id", "");
    }
    static HttpReply twilio(const ServerProcess& gw, const std::string& target,
                            const std::map<std::string, std::string>& params) {
        return gw.request("POST", target, form_encode(params),
                          {{"Content-Type", "application/x-www-form-urlencoded"},
                           {"X-Twilio-Signature", twilio_signature(token, public_url + target, params)}});
    }
    // How often each task's history holds `action`, read through `gw`.
    std::map<std::string, int> history_counts(const ServerProcess& gw, const std::string& bearer,
                                              const std::vector<std::string>& ids, const std::string& action) {
        std::map<std::string, int> out;
        for (const auto& id : ids) {
            auto r = call(gw, "GET", "/v1/callbacks/" + id, bearer);
            EXPECT_EQ(r.status, 200) << r.body;
            int n = 0;
            const json task = json::parse(r.body);  // named: a range-for over a temporary's member dangles
            for (const auto& h : task["history"])
                if (h.value("action", "") == action) ++n;
            out[id] = n;
        }
        return out;
    }
    // The webhooks of `event` the receiver got, per task id.
    std::map<std::string, int> webhooks(const std::string& event) const {
        std::map<std::string, int> out;
        for (const auto& body : hooks_.bodies())
            if (auto j = json::parse(body, nullptr, false); j.is_object() && j.value("event", "") == event)
                ++out[j.value("task_id", "")];
        return out;
    }
    static std::map<std::string, int> once_each(const std::vector<std::string>& ids) {
        std::map<std::string, int> out;
        for (const auto& id : ids) out[id] = 1;
        return out;
    }

    std::chrono::system_clock::time_point now_;
};

}  // namespace

TEST_F(TwoGateways, EitherInstanceServesEachStepOfACallAChatAndAConsoleSession) {
    // A call: the greeting from A, the question to B, each keypad step to the other one.
    const std::map<std::string, std::string> call_params{{"CallSid", "CA2GW"}, {"From", "+31612345678"},
                                                         {"To", line_number}, {"AccountSid", "AC1"},
                                                         {"CallStatus", "in-progress"}};
    auto greet = twilio(a_, "/v1/twilio/voice", call_params);
    ASSERT_EQ(greet.status, 200) << greet.body;
    auto params = call_params;
    params["SpeechResult"] = "ik heb een vraag over de belastingaangifte van mijn oom";
    auto step = twilio(b_, twiml_action(greet.body), params);
    ASSERT_EQ(step.status, 200) << step.body;
    std::string twiml = step.body;
    const ServerProcess* next = &a_;
    for (int i = 0; i < 10 && !twiml_action(twiml).empty(); ++i) {
        auto p = call_params;
        p["Digits"] = "1";
        auto r = twilio(*next, twiml_action(twiml), p);
        ASSERT_EQ(r.status, 200) << r.body;
        twiml = r.body;
        next = next == &a_ ? &b_ : &a_;
    }
    EXPECT_NE(twiml.find("<Hangup"), std::string::npos) << twiml;
    const std::string keys = redis_.cli("--scan --pattern 'cb:{demo}:task:*'");
    EXPECT_EQ(std::count(keys.begin(), keys.end(), '\n'), 1) << "one task for the call: " << keys;

    // A chat: opened on A, answered on B, its transcript read back on A.
    auto opened = a_.request("POST", "/v1/chat/sessions", json{{"site_key", "demo"}, {"lang", "nl"}}.dump());
    ASSERT_EQ(opened.status, 201) << opened.body;
    const std::string session = json::parse(opened.body)["session_id"];
    auto answer = b_.request("POST", "/v1/chat/sessions/" + session + "/messages",
                             json{{"text", "Mijn baby wil niet doorslapen"}}.dump());
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(json::parse(answer.body)["type"], "answer") << answer.body;
    auto transcript = a_.request("GET", "/v1/chat/sessions/" + session);
    ASSERT_EQ(transcript.status, 200) << transcript.body;
    EXPECT_NE(transcript.body.find("doorslapen"), std::string::npos) << transcript.body;

    // A console session: logged in on A, valid on B, logged out on B, refused on A.
    const std::string alice = login(a_, "alice");
    ASSERT_FALSE(alice.empty());
    EXPECT_EQ(call(b_, "GET", "/v1/auth/me", alice).status, 200);
    EXPECT_EQ(call(b_, "POST", "/v1/auth/logout", alice).status / 100, 2);
    EXPECT_EQ(call(a_, "GET", "/v1/auth/me", alice).status, 401);
}

TEST_F(TwoGateways, EachSlaStageAndEachWebhookHappensOnceWithBothScannersRunning) {
    const std::string carol = login(b_, "carol");
    // Carol's console on B, open before any task is made (on A or B).
    SseClient events(b_.port(), "Authorization: Bearer " + carol + "\r\n");
    ASSERT_TRUE(events.wait_for("retry: 3000")) << events.received();

    // Six ordinary requests through both instances, and two urgent ones (a risk phrase).
    std::vector<std::string> normal, urgent;
    for (int i = 0; i < 6; ++i)
        normal.push_back(create(i % 2 ? b_ : a_, "+3161000000" + std::to_string(i),
                                "Mijn zoon van " + std::to_string(3 + i) + " bijt andere kinderen"));
    for (int i = 0; i < 2; ++i)
        urgent.push_back(create(i % 2 ? b_ : a_, "+3162000000" + std::to_string(i),
                                "mijn man slaat mij en de kinderen"));
    std::vector<std::string> all = normal;
    all.insert(all.end(), urgent.begin(), urgent.end());
    for (const auto& id : all) ASSERT_FALSE(id.empty());

    ASSERT_TRUE(eventually([&] { return webhooks("callback.urgent").size() == urgent.size(); }))
        << hooks_.bodies().size();

    // Every stage, one after the other, with both scanners ticking every 50 ms: first for the
    // urgent tasks (1 h SLA), then for the ordinary ones (24 h).
    struct Stage {
        std::chrono::hours at;
        const std::vector<std::string>* tasks;
        std::string action;
    };
    const std::vector<Stage> stages{{2h, &urgent, "breached"},
                                    {6h, &urgent, "escalated"},
                                    {19h, &normal, "at_risk"},
                                    {25h, &normal, "breached"},
                                    {30h, &normal, "escalated"}};
    const auto start = now_;
    for (const auto& stage : stages) {
        set_clocks(start + stage.at);
        ASSERT_TRUE(eventually([&] {
            for (const auto& [id, n] : history_counts(a_, carol, *stage.tasks, stage.action))
                if (n == 0) return false;
            return true;
        })) << stage.action;
        // Many more ticks of both scanners: what fired, fired once.
        std::this_thread::sleep_for(500ms);
        EXPECT_EQ(history_counts(b_, carol, *stage.tasks, stage.action), once_each(*stage.tasks))
            << stage.action;
    }
    ASSERT_TRUE(eventually([&] { return webhooks("callback.escalation").size() == all.size(); }))
        << hooks_.bodies().size();
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(webhooks("callback.urgent"), once_each(urgent));
    EXPECT_EQ(webhooks("callback.escalation"), once_each(all));
    // The console on B heard every task made, on either instance, and each escalation once.
    auto heard = [&](const std::string& type) {
        std::map<std::string, int> per_task;
        for (const auto& e : events.events())
            if (e.is_object() && e.value("type", "") == type) ++per_task[e.value("task", "")];
        return per_task;
    };
    ASSERT_TRUE(eventually([&] {
        events.wait_for("never sent", 100ms);  // reads what has arrived meanwhile
        return heard("escalated").size() == all.size();
    })) << events.received();
    EXPECT_EQ(heard("created"), once_each(all)) << events.received();
    EXPECT_EQ(heard("escalated"), once_each(all)) << events.received();
}

TEST_F(TwoGateways, SpecialistsClaimingThroughBothInstancesNeverShareATask) {
    constexpr int tasks = 24;
    std::set<std::string> created;
    for (int i = 0; i < tasks; ++i)
        created.insert(create(i % 2 ? b_ : a_, "+316300000" + std::to_string(10 + i),
                              "Vraag over zindelijkheid nummer " + std::to_string(i)));
    ASSERT_EQ(created.size(), static_cast<std::size_t>(tasks));

    // Two specialists, each with one session on each instance: four claimers at once.
    const std::string alice = login(a_, "alice"), bram = login(b_, "bram");
    std::mutex m;
    std::map<std::string, std::vector<std::string>> claimed_by;  // task -> claimers
    std::atomic<int> errors{0};
    auto claimer = [&](const ServerProcess& gw, const std::string& bearer, const std::string& name) {
        for (;;) {
            auto r = call(gw, "POST", "/v1/callbacks/claim-next", bearer, "{}");
            if (r.status != 200) {
                ++errors;
                return;
            }
            auto body = json::parse(r.body);
            if (body["task"].is_null()) return;
            const std::string id = body["task"]["id"];
            // Done at once, so the claimer's next claim-next takes another task.
            auto done = call(gw, "POST", "/v1/callbacks/" + id + "/complete", bearer,
                             json{{"outcome", "reached"}}.dump());
            if (done.status != 200) ++errors;
            std::lock_guard lock(m);
            claimed_by[id].push_back(name);
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back(claimer, std::cref(a_), alice, "alice@a");
    threads.emplace_back(claimer, std::cref(b_), alice, "alice@b");
    threads.emplace_back(claimer, std::cref(a_), bram, "bram@a");
    threads.emplace_back(claimer, std::cref(b_), bram, "bram@b");
    for (auto& t : threads) t.join();

    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(claimed_by.size(), created.size());
    for (const auto& [id, who] : claimed_by) {
        EXPECT_TRUE(created.count(id)) << id;
        EXPECT_EQ(who.size(), 1u) << id << " claimed by " << who.size();
    }
}
