#include "tests/knowledge-base/eval_support.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kb::eval {

std::vector<Query> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<Query> queries;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line.front() == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ss(line);
        std::string col;
        while (std::getline(ss, col, '\t')) cols.push_back(col);
        if (cols.size() != 4 || cols[3].empty()) {
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": want lang<TAB>expected<TAB>kind<TAB>query");
        }
        queries.push_back({cols[0], cols[1], cols[2], cols[3]});
    }
    return queries;
}

std::vector<Outcome> run(const KnowledgeBase& kb, const std::vector<Query>& queries) {
    std::vector<Outcome> outcomes;
    for (const auto& q : queries) {
        outcomes.push_back({&q, kb.search(q.lang, q.text, 5).results});
    }
    return outcomes;
}

Score score(const std::vector<Outcome>& outcomes, const Thresholds& t,
            std::vector<std::string>* failures) {
    Score s;
    for (const auto& o : outcomes) {
        auto decision = decide(o.hits, t);
        std::string first = o.hits.empty() ? "-" : o.hits.front().id;
        bool none_expected = o.query->expected == "none";
        bool ok = false;
        if (none_expected) {
            ++s.unanswerable;
            if (decision == Decision::answer) ++s.false_answers;
            if (decision == Decision::ambiguous) ++s.none_offered;
            ok = decision == Decision::none;
        } else {
            ++s.answerable;
            bool right = first == o.query->expected;
            if (right && decision != Decision::none) ++s.top1;
            if (right && decision == Decision::answer) ++s.answered_right;
            if (!right && decision == Decision::answer) ++s.false_answers;
            ok = right && decision != Decision::none;
        }
        if (!ok && failures != nullptr) {
            std::ostringstream line;
            line << o.query->lang << " [" << o.query->text << "] expected " << o.query->expected
                 << ", got " << to_string(decision) << " " << first;
            if (!o.hits.empty()) line << " (score " << o.hits.front().score << ", coverage " << o.hits.front().coverage << ")";
            failures->push_back(line.str());
        }
    }
    return s;
}

}  // namespace kb::eval
