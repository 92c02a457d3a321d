// The municipality's reports (docs/reports.md) from a scripted day through the real gateway:
// Twilio voice, SMS and WhatsApp webhooks signed as Twilio signs them, chats, callback forms,
// specialists completing tasks inside and outside the SLA, on the test server's fake clock at
// a fixed Dutch date. The figures must be exactly the ones the script made, in JSON and CSV.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "contact/statistics.hpp"
#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/twilio.hpp"

using namespace advieslijn::test;
using nlohmann::json;

namespace {

const std::string token = "twilio-test-token";
const std::string public_url = "http://line.example.org";
const std::string line_number = "+31880030060";

// 2026-03-09 07:00 UTC is 08:00 on the Dutch clock (CET, winter time).
constexpr long long march_9_0800 = 1773039600000LL;
constexpr long long minute = 60'000;

class ReportsApi : public ::testing::Test {
protected:
    RedisServer redis_;
    std::string config_ = write_two_tenant_config(
        "/tmp/advieslijn-reports-" + std::to_string(::getpid()) + ".json",
        [](json& c) { c["log"]["access_log"] = false; });
    ServerProcess server_{ADVIESLIJN_TEST_SERVER, redis_.url(),
                          {{"TWILIO_AUTH_TOKEN", token}, {"ADVIESLIJN_PUBLIC_URL", public_url}}, config_};

    void SetUp() override {
        add_user("anna", "specialist", "demo");
        add_user("carol", "supervisor", "demo");
        add_user("nina", "supervisor", "noord");
        add_user("ada", "admin", "noord");
    }
    void add_user(const std::string& name, const std::string& role, const std::string& tenant) {
        auto r = run_command(std::string(ADVIESLIJN_BINARY) + " user add " + name + " --role " + role +
                                 " --tenant " + tenant + " --name " + name + " --config " + config_ +
                                 " --redis " + redis_.url(),
                             name + "-secret-pass\n");
        ASSERT_EQ(r.code, 0) << r.output;
    }
    std::string login(const std::string& user) {
        auto r = server_.request("POST", "/v1/auth/login",
                                 json{{"username", user}, {"password", user + "-secret-pass"}, {"token", true}}.dump(),
                                 {{"Content-Type", "application/json"}});
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body).value("token", "");
    }
    HttpReply as(const std::string& who, const std::string& method, const std::string& target,
                 const json& body = nullptr, std::map<std::string, std::string> headers = {}) {
        headers["Authorization"] = "Bearer " + login(who);
        if (!body.is_null()) headers["Content-Type"] = "application/json";
        return server_.request(method, target, body.is_null() ? "" : body.dump(), headers);
    }
    void clock(const json& body) {
        auto r = server_.request("POST", "/test/clock", body.dump(), {{"Content-Type", "application/json"}});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    // Twilio.
    HttpReply twilio(const std::string& target, const std::map<std::string, std::string>& params) {
        return server_.request("POST", target, form_encode(params),
                               {{"Content-Type", "application/x-www-form-urlencoded"},
                                {"X-Twilio-Signature", twilio_signature(token, public_url + target, params)}});
    }
    std::map<std::string, std::string> call(const std::string& sid, const std::string& from) {
        return {{"CallSid", sid}, {"From", from}, {"To", line_number}, {"CallStatus", "in-progress"}};
    }
    // A call: the greeting, `speech`, then `digits` pressed at each following prompt until the
    // line hangs up (or no digits are left).
    void phone_call(const std::string& sid, const std::string& from, const std::string& speech,
                    std::vector<std::string> digits = {}) {
        auto greet = twilio("/v1/twilio/voice", call(sid, from));
        ASSERT_EQ(greet.status, 200) << greet.body;
        auto params = call(sid, from);
        params["SpeechResult"] = speech;
        auto r = twilio(twiml_action(greet.body), params);
        ASSERT_EQ(r.status, 200) << r.body;
        for (const auto& d : digits) {
            if (twiml_action(r.body).empty()) break;
            auto p = call(sid, from);
            p["Digits"] = d;
            r = twilio(twiml_action(r.body), p);
            ASSERT_EQ(r.status, 200) << r.body;
        }
    }
    void text(const std::string& sid, const std::string& from, const std::string& body) {
        auto r = twilio("/v1/twilio/messaging", {{"MessageSid", sid}, {"From", from}, {"To", line_number}, {"Body", body}});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    // Chat and form.
    std::string chat(const std::string& message) {
        auto s = server_.request("POST", "/v1/chat/sessions", json{{"site_key", "demo"}, {"lang", "nl"}}.dump());
        EXPECT_EQ(s.status, 201) << s.body;
        const std::string id = json::parse(s.body).value("session_id", "");
        auto r = server_.request("POST", "/v1/chat/sessions/" + id + "/messages", json{{"text", message}}.dump());
        EXPECT_EQ(r.status, 200) << r.body;
        return id;
    }
    std::string form(const std::string& phone, const std::string& session = {}) {
        json body = {{"site_key", "demo"}, {"phone", phone}, {"lang", "nl"},
                     {"question", "Kunt u mij terugbellen?"}, {"consent", true}};
        if (!session.empty()) body["session_id"] = session;
        auto r = server_.request("POST", "/v1/callbacks", body.dump(), {{"Content-Type", "application/json"}});
        EXPECT_EQ(r.status, 201) << r.body;
        return json::parse(r.body).value("id", "");
    }

    // The demo tenant's tasks in every state.
    json all_tasks() {
        json out = json::array();
        for (const char* state : {"queued", "claimed", "completed", "cancelled"}) {
            auto r = as("carol", "GET", std::string("/v1/callbacks?tenant=demo&limit=100&state=") + state);
            EXPECT_EQ(r.status, 200) << r.body;
            const json page = json::parse(r.body);
            for (const auto& t : page["tasks"]) out.push_back(t);
        }
        return out;
    }
    // The demo tenant's task for a number (the console list shows the last four digits).
    std::string task_of(const std::string& last_four) {
        const json tasks = all_tasks();
        for (const auto& t : tasks)
            if (t.value("phone_masked", "").ends_with(last_four)) return t["id"];
        ADD_FAILURE() << "no task for " << last_four << ": " << tasks.dump();
        return "";
    }
    void specialist(const std::string& id, const std::string& op, const json& body = json::object()) {
        auto r = as("anna", "POST", "/v1/callbacks/" + id + "/" + op, body);
        ASSERT_EQ(r.status, 200) << op << ": " << r.body;
    }
};

}  // namespace

TEST_F(ReportsApi, AScriptedDayGivesExactlyItsFiguresInJsonAndCsv) {
    // The day before, 08:00: a web form on its own. It is due the next morning at 08:00.
    clock({{"set_ms", march_9_0800}});
    const std::string late = form("+31611110000");

    // 2026-03-10, 08:30: three calls. One answered, one handed over (the caller confirms the
    // number he calls from), one urgent (declines to be put through).
    clock({{"set_ms", march_9_0800 + 24 * 60 * minute + 30 * minute}});
    phone_call("CA1", "+31611110001", "mijn baby wil niet doorslapen");
    // Own number, voicemail yes, CJG yes, any time (0), weekend fine (1), no other number
    // (nothing typed), no note (1).
    phone_call("CA2", "+31611110002", "ik heb een vraag over de belastingaangifte van mijn oom",
               {"1", "1", "1", "0", "1", "", "1"});
    phone_call("CA3", "+31611110003", "mijn man slaat mij en de kinderen", {"2"});
    const std::string handed_over = task_of("0002"), urgent = task_of("0003");

    // 08:40 a first attempt at the urgent one; 09:00 it is referred, the other one reached.
    clock({{"advance_ms", 10 * minute}});
    specialist(urgent, "claim");
    specialist(urgent, "attempts", {{"result", "no_answer"}});
    clock({{"advance_ms", 20 * minute}});
    specialist(urgent, "claim");
    specialist(urgent, "complete", {{"outcome", "referred"}, {"referral", "Veilig Thuis"}});
    specialist(handed_over, "claim");
    specialist(handed_over, "complete", {{"outcome", "reached"}});

    // 09:30: an SMS answered and found helpful; a WhatsApp question handed over on request.
    clock({{"advance_ms", 30 * minute}});
    text("SM1", "+31611110004", "mijn baby wil niet doorslapen");
    text("SM2", "+31611110004", "ja");
    text("SM3", "whatsapp:+31611110005", "ik heb een vraag over de belastingaangifte van mijn oom");
    text("SM4", "whatsapp:+31611110005", "bel me");

    // 10:30: three chats (answered but no help, choices, no answer and then the form), and a
    // form on its own; then yesterday's form is done, two and a half hours late.
    clock({{"advance_ms", 60 * minute}});
    const std::string answered = chat("Mijn peuter heeft driftbuien");
    auto feedback = server_.request("POST", "/v1/chat/sessions/" + answered + "/feedback",
                                    json{{"article_id", "driftbuien-peuter"}, {"helped", false}}.dump());
    ASSERT_EQ(feedback.status, 204) << feedback.body;
    chat("gepest op school");
    form("+31611110006", chat("Wat is de hoofdstad van Peru?"));
    form("+31611110007");
    specialist(late, "claim");
    specialist(late, "complete", {{"outcome", "advised"}});

    // The supervisor's exact view of that day.
    auto r = as("carol", "GET", "/v1/reports/daily?from=2026-03-10&to=2026-03-10&exact=true");
    ASSERT_EQ(r.status, 200) << r.body;
    const json report = json::parse(r.body);
    EXPECT_EQ(report["small_counts"], "exact");
    ASSERT_EQ(report["periods"].size(), 1u);
    const json& day = report["periods"][0];
    EXPECT_EQ(day["period"], "2026-03-10");
    EXPECT_EQ(day["contacts"], (json{{"total", 9}}));
    EXPECT_EQ(day["contacts_by_channel"], (json{{"voice", 3}, {"sms", 1}, {"whatsapp", 1}, {"chat", 3}, {"form", 1}}));
    EXPECT_EQ(day["contacts_by_hour"]["08"], 3);
    EXPECT_EQ(day["contacts_by_hour"]["09"], 2);
    EXPECT_EQ(day["contacts_by_hour"]["10"], 4);
    EXPECT_EQ(day["contacts_by_hour"]["07"], 0);
    EXPECT_EQ(day["questions"],
              (json{{"total", 9}, {"answered", 3}, {"choices", 1}, {"handoff", 4}, {"urgent", 1}}));
    EXPECT_EQ(day["languages"], (json{{"nl", 9}}));
    EXPECT_EQ(day["topics"], (json{{"slapen", 2}, {"driftbuien", 1}, {"pesten", 1}}));
    EXPECT_EQ(day["risk_categories"]["domestic_violence"], 1) << day["risk_categories"];
    EXPECT_EQ(day["feedback_helped"], (json{{"nl/slapen-baby-doorslapen", 1}}));
    EXPECT_EQ(day["feedback_not_helped"], (json{{"nl/driftbuien-peuter", 1}}));
    EXPECT_EQ(day["callbacks"], (json{{"created", 5}, {"repeat_contacts", 0}, {"completed", 3},
                                      {"within_sla", 2}, {"cancelled", 0}}));
    EXPECT_EQ(day["callbacks_by_priority"], (json{{"urgent", 1}, {"high", 0}, {"normal", 4}}));
    // First calls 10, 30 and 1590 minutes after the request; completions 30, 30 and 1590.
    EXPECT_EQ(day["time_to_first_call_minutes"], (json{{"count", 3}, {"median", 30}, {"p90", 1590}}));
    EXPECT_EQ(day["time_to_completion_minutes"], (json{{"count", 3}, {"median", 30}, {"p90", 1590}}));
    EXPECT_EQ(day["calls_per_task"], (json{{"1", 2}, {"2", 1}}));
    EXPECT_EQ(day["outcomes"], (json{{"advised", 1}, {"reached", 1}, {"referred", 1}}));
    EXPECT_EQ(day["referrals"], (json{{"Veilig Thuis", 1}}));

    // The task list of that day says the same: five requests made, three done.
    const json tasks = all_tasks();
    int made = 0, done = 0;
    for (const auto& t : tasks) {
        made += t.value("created_at", "").starts_with("2026-03-10") ? 1 : 0;
        done += t.value("state", "") == "completed" ? 1 : 0;
    }
    EXPECT_EQ(made, 5);
    EXPECT_EQ(done, 3);

    // The day before: one contact, one created task; the range's total adds both days up.
    auto two = json::parse(as("carol", "GET", "/v1/reports/daily?from=2026-03-09&to=2026-03-10&exact=true").body);
    ASSERT_EQ(two["periods"].size(), 2u);
    EXPECT_EQ(two["periods"][0]["contacts"]["total"], 1);
    EXPECT_EQ(two["periods"][0]["callbacks"]["created"], 1);
    EXPECT_EQ(two["total"]["contacts"]["total"], 10);
    EXPECT_EQ(two["total"]["callbacks"]["created"], 6);

    // What leaves the line: counts of 1 to 4 as "<5", by default in JSON and always in CSV.
    auto shared = json::parse(as("carol", "GET", "/v1/reports/daily?from=2026-03-10&to=2026-03-10").body);
    const json& hidden = shared["periods"][0];
    EXPECT_EQ(shared["small_counts"], "suppressed");
    EXPECT_EQ(hidden["contacts"]["total"], 9);
    EXPECT_EQ(hidden["contacts_by_channel"]["voice"], "<5");
    EXPECT_EQ(hidden["questions"]["handoff"], "<5");
    EXPECT_EQ(hidden["time_to_first_call_minutes"]["median"], "<5");  // from 3 samples
    EXPECT_EQ(hidden["contacts_by_hour"]["07"], 0);
    EXPECT_EQ(shared.dump().find("1590"), std::string::npos);

    auto csv = as("carol", "GET", "/v1/reports/daily?from=2026-03-10&to=2026-03-10", nullptr,
                  {{"Accept", "text/csv"}});
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_NE(csv.headers["content-type"].find("text/csv"), std::string::npos);
    EXPECT_NE(csv.headers["content-disposition"].find("attachment"), std::string::npos);
    EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBFperiod,measure,key,value\r\n", 0), 0u) << csv.body.substr(0, 80);
    EXPECT_NE(csv.body.find("\r\n2026-03-10,contacts,total,9\r\n"), std::string::npos);
    EXPECT_NE(csv.body.find("\r\n2026-03-10,contacts_by_channel,voice,<5\r\n"), std::string::npos);
    EXPECT_NE(csv.body.find("\r\n2026-03-10,referrals,Veilig Thuis,<5\r\n"), std::string::npos);
    EXPECT_NE(csv.body.find("\r\ntotal,contacts,total,9\r\n"), std::string::npos);
    auto semicolon = as("carol", "GET", "/v1/reports/daily?from=2026-03-10&to=2026-03-10&format=csv&separator=;");
    EXPECT_NE(semicolon.body.find("\r\n2026-03-10;contacts;total;9\r\n"), std::string::npos);
    EXPECT_EQ(as("carol", "GET", "/v1/reports/daily?format=csv&exact=true").status, 400);

    // Both stores keep a day's counters equally long (years, beyond any task's retention).
    for (const std::string key : {"stats:{demo}:day:2026-03-10", "cb:{demo}:day:2026-03-10"}) {
        const long long kept_ms = std::stoll(redis_.cli("PTTL " + key));
        const long long days_ms = advieslijn::contact::statistics_keep_days * 24LL * 60 * minute;
        EXPECT_GT(kept_ms, days_ms - 24LL * 60 * minute) << key;
        EXPECT_LE(kept_ms, days_ms) << key;
    }

    // A month: the same counters summed.
    auto month = json::parse(as("carol", "GET", "/v1/reports/monthly?from=2026-03&to=2026-03&exact=true").body);
    ASSERT_EQ(month["periods"].size(), 1u);
    EXPECT_EQ(month["periods"][0]["period"], "2026-03");
    EXPECT_EQ(month["periods"][0]["contacts"]["total"], 10);
    EXPECT_EQ(month["periods"][0]["callbacks"]["completed"], 3);
}

TEST_F(ReportsApi, EachTenantSeesOnlyItsOwnAndBadRangesAreRefused) {
    clock({{"set_ms", march_9_0800}});
    form("+31611110000");
    const std::string day = "/v1/reports/daily?from=2026-03-09&to=2026-03-09&exact=true";
    // Noord's supervisor cannot ask for demo, and noord's own report is empty.
    EXPECT_EQ(as("nina", "GET", day + "&tenant=demo").status, 404);
    auto noord = json::parse(as("nina", "GET", day).body);
    EXPECT_EQ(noord["periods"][0]["contacts"]["total"], 0);
    EXPECT_EQ(noord["periods"][0]["callbacks"]["created"], 0);
    // An administrator of noord cannot either: one tenant never sees another's figures.
    EXPECT_EQ(as("ada", "GET", day + "&tenant=demo").status, 404);
    EXPECT_EQ(json::parse(as("ada", "GET", day).body)["periods"][0]["contacts"]["total"], 0);
    // Specialists and strangers get nothing.
    EXPECT_EQ(as("anna", "GET", day).status, 403);
    EXPECT_EQ(server_.request("GET", day).status, 401);
    // Bad ranges: a clear error.
    for (const std::string q : {"from=2026-03-10&to=2026-03-09", "from=2026-02-30&to=2026-03-01",
                                "from=yesterday", "from=2025-01-01&to=2026-03-01", "format=xml",
                                "separator=|", "exact=maybe"}) {
        auto r = as("carol", "GET", "/v1/reports/daily?" + q);
        EXPECT_EQ(r.status, 400) << q << ": " << r.body;
    }
    for (const std::string q : {"from=2026-13&to=2026-13", "from=2024-01&to=2026-03", "from=2026-03&to=2026-01"}) {
        auto r = as("carol", "GET", "/v1/reports/monthly?" + q);
        EXPECT_EQ(r.status, 400) << q << ": " << r.body;
    }
}
