#include "routing/decision.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;
using fixtures::fake_kb;
using fixtures::risk_detector;

namespace {
Decision run(const Tenant* t, std::string_view lang, std::string_view text) {
    const auto risk =
        risk_detector().detect(t ? TenantDirectory::choose_language(*t, lang) : "nl", text);
    return decide(t, Channel::chat, lang, text, risk, fake_kb(fixtures::demo_tenant(), lang, text));
}
}  // namespace

TEST(Decide, UnknownTenantIsRefusedBeforeAnythingElse) {
    const auto d = run(nullptr, "nl", "mijn baby ademt niet");
    EXPECT_EQ(d.kind, Decision::Kind::refused);
    EXPECT_EQ(d.reason, "unknown_tenant");
}

TEST(Decide, RiskWinsOverAConfidentAnswer) {
    const auto t = fixtures::demo_tenant();
    const auto d = run(&t, "nl", "mijn baby slaapt niet en ademt niet");
    EXPECT_EQ(d.kind, Decision::Kind::urgent);
    EXPECT_TRUE(d.risk.any());
}

TEST(Decide, AnswerChooseCallback) {
    const auto t = fixtures::demo_tenant();
    auto d = run(&t, "nl", "mijn baby slaapt slecht");
    EXPECT_EQ(d.kind, Decision::Kind::answer);
    ASSERT_EQ(d.articles.size(), 1u);
    EXPECT_EQ(d.articles[0].id, "slapen-baby-doorslapen");
    d = run(&t, "nl", "vragen over eten");
    EXPECT_EQ(d.kind, Decision::Kind::choose);
    EXPECT_EQ(d.articles.size(), 3u);  // never more than three
    d = run(&t, "nl", "iets heel anders");
    EXPECT_EQ(d.kind, Decision::Kind::callback);
    d = run(&t, "nl", "   ");
    EXPECT_EQ(d.kind, Decision::Kind::callback);
    EXPECT_EQ(d.reason, "empty");
}

TEST(Decide, LanguageFallsBackToTheTenantDefault) {
    const auto t = fixtures::demo_tenant();
    EXPECT_EQ(run(&t, "de", "iets").lang, "nl");
    EXPECT_EQ(run(&t, "en", "something").lang, "en");
}

TEST(Decide, AmbiguousWithOneArticleIsAnAnswer) {
    const auto t = fixtures::demo_tenant();
    KbResult kb{KbResult::Kind::ambiguous, {fixtures::sleep_article()}};
    const auto d = decide(&t, Channel::voice, "nl", "slaap", RiskResult{}, kb);
    EXPECT_EQ(d.kind, Decision::Kind::answer);
}
