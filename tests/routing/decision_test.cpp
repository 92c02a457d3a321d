#include "routing/decision.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;
using fixtures::fake_kb;
using fixtures::risk_detector;
using fixtures::phrase_list_detector;

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
    d = run(&t, "nl", "ik heb een vraag over de kinderopvangtoeslag");
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

// The phrase lists miss a message, but the knowledge base finds a crisis article for it: the
// bot must not answer it (issue 14: "no longer want to exist" got an article and "did this
// help?"), not as the answer and not among the choices.
TEST(Route, ACrisisArticleFoundByTheKnowledgeBaseIsARiskSignal) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = *dir.by_id("demo");
    for (const char* text : {"verdwijnen lijkt me het beste", "ik heb van alles opgespaard"}) {
        ASSERT_FALSE(phrase_list_detector().detect("nl", text).any()) << "not a phrase-list case: " << text;
        const auto d = route(phrase_list_detector(), fake_kb, t, Channel::chat, "nl", text);
        EXPECT_EQ(d.kind, Decision::Kind::urgent) << text;
        EXPECT_EQ(d.reason, "kb_crisis_article");
        EXPECT_TRUE(d.articles.empty());
        EXPECT_EQ(d.risk.categories(), std::vector<std::string>{"suicide_self_harm"});
        EXPECT_NE(d.risk.chat_text().find("113"), std::string::npos);
    }
    const auto calm = route(phrase_list_detector(), fake_kb, t, Channel::chat, "nl", "mijn baby slaapt slecht");
    EXPECT_EQ(calm.kind, Decision::Kind::answer);
    // Only what would be shown counts: a confident answer about screen time whose search also
    // ranked a crisis article lower is not a crisis (the first version of this net turned it
    // into one; ops/bench/line's gathers showed it).
    const auto screens = route(phrase_list_detector(), fake_kb, t, Channel::chat, "nl", "hoeveel schermtijd");
    EXPECT_EQ(screens.kind, Decision::Kind::answer);
    EXPECT_EQ(screens.articles.front().id, "schermtijd");
}

namespace {
// Both layers read `text` as calm: no phrase, and the classifier asked and below crisis_choice.
void assert_read_as_calm(const char* text) {
    const auto r = risk_detector().detect("nl", text);
    ASSERT_EQ(r.level, RiskLevel::none) << text;
    ASSERT_GE(r.model_risk, 0.0) << text;
    ASSERT_LT(r.model_risk, risk_detector().thresholds().crisis_choice) << "not calm enough for this test: " << text;
}
}  // namespace

// A crisis article among the choices or as the answer, for a message both layers read as calm
// (no phrase, the classifier below thresholds.crisis_choice): a callback offer, neither the
// article nor the crisis guidance ("mijn baby huilt de hele dag" met "Schud nooit met een baby"
// third; a prevention question answered by a crisis article).
TEST(Route, ACrisisArticleForACalmMessageGetsACallbackNotTheArticle) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = *dir.by_id("demo");
    ASSERT_GT(risk_detector().thresholds().crisis_choice, 0.0);
    const char* calm_text = "we hebben opgespaard voor een nieuwe kinderwagen, welke merken zijn goed";
    ASSERT_NO_FATAL_FAILURE(assert_read_as_calm(calm_text));
    const auto calm = route(risk_detector(), fake_kb, t, Channel::chat, "nl", calm_text);
    EXPECT_EQ(calm.kind, Decision::Kind::callback);
    EXPECT_EQ(calm.reason, "kb_crisis_choice_calm");
    EXPECT_TRUE(calm.articles.empty());
    EXPECT_TRUE(calm.risk.flags().empty());
    // The same choices for a message the classifier finds risky: the net holds.
    const auto risky = route(risk_detector(), fake_kb, t, Channel::chat, "nl",
                             "ik heb al mijn pillen opgespaard en vannacht neem ik ze allemaal in");
    EXPECT_EQ(risky.kind, Decision::Kind::urgent);
    // Without a classifier (phrase lists only) nothing is known to be calm: the net holds.
    const auto no_model = route(phrase_list_detector(), fake_kb, t, Channel::chat, "nl", calm_text);
    EXPECT_EQ(no_model.kind, Decision::Kind::urgent);
    EXPECT_EQ(no_model.reason, "kb_crisis_article");
    // A crisis article as the one answer for a calm message: the same callback offer.
    const char* answer_text = "we willen in de vakantie even verdwijnen naar een camping";
    ASSERT_NO_FATAL_FAILURE(assert_read_as_calm(answer_text));
    const auto answer = route(risk_detector(), fake_kb, t, Channel::chat, "nl", answer_text);
    EXPECT_EQ(answer.kind, Decision::Kind::callback);
    EXPECT_EQ(answer.reason, "kb_crisis_answer_calm");
    EXPECT_TRUE(answer.articles.empty());
    EXPECT_TRUE(answer.risk.flags().empty());
    // Without a classifier the one answer stays a risk signal.
    const auto answer_no_model = route(phrase_list_detector(), fake_kb, t, Channel::chat, "nl", answer_text);
    EXPECT_EQ(answer_no_model.kind, Decision::Kind::urgent);
    EXPECT_EQ(answer_no_model.reason, "kb_crisis_article");
}

// A calm context ("puur uit interesse", "er is niks aan de hand") meeting a crisis article: no
// alarm, but no crisis article as a bot answer either: a callback offer.
TEST(Route, ACalmContextMeetingACrisisArticleGetsACallbackNotTheArticle) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = *dir.by_id("demo");
    const char* text = "puur uit interesse: wat zeg je als iemand wil verdwijnen?";
    const auto r = risk_detector().detect("nl", text);
    ASSERT_EQ(r.level, RiskLevel::none);
    ASSERT_FALSE(r.calm.empty());
    const auto d = route(risk_detector(), fake_kb, t, Channel::chat, "nl", text);
    EXPECT_EQ(d.kind, Decision::Kind::callback);
    EXPECT_EQ(d.reason, "kb_crisis_calm_context");
    EXPECT_TRUE(d.articles.empty());
    EXPECT_TRUE(d.risk.flags().empty());
    // The same words without the calm cue, and no classifier to read them as calm: the net
    // holds. With the cue the phrase lists alone give the callback too.
    const auto net = route(phrase_list_detector(), fake_kb, t, Channel::chat, "nl", "wat zeg je als iemand wil verdwijnen?");
    EXPECT_EQ(net.kind, Decision::Kind::urgent);
    EXPECT_EQ(route(phrase_list_detector(), fake_kb, t, Channel::chat, "nl", text).reason, "kb_crisis_calm_context");
}

// An act told as over ("therapie gehad") or as a story is no alarm, but the bot never answers
// over it: an ordinary callback, as for a question the knowledge base has no answer to.
TEST(Route, AClearedActGetsAnOrdinaryCallbackNeverAnAnswer) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = *dir.by_id("demo");
    const auto d = route(risk_detector(), fake_kb, t, Channel::chat, "nl",
                         "Mijn vader heeft me mishandeld. Ik heb daar therapie voor gehad en het gaat nu "
                         "echt goed met me. Mijn baby slaapt slecht, hoe voed ik anders op?");
    EXPECT_EQ(d.kind, Decision::Kind::callback);
    EXPECT_EQ(d.reason, "risk_cleared");
    EXPECT_TRUE(d.articles.empty());
    EXPECT_TRUE(d.risk.flags().empty());  // no priority
    // decide() alone: a knowledge-base answer does not win over a cleared act.
    RiskResult cleared;
    cleared.cleared = true;
    const KbResult kb{KbResult::Kind::answer, {fixtures::sleep_article()}};
    const auto alone = decide(&t, Channel::voice, "nl", "slaap", cleared, kb);
    EXPECT_EQ(alone.kind, Decision::Kind::callback);
    EXPECT_EQ(alone.reason, "risk_cleared");
    EXPECT_TRUE(alone.articles.empty());
}

// A child who plays it down before telling what happens, in words no phrase list has: a
// specialist with high priority, never an article or the plain callback offer.
TEST(Route, AnActToldBesideAllIsWellGetsASpecialistNotAnAnswer) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = *dir.by_id("demo");
    const auto d = route(risk_detector(), fake_kb, t, Channel::chat, "nl",
                         "het gaat nu goed met me, mijn stiefvader komt 's nachts op mijn kamer");
    EXPECT_EQ(d.reason, "risk_concern");
    EXPECT_TRUE(d.articles.empty());
    EXPECT_EQ(d.risk.flags(), std::vector<std::string>{"concern:child_abuse"});
}

// English written in a Dutch conversation (or Dutch in an English one, say after the widget's
// language switch) is read with its own language's lists too: safety does not wait for the
// conversation's language. A Dutch message with an English word or two stays Dutch.
TEST(Route, ARiskWrittenInTheOtherLanguageIsReadInIt) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = dir.tenants().front();
    for (auto [lang, text] : {std::pair{"nl", "i want to kill myself tonight"},
                              std::pair{"nl", "my baby is not breathing properly"},
                              std::pair{"en", "ik wil dood ik kan niet meer"}}) {
        const auto d = route(phrase_list_detector(), fake_kb, t, Channel::chat, lang, text);
        EXPECT_EQ(d.kind, Decision::Kind::urgent) << lang << ": " << text;
    }
    EXPECT_EQ(phrase_list_detector().written_in("i want to kill myself tonight", "nl"), "en");
    EXPECT_EQ(phrase_list_detector().written_in("ik wil dood ik kan niet meer", "en"), "nl");
    EXPECT_EQ(phrase_list_detector().written_in("mijn zoon wil de hele dag fortnite spelen, is dat normal?", "nl"), "");
    EXPECT_EQ(phrase_list_detector().written_in("mijn zoon wil de hele dag fortnite spelen", "en"), "nl");
    EXPECT_EQ(phrase_list_detector().written_in("ok", "nl"), "") << "nothing clear";
}

// A bot reply for a message no layer flags but the classifier is unsure of (urgent + concern at
// or above thresholds.unsure_reply, below its concern threshold): a callback offer, no alarm,
// and not a decision the answer cache may keep. The held-out batches 88-95 gave such replies to
// a forced wedding "dit weekend" (0.27) and to two concerns.
TEST(Route, ABotReplyToAMessageTheClassifierIsUnsureOfBecomesACallbackOffer) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = *dir.by_id("demo");
    const double unsure = risk_detector().thresholds().unsure_reply;
    ASSERT_GT(unsure, 0.0);
    // The first of these that no phrase flags and the classifier reads in the unsure band
    // (concerns of the concern probe, read at 0.14 and 0.10 on 2026-12-07). A retraining moves
    // one reading, not all: this test read only one message until the retraining on batches
    // 132-135 put it at 0.06 and it became a phrase (not-growing-up). When none is in the band
    // any more, add one that is; a candidate a phrase now flags is dead here, so drop it.
    const char* text = nullptr;
    for (const char* candidate :
         {"Goedemiddag, ik ben mentor van een leerling in 3 havo. In een schrijfopdracht over 'mijn leven over tien "
          "jaar' schreef hij alleen: 'dan ben ik er toch niet meer'. Hij lacht het weg als ik ernaar vraag. Moet ik "
          "hier iets mee of overdrijf ik?",
          "Ik ben opa. Mijn schoonzoon drinkt veel en mijn dochter heeft nu al twee keer een blauw oog gehad, volgens "
          "haar tegen een kastdeur gelopen. De kleinkinderen zijn erg stil geworden. Wat kan ik als opa doen zonder "
          "het erger te maken?"}) {
        const auto r = risk_detector().detect("nl", candidate);
        if (r.level == RiskLevel::none && r.model_risk >= unsure) {
            text = candidate;
            break;
        }
    }
    ASSERT_NE(text, nullptr) << "no candidate is in the unsure band any more: add one that is";
    // A knowledge base that answers every question, as the real one would answer some of these.
    const auto answers_all = [](const Tenant&, std::string_view, std::string_view) {
        KbResult r;
        r.decision = KbResult::Kind::answer;
        r.articles = {fixtures::sleep_article()};
        return r;
    };
    bool without_signal = true;
    const auto offer = route(risk_detector(), answers_all, t, Channel::chat, "nl", text, without_signal);
    EXPECT_EQ(offer.kind, Decision::Kind::callback);
    EXPECT_EQ(offer.reason, "kb_unsure_risk");
    EXPECT_TRUE(offer.articles.empty());
    EXPECT_TRUE(offer.risk.flags().empty());
    EXPECT_FALSE(without_signal);
    // A sleep question the classifier reads as calm keeps its answer, and may be cached.
    const char* calm = "mijn peuter slaapt slecht, hoe krijg ik hem 's nachts in zijn eigen bed";
    ASSERT_LT(risk_detector().detect("nl", calm).model_risk, unsure) << calm;
    const auto answer = route(risk_detector(), fake_kb, t, Channel::chat, "nl", calm, without_signal);
    EXPECT_EQ(answer.kind, Decision::Kind::answer);
    EXPECT_TRUE(without_signal);
    // Without a classifier nothing is known to be unsure: the answer stands.
    const auto no_model = route(phrase_list_detector(), answers_all, t, Channel::chat, "nl", text);
    EXPECT_EQ(no_model.kind, Decision::Kind::answer);
}
