#pragma once

// The knowledge base: an immutable, searchable article set, and the holder that reloads it.
//
//   auto loaded = kb::load("knowledge-base/articles", tenant_dir);   // blocking file I/O
//   if (!loaded.kb) { for (auto& p : loaded.problems) log(kb::to_string(p)); }
//   auto result = loaded.kb->search("nl", "mijn baby slaapt slecht");
//   if (result.decision == kb::Decision::answer) use(*result.results[0].article);
//
// A KnowledgeBase is immutable once built and safe to search from any number of threads.
// Article pointers in a SearchResult stay valid as long as the KnowledgeBase that made them.

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge-base/article.hpp"
#include "knowledge-base/synonyms.hpp"

namespace kb {

namespace detail {
class LanguageIndex;
}

enum class Decision { answer, ambiguous, none };
std::string_view to_string(Decision d);

// When to answer, offer choices, or hand over. Defaults come from knowledge-base/eval
// (docs/knowledge-base.md explains how they were chosen and how to choose them again).
struct Thresholds {
    // Below either: `none`. Coverage is the share of the query's weight the top article matched.
    double min_coverage = 0.3;
    double min_score = 5.5;
    // `answer` needs this coverage and the top score this far ahead: (top - second) / top.
    double answer_coverage = 0.65;
    double answer_margin = 0.1;
};

struct Options {
    // Fixed thresholds, for tools and tests. Without them (the server, the CLI) they are
    // calibrated from the article set itself when it is loaded (see calibrate()).
    std::optional<Thresholds> thresholds;
};

struct Hit {
    std::string id;
    double score = 0;
    std::string title;
    double coverage = 0;
    const Article* article = nullptr;
    bool exact = false;  // the question is word for word this article's title or example question
};

// How the set ranks questions it has not seen, measured on its own example questions when it
// is loaded: each asked once with that question taken out of its article (`held_out_question`,
// `right` when its article still came first) and once with the whole article taken out
// (`held_out_article`: a question the set has no answer for).
struct RankSample {
    double score = 0;
    double coverage = 0;
    double margin = 0;  // (top - second) / top
    bool right = false;
};

struct CalibrationSamples {
    std::vector<RankSample> held_out_question;
    std::vector<RankSample> held_out_article;
};

// The thresholds a set's own samples call for (pure). Fewer than min_calibration_samples
// questions (or fewer than half that many ranked right): the fixed defaults of Thresholds.
constexpr std::size_t min_calibration_samples = 30;
Thresholds calibrate(const CalibrationSamples& samples);
// The upper end of a Wilson score interval for a share of hits out of of (pure): what the
// calibration holds its false-answer limits against, so fewer samples need a cleaner record.
// z = 0 gives the share itself; of = 0 gives 0.
double upper_share(std::size_t hits, std::size_t of, double z);
// Whether calibrate() can use these samples rather than keep the defaults.
bool enough_to_calibrate(const CalibrationSamples& samples);

// Every language's samples together (pure): what a language with too few of its own
// calibrates on, so that it borrows the others' evidence instead of the fixed defaults.
CalibrationSamples pooled(const std::vector<const CalibrationSamples*>& languages);

struct SearchResult {
    std::string query;
    std::string lang;
    Decision decision = Decision::none;
    std::vector<Hit> results;  // best first
};

// The decision for ranked results (pure; exposed so thresholds can be tuned offline).
Decision decide(const std::vector<Hit>& results, const Thresholds& t);

class KnowledgeBase {
public:
    // Builds one index per language. The articles must be valid (load() checks them).
    KnowledgeBase(std::vector<Article> articles, const Synonyms& synonyms, Options options = {});
    ~KnowledgeBase();
    KnowledgeBase(const KnowledgeBase&) = delete;
    KnowledgeBase& operator=(const KnowledgeBase&) = delete;

    // Ranked articles of lang with the decision. Any text is fine: empty, huge (only the first
    // 4 KB are read), invalid UTF-8, only stop words -> `none` with no results. Unknown lang
    // -> `none`.
    SearchResult search(std::string_view lang, std::string_view text, std::size_t limit = 5) const;
    SearchResult search(std::string_view lang, std::string_view text, std::size_t limit,
                        const Thresholds& thresholds) const;

    const Article* find(std::string_view lang, std::string_view id) const;
    const std::vector<Article>& articles() const { return articles_; }
    std::vector<std::string> languages() const;  // sorted
    // The thresholds in use for a language: Options::thresholds, or the ones calibrated from
    // that language's articles (the defaults for a language without articles). Per language,
    // because a score depends on the size of the set it ranks in: a new language's sixteen
    // articles score lower than Dutch's seventy, and one pool would lower Dutch's floor.
    // A language with too few samples of its own calibrates on all languages' samples
    // (pooled); only when those are too few as well, the defaults of Thresholds.
    const Thresholds& thresholds(std::string_view lang) const;
    // Every language's samples together (each language calibrates on its own).
    const CalibrationSamples& calibration() const { return calibration_; }

private:
    std::vector<Article> articles_;
    Synonyms synonyms_;
    CalibrationSamples calibration_;
    Thresholds fixed_;  // Options::thresholds, or the defaults
    std::map<std::string, Thresholds, std::less<>> thresholds_;
    std::unordered_map<std::string, std::unique_ptr<detail::LanguageIndex>> indexes_;
};

struct LoadResult {
    std::shared_ptr<const KnowledgeBase> kb;  // null when problems is not empty
    std::vector<Problem> problems;
};

// Reads every *.json below dir (an article or an array of them; `synonyms.json` at the top
// holds synonym groups extending the shipped ones). A tenant_dir, read the same way, adds
// articles and replaces shared ones with the same lang and id. Any problem refuses the set.
LoadResult load(const std::filesystem::path& dir,
                const std::optional<std::filesystem::path>& tenant_dir = std::nullopt,
                const Options& options = {});

// {"query":…, "lang":…, "decision":…, "results":[{"id":…, "score":…, "title":…}, …]}
std::string to_json(const SearchResult& result);

// Holds the current knowledge base for the server and swaps it on reload.
class Library {
public:
    explicit Library(std::filesystem::path dir,
                     std::optional<std::filesystem::path> tenant_dir = std::nullopt,
                     Options options = {});

    // Loads the set from disk and builds it (blocking: run it off the I/O threads). Swaps it
    // in only when valid; otherwise the current set keeps serving. Returns the problems.
    std::vector<Problem> reload();

    // The current set; null until the first successful reload. Cheap and thread-safe.
    std::shared_ptr<const KnowledgeBase> current() const { return current_.load(); }

private:
    std::filesystem::path dir_;
    std::optional<std::filesystem::path> tenant_dir_;
    Options options_;
    std::mutex reload_mutex_;  // one reload at a time; searches never wait on it
    std::atomic<std::shared_ptr<const KnowledgeBase>> current_;
};

}  // namespace kb
