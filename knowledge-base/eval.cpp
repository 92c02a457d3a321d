#include "knowledge-base/eval.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
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

// "n/of = x.y%", or "0/0".
std::string share_text(int n, int of) {
    return of ? fmt::format("{}/{} = {:.1f}%", n, of, 100.0 * n / of) : std::string("0/0");
}

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
    const auto& part = share_text;
    const int all = s.answerable + s.unanswerable;
    return fmt::format(
        "top-1 {}, recall@3 {}, false answers {}, out of scope refused {}, answered right {}, ranked first {}",
        part(s.top1, s.answerable), part(s.top3, s.answerable), part(s.false_answers, all),
        part(s.refused, s.unanswerable), s.answered_right, part(s.ranked_first, s.answerable));
}

Ceiling ceiling(const std::vector<Outcome>& outcomes, double min_refused, double min_top1) {
    Ceiling c;
    std::vector<double> score_floors{0.0};
    for (const auto& o : outcomes) {
        const bool in_scope = o.query->expected != "none";
        in_scope ? ++c.answerable : ++c.unanswerable;
        if (in_scope && !o.hits.empty() && o.hits.front().id == o.query->expected) ++c.ranked_first;
        if (!o.hits.empty()) score_floors.push_back(o.hits.front().score);
    }
    const auto need_refused = static_cast<int>(std::ceil(min_refused * c.unanswerable - 1e-9));
    const auto need_top1 = static_cast<int>(std::ceil(min_top1 * c.answerable - 1e-9));
    std::sort(score_floors.begin(), score_floors.end());
    score_floors.erase(std::unique(score_floors.begin(), score_floors.end()), score_floors.end());
    // Coverage floors in the calibration's steps (knowledge_base.cpp), from none at all to 0.7.
    constexpr int coverage_steps = 14;
    constexpr double coverage_step = 0.05;
    for (int k = 0; k <= coverage_steps; ++k) {
        for (double min_score : score_floors) {
            // The line's own `none` gate with these floors (the answer gate does not matter here:
            // top-1 and refusals count choices and answers alike).
            Thresholds t;
            t.min_coverage = k * coverage_step;
            t.min_score = min_score;
            const Score s = score(outcomes, t);
            Gate g{true, t.min_coverage, t.min_score, s.top1, s.refused};
            // Ties go to the gate found first: the lowest floors.
            const int sum = g.top1 + g.refused;
            const int best_sum = c.best.top1 + c.best.refused;
            if (!c.best.found || sum > best_sum || (sum == best_sum && g.top1 > c.best.top1)) c.best = g;
            if (g.refused >= need_refused && (!c.at_refusals.found || g.top1 > c.at_refusals.top1)) {
                c.at_refusals = g;
            }
            if (g.top1 >= need_top1 && (!c.at_top1.found || g.refused > c.at_top1.refused)) c.at_top1 = g;
        }
    }
    return c;
}

std::string to_string(const Ceiling& c, double min_refused, double min_top1) {
    const auto& part = share_text;
    auto gate = [&](const Gate& g) {
        if (!g.found) return std::string("no gate");
        return fmt::format("coverage >= {:.2f}, score >= {:.2f}: top-1 {}, refused {}", g.min_coverage,
                           g.min_score, part(g.top1, c.answerable), part(g.refused, c.unanswerable));
    };
    return fmt::format("ranked first {}; best: {}; refused >= {:.0f}%: {}; top-1 >= {:.0f}%: {}",
                       part(c.ranked_first, c.answerable), gate(c.best), 100 * min_refused,
                       gate(c.at_refusals), 100 * min_top1, gate(c.at_top1));
}

}  // namespace kb::eval
