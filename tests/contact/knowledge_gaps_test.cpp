// The knowledge-gap store against a real redis-server (contact/knowledge_gaps.hpp): what is
// stored (masked), how long (TTL), per tenant, counted once per conversation, per week with a
// fake clock.
#include "contact/knowledge_gaps.hpp"

#include <gtest/gtest.h>

#include "tests/support/redis_fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::contact;
using Source = routing::KnowledgeGap::Source;

namespace {

// Keys expire at absolute times, so the fake clock starts at the real one.
const TimePoint start = std::chrono::system_clock::now();

class KnowledgeGapsTest : public test::RedisTest {
protected:
    KnowledgeGapsTest() : RedisTest("gaps") {}
    FakeClock clock_{start};
    KnowledgeGapSettings settings_;
    std::string tenant_ = prefix_ + "a";
    std::string other_ = prefix_ + "b";

    KnowledgeGaps store() { return KnowledgeGaps(*client_, clock_, settings_); }
    bool record(KnowledgeGaps& g, const std::string& tenant, std::string question,
                Source source = Source::none, const std::string& conversation = "chat:1",
                routing::Channel channel = routing::Channel::chat) {
        const routing::KnowledgeGap gap{tenant, "nl", channel, source, std::move(question)};
        return run(g.record(gap, conversation));
    }
    GapReport report(KnowledgeGaps& g, const std::string& tenant, int weeks = 4) {
        auto r = run(g.report(tenant, gap_period_weeks(clock_.now(), weeks), 20));
        EXPECT_TRUE(r);
        return r ? *r : GapReport{};
    }
    std::string day_key(const std::string& tenant) {
        return "kb:{" + tenant + "}:gaps:" + callbacks::date_netherlands(clock_.now());
    }
    // Everything stored for the tenant today, as one string.
    std::string stored(const std::string& tenant) {
        std::string all;
        for (const auto& e : redis({"HGETALL", day_key(tenant)}).elements) all += e.str + "\n";
        return all;
    }
};

}  // namespace

TEST_F(KnowledgeGapsTest, ThePhoneNumberEmailAndPostcodeAreNeverStored) {
    auto g = store();
    ASSERT_TRUE(record(g, tenant_,
                       "Mijn dochter Noor plast nog in bed, bel 06-12345678 of mail "
                       "ouder@example.nl, postcode 1234 AB"));
    const std::string raw = stored(tenant_);
    ASSERT_NE(raw.find("plast nog in bed"), std::string::npos) << raw;
    for (const std::string secret : {"12345678", "ouder@", "example.nl", "1234 AB", "Noor"})
        EXPECT_EQ(raw.find(secret), std::string::npos) << secret << " stored: " << raw;
    const auto r = report(g, tenant_);
    const std::string json = to_json(r).dump();
    for (const std::string secret : {"12345678", "ouder@", "1234 AB", "Noor"})
        EXPECT_EQ(json.find(secret), std::string::npos) << secret << " reported: " << json;
    EXPECT_NE(json.find("[phone]"), std::string::npos);
}

TEST_F(KnowledgeGapsTest, EveryDayKeyExpiresAfterTheRetention) {
    settings_.retention_days = 30;
    auto g = store();
    ASSERT_TRUE(record(g, tenant_, "zwemles kosten"));
    const long long ms = redis({"PTTL", day_key(tenant_)}).integer;
    // The rest of the day plus 30 days (wall clock vs fake clock: the key expires at an
    // absolute time computed from the fake one).
    const auto expected = (callbacks::start_of_day_netherlands(clock_.now()) + std::chrono::days(31)) -
                          std::chrono::system_clock::now();
    EXPECT_GT(ms, 0);
    EXPECT_NEAR(static_cast<double>(ms),
                static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(expected).count()),
                60'000.0);
    // And a report never shows an entry older than the retention, even before Redis drops it.
    clock_.advance(std::chrono::days(31));
    EXPECT_EQ(report(g, tenant_, 8).total, 0);
}

TEST_F(KnowledgeGapsTest, EachTenantsQuestionsGoAfterItsOwnRetentionAndNotBefore) {
    settings_.retention_days = 30;
    settings_.retention_days_by_tenant[tenant_] = 10;  // retention.knowledge_gap_days of one tenant
    auto g = store();
    ASSERT_TRUE(record(g, tenant_, "zwemles kosten"));
    ASSERT_TRUE(record(g, other_, "zwemles kosten"));
    const auto expires_in = [&](int days) {
        return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       callbacks::start_of_day_netherlands(clock_.now()) +
                                       std::chrono::days(1 + days) - std::chrono::system_clock::now())
                                       .count());
    };
    EXPECT_NEAR(static_cast<double>(redis({"PTTL", day_key(tenant_)}).integer), expires_in(10), 1000.0);
    EXPECT_NEAR(static_cast<double>(redis({"PTTL", day_key(other_)}).integer), expires_in(30), 1000.0);
    // The report cuts at the tenant's own period, to the millisecond.
    clock_.advance(std::chrono::days(10) - std::chrono::milliseconds(1));
    EXPECT_EQ(report(g, tenant_).total, 1) << "not before 10 days";
    clock_.advance(std::chrono::milliseconds(2));
    EXPECT_EQ(report(g, tenant_).total, 0);
    EXPECT_EQ(report(g, other_).total, 1) << "the other tenant keeps 30 days";
    clock_.advance(std::chrono::days(20));
    EXPECT_EQ(report(g, other_, 8).total, 0);
}

TEST_F(KnowledgeGapsTest, OneTenantNeverSeesAnothersGaps) {
    auto g = store();
    ASSERT_TRUE(record(g, tenant_, "zwemles kosten"));
    ASSERT_TRUE(record(g, other_, "kinderopvangtoeslag aanvragen"));
    const auto a = report(g, tenant_);
    const auto b = report(g, other_);
    ASSERT_EQ(a.total, 1);
    ASSERT_EQ(b.total, 1);
    EXPECT_EQ(a.groups.at(0).examples.at(0), "zwemles kosten");
    EXPECT_EQ(b.groups.at(0).examples.at(0), "kinderopvangtoeslag aanvragen");
}

TEST_F(KnowledgeGapsTest, AQuestionCountsOncePerConversationUnderEachSource) {
    auto g = store();
    ASSERT_TRUE(record(g, tenant_, "zwemles kosten", Source::none, "voice:CA1", routing::Channel::voice));
    ASSERT_TRUE(record(g, tenant_, "zwemles kosten", Source::handoff, "voice:CA1", routing::Channel::voice));
    ASSERT_TRUE(record(g, tenant_, "zwemles kosten", Source::handoff, "voice:CA1", routing::Channel::voice));
    ASSERT_TRUE(record(g, tenant_, "wat kost een zwemles", Source::not_helped, "chat:9"));
    const auto r = report(g, tenant_);
    ASSERT_EQ(r.groups.size(), 1u);
    EXPECT_EQ(r.groups[0].count, 2);
    EXPECT_EQ(r.groups[0].sources.at("none"), 1);
    EXPECT_EQ(r.groups[0].sources.at("handoff"), 1);
    EXPECT_EQ(r.groups[0].sources.at("not_helped"), 1);
    EXPECT_EQ(r.groups[0].channels.at("voice"), 1);
    EXPECT_EQ(r.groups[0].channels.at("chat"), 1);
}

TEST_F(KnowledgeGapsTest, CountedPerWeekWithTheInjectedClock) {
    auto g = store();
    ASSERT_TRUE(record(g, tenant_, "slaapt niet door", Source::none, "chat:1"));
    clock_.advance(std::chrono::days(7));
    ASSERT_TRUE(record(g, tenant_, "slapen niet door", Source::none, "chat:2"));
    ASSERT_TRUE(record(g, tenant_, "slaapt niet door", Source::none, "chat:3"));
    clock_.advance(std::chrono::days(7));
    const auto r = report(g, tenant_, 3);
    ASSERT_EQ(r.weeks.size(), 3u);
    EXPECT_EQ(r.weeks[0].name, callbacks::iso_week_netherlands(start).name);
    ASSERT_EQ(r.groups.size(), 1u);
    EXPECT_EQ(r.groups[0].per_week, (std::vector<long long>{1, 2, 0}));
    EXPECT_EQ(report(g, tenant_, 1).total, 0) << "this week has none";
}

TEST_F(KnowledgeGapsTest, BeyondTheDaysCapQuestionsAreOnlyCounted) {
    settings_.max_per_day = 2;
    auto g = store();
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(record(g, tenant_, "vraag nummer " + std::to_string(i), Source::none,
                           "chat:" + std::to_string(i)));
    const auto r = report(g, tenant_);
    EXPECT_EQ(r.total, 2);
    EXPECT_EQ(r.dropped, 2);
}

TEST_F(KnowledgeGapsTest, AnEmptyQuestionIsNotStored) {
    auto g = store();
    ASSERT_TRUE(record(g, tenant_, "   "));
    EXPECT_EQ(redis({"EXISTS", day_key(tenant_)}).integer, 0);
}
