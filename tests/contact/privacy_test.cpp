// Erasure and access on request (contact/privacy.hpp, docs/privacy.md) against a private
// redis-server, so that a scan of every key sees only what this test wrote: one number's data
// in every place the line keeps it, for tenant "a" and for tenant "b"; after erasing it in
// "a", no key or value of "a" holds it in any spelling, "b" is byte for byte as it was, and the
// statistics read the same.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "callbacks/service.hpp"
#include "common/clock.hpp"
#include "common/phone.hpp"
#include "common/redis_client.hpp"
#include "contact/privacy.hpp"
#include "routing/messaging.hpp"
#include "routing/voice.hpp"
#include "tests/support/redis_fixture.hpp"
#include "tests/support/redis_server.hpp"

namespace advieslijn::contact {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string number = "+31612345678";
const std::string other = "+31687654321";

// The number's digits after the country code, in any text with separators and JSON escapes
// taken out: independent of redact_phone, so the check cannot share its blind spots.
bool holds_digits(const std::string& text, std::string_view digits) {
    std::string squeezed;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\\') continue;
        squeezed += c;
    }
    return squeezed.find(digits) != std::string::npos;
}
bool holds_number(const std::string& text) {
    return holds_digits(text, "612345678");
}

class PrivacyTest : public test::RedisTest {
  protected:
    PrivacyTest() : RedisTest("privacy") {}
    // Its own server: the check after an erasure scans every key.
    std::string redis_url() const override { return redis_server_.url(); }

    void SetUp() override {
        RedisTest::SetUp();
        for (const char* id : {"a", "b"}) {
            Tenant t;
            t.id = id;
            t.languages = {"nl"};
            services_.emplace(id, std::make_unique<callbacks::Service>(*client_, clock_, t));
        }
        store_ = std::make_unique<ConversationStore>(*client_);
        privacy_ = std::make_unique<Privacy>(services_, *store_);
    }
    void TearDown() override {
        privacy_.reset();
        store_.reset();
        services_.clear();
        RedisTest::TearDown();
    }

    callbacks::Service& service(const std::string& tenant) { return *services_.at(tenant); }

    callbacks::Task create(const std::string& tenant, std::string phone, std::string question,
                           std::string key = {}) {
        callbacks::NewTask t;
        t.channel = callbacks::Channel::web_form;
        t.phone = std::move(phone);
        t.name = "Sanne";
        t.lang = "nl";
        t.question = std::move(question);
        t.consent = true;
        t.source_key = std::move(key);
        auto r = run(service(tenant).create(std::move(t)));
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r->task : callbacks::Task{};
    }

    // The number in every place, spelled several ways.
    void seed(const std::string& tenant) {
        auto& s = service(tenant);
        // A closed task: claimed, noted, completed with a risk review that keeps its question.
        auto closed = create(tenant, "06-12 34 56 78", "Bel me op 06 12345678, mijn zoon is bang", "form-" + tenant + "-1");
        ASSERT_TRUE(run(s.claim(closed.id, "alice")).ok());
        ASSERT_TRUE(run(s.add_note(closed.id, "alice", "Moeder ook bereikbaar op +31 6 1234 5678")).ok());
        callbacks::RiskReview review{callbacks::RiskVerdict::confirmed, "child_abuse"};
        auto done = run(s.complete(closed.id, "alice", callbacks::Outcome::advised, "gebeld 0612345678",
                                   {}, review));
        ASSERT_TRUE(done.ok()) << done.error().message;
        // An open task with an idempotency key, claimed by a specialist.
        auto open = create(tenant, number, "Mijn nummer is 0031612345678", "form-" + tenant + "-2");
        ASSERT_TRUE(run(s.claim(open.id, "bob")).ok());
        ASSERT_TRUE(run(s.add_note(open.id, "bob", "Teruggebeld via (06) 123 456 78")).ok());
        // Another caller's task that quotes the number; the masked form in it is no number.
        auto quoting = create(tenant, other, "Mijn zus (06/12345678) weet ervan");
        ASSERT_TRUE(run(s.add_note(quoting.id, "alice", "zie log +31 6 ****5678 en 0612345678")).ok());
        quoting_ids_[tenant] = quoting.id;

        routing::SmsState sms;
        sms.tenant_id = tenant;
        sms.lang = "nl";
        sms.from = number;
        sms.channel_prefix = "whatsapp:";
        sms.question = "kunnen jullie bellen";
        ASSERT_TRUE(run(store_->sms_save(tenant, "whatsapp:" + number, routing::encode_sms_state(sms))).ok());
        routing::VoiceState call;
        call.call_sid = "CA" + tenant + "0001";
        call.tenant_id = tenant;
        call.lang = "nl";
        call.from = number;
        call.callback_number = number;
        ASSERT_TRUE(run(store_->voice_save(tenant, call.call_sid, routing::encode_voice_state(call))).ok());
        const std::string chat = ConversationStore::new_chat_id(tenant);
        ConversationStore::ChatSession session{tenant, "nl", {}, {}};
        ASSERT_TRUE(run(store_->chat_create(chat, session, json{{"role", "user"}, {"text", "hallo"}})));
        ASSERT_TRUE(run(store_->chat_append(tenant, chat, {std::string(R"({"role":"user","text":"mijn nummer: 06 - 1234 5678"})")}, {}, {})));
        // A chat without the number stays.
        const std::string calm = ConversationStore::new_chat_id(tenant);
        ASSERT_TRUE(run(store_->chat_create(calm, session, json{{"role", "user"}, {"text", "slapen"}})));
        calm_chats_[tenant] = calm;
    }

    // The tenant a key belongs to, "" for none of the two.
    std::string tenant_of(const std::string& key) {
        // Every key of a tenant carries its hash tag.
        for (const char* t : {"a", "b"})
            for (const char* kind : {"cb", "sms", "voice", "chat", "rl"})
                if (key.rfind(std::string(kind) + ":{" + t + "}:", 0) == 0) return t;
        return "";
    }

    // Every key with everything in it, read by type.
    void dump(std::map<std::string, std::string>& out) {
        std::string cursor = "0";
        do {
            auto page = redis({"SCAN", cursor, "COUNT", "1000"});
            cursor = page.elements.at(0).str;
            for (const auto& k : page.elements.at(1).elements) {
                const std::string type = redis({"TYPE", k.str}).str;
                std::vector<std::string> read;
                if (type == "string") read = {"GET", k.str};
                else if (type == "hash") read = {"HGETALL", k.str};
                else if (type == "list") read = {"LRANGE", k.str, "0", "-1"};
                else if (type == "set") read = {"SMEMBERS", k.str};
                else if (type == "zset") read = {"ZRANGE", k.str, "0", "-1", "WITHSCORES"};
                else if (type == "stream") read = {"XRANGE", k.str, "-", "+"};
                ASSERT_FALSE(read.empty()) << "type " << type << " of " << k.str;
                out[k.str] = type + ":" + flatten(redis(read));
            }
        } while (cursor != "0");
    }
    static std::string flatten(const RedisReply& r) {
        std::string s = r.str;
        if (r.type == RedisReply::Type::integer) s = std::to_string(r.integer);
        for (const auto& e : r.elements) s += "|" + flatten(e);
        return s;
    }
    std::map<std::string, std::string> snapshot() {
        std::map<std::string, std::string> out;
        dump(out);  // ASSERTs need a void function
        return out;
    }
    json figures(const std::string& tenant) {
        auto& s = service(tenant);
        json out;
        auto daily = run(s.daily(7));
        auto sla = run(s.sla_stats());
        auto weeks = run(s.risk_weeks(2));
        EXPECT_TRUE(daily.ok() && sla.ok() && weeks.ok());
        for (const auto& d : *daily) out["daily"].push_back(callbacks::to_json(d));
        out["sla"] = callbacks::to_json(*sla);
        for (const auto& w : *weeks) out["risk"].push_back({w.week, w.hits, w.missed});
        return out;
    }

    test::RedisServer redis_server_;
    FakeClock clock_{callbacks::from_ms(1'714'478'400'000)};
    Services services_;
    std::unique_ptr<ConversationStore> store_;
    std::unique_ptr<Privacy> privacy_;
    std::map<std::string, std::string> quoting_ids_;
    std::map<std::string, std::string> calm_chats_;
};

TEST_F(PrivacyTest, RedactFindsEverySpellingAndLeavesMaskedFormsAndOtherNumbers) {
    EXPECT_EQ(redact_phone("bel 06-12 34 56 78 of 0612345679", number), "bel [phone] of 0612345679");
    EXPECT_EQ(redact_phone("+31612345678, 0031 6 12345678; (06) 123 456 78", number), "[phone], [phone]; [phone]");
    EXPECT_EQ(redact_phone("whatsapp:+31612345678", number), "whatsapp:[phone]");
    EXPECT_EQ(redact_phone("06 12345678 22 uur", number), "[phone] 22 uur");
    EXPECT_EQ(redact_phone("log: +31 6 ****5678", number), "log: +31 6 ****5678");
    EXPECT_EQ(redact_phone("106123456789", number), "106123456789");
    EXPECT_FALSE(mentions_phone("+31687654321", number));
}

TEST_F(PrivacyTest, EraseRemovesTheNumberEverywhereInOneTenantOnly) {
    seed("a");
    seed("b");
    const auto before = snapshot();
    std::size_t held_in_a = 0;
    for (const auto& [key, value] : before)
        if (tenant_of(key) == "a" && (holds_number(key) || holds_number(value))) ++held_in_a;
    ASSERT_GE(held_in_a, 8u) << "the seed should put the number in many keys";
    const json figures_a = figures("a");

    auto exported = run(privacy_->export_number("a", "0612345678"));
    ASSERT_TRUE(exported.ok()) << exported.error().message;
    const json& e = *exported;
    EXPECT_EQ(e["tasks"].size(), 2u);
    EXPECT_EQ(e["quoted_in_tasks"].size(), 1u);
    EXPECT_EQ(e["idempotency_keys"].size(), 2u);
    EXPECT_EQ(e["missed_risk_texts"].size(), 1u);
    EXPECT_EQ(e["sms_threads"].size(), 1u);
    EXPECT_EQ(e["voice_calls"].size(), 1u);
    EXPECT_EQ(e["chat_sessions"].size(), 1u);
    EXPECT_EQ(e["sms_threads"][0]["question"], "kunnen jullie bellen");

    auto report = run(privacy_->erase("a", "+31 6 12 34 56 78", "ada"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    const json removed = to_json(*report);
    EXPECT_EQ(removed["tasks_erased"], 2) << removed;
    EXPECT_EQ(removed["tasks_cancelled"], 1) << removed;
    EXPECT_EQ(removed["tasks_redacted"], 1) << removed;
    EXPECT_EQ(removed["notes"], 3) << removed;  // two notes, one completion note
    EXPECT_EQ(removed["idempotency_keys"], 2) << removed;
    EXPECT_EQ(removed["repeat_contact_index"], 1) << removed;
    EXPECT_EQ(removed["missed_risk_texts"], 1) << removed;
    EXPECT_EQ(removed["sms_threads"], 1) << removed;
    EXPECT_EQ(removed["voice_calls"], 1) << removed;
    EXPECT_EQ(removed["chat_sessions"], 1) << removed;

    const auto after = snapshot();
    for (const auto& [key, value] : after) {
        const std::string t = tenant_of(key);
        if (t == "a") {
            EXPECT_FALSE(holds_number(key)) << key;
            EXPECT_FALSE(holds_number(value)) << key << " = " << value;
        }
    }
    // The consoles hear of it: the open task's cancellation and each erasure are events.
    const std::string& events = after.at("cb:{a}:events");
    EXPECT_NE(events.find("|type|cancelled|"), std::string::npos);
    EXPECT_NE(events.find("|type|erased|"), std::string::npos);
    EXPECT_NE(events.find("|type|redacted|"), std::string::npos);
    // Tenant b: every key as it was.
    for (const auto& [key, value] : before) {
        if (tenant_of(key) != "b") continue;
        auto it = after.find(key);
        ASSERT_NE(it, after.end()) << key;
        EXPECT_EQ(it->second, value) << key;
    }
    // The masked form and the other number stay; the calm chat too.
    auto quoting = run(service("a").get(quoting_ids_["a"]));
    ASSERT_TRUE(quoting.ok());
    EXPECT_EQ(quoting->phone, other);
    EXPECT_EQ(quoting->questions.at(0).text, "Mijn zus ([phone]) weet ervan");
    EXPECT_EQ(quoting->history.back().note, "zie log +31 6 ****5678 en [phone]");
    EXPECT_EQ(run(store_->chat_load(calm_chats_["a"])).found, ConversationStore::Found::yes);

    EXPECT_EQ(figures("a"), figures_a);

    // The audit holds the erasure, by whom, without the number.
    auto audit = run(service("a").audit_log({}, 5));
    ASSERT_TRUE(audit.ok());
    ASSERT_FALSE(audit->entries.empty());
    EXPECT_EQ(audit->entries[0].action, "privacy_erased");
    EXPECT_EQ(audit->entries[0].actor, "ada");
    EXPECT_FALSE(holds_number(callbacks::to_json(audit->entries[0]).dump()));

    auto again = run(privacy_->export_number("a", number));
    ASSERT_TRUE(again.ok());
    for (const char* kind : {"tasks", "quoted_in_tasks", "idempotency_keys", "missed_risk_texts",
                             "sms_threads", "voice_calls", "chat_sessions"})
        EXPECT_TRUE((*again)[kind].empty()) << kind << ": " << (*again)[kind];
    auto in_b = run(privacy_->export_number("b", number));
    ASSERT_TRUE(in_b.ok());
    EXPECT_EQ((*in_b)["tasks"].size(), 2u);
}

// The family's alternative number (callbacks/terms.hpp) is personal data like the number:
// exported, erased with the number's own tasks, and taken out of another caller's task that
// gave it as their alternative.
TEST_F(PrivacyTest, TheAlternativeNumberIsExportedAndErasedEverywhere) {
    const std::string alt_of_own = "+31655555555";
    auto make = [&](std::string phone, std::string alt) {
        callbacks::NewTask t;
        t.channel = callbacks::Channel::web_form;
        t.phone = std::move(phone);
        t.lang = "nl";
        t.question = "Bel voorzichtig";
        t.consent = true;
        t.terms.alt_phone = std::move(alt);
        t.terms.note = "Niet bellen als mijn man thuis is";
        auto r = run(service("a").create(std::move(t)));
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r->task : callbacks::Task{};
    };
    // The number's own task, with an alternative of its own; another caller who gave the
    // number (spelled nationally) as their alternative.
    auto own = make(number, "06-55 55 55 55");
    auto theirs = make(other, "06 12345678");
    std::size_t alt_held = 0;
    for (const auto& [key, value] : snapshot())
        if (holds_digits(value, "655555555")) ++alt_held;
    ASSERT_GE(alt_held, 1u) << "the seed should store the alternative number";

    auto exported = run(privacy_->export_number("a", number));
    ASSERT_TRUE(exported.ok()) << exported.error().message;
    ASSERT_EQ((*exported)["tasks"].size(), 1u);
    EXPECT_EQ((*exported)["tasks"][0]["terms"]["alt_phone"], alt_of_own) << *exported;
    EXPECT_EQ((*exported)["tasks"][0]["terms"]["note"], "Niet bellen als mijn man thuis is");
    ASSERT_EQ((*exported)["quoted_in_tasks"].size(), 1u) << "the task that gives it as alternative";
    EXPECT_EQ((*exported)["quoted_in_tasks"][0]["id"], theirs.id);

    auto report = run(privacy_->erase("a", number, "ada"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(to_json(*report)["tasks_redacted"], 1);
    for (const auto& [key, value] : snapshot()) {
        if (tenant_of(key) != "a") continue;
        EXPECT_FALSE(holds_number(key) || holds_number(value)) << key << " = " << value;
        EXPECT_FALSE(holds_digits(value, "655555555")) << "the own task's alternative: " << key;
    }
    auto kept = run(service("a").get(theirs.id));
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->phone, other) << "the other caller keeps their own number";
    EXPECT_EQ(kept->terms.alt_phone, "");
    EXPECT_EQ(kept->terms.note, "Niet bellen als mijn man thuis is");
    auto erased = run(service("a").get(own.id));
    ASSERT_TRUE(erased.ok());
    EXPECT_EQ(erased->terms.alt_phone, "");
    EXPECT_EQ(erased->terms.note, "");
}

TEST_F(PrivacyTest, AnUnknownNumberRemovesNothingAndBadInputChangesNothing) {
    seed("a");
    const auto before = snapshot();
    auto none = run(privacy_->erase("a", "0611111111", "ada"));
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(to_json(*none)["total"], 0);

    auto bad = run(privacy_->erase("a", "06-1234", "ada"));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, callbacks::Errc::invalid_input);
    EXPECT_EQ(bad.error().field, "number");
    auto unknown = run(privacy_->erase("zuid", number, "ada"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().field, "tenant");
    // Only the audit stream of the first erasure changed.
    auto after = snapshot();
    for (const auto& [key, value] : before)
        if (key.find(":audit") == std::string::npos) EXPECT_EQ(after[key], value) << key;
}

TEST_F(PrivacyTest, AClaimRacingTheErasureNeverLeavesTheNumberOnAnOpenTask) {
    auto& s = service("a");
    for (int round = 0; round < 20; ++round) {
        const std::string phone = "+3161234" + std::to_string(5000 + round);
        auto t = create("a", phone, "vraag");
        auto claim = asio::co_spawn(ioc_, s.claim(t.id, "alice"), asio::use_future);
        auto erase = asio::co_spawn(ioc_, privacy_->erase("a", phone, "ada"), asio::use_future);
        wait_until([&] { return claim.wait_for(0s) == std::future_status::ready &&
                                erase.wait_for(0s) == std::future_status::ready; }, 30s);
        ASSERT_TRUE(erase.get().ok());
        claim.get();  // either claimed first (then cancelled) or refused
        auto now = run(s.get(t.id));
        ASSERT_TRUE(now.ok());
        EXPECT_EQ(now->state, callbacks::State::cancelled) << round;
        EXPECT_TRUE(now->phone.empty()) << round;
        EXPECT_TRUE(now->holder.empty()) << round;
    }
}

}  // namespace
}  // namespace advieslijn::contact
