#pragma once
#include <unistd.h>

#include <algorithm>
#include <filesystem>
// Shared test data: the demo tenant, an English-only tenant, and a canned knowledge base.
#include <string_view>
#include <vector>

#include "common/config.hpp"
#include "routing/decision.hpp"
#include "routing/prompts.hpp"
#include "routing/risk.hpp"
#include "routing/risk_model.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::routing::fixtures {

inline Tenant demo_tenant() {
    Tenant t;
    t.id = "demo";
    t.name = "CJG Demo";
    t.numbers = {"+31880030060"};
    t.site_keys = {"demo"};
    t.languages = {"nl", "en"};
    t.greetings = {{"nl", "Welkom bij de Advieslijn van CJG Demo."},
                   {"en", "Welcome to the advice line of CJG Demo."}};
    t.twilio_auth_token = "test-token";
    return t;
}

inline Tenant english_only_tenant() {
    Tenant t;
    t.id = "intl";
    t.name = "CJG International";
    t.numbers = {"+31201234567"};
    t.site_keys = {"intl"};
    t.languages = {"en"};
    return t;
}

// The shipped texts (routing/data/texts).
inline const Prompts& prompts() {
    static const Prompts p = Prompts::load(Prompts::default_dir());
    return p;
}

inline const RiskDetector& risk_detector() {
    static const RiskDetector d = RiskDetector::load(RiskDetector::default_data_dir());
    return d;
}

// The risk training messages (routing/data/risk_train*.tsv), for tests that route every one.
// The scored batches' copy (risk_train_used.tsv: over 35,000 lines, 1,000 more with each sitting
// of four batches) gives at most `used_lines` of its lines, evenly spaced, so that such a test
// (about 3 ms a message under ASan) does not grow with the batches; the curated files are taken
// whole. (A fixed stride of 4 grew by 250 lines a sitting: 2026-12-07, the suite at 29 min.)
inline std::vector<RiskExample> risk_training_messages(std::size_t used_lines) {
    std::vector<RiskExample> out;
    for (const auto& entry : std::filesystem::directory_iterator(RiskDetector::default_data_dir())) {
        const auto name = entry.path().filename().string();
        if (name.rfind("risk_train", 0) != 0 || entry.path().extension() != ".tsv") continue;
        const auto examples = read_risk_examples(entry.path());
        const std::size_t stride = name == "risk_train_used.tsv" && used_lines > 0
                                       ? std::max<std::size_t>(1, (examples.size() + used_lines - 1) / used_lines)
                                       : 1;
        for (std::size_t i = 0; i < examples.size(); i += stride) out.push_back(examples[i]);
    }
    return out;
}

// A private copy of the risk data (routing/data) in a fresh temporary directory, with or
// without the training files (without: the phrase lists alone, no classifier). The caller
// removes it.
inline std::filesystem::path copy_risk_data(const std::string& name, bool with_training) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("advieslijn_risk_data_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const auto& entry : std::filesystem::directory_iterator(RiskDetector::default_data_dir())) {
        const auto file = entry.path().filename().string();
        if (!entry.is_regular_file()) continue;  // texts/: not risk data
        if (!with_training && file.rfind("risk_train", 0) == 0) continue;
        std::filesystem::copy_file(entry.path(), dir / file);
    }
    return dir;
}

// The phrase lists without the classifier, for tests of what happens behind the risk layers,
// such as the crisis-article net.
inline const RiskDetector& phrase_list_detector() {
    static const RiskDetector d = [] {
        const auto dir = copy_risk_data("phrase_lists", false);
        RiskDetector loaded = RiskDetector::load(dir);
        std::filesystem::remove_all(dir);
        return loaded;
    }();
    return d;
}

inline KbArticle sleep_article() {
    return KbArticle{"slapen-baby-doorslapen",
                     "Mijn baby slaapt niet door",
                     "Veel baby's worden 's nachts wakker. <Tip> & \"rust\"",
                     "Veel baby's worden 's nachts nog wakker. Dat is normaal.",
                     {{"Slapen", "https://example.org/slapen?a=1&b=2"}},
                     0.9};
}

// A crisis article: the knowledge base finds it for words the phrase lists do not know.
inline KbArticle crisis_article() {
    return KbArticle{"zelfmoordgedachten-113", "Gedachten aan zelfmoord: praat met 113",
                     "Bel 113.", "", {}, 0.8, "suicide_self_harm"};
}

// "slaap" answers; "eten" is ambiguous between three articles; "verdwijnen" answers with the
// crisis article, "opgespaard" offers it among choices, "scherm" answers with another article
// and has the crisis article ranked below it; anything else: none.
inline KbResult fake_kb(const Tenant& /*tenant*/, std::string_view /*lang*/, std::string_view text) {
    KbResult r;
    if (text.find("verdwijnen") != std::string_view::npos) {
        r.decision = KbResult::Kind::answer;
        r.articles = {crisis_article()};
        return r;
    }
    if (text.find("scherm") != std::string_view::npos) {  // a crisis article ranked low
        r.decision = KbResult::Kind::answer;
        r.articles = {KbArticle{"schermtijd", "Schermtijd", "Tekst", "", {}, 0.9}, crisis_article()};
        return r;
    }
    if (text.find("opgespaard") != std::string_view::npos) {
        r.decision = KbResult::Kind::ambiguous;
        r.articles = {KbArticle{"eten-peuter", "Mijn peuter eet slecht", "Tekst peuter", "", {}, 0.5},
                      crisis_article()};
        return r;
    }
    if (text.find("slaap") != std::string_view::npos ||
        text.find("sleep") != std::string_view::npos) {
        r.decision = KbResult::Kind::answer;
        r.articles = {sleep_article()};
    } else if (text.find("eten") != std::string_view::npos) {
        r.decision = KbResult::Kind::ambiguous;
        r.articles = {
            KbArticle{"eten-peuter", "Mijn peuter eet slecht", "Tekst peuter", "", {}, 0.5},
            KbArticle{"eten-baby", "Mijn baby wil geen fruit", "Tekst baby", "Fruit.", {}, 0.4},
            KbArticle{"eten-tiener", "Eten en pubers", "Tekst tiener", "", {}, 0.3},
            KbArticle{"eten-extra", "Extra", "Vierde", "", {}, 0.2}};
    }
    return r;
}

}  // namespace advieslijn::routing::fixtures
