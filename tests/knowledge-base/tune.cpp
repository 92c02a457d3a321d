// kb_tune ARTICLES QUERIES: a diagnostic next to the calibration. Prints what the set's own
// calibrated thresholds score on an evaluation set, then the best fixed thresholds in hindsight
// (grid search, top-1 with at most 2% false answers) and a two-fold check of how much such a
// choice overfits. Thresholds are not settings any more; see docs/knowledge-base.md.
#include <iostream>

#include "knowledge-base/eval.hpp"

namespace {

struct Best {
    kb::Thresholds t;
    kb::eval::Score s;
    bool found = false;
};

double objective(const kb::eval::Score& s) {
    // A `none` question offered choices costs as much as a missed top-1: the caller should be
    // handed to a specialist. Confident right answers break ties (fewer choice menus).
    return s.top1 - s.none_offered + 0.1 * s.answered_right;
}

Best tune(const std::vector<kb::eval::Outcome>& outcomes, double max_false) {
    Best best;
    for (double min_cov = 0.2; min_cov <= 0.81; min_cov += 0.05)
        for (double min_score = 0.0; min_score <= 6.01; min_score += 0.5)
            for (double ans_cov = min_cov; ans_cov <= 1.001; ans_cov += 0.05)
                for (double margin = 0.05; margin <= 0.61; margin += 0.05) {
                    kb::Thresholds t{min_cov, min_score, ans_cov, margin};
                    auto s = kb::eval::score(outcomes, t);
                    if (s.false_answer_rate() > max_false) continue;
                    if (!best.found || objective(s) > objective(best.s)) best = {t, s, true};
                }
    return best;
}

void print(const char* label, const kb::Thresholds& t, const kb::eval::Score& s) {
    std::cout << label << ": min_coverage " << t.min_coverage << ", min_score " << t.min_score
              << ", answer_coverage " << t.answer_coverage << ", answer_margin " << t.answer_margin
              << " -> top-1 " << s.top1_rate() << " (" << s.top1 << "/" << s.answerable
              << "), answered right " << s.answered_right << ", false answers " << s.false_answers
              << " (" << s.false_answer_rate() << "), none offered choices " << s.none_offered
              << "/" << s.unanswerable << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: kb_tune ARTICLES_DIR QUERIES_TSV\n";
        return 2;
    }
    auto loaded = kb::load(argv[1]);
    if (!loaded.kb) {
        for (const auto& p : loaded.problems) std::cerr << kb::to_string(p) << '\n';
        return 1;
    }
    auto queries = kb::eval::read_queries(argv[2]);
    auto outcomes = kb::eval::run(*loaded.kb, queries);
    print("calibrated (Dutch)", loaded.kb->thresholds("nl"), kb::eval::score(outcomes, *loaded.kb));
    auto best = tune(outcomes, 0.02);
    if (best.found) print("best", best.t, best.s);

    std::vector<kb::eval::Outcome> odd, even;
    for (std::size_t i = 0; i < outcomes.size(); ++i) (i % 2 ? odd : even).push_back(outcomes[i]);
    auto a = tune(odd, 0.02);
    auto b = tune(even, 0.02);
    if (a.found) print("tuned on odd, scored on even", a.t, kb::eval::score(even, a.t));
    if (b.found) print("tuned on even, scored on odd", b.t, kb::eval::score(odd, b.t));
    return 0;
}
