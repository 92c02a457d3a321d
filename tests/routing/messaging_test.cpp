#include "routing/messaging.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;

namespace {

struct Messaging : ::testing::Test {
    TenantDirectory dir{{fixtures::demo_tenant(), fixtures::english_only_tenant()}};
    MessagingContext ctx{dir, fixtures::risk_detector(), fixtures::prompts(), fixtures::fake_kb};
};

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

}  // namespace

namespace {
SmsRequest sms(std::string sid, std::string body, std::string from = "+31612345678") {
    return SmsRequest{std::move(sid), std::move(from), "+31880030060", std::move(body)};
}
}  // namespace

TEST_F(Messaging, SmsAnswerIsEscapedTwimlMessage) {
    const auto r = sms_message(ctx, std::nullopt, sms("SM1", "mijn baby slaapt slecht"));
    EXPECT_TRUE(has(r.twiml, "<Message>Mijn baby slaapt niet door"));
    EXPECT_TRUE(has(r.twiml, "&lt;Tip&gt; &amp; &quot;rust&quot;"));
    EXPECT_TRUE(has(r.twiml, "https://example.org/slapen?a=1&amp;b=2"));
    EXPECT_TRUE(has(r.twiml, "Stuur JA, of NEE"));
    EXPECT_EQ(r.state.from, "+31612345678");
}

TEST_F(Messaging, SmsNumberedChoices) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "vragen over eten"));
    EXPECT_TRUE(has(r.twiml,
                    "1. Mijn peuter eet slecht\n2. Mijn baby wil geen fruit\n3. Eten en pubers\n0. "
                    "Bel me terug"));
    auto state = decode_sms_state(encode_sms_state(r.state));
    ASSERT_TRUE(state);
    auto pick = sms_message(ctx, state, sms("SM2", " 3 "));
    EXPECT_TRUE(has(pick.twiml, "Eten en pubers"));
    EXPECT_EQ(pick.state.answered_article, "eten-tiener");
}

TEST_F(Messaging, SmsCallbackAfterHandoffWithReference) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "ik heb een vraag over de kinderopvangtoeslag"));
    EXPECT_TRUE(has(r.twiml, "Stuur BEL"));
    EXPECT_FALSE(r.task);
    auto call = sms_message(ctx, r.state, sms("SM2", "BEL"));
    ASSERT_TRUE(call.task);
    EXPECT_EQ(call.task->idempotency_key, "sms:SM2");
    EXPECT_EQ(call.task->question, "ik heb een vraag over de kinderopvangtoeslag");
    EXPECT_FALSE(call.task->urgent);
    EXPECT_TRUE(call.twiml.empty());
    auto done = sms_task_done(ctx, call.state, TaskCreated{"XY34"});
    EXPECT_TRUE(has(done.twiml, "referentie: XY34"));
    // Twilio retries the same message: same reply, no new task.
    auto retry = sms_message(ctx, done.state, sms("SM2", "BEL"));
    EXPECT_TRUE(retry.replay);
    EXPECT_FALSE(retry.task);
    EXPECT_EQ(retry.twiml, done.twiml);
}

TEST_F(Messaging, SmsRiskSendsGuidanceWithUrgentTask) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "whatsapp test", "whatsapp:+31612345678"));
    EXPECT_EQ(r.state.channel_prefix, "whatsapp:");
    auto risk =
        sms_message(ctx, r.state, sms("SM2", "mijn baby ademt niet", "whatsapp:+31612345678"));
    ASSERT_TRUE(risk.task);
    EXPECT_TRUE(risk.task->urgent);
    EXPECT_EQ(risk.task->phone, "+31612345678");
    auto done = sms_task_done(ctx, risk.state, TaskCreated{"UR01"});
    EXPECT_TRUE(has(done.twiml, "Bel nu 112"));
    EXPECT_LT(done.twiml.find("112"), done.twiml.find("UR01"));
    // A later ordinary callback does not repeat the emergency guidance.
    auto later = sms_message(ctx, done.state, sms("SM3", "bel me", "whatsapp:+31612345678"));
    ASSERT_TRUE(later.task);
    EXPECT_FALSE(later.task->urgent);
    EXPECT_FALSE(has(sms_task_done(ctx, later.state, TaskCreated{"N1"}).twiml, "112 "));
}

TEST_F(Messaging, SmsUnknownNumberAndEnglish) {
    SmsRequest req = sms("SM1", "hello");
    req.to = "+31999999999";
    EXPECT_TRUE(sms_message(ctx, std::nullopt, req).refused);
    auto en = sms_message(ctx, std::nullopt, sms("SM1", "English"));
    EXPECT_EQ(en.state.lang, "en");
    EXPECT_TRUE(has(en.twiml, "Text us your question"));
}

TEST_F(Messaging, StateRoundTripsAndRejectsGarbage) {
    const auto r = sms_message(ctx, std::nullopt, sms("SM1", "vragen over eten", "whatsapp:+31612345678"));
    const std::string stored = encode_sms_state(r.state);
    const auto again = decode_sms_state(stored);
    ASSERT_TRUE(again);
    EXPECT_EQ(encode_sms_state(*again), stored);
    EXPECT_EQ(again->choices.size(), 3u);
    EXPECT_EQ(again->channel_prefix, "whatsapp:");
    EXPECT_EQ(again->last_twiml, r.state.last_twiml);
    for (std::size_t n = 0; n < stored.size(); ++n)
        EXPECT_FALSE(decode_sms_state(stored.substr(0, n))) << "prefix of " << n << " bytes";
    EXPECT_FALSE(decode_sms_state(stored + "0:"));
    EXPECT_FALSE(decode_sms_state("{\"v\":1}"));
}

TEST_F(Messaging, SmsUnavailableApologisesWithGuidanceAndStoresNothing) {
    // The demo tenant speaks Dutch and English and the state (the chosen language) is what
    // cannot be read: both, Dutch first.
    const auto plain = sms_unavailable(ctx, sms("SM1", "mijn peuter heeft driftbuien"));
    EXPECT_TRUE(has(plain, "<Message>"));
    EXPECT_TRUE(has(plain, "technische storing"));
    EXPECT_TRUE(has(plain, "technical problem"));
    EXPECT_LT(plain.find("technische storing"), plain.find("technical problem"));
    EXPECT_FALSE(has(plain, "Bel nu 112"));
    // A risk signal still gets its guidance, before the apology.
    const auto risk = sms_unavailable(ctx, sms("SM2", "mijn baby ademt niet"));
    EXPECT_TRUE(has(risk, "Bel nu 112"));
    EXPECT_LT(risk.find("Bel nu 112"), risk.find("technische storing"));
    SmsRequest unknown = sms("SM3", "hallo");
    unknown.to = "+31999999999";
    EXPECT_TRUE(has(sms_unavailable(ctx, unknown), "niet bekend"));
    SmsRequest english = sms("SM4", "hello");
    english.to = "whatsapp:+31201234567";
    const auto en = sms_unavailable(ctx, english);
    EXPECT_TRUE(has(en, "technical problem"));
    EXPECT_FALSE(has(en, "technische storing"));
}

TEST_F(Messaging, SmsCrisisArticleBecomesAnUrgentTaskWithGuidance) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "ik wil gewoon verdwijnen"));
    ASSERT_TRUE(r.task);
    EXPECT_TRUE(r.task->urgent);
    EXPECT_EQ(r.task->risk_categories, std::vector<std::string>{"suicide_self_harm"});
    const auto done = sms_task_done(ctx, r.state, TaskCreated{"UR02"});
    EXPECT_TRUE(has(done.twiml, "113"));
    EXPECT_FALSE(has(done.twiml, "Stuur JA"));
}

// The editors' knowledge-gap report: which messages leave a gap.
TEST_F(Messaging, GapsForNoAnswerNotHelpedAndHandoff) {
    auto none = sms_message(ctx, std::nullopt, sms("SM1", "ik heb een vraag over de kinderopvangtoeslag"));
    ASSERT_EQ(none.gaps.size(), 1u);
    EXPECT_EQ(none.gaps[0].source, KnowledgeGap::Source::none);
    EXPECT_EQ(none.gaps[0].channel, Channel::sms);
    EXPECT_EQ(none.gaps[0].question, "ik heb een vraag over de kinderopvangtoeslag");
    auto call = sms_message(ctx, none.state, sms("SM2", "BEL"));
    ASSERT_TRUE(call.task);
    ASSERT_EQ(call.gaps.size(), 1u);
    EXPECT_EQ(call.gaps[0].source, KnowledgeGap::Source::handoff);
    EXPECT_EQ(call.gaps[0].question, "ik heb een vraag over de kinderopvangtoeslag");

    auto answer = sms_message(ctx, std::nullopt, sms("SM3", "mijn baby slaapt slecht", "+31687654321"));
    EXPECT_TRUE(answer.gaps.empty());
    auto no = sms_message(ctx, answer.state, sms("SM4", "nee", "+31687654321"));
    ASSERT_EQ(no.gaps.size(), 1u);
    EXPECT_EQ(no.gaps[0].source, KnowledgeGap::Source::not_helped);
    EXPECT_EQ(no.gaps[0].question, "mijn baby slaapt slecht");

    auto risk = sms_message(ctx, std::nullopt, sms("SM5", "mijn baby ademt niet", "+31611111111"));
    EXPECT_TRUE(risk.gaps.empty());
}
