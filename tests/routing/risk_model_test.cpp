#include "routing/risk_model.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/config.hpp"
#include "routing/decision.hpp"
#include "routing/risk.hpp"

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;

namespace {

const RiskDetector& detector() {
    static const RiskDetector d = RiskDetector::load(RiskDetector::default_data_dir());
    return d;
}

// Every tenth message of the training files, each language kept: what the training tests
// below check (two trainings agree, a saved model predicts the same, the base languages' model
// is their own) holds on any data, and the whole corpus (over 60,000 messages) took these
// tests nearly two minutes under the sanitizers.
std::vector<RiskExample> training_sample() {
    const auto all = read_training_examples(RiskDetector::default_data_dir());
    std::vector<RiskExample> out;
    for (std::size_t i = 0; i < all.size(); i += 10) out.push_back(all[i]);
    return out;
}

bool has_model_signal(const RiskResult& r) {
    for (const auto& m : r.matches)
        if (m.signal == "model") return true;
    return false;
}

}  // namespace

TEST(RiskModel, FindsAParaphraseThePhraseListsDoNotHold) {
    // Neither "verdwijnen" nor "alles weggegeven" is in a phrase list.
    const std::string text = "ik heb al mijn spullen weggegeven en wil gewoon verdwijnen";
    EXPECT_FALSE(detector().detect_phrases("nl", text).any());
    const RiskResult r = detector().detect("nl", text);
    EXPECT_TRUE(r.any());
    EXPECT_TRUE(has_model_signal(r));
    ASSERT_FALSE(r.guidance.empty());
    EXPECT_EQ(r.guidance.front().category, r.categories().front());
}

TEST(RiskModel, EverydayQuestionsStayCalm) {
    const std::pair<const char*, const char*> questions[] = {
        {"nl", "mijn baby slaapt slecht"},
        {"nl", "hoe lang mag mijn kind gamen"},
        {"nl", "ik heb een vraag over de kinderopvangtoeslag"},
        {"en", "how much screen time is normal for a six year old"}};
    for (const auto& [lang, text] : questions) {
        const RiskResult r = detector().detect(lang, text);
        EXPECT_EQ(r.level, RiskLevel::none) << text << " " << (r.matches.empty() ? "" : r.matches[0].phrase);
    }
}

// Input that is no message made the classifier shout (a tester's finding): a key held down
// ("a" x 1000 read urgent 0.81) and a calm text pasted twice; they crowded the urgent queue.
TEST(RiskModel, AKeyHeldDownOrATextPastedTwiceIsNoSignal) {
    EXPECT_EQ(RiskModel::without_repeats(std::string(1000, 'a')), "aaa");
    EXPECT_EQ(RiskModel::without_repeats("help meeeeee"), "help meee");
    EXPECT_EQ(RiskModel::without_repeats("mijn zoon eet slecht mijn zoon eet slecht"), "mijn zoon eet slecht");
    EXPECT_EQ(RiskModel::without_repeats("x x x x x"), "x");
    EXPECT_EQ(RiskModel::without_repeats("dag dag mijn kind"), "dag dag mijn kind") << "not the whole text";
    EXPECT_EQ(RiskModel::without_repeats(""), "");
    for (const std::string& text : {std::string(1000, 'a'), std::string(60, 'h'),
                                    std::string("Mijn dochter van 4 wil niet naar bed. Mijn dochter van 4 wil niet naar bed.")})
        EXPECT_EQ(detector().detect("nl", text).level, RiskLevel::none) << text.substr(0, 40);
    // A risk message pasted twice is still one.
    EXPECT_EQ(detector().detect("nl", "ik wil niet meer leven. ik wil niet meer leven.").level, RiskLevel::urgent);
}

TEST(RiskModel, ANegatedPhraseIsAtMostAConcern) {
    // The phrase lists see "geslagen" and its negation; the classifier reads the words only.
    const RiskResult r = detector().detect("nl", "hij heeft haar niet geslagen");
    EXPECT_TRUE(r.negated());
    EXPECT_NE(r.level, RiskLevel::urgent);
    EXPECT_TRUE(r.guidance.empty());
}

TEST(RiskModel, AConcernFlagsTheTaskHighNotUrgentAndGetsNoBotAnswer) {
    RiskResult concern;
    concern.level = RiskLevel::concern;
    concern.matches.push_back({"model", "suicide_self_harm", "concern 0.70"});
    EXPECT_EQ(concern.flags(), std::vector<std::string>{"concern:suicide_self_harm"});
    Tenant t;
    t.id = "t";
    t.languages = {"nl"};
    KbResult kb;
    kb.decision = KbResult::Kind::answer;
    kb.articles.push_back({"a", "Somberheid", "tekst", "", {}, 1.0, ""});
    const Decision d = decide(&t, Channel::chat, "nl", "somber", concern, kb);
    EXPECT_EQ(d.kind, Decision::Kind::callback);
    EXPECT_EQ(d.reason, "risk_concern");
    EXPECT_TRUE(d.articles.empty());
}

TEST(RiskModel, CombiningTheLayers) {
    const RiskThresholds t{0.3, 0.5};
    EXPECT_EQ(combine(true, 0.0, 0.0, t), RiskLevel::urgent);  // a phrase always counts
    EXPECT_EQ(combine(false, 0.3, 0.0, t), RiskLevel::urgent);
    EXPECT_EQ(combine(false, 0.29, 0.21, t), RiskLevel::concern);
    EXPECT_EQ(combine(false, 0.29, 0.2, t), RiskLevel::none);
}

TEST(RiskModel, TrainingIsDeterministic) {
    const auto examples = training_sample();
    ASSERT_GT(examples.size(), 700u);
    RiskModelOptions o;
    o.epoch = 5;  // quick; the point is that two runs agree
    const auto a = RiskModel::train(examples, o);
    const auto b = RiskModel::train(examples, o);
    for (const char* text : {"ik wil niet meer leven", "mijn baby slaapt slecht", "hij slaat mama"}) {
        const auto pa = a->predict(text);
        const auto pb = b->predict(text);
        EXPECT_EQ(pa.urgent, pb.urgent) << text;
        EXPECT_EQ(pa.concern, pb.concern) << text;
        EXPECT_EQ(pa.category, pb.category) << text;
    }
}

TEST(RiskModel, WithoutTrainingFilesOnlyThePhraseListsDecide) {
    const auto dir = fixtures::copy_risk_data("phrases", false);
    const RiskDetector d = RiskDetector::load(dir);
    EXPECT_FALSE(d.has_model());
    EXPECT_TRUE(detector().has_model());
    const std::string text = "ik heb al mijn spullen weggegeven en wil gewoon verdwijnen";
    EXPECT_EQ(d.detect("nl", text).level, RiskLevel::none);
    std::filesystem::remove_all(dir);
}

TEST(RiskModel, AMalformedTrainingLineIsAClearLoadError) {
    const auto dir = fixtures::copy_risk_data("bad", true);
    {
        std::ofstream out(dir / "risk_train_extra.tsv");
        out << "nl\tnone\t-\tgewone vraag\n"
            << "nl\turgent\tunknown_category\ttekst\n";
    }
    try {
        RiskDetector::load(dir);
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("risk_train_extra.tsv:2: unknown category 'unknown_category'"), std::string::npos) << what;
    }
    {
        std::ofstream out(dir / "risk_train_extra.tsv");
        out << "nl\tnone\tgewone vraag\n";
    }
    EXPECT_THROW(RiskDetector::load(dir), ConfigError);
    {
        std::ofstream out(dir / "risk_train_extra.tsv");
        out << "# only a comment\n";
        std::ofstream settings(dir / "risk_model.json");
        settings << R"({"thresholds": {"urgent": 1.5}})";
    }
    try {
        RiskDetector::load(dir);
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("thresholds.urgent"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

TEST(RiskModel, ASavedModelPredictsTheSameAndAGarbledOneIsRefused) {
    const auto examples = training_sample();
    RiskModelOptions o;
    o.epoch = 5;
    const auto trained = RiskModel::train(examples, o);
    const auto dir = fixtures::copy_risk_data("saved", false);
    ASSERT_TRUE(trained->save(dir / "model.bin"));
    const auto loaded = RiskModel::load(dir / "model.bin");
    ASSERT_TRUE(loaded);
    for (const char* text : {"ik wil niet meer leven", "mijn baby slaapt slecht"}) {
        EXPECT_EQ(loaded->predict(text).urgent, trained->predict(text).urgent) << text;
        EXPECT_EQ(loaded->predict(text).category, trained->predict(text).category) << text;
        EXPECT_EQ(loaded->category(text), trained->category(text)) << text;
    }
    // A model saved before the category model came in (no model.bin.category) is not used:
    // the line trains again rather than run without a concern's category.
    std::filesystem::remove(dir / "model.bin.category");
    EXPECT_FALSE(RiskModel::load(dir / "model.bin"));
    {
        std::ofstream garbage(dir / "garbage.bin");
        garbage << "not a model";
    }
    EXPECT_FALSE(RiskModel::load(dir / "garbage.bin"));
    EXPECT_FALSE(RiskModel::load(dir / "missing.bin"));
    std::filesystem::remove_all(dir);
}

TEST(RiskModel, ATentativeSignalMeetingAConfidentEverydayAnswerIsAConcernNeverAnAnswer) {
    RiskResult tentative;
    tentative.level = RiskLevel::urgent;
    tentative.tentative = true;
    tentative.matches.push_back({"model", "suicide_self_harm", "urgent 0.28"});
    KbResult everyday;
    everyday.decision = KbResult::Kind::answer;
    everyday.articles.push_back({"slapen", "Doorslapen", "tekst", "", {}, 1.0, ""});
    const RiskResult lowered = weigh_against_answer(tentative, everyday);
    EXPECT_EQ(lowered.level, RiskLevel::concern);
    EXPECT_TRUE(lowered.guidance.empty());
    EXPECT_EQ(lowered.flags(), std::vector<std::string>{"concern:suicide_self_harm"});
    Tenant t;
    t.id = "t";
    t.languages = {"nl"};
    const Decision d = decide(&t, Channel::chat, "nl", "tekst", lowered, everyday);
    EXPECT_EQ(d.kind, Decision::Kind::callback);  // the article is not shown
    EXPECT_TRUE(d.articles.empty());

    KbResult crisis = everyday;
    crisis.articles.front().risk = "suicide_self_harm";
    EXPECT_EQ(weigh_against_answer(tentative, crisis).level, RiskLevel::urgent);
    KbResult choices = everyday;
    choices.decision = KbResult::Kind::ambiguous;
    EXPECT_EQ(weigh_against_answer(tentative, choices).level, RiskLevel::urgent);
    EXPECT_EQ(weigh_against_answer(tentative, KbResult{}).level, RiskLevel::urgent);

    RiskResult sure = tentative;
    sure.tentative = false;  // the classifier above the sure threshold, or a phrase
    EXPECT_EQ(weigh_against_answer(sure, everyday).level, RiskLevel::urgent);
}

TEST(RiskModel, BaseLanguagesKeepAModelOfTheirOwn) {
    const auto all = training_sample();
    std::vector<RiskExample> nl_en;
    bool others = false;
    for (const auto& e : all) {
        if (e.lang == "nl" || e.lang == "en")
            nl_en.push_back(e);
        else
            others = true;
    }
    ASSERT_TRUE(others);  // the training files hold more languages than Dutch and English
    RiskModelOptions o;
    o.epoch = 5;
    const auto only_nl_en = RiskModel::train(nl_en, o);
    RiskModelOptions split = o;
    split.base_languages = {"nl", "en"};
    const auto both = RiskModel::train(all, split);
    const auto one = RiskModel::train(all, o);
    // Dutch and English (or no language given) are read by the model of their own messages: the
    // other languages' files cannot change what it says.
    for (const char* text : {"ik wil niet meer leven", "mijn baby slaapt slecht", "my dad hits me"}) {
        for (const char* lang : {"nl", "en", ""}) {
            EXPECT_EQ(both->predict(text, lang).urgent, only_nl_en->predict(text).urgent) << text;
            EXPECT_EQ(both->predict(text, lang).category, only_nl_en->predict(text).category) << text;
        }
    }
    // Another language is read by the model of all files.
    const char* tr = "babam beni her gün dövüyor";
    EXPECT_EQ(both->predict(tr, "tr").urgent, one->predict(tr).urgent);

    // Saved and loaded, both models come back (the base one next to the file).
    const auto dir = fixtures::copy_risk_data("split", false);
    ASSERT_TRUE(both->save(dir / "model.bin"));
    EXPECT_TRUE(std::filesystem::exists(dir / "model.bin.base"));
    const auto loaded = RiskModel::load(dir / "model.bin", split);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->predict("mijn baby slaapt slecht", "nl").urgent,
              only_nl_en->predict("mijn baby slaapt slecht").urgent);
    EXPECT_EQ(loaded->predict(tr, "tr").urgent, one->predict(tr).urgent);
    std::filesystem::remove_all(dir);
}

TEST(RiskModel, AConcernNamesItsOwnCategoryNotTheLikeliestUrgentOne) {
    // Concern messages of the training files, each rated concern as the line runs: the outcome
    // model pools concern over the categories, so the category comes from the category model.
    const struct {
        const char* text;
        const char* category;
    } cases[] = {
        {"ik voel me al weken zo somber en soms denk ik dat het niet uitmaakt of ik er ben of niet",
         "suicide_self_harm"},
        {"mijn stiefvader komt zonder kloppen de badkamer in als ik douche en blijft dan staan praten, ik "
         "vind dat heel ongemakkelijk",
         "child_abuse"},
        {"mijn dochter van 13 praat met een jongen van 19 die ze via TikTok kent, ze zegt dat het 'gewoon een "
         "vriend' is",
         "online_exploitation"},
    };
    for (const auto& c : cases) {
        const RiskResult r = detector().detect("nl", c.text);
        ASSERT_EQ(r.level, RiskLevel::concern) << c.text;
        EXPECT_EQ(r.flags(), std::vector<std::string>{std::string("concern:") + c.category}) << c.text;
    }
}

TEST(RiskModel, AThreatPhraseAlsoNamesWhoIsInDanger) {
    // "Acute danger" says how urgent, not from what: the category model names the partner too,
    // after the phrase's own category (its guidance first).
    const RiskResult r = detector().detect("nl", "mijn vriend staat voor de deur en zegt dat hij me gaat vermoorden");
    EXPECT_EQ(r.level, RiskLevel::urgent);
    EXPECT_EQ(r.categories(), (std::vector<std::string>{"acute_danger", "domestic_violence"}));
    ASSERT_EQ(r.guidance.size(), 2u);
    EXPECT_EQ(r.guidance[0].category, "acute_danger");
    EXPECT_EQ(r.guidance[1].category, "domestic_violence");
    // A phrase of its own kind keeps its category alone.
    EXPECT_EQ(detector().detect("nl", "mijn man slaat me").categories(), std::vector<std::string>{"domestic_violence"});
}

// The model cache keeps what is in use and lets go of the models of earlier data: a new model's
// save removes those nobody loaded or saved for 30 days (routing/risk.cpp prune_model_cache).
TEST(RiskModel, ANewModelsSaveRemovesModelsUnusedForThirtyDays) {
    namespace fs = std::filesystem;
    const auto cache = fs::temp_directory_path() / ("advieslijn_model_cache_" + std::to_string(::getpid()));
    fs::remove_all(cache);
    fs::create_directories(cache);
    const auto now = fs::file_time_type::clock::now();
    auto make = [&](const std::string& name, std::chrono::hours age) {
        std::ofstream(cache / name) << "x";
        fs::last_write_time(cache / name, now - age);
    };
    const auto day = std::chrono::hours(24);
    make("risk-model-00000000000000aa.bin", 40 * day);
    make("risk-model-00000000000000aa.bin.base", 40 * day);
    make("risk-model-00000000000000bb.bin", 10 * day);
    make("notes.txt", 400 * day);  // not a model: not the line's to remove

    // A small training set of its own (the first training file only), so the model is new.
    const auto data = fixtures::copy_risk_data("prune", false);
    fs::copy_file(RiskDetector::default_data_dir() / "risk_train.tsv", data / "risk_train.tsv");
    const char* before = std::getenv("ADVIESLIJN_CACHE_DIR");
    const std::string saved = before ? before : "";
    ::setenv("ADVIESLIJN_CACHE_DIR", cache.c_str(), 1);
    const RiskDetector d = RiskDetector::load(data);
    if (before) ::setenv("ADVIESLIJN_CACHE_DIR", saved.c_str(), 1); else ::unsetenv("ADVIESLIJN_CACHE_DIR");
    EXPECT_TRUE(d.has_model());

    EXPECT_FALSE(fs::exists(cache / "risk-model-00000000000000aa.bin"));
    EXPECT_FALSE(fs::exists(cache / "risk-model-00000000000000aa.bin.base"));
    EXPECT_TRUE(fs::exists(cache / "risk-model-00000000000000bb.bin"));
    EXPECT_TRUE(fs::exists(cache / "notes.txt"));
    int models = 0;
    for (const auto& entry : fs::directory_iterator(cache)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("risk-model-", 0) == 0 && entry.path().extension() == ".bin" &&
            name != "risk-model-00000000000000bb.bin")
            ++models;
    }
    EXPECT_EQ(models, 1);  // the new model, saved

    // Loading a model marks it as in use: an old time on its files is made now again.
    for (const auto& entry : fs::directory_iterator(cache))
        fs::last_write_time(entry.path(), now - 40 * day);
    ::setenv("ADVIESLIJN_CACHE_DIR", cache.c_str(), 1);
    const RiskDetector again = RiskDetector::load(data);
    if (before) ::setenv("ADVIESLIJN_CACHE_DIR", saved.c_str(), 1); else ::unsetenv("ADVIESLIJN_CACHE_DIR");
    int touched = 0;
    for (const auto& entry : fs::directory_iterator(cache))
        if (fs::last_write_time(entry.path()) > now - day) ++touched;
    EXPECT_GE(touched, 1);
    EXPECT_FALSE(fs::last_write_time(cache / "notes.txt") > now - day);
    EXPECT_FALSE(fs::last_write_time(cache / "risk-model-00000000000000bb.bin") > now - day);
    fs::remove_all(cache);
    fs::remove_all(data);
}
