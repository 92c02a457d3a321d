#pragma once
// `advieslijn risk ...`: lets editors of the risk data see what the triage makes of a message,
// and score it on a labelled file, without a server.
#include <ostream>
#include <string>
#include <vector>

#include "routing/decision.hpp"

namespace CLI {
class App;
}

namespace advieslijn::routing {

struct RiskCliArgs {
    std::string command;  // "check", "eval" or "cv"
    std::string data;     // risk data directory; empty: the built-in one
    std::string lang = "nl";
    std::vector<std::string> words;  // check: the message
    std::vector<std::string> files;  // eval: the labelled TSVs, each scored on its own
    double min_urgent_recall = 0;    // eval, cv: exit 1 below this share (0..1) of urgent found
    bool verbose = false;            // eval, cv: list the messages scored wrongly
    bool each = false;               // eval, cv: list every message with its outcome (to diff two runs)
    std::string kb;                  // eval, cv: an article set, to score the whole routing
    int folds = 5;                   // cv: number of folds
    int sample = 0;                  // cv: at most this many messages, a fixed sample (0: all)
    int max_urgent_answered = -1;    // eval with kb: exit 1 above this many (-1: no limit)
    double max_false_alarms = 1;     // eval: exit 1 above this share (0..1) of calm messages flagged
    double min_concern_flagged = 0;  // eval: exit 1 below this share (0..1) of concern messages flagged
    int max_concern_answered = -1;   // eval with kb: exit 1 above this many concerns given an answer
};

// Adds `check` and `eval` to `risk` (the `risk` command of a parser); parsing fills `args`.
void add_risk_commands(CLI::App& risk, RiskCliArgs& args);

// check: one JSON object {"outcome","categories","matches":[{"signal","category","phrase"}]}.
// eval: TSVs of `lang <TAB> label <TAB> category <TAB> text` (label urgent|concern|none; `#`
// lines are comments), each scored on its own per label and per expected category: how many
// were flagged. Several files share one load of the data (the model's load is most of the cost
// of a small set). Exit 0, or 1 when a file cannot be read (then nothing is scored), or urgent
// recall is below --min-urgent-recall, more calm messages than --max-false-alarms are flagged
// or more urgent ones than --max-urgent-answered answered in any of the files.
// With `each`, eval lists every message, scored right or wrongly, as `outcome (layer) categories
// [signals] <TAB> label <TAB> category <TAB> text` (the signal `model` is the classifier): two runs' lists, diffed, show what a change moved.
// With `kb` (the article set `args.kb`, loaded by the caller), eval scores what the line does:
// routing::route, so a crisis article the search finds counts as flagged too.
int run_risk_cli(const RiskCliArgs& args, std::ostream& out, std::ostream& err,
                 const KbSearch& kb = {});

}  // namespace advieslijn::routing
