#include "routing/answer_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "fixtures.hpp"
#include "routing/risk_model.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;
using fixtures::fake_kb;
using fixtures::phrase_list_detector;
using fixtures::risk_detector;

namespace {

// fake_kb, counting its searches.
struct CountingKb {
    int searches = 0;
    KbSearch search() {
        return [this](const Tenant& t, std::string_view lang, std::string_view text) {
            ++searches;
            return fake_kb(t, lang, text);
        };
    }
};

std::vector<std::string> ids(const Decision& d) {
    std::vector<std::string> out;
    for (const auto& a : d.articles) out.push_back(a.id);
    return out;
}

void expect_same(const Decision& a, const Decision& b, std::string_view text) {
    EXPECT_EQ(a.kind, b.kind) << text;
    EXPECT_EQ(a.reason, b.reason) << text;
    EXPECT_EQ(a.lang, b.lang) << text;
    EXPECT_EQ(ids(a), ids(b)) << text;
    EXPECT_EQ(a.risk.level, b.risk.level) << text;
    EXPECT_EQ(a.risk.flags(), b.risk.flags()) << text;
    EXPECT_EQ(a.risk.evidence(), b.risk.evidence()) << text;
}

}  // namespace

TEST(AnswerCache, TheSameEverydayQuestionGetsTheKeptDecisionWithoutTriageOrSearch) {
    const auto t = fixtures::demo_tenant();
    AnswerCache cache(16);
    CountingKb kb;
    const auto first = route(risk_detector(), kb.search(), t, Channel::chat, "nl", "mijn baby slaapt slecht", &cache);
    ASSERT_EQ(first.kind, Decision::Kind::answer);
    EXPECT_EQ(kb.searches, 1);
    const auto again = route(risk_detector(), kb.search(), t, Channel::chat, "nl", "mijn baby slaapt slecht", &cache);
    EXPECT_EQ(kb.searches, 1);  // not searched again
    expect_same(first, again, "mijn baby slaapt slecht");
    ASSERT_EQ(again.articles.size(), 1u);
    EXPECT_EQ(again.articles[0].text, first.articles[0].text);
    const auto f = cache.figures();
    EXPECT_EQ(f.hits, 1u);
    EXPECT_EQ(f.misses, 1u);
    EXPECT_EQ(f.entries, 1u);
    // A question nothing answers is kept too: its callback offer is the same next time.
    route(risk_detector(), kb.search(), t, Channel::chat, "nl", "een vraag over de kinderopvangtoeslag", &cache);
    const auto none = route(risk_detector(), kb.search(), t, Channel::chat, "nl",
                            "een vraag over de kinderopvangtoeslag", &cache);
    EXPECT_EQ(none.kind, Decision::Kind::callback);
    EXPECT_EQ(kb.searches, 2);
}

// A message with any risk signal is triaged afresh every time and never kept: urgent, a
// concern, a negated phrase, a calm context, a crisis article found by the knowledge base.
TEST(AnswerCache, AMessageWithAnyRiskSignalIsNeverKept) {
    const auto t = fixtures::demo_tenant();
    AnswerCache cache(16);
    CountingKb kb;
    struct Case {
        const RiskDetector& detector;
        const char* text;
    };
    const Case cases[] = {
        {risk_detector(), "mijn dochter van 15 wil niet meer leven"},
        {risk_detector(), "mijn baby slaapt niet en ademt niet"},
        {risk_detector(), "hij slaat haar nooit, maar ik maak me zorgen over de slaap"},
        {risk_detector(), "ik voel me al weken zo somber en soms denk ik dat het niet uitmaakt of ik er ben of niet"},
        {risk_detector(), "ik wil weten hoe de meldcode werkt, er is niks aan de hand"},
        {phrase_list_detector(), "verdwijnen lijkt me het beste"},
        {risk_detector(), "we hebben opgespaard voor een nieuwe kinderwagen, welke merken zijn goed"},
    };
    for (const auto& c : cases) {
        const auto plain = route(c.detector, kb.search(), t, Channel::chat, "nl", c.text);
        const auto first = route(c.detector, kb.search(), t, Channel::chat, "nl", c.text, &cache);
        const auto second = route(c.detector, kb.search(), t, Channel::chat, "nl", c.text, &cache);
        expect_same(plain, first, c.text);
        expect_same(plain, second, c.text);
        EXPECT_EQ(cache.figures().entries, 0u) << c.text << ": " << to_string(plain.kind) << " " << plain.reason;
        EXPECT_EQ(cache.figures().hits, 0u) << c.text;
    }
}

TEST(AnswerCache, KeyedByTenantChannelLanguageAndText) {
    const auto demo = fixtures::demo_tenant();
    const auto intl = fixtures::english_only_tenant();
    AnswerCache cache(16);
    CountingKb kb;
    route(risk_detector(), kb.search(), demo, Channel::chat, "nl", "slaap", &cache);
    route(risk_detector(), kb.search(), demo, Channel::voice, "nl", "slaap", &cache);
    route(risk_detector(), kb.search(), demo, Channel::chat, "en", "slaap", &cache);
    route(risk_detector(), kb.search(), intl, Channel::chat, "nl", "slaap", &cache);
    route(risk_detector(), kb.search(), demo, Channel::chat, "nl", "slaap.", &cache);  // punctuation counts
    EXPECT_EQ(kb.searches, 5);
    EXPECT_EQ(cache.figures().entries, 5u);
    EXPECT_EQ(cache.figures().hits, 0u);
    // Case and the spaces around the text do not (same_question): the first entry again.
    route(risk_detector(), kb.search(), demo, Channel::chat, "nl", " SlaaP\t", &cache);
    EXPECT_EQ(kb.searches, 5);
    EXPECT_EQ(cache.figures().hits, 1u);
    EXPECT_EQ(AnswerCache::same_question("  Mijn Baby SLAAPT niet?\t"), "mijn baby slaapt niet?");
    EXPECT_EQ(AnswerCache::same_question("Één\nTwee"), "Één\ntwee");  // only A-Z; line breaks stay
    EXPECT_NE(cache.key("demo", Channel::chat, "nl", "a"), cache.key("demo", Channel::chat, "nl", "b"));
    EXPECT_EQ(cache.key("demo", Channel::chat, "nl", "a"), cache.key("demo", Channel::chat, "nl", "a"));
    // The separator keeps fields apart: lang "n" with text "lx" is not lang "nl" with text "x"
    // (run together, both would read "…nlx").
    EXPECT_NE(cache.key("demo", Channel::chat, "n", "lx"), cache.key("demo", Channel::chat, "nl", "x"));
    // Another cache (another process) has another secret key.
    AnswerCache other(16);
    EXPECT_NE(cache.key("demo", Channel::chat, "nl", "a"), other.key("demo", Channel::chat, "nl", "a"));
}

// After a knowledge-base reload nothing kept is given again, and a decision computed against
// the old articles while the reload ran is not stored.
TEST(AnswerCache, ClearDropsEverythingAndAStoreFromBeforeItIsRefused) {
    const auto t = fixtures::demo_tenant();
    AnswerCache cache(16);
    CountingKb kb;
    route(risk_detector(), kb.search(), t, Channel::chat, "nl", "slaap", &cache);
    ASSERT_EQ(cache.figures().entries, 1u);
    const auto before = cache.generation();
    cache.clear();
    EXPECT_EQ(cache.figures().entries, 0u);
    EXPECT_NE(cache.generation(), before);
    route(risk_detector(), kb.search(), t, Channel::chat, "nl", "slaap", &cache);
    EXPECT_EQ(kb.searches, 2);  // searched again
    // A decision made with the generation read before the clear: not kept.
    const auto key = cache.key("demo", Channel::chat, "nl", "eten");
    cache.store(before, key, Decision{});
    EXPECT_EQ(cache.find(key), nullptr);
    cache.store(cache.generation(), key, Decision{});
    EXPECT_NE(cache.find(key), nullptr);
}

TEST(AnswerCache, TheLeastRecentlyUsedIsDroppedWhenFull) {
    AnswerCache cache(2);
    const auto a = cache.key("demo", Channel::chat, "nl", "a");
    const auto b = cache.key("demo", Channel::chat, "nl", "b");
    const auto c = cache.key("demo", Channel::chat, "nl", "c");
    Decision d;
    d.reason = "a";
    cache.store(cache.generation(), a, d);
    d.reason = "b";
    cache.store(cache.generation(), b, d);
    ASSERT_NE(cache.find(a), nullptr);  // a is now the most recent
    d.reason = "c";
    cache.store(cache.generation(), c, d);
    EXPECT_EQ(cache.figures().entries, 2u);
    EXPECT_EQ(cache.find(b), nullptr);
    ASSERT_NE(cache.find(a), nullptr);
    EXPECT_EQ(cache.find(a)->reason, "a");
    EXPECT_EQ(cache.find(c)->reason, "c");
}

TEST(AnswerCache, CapacityZeroKeepsNothing) {
    const auto t = fixtures::demo_tenant();
    AnswerCache cache(0);
    EXPECT_FALSE(cache.enabled());
    CountingKb kb;
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(route(risk_detector(), kb.search(), t, Channel::chat, "nl", "slaap", &cache).kind,
                  Decision::Kind::answer);
    EXPECT_EQ(kb.searches, 3);
    const auto f = cache.figures();
    EXPECT_EQ(f.entries + f.hits + f.misses, 0u);
    route(risk_detector(), kb.search(), t, Channel::chat, "nl", "slaap", nullptr);
    EXPECT_EQ(kb.searches, 4);
}

// Over the messages of the risk training files (urgent, concern and calm; Dutch, English and
// the other languages; at most 4,000 lines of the scored batches' copy), the cache changes no decision:
// first asked, asked again (a hit when it was kept), and against route() without a cache. No
// urgent or concern decision is kept.
TEST(AnswerCache, ChangesNoDecisionOverTheRiskTrainingMessages) {
    const TenantDirectory dir({fixtures::demo_tenant()});
    const Tenant& t = *dir.by_id("demo");
    AnswerCache cache(100'000);
    std::size_t messages = 0, risky = 0;
    std::set<std::string> kept_texts;
    for (const auto& e : fixtures::risk_training_messages(4000)) {
        ++messages;
        const auto plain = route(risk_detector(), fake_kb, t, Channel::chat, e.lang, e.text);
        const auto first = route(risk_detector(), fake_kb, t, Channel::chat, e.lang, e.text, &cache);
        const auto second = route(risk_detector(), fake_kb, t, Channel::chat, e.lang, e.text, &cache);
        expect_same(plain, first, e.text);
        expect_same(plain, second, e.text);
        const bool signal = plain.kind == Decision::Kind::urgent || !plain.risk.flags().empty();
        if (signal) ++risky;
        // Counted by key: the key sets case and surrounding spaces aside, and the scored
        // held-out batches among the training files hold a few texts that differ only so.
        if (!signal && cache.find(cache.key("demo", Channel::chat, e.lang, e.text)))
            kept_texts.insert(e.lang + '\t' + AnswerCache::same_question(e.text));
    }
    EXPECT_GT(messages, 1000u);
    EXPECT_GT(risky, 300u);
    // Every kept entry is a message without a signal (entries counts every distinct kept key).
    EXPECT_EQ(cache.figures().entries, kept_texts.size());
    EXPECT_GT(kept_texts.size(), 300u);
}
