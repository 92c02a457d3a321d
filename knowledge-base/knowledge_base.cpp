#include "knowledge-base/knowledge_base.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "knowledge-base/index.hpp"
#include "knowledge-base/text.hpp"

namespace kb {

std::string_view to_string(Decision d) {
    switch (d) {
        case Decision::answer:
            return "answer";
        case Decision::ambiguous:
            return "ambiguous";
        case Decision::none:
            return "none";
    }
    return "none";
}

Decision decide(const std::vector<Hit>& results, const Thresholds& t) {
    if (results.empty()) return Decision::none;
    const auto& top = results.front();
    if (top.exact) return Decision::answer;
    if (top.coverage < t.min_coverage || top.score < t.min_score) return Decision::none;
    double second = results.size() > 1 ? results[1].score : 0.0;
    double margin = top.score > 0 ? (top.score - second) / top.score : 0.0;
    if (top.coverage >= t.answer_coverage && margin >= t.answer_margin) return Decision::answer;
    return Decision::ambiguous;
}

namespace {

// The calibration's promises, the same for every set (docs/knowledge-base.md, "Calibration"):
// keep this share of the questions the set ranks right out of `none`; answer confidently at
// most this share of questions it ranks wrong, and of questions it has no article for.
constexpr double keep_right = 0.95;
constexpr double max_wrong_answered = 0.02;
constexpr double max_unanswerable_answered = 0.10;
// A few samples cannot show how rare a false answer is, so the two limits above are checked
// against an upper confidence bound of the share (Wilson, z below), not the share itself: a
// small set has to show a cleaner record before it answers on the same gate. That bound
// replaced most of the fixed floors (coverage 0.5, lead 0.25) that did the job before; these
// lower ones only keep an answer from resting on under 40% of the question or a 20% lead.
constexpr double false_answer_z = 0.5;
constexpr double answer_coverage_floor = 0.4;
constexpr double answer_margin_floor = 0.2;
constexpr double step = 0.05;

template <class Pred>
double share(const std::vector<RankSample>& samples, Pred pred) {
    if (samples.empty()) return 0;
    auto n = std::count_if(samples.begin(), samples.end(), pred);
    return static_cast<double>(n) / static_cast<double>(samples.size());
}

template <class Pred>
double share_bound(const std::vector<RankSample>& samples, Pred pred) {
    auto n = static_cast<std::size_t>(std::count_if(samples.begin(), samples.end(), pred));
    return upper_share(n, samples.size(), false_answer_z);
}

}  // namespace

double upper_share(std::size_t hits, std::size_t of, double z) {
    if (of == 0) return 0;
    const double n = static_cast<double>(of);
    const double p = static_cast<double>(hits) / n;
    const double z2 = z * z;
    return (p + z2 / (2 * n) + z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

bool enough_to_calibrate(const CalibrationSamples& samples) {
    const auto& asked = samples.held_out_question;
    auto right = static_cast<std::size_t>(
        std::count_if(asked.begin(), asked.end(), [](const RankSample& s) { return s.right; }));
    return asked.size() >= min_calibration_samples && right * 2 >= min_calibration_samples;
}

CalibrationSamples pooled(const std::vector<const CalibrationSamples*>& languages) {
    CalibrationSamples all;
    for (const auto* lang : languages) {
        all.held_out_question.insert(all.held_out_question.end(), lang->held_out_question.begin(),
                                     lang->held_out_question.end());
        all.held_out_article.insert(all.held_out_article.end(), lang->held_out_article.begin(),
                                    lang->held_out_article.end());
    }
    return all;
}

Thresholds calibrate(const CalibrationSamples& samples) {
    const auto& asked = samples.held_out_question;
    const auto& unanswerable = samples.held_out_article;
    std::vector<RankSample> right;
    std::copy_if(asked.begin(), asked.end(), std::back_inserter(right),
                 [](const RankSample& s) { return s.right; });
    Thresholds t;
    if (!enough_to_calibrate(samples)) return t;

    // `none`: for each coverage floor, the highest score floor that still keeps keep_right of
    // the right rankings; of those, the pair that turns away most questions without an article.
    const auto keep = static_cast<std::size_t>(std::ceil(keep_right * static_cast<double>(right.size())));
    double best_refused = -1;
    std::vector<double> scores;
    for (double min_cov = 2 * step; min_cov <= 0.7 + 1e-9; min_cov += step) {
        scores.clear();
        for (const auto& s : right) {
            if (s.coverage >= min_cov) scores.push_back(s.score);
        }
        if (scores.size() < keep) continue;
        std::nth_element(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(keep - 1), scores.end(),
                         std::greater<>());
        double min_score = scores[keep - 1];
        double refused = share(unanswerable, [&](const RankSample& s) {
            return s.score <= 0 || s.coverage < min_cov || s.score < min_score;
        });
        if (refused > best_refused) {
            best_refused = refused;
            t.min_coverage = min_cov;
            t.min_score = min_score;
        }
    }

    // `answer`: the gate that answers most right rankings within both false-answer limits.
    std::size_t best_right = 0;
    t.answer_coverage = 1.0;
    t.answer_margin = 1.0;  // no gate fits: only exact questions are answered
    for (double cov = std::max(t.min_coverage, answer_coverage_floor); cov <= 1.0 + 1e-9; cov += step) {
        for (double margin = answer_margin_floor; margin <= 0.9 + 1e-9; margin += step) {
            Thresholds trial = t;
            trial.answer_coverage = cov;
            trial.answer_margin = margin;
            auto answers = [&](const RankSample& s) {
                return s.score > 0 && s.coverage >= trial.min_coverage && s.score >= trial.min_score &&
                       s.coverage >= cov && s.margin >= margin;
            };
            if (share_bound(asked, [&](const RankSample& s) { return !s.right && answers(s); }) >
                    max_wrong_answered ||
                share_bound(unanswerable, answers) > max_unanswerable_answered) {
                continue;
            }
            auto n = static_cast<std::size_t>(std::count_if(right.begin(), right.end(), answers));
            if (n > best_right) {
                best_right = n;
                t.answer_coverage = cov;
                t.answer_margin = margin;
            }
        }
    }
    return t;
}

KnowledgeBase::KnowledgeBase(std::vector<Article> articles, const Synonyms& synonyms,
                             Options options)
    : articles_(std::move(articles)), synonyms_(synonyms) {
    std::map<std::string, std::vector<const Article*>> by_lang;
    for (const auto& a : articles_) by_lang[a.lang].push_back(&a);
    std::vector<const CalibrationSamples*> languages;
    for (auto& [lang, docs] : by_lang) {
        auto index = std::make_unique<detail::LanguageIndex>(lang, std::move(docs), synonyms_);
        languages.push_back(&index->calibration());
        indexes_.emplace(lang, std::move(index));
    }
    calibration_ = pooled(languages);
    // Once every language is indexed: a small language calibrates on all languages' samples.
    for (const auto& [lang, docs] : by_lang) {
        if (options.thresholds) {
            thresholds_.emplace(lang, *options.thresholds);
            continue;
        }
        const auto& own = indexes_.at(lang)->calibration();
        thresholds_.emplace(lang, enough_to_calibrate(own) ? calibrate(own) : calibrate(calibration_));
    }
    if (options.thresholds) fixed_ = *options.thresholds;
}

const Thresholds& KnowledgeBase::thresholds(std::string_view lang) const {
    const auto it = thresholds_.find(lang);
    return it == thresholds_.end() ? fixed_ : it->second;
}

KnowledgeBase::~KnowledgeBase() = default;

SearchResult KnowledgeBase::search(std::string_view lang, std::string_view text,
                                   std::size_t limit) const {
    return search(lang, text, limit, thresholds(lang));
}

SearchResult KnowledgeBase::search(std::string_view lang, std::string_view text,
                                   std::size_t limit, const Thresholds& thresholds) const {
    SearchResult result;
    result.query = std::string(text.substr(0, max_text_bytes));
    result.lang = std::string(lang);
    auto it = indexes_.find(result.lang);
    if (it == indexes_.end()) return result;
    const auto& index = *it->second;
    // The decision compares the top two, whatever the caller wants to show.
    for (const auto& s : index.search(text, std::max<std::size_t>(limit, 2))) {
        const Article& a = index.doc(s.doc);
        result.results.push_back({a.id, s.score, a.title, s.coverage, &a, s.exact});
    }
    result.decision = decide(result.results, thresholds);
    if (result.results.size() > limit) result.results.resize(limit);
    return result;
}

const Article* KnowledgeBase::find(std::string_view lang, std::string_view id) const {
    for (const auto& a : articles_) {
        if (a.lang == lang && a.id == id) return &a;
    }
    return nullptr;
}

std::vector<std::string> KnowledgeBase::languages() const {
    std::vector<std::string> langs;
    for (const auto& [lang, index] : indexes_) langs.push_back(lang);
    std::sort(langs.begin(), langs.end());
    return langs;
}

namespace {

constexpr std::uintmax_t max_file_bytes = 4 * 1024 * 1024;

struct article_set {
    std::vector<Article> articles;
    std::vector<std::pair<std::string, std::string>> synonym_files;  // file name, text
};

// Reads one directory tree; problems name the file as the editor would type it.
article_set read_set(const std::filesystem::path& dir, std::vector<Problem>& problems) {
    namespace fs = std::filesystem;
    article_set set;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        problems.push_back({dir.generic_string(), "", "", "is not a readable directory"});
        return set;
    }
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto& p = it->path();
        if (p.filename().string().starts_with('.')) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec) && p.extension() == ".json") files.push_back(p);
    }
    if (ec) problems.push_back({dir.generic_string(), "", "", "cannot be listed: " + ec.message()});
    std::sort(files.begin(), files.end());  // deterministic order, hence stable ranking ties

    for (const auto& path : files) {
        auto name = path.generic_string();
        auto size = fs::file_size(path, ec);
        if (ec || size > max_file_bytes) {
            problems.push_back({name, "", "", ec ? "cannot be read: " + ec.message()
                                                 : std::string("is larger than 4 MB")});
            continue;
        }
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            problems.push_back({name, "", "", "cannot be read"});
            continue;
        }
        if (path.parent_path() == dir && path.filename() == "synonyms.json") {
            set.synonym_files.emplace_back(name, text.str());
            continue;
        }
        auto articles = parse_articles(text.str(), name, problems);
        std::move(articles.begin(), articles.end(), std::back_inserter(set.articles));
    }

    std::map<std::pair<std::string, std::string>, const Article*> seen;
    for (const auto& a : set.articles) {
        auto [at, inserted] = seen.emplace(std::make_pair(a.lang, a.id), &a);
        if (!inserted) {
            problems.push_back({a.file, a.id, "id",
                                "duplicate for lang \"" + a.lang + "\" (also in " + at->second->file + ")"});
        }
    }
    return set;
}

}  // namespace

LoadResult load(const std::filesystem::path& dir,
                const std::optional<std::filesystem::path>& tenant_dir, const Options& options) {
    LoadResult result;
    auto shared = read_set(dir, result.problems);
    Synonyms synonyms = Synonyms::defaults();
    for (const auto& [file, text] : shared.synonym_files) synonyms.add(text, file, result.problems);
    auto articles = std::move(shared.articles);

    if (tenant_dir) {
        auto tenant = read_set(*tenant_dir, result.problems);
        for (const auto& [file, text] : tenant.synonym_files) synonyms.add(text, file, result.problems);
        for (auto& a : tenant.articles) {
            auto same = std::find_if(articles.begin(), articles.end(), [&](const Article& b) {
                return b.lang == a.lang && b.id == a.id;
            });
            if (same != articles.end()) {
                *same = std::move(a);  // the tenant's own version replaces the shared one
            } else {
                articles.push_back(std::move(a));
            }
        }
    }
    if (articles.empty() && result.problems.empty()) {
        result.problems.push_back({dir.generic_string(), "", "", "holds no articles (*.json)"});
    }
    if (!result.problems.empty()) return result;
    result.kb = std::make_shared<const KnowledgeBase>(std::move(articles), synonyms, options);
    return result;
}

std::string to_json(const SearchResult& result) {
    nlohmann::json j;
    j["query"] = result.query;
    j["lang"] = result.lang;
    j["decision"] = std::string(to_string(result.decision));
    auto& results = j["results"] = nlohmann::json::array();
    for (const auto& hit : result.results) {
        // Three decimals: enough to compare, stable across platforms' float printing.
        results.push_back({{"id", hit.id},
                           {"score", std::round(hit.score * 1000.0) / 1000.0},
                           {"title", hit.title}});
    }
    // Queries may hold invalid UTF-8; replace it rather than throw.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Library::Library(std::filesystem::path dir, std::optional<std::filesystem::path> tenant_dir,
                 Options options)
    : dir_(std::move(dir)), tenant_dir_(std::move(tenant_dir)), options_(options) {}

std::vector<Problem> Library::reload() {
    std::lock_guard lock(reload_mutex_);
    auto loaded = load(dir_, tenant_dir_, options_);
    if (loaded.kb) current_.store(std::move(loaded.kb));
    return std::move(loaded.problems);
}

}  // namespace kb
