// Knowledge-base latency: queries on the shipped set and on a generated 10,000-article set,
// and the index build for 10,000 articles. Targets (issue 3): median query <= 20 us on 10,000
// articles, build <= 1 s.
#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "knowledge-base/knowledge_base.hpp"
#include "knowledge-base/text.hpp"

namespace {

struct query {
    std::string lang;
    std::string text;
};

std::vector<query> eval_queries() {
    std::vector<query> out;
    std::ifstream in(KB_QUERIES);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
        if (cols.size() == 4) out.push_back({cols[0], cols[3]});
    }
    return out;
}

const kb::KnowledgeBase& shipped() {
    static auto loaded = kb::load(KB_ARTICLES);
    if (!loaded.kb) std::abort();
    return *loaded.kb;
}

// 10,000 Dutch articles drawn from the shipped vocabulary plus invented words (so the
// vocabulary grows with the set as a real one would), with Zipf-like word frequencies.
std::vector<kb::Article> generated_articles(std::size_t n) {
    std::set<std::string> real;
    for (const auto& a : shipped().articles()) {
        if (a.lang != "nl") continue;
        for (auto& w : kb::tokenize(a.title + " " + a.answer)) real.insert(w);
    }
    std::vector<std::string> vocab(real.begin(), real.end());
    std::mt19937 rng(42);
    const char* syllables[] = {"ba", "ke", "lo", "mi", "nu", "ra", "se", "to", "vi", "we",
                               "dor", "pel", "tan", "kin", "ver", "schap", "heid", "ling"};
    for (int i = 0; i < 30000; ++i) {
        std::string w;
        int parts = 2 + static_cast<int>(rng() % 3);
        for (int p = 0; p < parts; ++p) w += syllables[rng() % std::size(syllables)];
        vocab.push_back(w);
    }
    std::shuffle(vocab.begin(), vocab.end(), rng);
    // Zipf: rank r drawn with probability ~ 1/r.
    std::vector<double> weights(vocab.size());
    for (std::size_t r = 0; r < vocab.size(); ++r) weights[r] = 1.0 / static_cast<double>(r + 1);
    std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
    auto words = [&](int count) {
        std::string s;
        for (int i = 0; i < count; ++i) s += vocab[pick(rng)] + " ";
        return s;
    };
    std::vector<kb::Article> out;
    for (std::size_t i = 0; i < n; ++i) {
        kb::Article a;
        a.id = "gen-" + std::to_string(i);
        a.lang = "nl";
        a.title = words(5);
        for (int q = 0; q < 4; ++q) a.questions.push_back(words(8));
        for (int k = 0; k < 6; ++k) a.keywords.push_back(words(1));
        a.answer = words(90);
        a.topic = words(1);
        out.push_back(std::move(a));
    }
    return out;
}

const std::vector<kb::Article>& ten_thousand() {
    static auto articles = generated_articles(10000);
    return articles;
}

const kb::KnowledgeBase& generated() {
    static kb::KnowledgeBase k(ten_thousand(), kb::Synonyms::defaults());
    return k;
}

void BM_QueryShippedSet(benchmark::State& state) {
    const auto& k = shipped();
    auto queries = eval_queries();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& q = queries[i++ % queries.size()];
        benchmark::DoNotOptimize(k.search(q.lang, q.text, 5));
    }
}
BENCHMARK(BM_QueryShippedSet)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_Query10kArticles(benchmark::State& state) {
    const auto& k = generated();
    std::vector<query> queries;
    for (auto& q : eval_queries()) {
        if (q.lang == "nl") queries.push_back(q);
    }
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& q = queries[i++ % queries.size()];
        benchmark::DoNotOptimize(k.search("nl", q.text, 5));
    }
}
BENCHMARK(BM_Query10kArticles)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_Build10kArticles(benchmark::State& state) {
    const auto& articles = ten_thousand();
    for (auto _ : state) {
        kb::KnowledgeBase k(articles, kb::Synonyms::defaults());
        benchmark::DoNotOptimize(&k);
    }
}
BENCHMARK(BM_Build10kArticles)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
