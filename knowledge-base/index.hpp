#pragma once

// The in-memory inverted index of one language (internal to the knowledge base).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge-base/article.hpp"
#include "knowledge-base/knowledge_base.hpp"
#include "knowledge-base/synonyms.hpp"

namespace kb::detail {

struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using string_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;

struct ScoredDoc {
    std::uint32_t doc = 0;
    float score = 0;
    float coverage = 0;  // share of the query's idf mass this article matched, 0..1
    bool exact = false;  // the question is this article's title or one of its questions
};

class LanguageIndex {
public:
    // docs must outlive the index (the KnowledgeBase owns both).
    LanguageIndex(std::string lang, std::vector<const Article*> docs, const Synonyms& synonyms);

    // Best articles first, at most limit. An exact title or example question comes first.
    std::vector<ScoredDoc> search(std::string_view text, std::size_t limit) const;

    // Leave-one-out ranks of (at most max_calibration_questions of) the articles' example
    // questions, computed when the index was built.
    const CalibrationSamples& calibration() const { return calibration_; }

    const Article& doc(std::uint32_t i) const { return *docs_[i]; }
    std::size_t size() const { return docs_.size(); }

private:
    struct Posting {
        std::uint32_t doc;
        float weight;  // BM25F term-frequency part, already saturated
    };
    struct QueryTerm {
        std::uint32_t term;
        float weight;
        std::uint32_t word;  // query word it came from: typo alternatives share one
        bool alternative;    // one of several readings of the word; counts once in the mass
    };

    struct PreparedQuery {
        std::vector<QueryTerm> terms;
        float total_mass = 0;  // idf mass of every query word, matched or not
    };

    static constexpr std::uint32_t no_term = UINT32_MAX;
    static constexpr std::uint32_t no_doc = UINT32_MAX;

    // exact_key, when given, receives the question's content words in order: the key an exact
    // title or example question is found by.
    PreparedQuery prepare(std::string_view text, std::string* exact_key = nullptr) const;
    // Every article the query touches, unsorted (scratch is per thread).
    void accumulate(const PreparedQuery& query, std::vector<ScoredDoc>& out) const;
    void calibrate(const std::vector<std::vector<std::vector<std::uint32_t>>>& question_terms,
                   const std::vector<float>& question_add);

    std::string term_of(std::string_view surface) const;
    std::uint32_t lookup(std::string_view word) const;
    void resolve(std::string_view word, std::uint32_t word_no, std::vector<QueryTerm>& out) const;
    bool split_compound(std::string_view word, int depth, std::vector<std::uint32_t>& parts) const;
    std::vector<std::uint32_t> correct_typo(std::string_view word, int max_distance) const;
    std::vector<std::string> query_words(std::string_view text, std::string* exact_key = nullptr) const;
    // The vocabulary word a separable particle and a verb form of one clause make together
    // ("door" + "slaapt" -> doorslapen), or no_term if the set has no such word.
    // An infinitive counts only right after its particle (adjacent).
    std::uint32_t recombined(int particle, std::string_view verb_form, bool adjacent) const;
    // The compound two adjacent words make when a transcript split it ("krenten baard" ->
    // krentenbaard), if the set's articles write it; else empty.
    std::string split_compound_of(std::string_view first, std::string_view second) const;

    std::string lang_;
    const Synonyms& synonyms_;
    std::vector<const Article*> docs_;
    string_map<std::uint32_t> surface_terms_;  // folded word -> term
    string_map<std::uint32_t> terms_;          // stem (after synonyms) -> term
    std::vector<std::vector<Posting>> postings_;
    std::vector<float> idf_;
    float unknown_idf_ = 0;
    // One-typo lookup: every word of at least min_typo_length with one letter deleted.
    string_map<std::vector<std::uint32_t>> deletions_;  // -> vocabulary words (surfaces_)
    // Two-typo lookup for long words: vocabulary words by first letter and length.
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> by_initial_length_;
    // Separable compound verbs of the vocabulary: "door slaap" -> doorslapen (surfaces_).
    string_map<std::uint32_t> separable_;
    std::vector<std::string> surfaces_;
    std::vector<std::uint32_t> surface_term_;
    std::vector<std::string> terms_by_id_;
    string_map<std::uint32_t> exact_;  // content words of titles and questions -> doc (no_doc: several)
    CalibrationSamples calibration_;
};

}  // namespace kb::detail
