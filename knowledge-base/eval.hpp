#pragma once

// Scores an article set against a file of labelled questions: `advieslijn kb eval`, the eval
// tests and the threshold tools count the same way.
//
//   auto queries = kb::eval::read_queries("knowledge-base/eval/queries.tsv");
//   auto outcomes = kb::eval::run(kb, queries);
//   auto s = kb::eval::score(outcomes, kb);

#include <string>
#include <string_view>
#include <vector>

#include "knowledge-base/knowledge_base.hpp"

namespace kb::eval {

// One line of a queries file: lang <TAB> expected article id or `none` <TAB> kind <TAB> text.
struct Query {
    std::string lang;
    std::string expected;  // article id or "none" (out of scope: the line should not answer)
    std::string kind;      // typed, speech, typo, … (free text, reported only)
    std::string text;
};

// Lines starting with '#' and empty lines are skipped. Throws std::runtime_error naming the
// file and line when a line is malformed or the file cannot be read.
std::vector<Query> read_queries(const std::string& path);

struct Outcome {
    const Query* query = nullptr;
    std::vector<Hit> hits;  // up to 5, decision not applied
};

std::vector<Outcome> run(const KnowledgeBase& kb, const std::vector<Query>& queries);

struct Score {
    int answerable = 0;
    int unanswerable = 0;
    int top1 = 0;            // answerable, first result expected, decision not none
    int top3 = 0;            // answerable, expected among the first three
    // answerable, expected first whatever the decision: the ranking alone, apart from the
    // calibrated `none` gate (whose flips can hide a ranking change, docs/knowledge-base.md)
    int ranked_first = 0;
    int answered_right = 0;  // answerable, decision answer, first result expected
    int false_answers = 0;   // decision answer with the wrong article (or for a `none` query)
    int refused = 0;         // `none` query, decision none
    int none_offered = 0;    // `none` query that got ambiguous choices

    double top1_rate() const { return rate(top1, answerable); }
    double top3_rate() const { return rate(top3, answerable); }
    // Over all queries: how often the line would confidently say something wrong.
    double false_answer_rate() const { return rate(false_answers, answerable + unanswerable); }
    double refused_rate() const { return rate(refused, unanswerable); }

private:
    static double rate(int n, int of) { return of ? double(n) / of : 0; }
};

// Scores the outcomes of one language, or of all when lang is empty. Misses (with their
// decision and first result) are appended to failures when given.
Score score(const std::vector<Outcome>& outcomes, const Thresholds& t,
            std::vector<std::string>* failures = nullptr, std::string_view lang = {});
// As above, each question decided with its language's thresholds (the line's own decisions).
Score score(const std::vector<Outcome>& outcomes, const KnowledgeBase& kb,
            std::vector<std::string>* failures = nullptr, std::string_view lang = {});

// "top-1 240/254 = 94.5%, recall@3 …, false answers …, out of scope refused …".
std::string to_string(const Score& s);

// The best `none` gates in hindsight: coverage and score floors (one pair for the whole set)
// searched on the very questions they are scored on, each judged by decide(). Not a result: a
// bound for analysis on what a calibration of these two floors could reach with this ranking
// (the line calibrates per language; docs/knowledge-base.md).
struct Gate {
    bool found = false;
    double min_coverage = 0;
    double min_score = 0;
    int top1 = 0;
    int refused = 0;
};
struct Ceiling {
    int answerable = 0;
    int unanswerable = 0;
    int ranked_first = 0;      // no gate can pass more right first articles than this
    Gate best;                 // most right first articles plus refusals
    Gate at_refusals;          // most right first articles with refusals >= min_refused
    Gate at_top1;              // most refusals with top-1 >= min_top1
};
Ceiling ceiling(const std::vector<Outcome>& outcomes, double min_refused, double min_top1);
// "ranked first …; best: coverage >= …, score >= …: top-1 …, refused …; …".
std::string to_string(const Ceiling& c, double min_refused, double min_top1);

}  // namespace kb::eval
