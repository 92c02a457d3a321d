#pragma once
// Risk signals: phrases that point to acute danger or abuse, matched before anything else.
// The phrase lists are data (routing/data/risk_<lang>.json) so that specialists can extend
// them without a code change; routing/eval/risk_eval.json measures every change.
#include <filesystem>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

namespace advieslijn::routing {

// Categories in the order their guidance is given when several match: life first.
inline constexpr const char* risk_categories[] = {
    "emergency_medical", "acute_danger", "suicide_self_harm", "child_abuse", "domestic_violence"};

struct RiskMatch {
    std::string signal;    // id of the signal in the data file
    std::string category;  // one of risk_categories
    std::string phrase;    // the matched words, folded, for supervisors and tests
};

struct EmergencyGuidance {
    std::string category;
    std::string chat;    // shown in chat and SMS
    std::string spoken;  // read out on the phone; numbers written out for TTS
};

// A number to call, shown as a tap-to-call link in chat ("Veilig Thuis", "0800-2000").
struct HelpNumber {
    std::string label;
    std::string number;  // as people read it
    std::string tel;     // for a tel: link
};

struct RiskResult {
    std::vector<RiskMatch> matches;           // one per matched signal
    std::vector<EmergencyGuidance> guidance;  // one per category, most urgent first

    bool any() const { return !matches.empty(); }
    std::vector<std::string> categories() const;
    std::string chat_text() const;    // guidance texts joined by blank lines
    std::string spoken_text() const;  // guidance texts joined by spaces
};

class RiskDetector {
  public:
    // Loads every risk_<lang>.json in `dir`. Throws ConfigError naming file and field.
    static RiskDetector load(const std::filesystem::path& dir);
    // <source>/routing/data, fixed at build time.
    static std::filesystem::path default_data_dir();

    // Matches `text` against the phrase list of `lang` (the conversation's language; other
    // lists are not used, because common words of one language are risk words in another:
    // Dutch "want … die" would read as English "want … die"). Unknown language: no signals.
    RiskResult detect(std::string_view lang, std::string_view text) const;

    bool has_language(std::string_view lang) const;
    // A risk signal that did not come from the phrase lists: the knowledge base found the
    // crisis article `article_id` (risk `category`) for the message. Its guidance is the
    // category's, or acute_danger's for a category this language has no guidance for.
    RiskResult signal_from_article(std::string_view lang, std::string_view article_id,
                                   std::string_view category, std::string_view title) const;
    // The guidance for one category, e.g. to repeat it; nullptr when absent.
    const EmergencyGuidance* guidance(std::string_view lang, std::string_view category) const;
    // The numbers to call for these categories, from the language's data: the ones every
    // situation needs first (112), the categories' own, then the ones always offered last
    // (De Kindertelefoon); each once.
    std::vector<HelpNumber> help_numbers(std::string_view lang,
                                         const std::vector<std::string>& categories) const;

    struct Term {
        std::string word;
        bool prefix = false;  // "zelfmoord*" also matches "zelfmoordgedachten"
    };
    using Group = std::vector<Term>;  // alternatives
    struct Pattern {
        std::vector<Group> groups;
        bool ordered = false;
        std::uint32_t id = 0;  // position among the language's patterns (TermIndex)
    };
    struct Signal {
        std::string id;
        std::string category;
        int window = 6;  // all groups within this many consecutive tokens
        std::vector<Pattern> patterns;
        Group exclude;  // a word near the match that makes it harmless ("huiswerk")
    };
    // Every term of every pattern, by word: which (pattern, group) it belongs to. detect()
    // looks the message's words up here and tries only patterns with a word in each group,
    // instead of looking every term of every pattern up in the message.
    struct TermRef {
        std::uint32_t pattern;
        std::uint32_t group;
    };
    struct WordHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    using TermMap =
        std::unordered_map<std::string, std::vector<TermRef>, WordHash, std::equal_to<>>;
    struct TermIndex {
        TermMap exact;
        TermMap prefix;
        std::size_t longest_prefix = 0;
        std::uint32_t patterns = 0;
    };
    struct Language {
        Group negators;
        Group cancel_after;   // "niet alleen", "not sure": not a negation
        Group cancel_before;  // "weet niet of …": uncertainty, not a negation
        std::vector<std::string> clause_words;
        int negation_before = 4;
        int negation_after = 3;
        std::vector<Signal> signals;
        std::map<std::string, EmergencyGuidance> guidance;
        std::vector<HelpNumber> numbers_first, numbers_last;
        std::map<std::string, std::vector<HelpNumber>, std::less<>> numbers_by_category;
        TermIndex terms;
    };

  private:
    std::map<std::string, Language, std::less<>> languages_;
};

}  // namespace advieslijn::routing
