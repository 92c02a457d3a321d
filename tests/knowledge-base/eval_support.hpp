#pragma once

// Runs knowledge-base/eval/queries.tsv against an article set (shared by the eval test and the
// threshold tuning tool, so both count the same way).

#include <string>
#include <vector>

#include "knowledge-base/knowledge_base.hpp"

namespace kb::eval {

struct Query {
    std::string lang;
    std::string expected;  // article id or "none"
    std::string kind;
    std::string text;
};

// Throws std::runtime_error naming the line when the file is malformed.
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
    int answered_right = 0;  // answerable, decision answer, first result expected
    int false_answers = 0;   // decision answer with the wrong article (or for a `none` query)
    int none_offered = 0;    // `none` query that got ambiguous choices
    double top1_rate() const { return answerable ? double(top1) / answerable : 0; }
    // Over all queries: how often the line would confidently say something wrong.
    double false_answer_rate() const {
        int all = answerable + unanswerable;
        return all ? double(false_answers) / all : 0;
    }
};

Score score(const std::vector<Outcome>& outcomes, const Thresholds& t,
            std::vector<std::string>* failures = nullptr);

}  // namespace kb::eval
