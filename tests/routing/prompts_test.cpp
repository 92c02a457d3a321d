#include "routing/prompts.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;
using json = nlohmann::json;

namespace {

// A private copy of the shipped texts in a fresh folder, each file editable as JSON.
class TextsDir {
  public:
    explicit TextsDir(const std::string& name)
        : dir_(std::filesystem::temp_directory_path() /
               ("advieslijn_texts_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        for (const auto& e : std::filesystem::directory_iterator(Prompts::default_dir()))
            std::filesystem::copy_file(e.path(), dir_ / e.path().filename());
    }
    ~TextsDir() { std::filesystem::remove_all(dir_); }

    json read(const std::string& lang) const {
        std::ifstream in(dir_ / (lang + ".json"));
        return json::parse(in);
    }
    void write(const std::string& lang, const json& doc) const {
        std::ofstream(dir_ / (lang + ".json")) << doc.dump(2);
    }
    const std::filesystem::path& path() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

std::string problems_of(const std::filesystem::path& dir) {
    std::vector<FileProblem> problems;
    Prompts::load(dir, problems);
    std::string out;
    for (const auto& p : problems) out += describe(p, "texts", dir.string()) + "\n";
    return out;
}

bool has(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST(Prompts, ShippedTextsAreCompleteInEveryLanguage) {
    std::vector<FileProblem> problems;
    const Prompts p = Prompts::load(Prompts::default_dir(), problems);
    for (const auto& problem : problems) ADD_FAILURE() << describe(problem, "texts", "");
    EXPECT_GE(p.languages().size(), 2u);
    for (const auto& lang : p.languages()) {
        const LanguageTexts* L = p.find(lang);
        ASSERT_NE(L, nullptr);
        EXPECT_FALSE(L->twilio.say.empty()) << lang;
        EXPECT_FALSE(L->twilio.speech.empty()) << lang;
        EXPECT_NE(L->menu_key, 0) << lang;
    }
}

TEST(Prompts, FillsPlaceholdersFromTheTenant) {
    const Prompts& p = fixtures::prompts();
    Tenant t = fixtures::demo_tenant();
    t.greetings.clear();
    t.sla.normal = std::chrono::hours(24);
    t.sla.urgent = std::chrono::minutes(90);
    EXPECT_EQ(p.greeting(t, "nl"),
              "Welkom bij de Advieslijn van CJG Demo. Wij zijn dag en nacht bereikbaar.");
    EXPECT_EQ(p.within_normal(t, "en"), "within 24 hours");
    EXPECT_EQ(p.within_urgent(t, "nl"), "binnen 90 minuten");
    t.sla.urgent = std::chrono::minutes(60);
    EXPECT_EQ(p.within_urgent(t, "en"), "within the hour");
    EXPECT_EQ(p.task_created_voice(t, "en", "AB-12", true),
              "Thank you. Your reference is A B 1 2. A specialist will call you back as soon as "
              "possible, within the hour. If it cannot wait, call one one two. Goodbye.");
    EXPECT_EQ(p.sms_choices("nl", {"Slapen", "Huilen"}),
              "Over welk onderwerp gaat je vraag? Stuur het nummer:\n1. Slapen\n2. Huilen\n0. Bel me terug");
    EXPECT_EQ(p.choose_intro("en", {"Sleep"}),
              "I found a few topics. Press 1 for: Sleep. Or press 0 to be called back.");
    // A title's own question mark is left off where the sentence ends with its own full stop.
    EXPECT_EQ(p.answer_intro("nl", "Zindelijk worden: wanneer en hoe?"), "Over: Zindelijk worden: wanneer en hoe.");
    EXPECT_EQ(p.choose_intro("en", {"Potty training: when and how?"}),
              "I found a few topics. Press 1 for: Potty training: when and how. Or press 0 to be called back.");
    // The tenant's own greeting wins.
    EXPECT_EQ(p.greeting(fixtures::demo_tenant(), "nl"), "Welkom bij de Advieslijn van CJG Demo.");
}

TEST(Prompts, PhoneMenuOffersEachOtherLanguageInItself) {
    const Prompts& p = fixtures::prompts();
    const Tenant demo = fixtures::demo_tenant();  // nl, en
    const auto menu = p.menu(demo, "nl");
    ASSERT_EQ(menu.size(), 1u);
    EXPECT_EQ(menu[0].first, "en");
    EXPECT_EQ(menu[0].second, "For English, press 9.");
    EXPECT_EQ(p.language_for_key(demo, '9'), "en");
    EXPECT_EQ(p.language_for_key(demo, '0'), "nl");
    EXPECT_FALSE(p.language_for_key(demo, '5'));
    const Tenant intl = fixtures::english_only_tenant();
    EXPECT_TRUE(p.menu(intl, "en").empty());  // one language: no menu
    EXPECT_FALSE(p.language_for_key(intl, '9'));
    EXPECT_EQ(p.twilio("nl").say, "nl-NL");
    EXPECT_EQ(p.twilio("en").say, "en-GB");
}

TEST(Prompts, AnswerWordsOfEveryLanguageAndLanguageNames) {
    const Prompts& p = fixtures::prompts();
    EXPECT_TRUE(p.is_word("yes", "ja"));
    EXPECT_TRUE(p.is_word("yes", "yes"));
    EXPECT_TRUE(p.is_word("no", "nee"));
    EXPECT_TRUE(p.is_word("call", "bel me terug"));
    EXPECT_FALSE(p.is_word("yes", "nee"));
    EXPECT_FALSE(p.is_word("maybe", "ja"));
    EXPECT_EQ(p.language_named(fixtures::demo_tenant(), "english"), "en");
    EXPECT_EQ(p.language_named(fixtures::demo_tenant(), "nederlands"), "nl");
    EXPECT_FALSE(p.language_named(fixtures::english_only_tenant(), "nederlands"));
}

TEST(Prompts, MissingTextIsRefusedWithFileAndKey) {
    TextsDir dir("missing");
    json en = dir.read("en");
    en["phone"].erase("ask_voicemail");
    en["widget"].erase("consent");
    en["widget"]["windows"].erase("evening");
    dir.write("en", en);
    const std::string problems = problems_of(dir.path());
    const std::string file = (dir.path() / "en.json").string();
    EXPECT_TRUE(has(problems, file + ": field 'phone.ask_voicemail': missing: needs a text")) << problems;
    EXPECT_TRUE(has(problems, file + ": field 'widget.consent': missing")) << problems;
    EXPECT_TRUE(has(problems, file + ": field 'widget.windows.evening': missing")) << problems;
    EXPECT_THROW(Prompts::load(dir.path()), ConfigError);
}

TEST(Prompts, BadFilesAreRefusedWithTheReason) {
    TextsDir dir("bad");
    json en = dir.read("en");
    en["phone"]["greeting"] = "Welcome to {tenant}, {caller}.";  // unknown placeholder
    en["menu"]["key"] = "0";                                     // Dutch has 0
    en["direction"] = "up";
    en["widget"]["doneText"] = "We will call you back.";  // lost {phone}
    en["words"]["yes"] = json::array();
    dir.write("en", en);
    std::ofstream(dir.path() / "tr.json") << "{\"lang\": \"tr\",";  // broken JSON
    const std::string problems = problems_of(dir.path());
    EXPECT_TRUE(has(problems, "field 'phone.greeting': unknown placeholder {caller}")) << problems;
    EXPECT_TRUE(has(problems, "field 'menu.key': 0 is already the key of")) << problems;
    EXPECT_TRUE(has(problems, "field 'direction': must be \"ltr\" or \"rtl\"")) << problems;
    EXPECT_TRUE(has(problems, "field 'widget.doneText': uses other {placeholders}")) << problems;
    EXPECT_TRUE(has(problems, "field 'words.yes': missing: needs a list")) << problems;
    EXPECT_TRUE(has(problems, "tr.json: not valid JSON")) << problems;

    TextsDir nodutch("nodutch");
    std::filesystem::remove(nodutch.path() / "nl.json");
    EXPECT_TRUE(has(problems_of(nodutch.path()), "nl.json: missing: the Dutch texts")) << problems_of(nodutch.path());
}

TEST(Prompts, TenantLanguageWithoutTextsIsRefused) {
    const Prompts& p = fixtures::prompts();
    Tenant t = fixtures::demo_tenant();
    EXPECT_NO_THROW(p.require({t}));
    t.languages = {"nl", "xx"};
    try {
        p.require({t});
        FAIL() << "a language without texts was accepted";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "tenants[0].languages[1]: 'xx' has no texts file (xx.json in the texts folder)");
    }
}
