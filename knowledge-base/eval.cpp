#include "knowledge-base/eval.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kb::eval {

std::vector<Query> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot be read");
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
        if (cols.size() != 4 || cols[0].empty() || cols[1].empty() || cols[3].empty()) {
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": want lang<TAB>expected<TAB>kind<TAB>query");
        }
        queries.push_back({cols[0], cols[1], cols[2], cols[3]});
    }
    return queries;
}

std::vector<Outcome> run(const KnowledgeBase& kb, const std::vector<Query>& queries) {
    std::vector<Outcome> outcomes;
    outcomes.reserve(queries.size());
    for (const auto& q : queries) outcomes.push_back({&q, kb.search(q.lang, q.text, 5).results});
    return outcomes;
}

namespace {

template <class ThresholdsOf>
Score score_with(const std::vector<Outcome>& outcomes, const ThresholdsOf& thresholds_of,
                 std::vector<std::string>* failures, std::string_view lang) {
    Score s;
    for (const auto& o : outcomes) {
        if (!lang.empty() && o.query->lang != lang) continue;
        auto decision = decide(o.hits, thresholds_of(o.query->lang));
        std::string first = o.hits.empty() ? "-" : o.hits.front().id;
        bool ok = false;
        if (o.query->expected == "none") {
            ++s.unanswerable;
            if (decision == Decision::answer) ++s.false_answers;
            if (decision == Decision::ambiguous) ++s.none_offered;
            ok = decision == Decision::none;
            if (ok) ++s.refused;
        } else {
            ++s.answerable;
            bool right = first == o.query->expected;
            for (std::size_t i = 0; i < o.hits.size() && i < 3; ++i) {
                if (o.hits[i].id == o.query->expected) ++s.top3;
            }
            if (right) ++s.ranked_first;
            if (right && decision != Decision::none) ++s.top1;
            if (right && decision == Decision::answer) ++s.answered_right;
            if (!right && decision == Decision::answer) ++s.false_answers;
            ok = right && decision != Decision::none;
        }
        if (!ok && failures != nullptr) {
            auto line = fmt::format("{} {} [{}] expected {}, got {} {}", o.query->lang, o.query->kind,
                                    o.query->text, o.query->expected, to_string(decision), first);
            if (!o.hits.empty()) {
                line += fmt::format(" (score {:.2f}, coverage {:.2f})", o.hits.front().score,
                                    o.hits.front().coverage);
            }
            failures->push_back(std::move(line));
        }
    }
    return s;
}

}  // namespace

Score score(const std::vector<Outcome>& outcomes, const Thresholds& t,
            std::vector<std::string>* failures, std::string_view lang) {
    return score_with(outcomes, [&t](std::string_view) -> const Thresholds& { return t; }, failures, lang);
}

Score score(const std::vector<Outcome>& outcomes, const KnowledgeBase& kb,
            std::vector<std::string>* failures, std::string_view lang) {
    return score_with(
        outcomes, [&kb](std::string_view l) -> const Thresholds& { return kb.thresholds(l); }, failures, lang);
}

std::string to_string(const Score& s) {
    auto part = [](int n, int of) {
        return of ? fmt::format("{}/{} = {:.1f}%", n, of, 100.0 * n / of) : std::string("0/0");
    };
    const int all = s.answerable + s.unanswerable;
    return fmt::format(
        "top-1 {}, recall@3 {}, false answers {}, out of scope refused {}, answered right {}, ranked first {}",
        part(s.top1, s.answerable), part(s.top3, s.answerable), part(s.false_answers, all),
        part(s.refused, s.unanswerable), s.answered_right, part(s.ranked_first, s.answerable));
}

}  // namespace kb::eval
