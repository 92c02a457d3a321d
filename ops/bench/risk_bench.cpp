// Risk check latency: it runs on every chat message, SMS and speech result before anything
// else. The phrase lists alone (the line before the classifier) against both layers, on the
// labelled training messages (typed, speech-like, long and short), one message per iteration;
// and route() with and without the answer cache.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "routing/answer_cache.hpp"
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

// What every message pays since the line also reads a message plainly written in another
// language it reads (RiskDetector::written_in, detect_as_written: English in a Dutch chat).
// The language check alone, and the whole triage as route() and the form run it, against
// BM_RiskBothLayers on the same messages. Most training messages are in their own language,
// so the second detect is rare here, as in the line.
void BM_RiskWrittenInCheck(benchmark::State& state) {
    const auto& m = messages();
    std::size_t i = 0, other = 0;
    for (auto _ : state) {
        const auto& e = m[i++ % m.size()];
        other += !detector().written_in(e.text, e.lang).empty();
    }
    benchmark::DoNotOptimize(other);
}
BENCHMARK(BM_RiskWrittenInCheck);

void BM_RiskAsWritten(benchmark::State& state) {
    const auto& m = messages();
    std::size_t i = 0, flagged = 0;
    for (auto _ : state) {
        const auto& e = m[i++ % m.size()];
        flagged += detector().detect_as_written(e.lang, e.text).level != advieslijn::routing::RiskLevel::none;
    }
    benchmark::DoNotOptimize(flagged);
}
BENCHMARK(BM_RiskAsWritten);

// route() with the answer cache (routing/answer_cache.hpp) against route() without it, on the
// same messages: what a miss adds (the keyed hash, the lookup, the store with eviction: a
// cache of 64 over thousands of different messages misses nearly always) and what a hit costs
// (one everyday question asked again). The knowledge base is left out (a search that finds
// nothing), so these are the triage and the cache alone.
advieslijn::Tenant bench_tenant() {
    advieslijn::Tenant t;
    t.id = "demo";
    t.languages = {"nl", "en"};
    return t;
}

advieslijn::routing::KbResult nothing_found(const advieslijn::Tenant&, std::string_view, std::string_view) {
    return {};
}

void route_messages(benchmark::State& state, advieslijn::routing::AnswerCache* cache) {
    using namespace advieslijn::routing;
    const auto tenant = bench_tenant();
    const KbSearch kb = nothing_found;
    const auto& m = messages();
    std::size_t i = 0, urgent = 0;
    for (auto _ : state) {
        const auto& e = m[i++ % m.size()];
        urgent += route(detector(), kb, tenant, Channel::chat, e.lang, e.text, cache).kind == Decision::Kind::urgent;
    }
    benchmark::DoNotOptimize(urgent);
}

void BM_RouteWithoutCache(benchmark::State& state) { route_messages(state, nullptr); }
BENCHMARK(BM_RouteWithoutCache);

void BM_RouteCacheMisses(benchmark::State& state) {
    advieslijn::routing::AnswerCache cache(64);
    route_messages(state, &cache);
    const auto f = cache.figures();
    state.counters["hit_share"] = f.hits + f.misses ? double(f.hits) / double(f.hits + f.misses) : 0;
}
BENCHMARK(BM_RouteCacheMisses);

void BM_RouteCacheHit(benchmark::State& state) {
    using namespace advieslijn::routing;
    AnswerCache cache(64);
    const auto tenant = bench_tenant();
    const KbSearch kb = nothing_found;
    std::size_t callbacks = 0;
    for (auto _ : state)
        callbacks += route(detector(), kb, tenant, Channel::chat, "nl", "mijn peuter heeft driftbuien", &cache).kind ==
                     Decision::Kind::callback;
    benchmark::DoNotOptimize(callbacks);
    state.counters["hits"] = double(cache.figures().hits);
}
BENCHMARK(BM_RouteCacheHit);

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
