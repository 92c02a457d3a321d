#include "routing/risk_model.hpp"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/config.hpp"
#include "routing/risk.hpp"
#include "routing/text.hpp"

namespace advieslijn::routing {
namespace {

constexpr std::string_view label_prefix = "__label__";
constexpr std::string_view urgent_prefix = "u_";

std::string model_label(const RiskExample& e, bool by_category) {
    if (by_category) return std::string(label_prefix) + e.category;
    if (e.label == "urgent") return std::string(label_prefix) + std::string(urgent_prefix) + e.category;
    return std::string(label_prefix) + e.label;
}

// fastText reads its training data from a file; this one lives as long as the training.
class TempFile {
  public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "advieslijn-risk-XXXXXX").string();
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) throw ConfigError("risk model: cannot create a temporary training file");
        ::close(fd);
        path_ = pattern;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace

std::string risk_category_from_label(std::string_view name) {
    for (const auto& c : risk_categories)
        if (name == c.training || name == c.name) return c.name;
    return {};
}

std::vector<RiskExample> read_risk_examples(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw ConfigError(file.string() + ": cannot read");
    std::vector<RiskExample> out;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty() || line[0] == '#') continue;
        auto fail = [&](const std::string& why) {
            throw ConfigError(file.string() + ":" + std::to_string(number) + ": " + why);
        };
        std::vector<std::string> cols;
        for (std::size_t start = 0;;) {
            const auto tab = line.find('\t', start);
            cols.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (cols.size() != 4) fail("expected lang, urgent|concern|none, category, text");
        RiskExample e{cols[0], cols[1], "", cols[3]};
        if (e.label != "urgent" && e.label != "concern" && e.label != "none")
            fail("label must be urgent, concern or none, not '" + e.label + "'");
        if (e.label != "none") {
            e.category = risk_category_from_label(cols[2]);
            if (e.category.empty()) fail("unknown category '" + cols[2] + "'");
        }
        if (trim(e.text).empty()) fail("empty text");
        out.push_back(std::move(e));
    }
    return out;
}

std::string RiskModel::normalise(std::string_view text) {
    std::string folded = fold_text(text);
    std::string out;
    out.reserve(folded.size());
    for (char c : folded) {
        const auto u = static_cast<unsigned char>(c);
        // Letters, digits and anything non-ASCII (already folded) make words; the rest splits.
        const bool word = std::isalnum(u) || u >= 0x80;
        if (word) {
            out += c;
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return without_repeats(out);
}

// Two kinds of input that are no message made the classifier shout (a tester's finding): a
// key held down ("a" x 1000: urgent 0.81; "hhhh…": urgent 0.31), whose n-grams are all alike,
// and a text pasted twice (one calm sentence twice read as unsafe_home 0.28). A run of one
// character longer than three is cut to three (typed elongation, "heeeeelp", reads the same:
// no word needs four), and words that repeat one whole sequence are that sequence once.
std::string RiskModel::without_repeats(std::string_view normalised) {
    std::string cut;
    cut.reserve(normalised.size());
    std::size_t run = 0;
    for (std::size_t i = 0; i < normalised.size(); ++i) {
        run = i > 0 && normalised[i] == normalised[i - 1] ? run + 1 : 1;
        if (run <= 3) cut += normalised[i];
    }
    std::vector<std::string_view> words;
    for (std::size_t at = 0; at < cut.size();) {
        const std::size_t end = std::min(cut.find(' ', at), cut.size());
        words.emplace_back(cut.data() + at, end - at);
        at = end + 1;
    }
    // The shortest period that the whole sequence repeats (at least twice), if any.
    const std::size_t n = words.size();
    for (std::size_t p = 1; p <= n / 2; ++p) {
        if (n % p != 0) continue;
        bool repeats = true;
        for (std::size_t i = p; i < n && repeats; ++i) repeats = words[i] == words[i - p];
        if (!repeats) continue;
        std::string once;
        for (std::size_t i = 0; i < p; ++i) {
            if (i) once += ' ';
            once += words[i];
        }
        return once;
    }
    return cut;
}

RiskModel::RiskModel() : ft_(std::make_unique<fasttext::FastText>()) {}
RiskModel::~RiskModel() = default;

std::shared_ptr<const RiskModel> RiskModel::train(const std::vector<RiskExample>& examples,
                                                  const RiskModelOptions& o) {
    if (examples.empty()) throw ConfigError("risk model: no labelled messages to train on");
    auto is_base = [&](const std::string& lang) {
        return std::find(o.base_languages.begin(), o.base_languages.end(), lang) != o.base_languages.end();
    };
    std::vector<RiskExample> base;
    bool others = false;
    for (const auto& e : examples) {
        if (is_base(e.lang))
            base.push_back(e);
        else
            others = true;
    }
    std::shared_ptr<RiskModel> model(new RiskModel());
    model->ft_ = train_fasttext(examples, o);
    std::vector<RiskExample> risky;
    for (const auto& e : examples)
        if (e.label != "none" && !e.category.empty()) risky.push_back(e);
    if (!risky.empty()) {
        RiskModelOptions c = o;
        if (o.category.dim) c.dim = o.category.dim;
        if (o.category.epoch) c.epoch = o.category.epoch;
        if (o.category.lr > 0) c.lr = o.category.lr;
        if (o.category.word_ngrams) c.word_ngrams = o.category.word_ngrams;
        model->category_ = train_fasttext(risky, c, true);
    }
    // Only when both kinds are there: otherwise one model is the same thing.
    if (!base.empty() && others) {
        model->base_ = train_fasttext(base, o);
        model->base_languages_ = o.base_languages;
    }
    return model;
}

std::unique_ptr<fasttext::FastText> RiskModel::train_fasttext(const std::vector<RiskExample>& examples,
                                                             const RiskModelOptions& o, bool by_category) {
    TempFile data;
    {
        std::ofstream out(data.path());
        for (const auto& e : examples) out << model_label(e, by_category) << ' ' << normalise(e.text) << '\n';
        if (!out) throw ConfigError("risk model: cannot write the training file");
    }
    fasttext::Args args;
    args.input = data.path();
    args.model = fasttext::model_name::sup;
    args.loss = fasttext::loss_name::softmax;
    args.minCount = 1;
    args.minCountLabel = 0;
    args.dim = o.dim;
    args.epoch = o.epoch;
    args.lr = o.lr;
    args.wordNgrams = o.word_ngrams;
    args.minn = o.minn;
    args.maxn = o.maxn;
    args.bucket = o.bucket;
    args.seed = o.seed;
    args.thread = 1;  // with one thread the same data and seed give the same model
    args.verbose = 0;
    auto ft = std::make_unique<fasttext::FastText>();
    try {
        ft->train(args);
    } catch (const std::exception& e) {
        throw ConfigError(std::string("risk model: training failed: ") + e.what());
    }
    return ft;
}

std::shared_ptr<const RiskModel> RiskModel::load(const std::filesystem::path& file,
                                                 const RiskModelOptions& o) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return nullptr;
    std::shared_ptr<RiskModel> model(new RiskModel());
    try {
        model->ft_->loadModel(file.string());
        // The base model is saved next to it when there is one (save()).
        const std::string base = file.string() + ".base";
        if (!o.base_languages.empty() && std::filesystem::is_regular_file(base, ec)) {
            model->base_ = std::make_unique<fasttext::FastText>();
            model->base_->loadModel(base);
            model->base_languages_ = o.base_languages;
        }
        // Saved since the category model came in; an older file is trained again.
        const std::string category = file.string() + ".category";
        if (!std::filesystem::is_regular_file(category, ec)) return nullptr;
        model->category_ = std::make_unique<fasttext::FastText>();
        model->category_->loadModel(category);
    } catch (const std::exception&) {
        return nullptr;
    }
    return model;
}

bool RiskModel::save(const std::filesystem::path& file) const {
    auto save_one = [](fasttext::FastText& ft, const std::string& target) {
        const auto partial = target + ".partial-" + std::to_string(::getpid());
        try {
            ft.saveModel(partial);
        } catch (const std::exception&) {
            std::remove(partial.c_str());
            return false;
        }
        std::error_code ec;
        std::filesystem::rename(partial, target, ec);
        if (ec) std::remove(partial.c_str());
        return !ec;
    };
    // The others first: a reader that finds the main file finds them too.
    if (base_ && !save_one(*base_, file.string() + ".base")) return false;
    if (category_ && !save_one(*category_, file.string() + ".category")) return false;
    return save_one(*ft_, file.string());
}

RiskPrediction RiskModel::predict(std::string_view text, std::string_view lang) const {
    RiskPrediction p;
    std::istringstream in(normalise(text) + "\n");
    std::vector<std::pair<fasttext::real, std::string>> labels;
    const bool base = base_ && (lang.empty() || std::find(base_languages_.begin(), base_languages_.end(),
                                                          lang) != base_languages_.end());
    (base ? base_ : ft_)->predictLine(in, labels, -1, 0.0);
    double best = -1;
    for (const auto& [prob, name] : labels) {
        std::string_view label(name);
        if (label.rfind(label_prefix, 0) == 0) label.remove_prefix(label_prefix.size());
        if (label.rfind(urgent_prefix, 0) == 0) {
            label.remove_prefix(urgent_prefix.size());
            p.urgent += prob;
            if (prob > best) {
                best = prob;
                p.category = std::string(label);
            }
        } else if (label == "concern") {
            p.concern += prob;
        }
    }
    return p;
}

std::string RiskModel::category(std::string_view text) const {
    if (!category_) return {};
    std::istringstream in(normalise(text) + "\n");
    std::vector<std::pair<fasttext::real, std::string>> labels;
    category_->predictLine(in, labels, 1, 0.0);
    if (labels.empty()) return {};
    std::string_view label(labels.front().second);
    if (label.rfind(label_prefix, 0) == 0) label.remove_prefix(label_prefix.size());
    return std::string(label);
}

}  // namespace advieslijn::routing
