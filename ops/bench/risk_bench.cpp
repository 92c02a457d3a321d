// Risk check latency: it runs on every chat message, SMS and speech result before anything
// else. The phrase lists alone (the line before the classifier) against both layers, on the
// labelled training messages (typed, speech-like, long and short), one message per iteration.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "routing/risk.hpp"
#include "routing/risk_model.hpp"

namespace {

using advieslijn::routing::RiskDetector;
using advieslijn::routing::RiskExample;

// ADVIESLIJN_RISK_BENCH_DATA=DIR measures another version of the risk data (an older
// commit's routing/data, from `git archive`) on the same messages with the same binary:
// a before/after of a data change in one run.
std::filesystem::path data_dir() {
    const char* dir = std::getenv("ADVIESLIJN_RISK_BENCH_DATA");
    return dir && *dir ? std::filesystem::path(dir) : RiskDetector::default_data_dir();
}

const RiskDetector& detector() {
    static const RiskDetector d = RiskDetector::load(data_dir());
    return d;
}

const std::vector<RiskExample>& messages() {
    static const auto m = advieslijn::routing::read_training_examples(RiskDetector::default_data_dir());
    return m;
}

void BM_RiskPhraseListsOnly(benchmark::State& state) {
    const auto& m = messages();
    std::size_t i = 0, flagged = 0;
    for (auto _ : state) {
        const auto& e = m[i++ % m.size()];
        flagged += detector().detect_phrases(e.lang, e.text).any();
    }
    benchmark::DoNotOptimize(flagged);
}
BENCHMARK(BM_RiskPhraseListsOnly);

void BM_RiskBothLayers(benchmark::State& state) {
    const auto& m = messages();
    std::size_t i = 0, flagged = 0;
    for (auto _ : state) {
        const auto& e = m[i++ % m.size()];
        flagged += detector().detect(e.lang, e.text).level != advieslijn::routing::RiskLevel::none;
    }
    benchmark::DoNotOptimize(flagged);
}
BENCHMARK(BM_RiskBothLayers);

// Loading the risk data with the model from the cache (what each start of the line does),
// and training it (what a start does when the data changed).
void BM_RiskLoadCached(benchmark::State& state) {
    detector();  // fills the cache
    for (auto _ : state) benchmark::DoNotOptimize(RiskDetector::load(data_dir()));
}
BENCHMARK(BM_RiskLoadCached)->Unit(benchmark::kMillisecond);

void BM_RiskTrain(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(advieslijn::routing::RiskModel::train(messages()));
}
BENCHMARK(BM_RiskTrain)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
