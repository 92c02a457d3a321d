#pragma once
// The second risk layer: a fastText classifier over words and character n-grams, trained from
// the labelled messages in routing/data/risk_train*.tsv. The phrase lists (risk.cpp) know the
// exact words editors wrote down; the classifier carries what the labelled messages teach to
// phrasings nobody wrote down, typos and paraphrase included. Either layer can flag a message.
//
// Training is part of loading: a few hundred short lines train in well under a second with one
// thread and a fixed seed, so the same files always give the same model and there is no
// binary model file to keep in step with the data.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fasttext {
class FastText;
}

namespace advieslijn::routing {

// One labelled message: `lang <TAB> label <TAB> category <TAB> text`, label urgent | concern |
// none, category one of risk_categories (or the file names "medical" and "suicide_selfharm"
// that the evaluation sets use) and "-" for none.
struct RiskExample {
    std::string lang;
    std::string label;
    std::string category;  // as in risk_categories; empty for none
    std::string text;
};

// Reads a labelled TSV (`#` lines and empty lines skipped). Throws ConfigError naming the file
// and line of a malformed row.
std::vector<RiskExample> read_risk_examples(const std::filesystem::path& file);

// The category names of the labelled files mapped onto risk_categories; empty when unknown.
std::string risk_category_from_label(std::string_view name);

struct RiskModelOptions {
    int dim = 32;
    int epoch = 50;
    double lr = 0.5;
    int word_ngrams = 2;
    int minn = 3;  // character n-grams: robust to typos and compounds
    int maxn = 5;
    int bucket = 100000;
    int seed = 7;
    // Languages read by a model trained on their messages only (Dutch and English): the
    // messages of the other languages train a second model on all files, so adding them
    // cannot shift what the first one says about Dutch or English. Empty: one model.
    std::vector<std::string> base_languages;
    // The category model's own settings where they differ (0: as above); chosen by the category
    // line of `risk cv`.
    struct {
        int dim = 0;
        int epoch = 0;
        double lr = 0;
        int word_ngrams = 0;
    } category;
};

struct RiskPrediction {
    double urgent = 0;   // probability mass on the urgent categories
    double concern = 0;  // on "concern" (the rest is "none")
    std::string category;  // the most likely urgent category
};

class RiskModel {
  public:
    // Trains on `examples` (deterministic: one thread, fixed seed). Throws ConfigError when
    // fastText refuses the data (e.g. no examples).
    static std::shared_ptr<const RiskModel> train(const std::vector<RiskExample>& examples,
                                                  const RiskModelOptions& options = {});
    ~RiskModel();

    // A model saved by save(); nullptr when the file is missing or not a fastText model.
    // With `options.base_languages`, both models (the second one in `file`.base); the category
    // model in `file`.category.
    static std::shared_ptr<const RiskModel> load(const std::filesystem::path& file,
                                                 const RiskModelOptions& options = {});
    // Writes the model to `file` through a temporary name, so a reader never sees half of it.
    // Returns false when it cannot be written (the caller trains again next time).
    bool save(const std::filesystem::path& file) const;

    // Thread-safe: fastText's prediction reads the model only.
    // `lang`: the message's language; a base language (or none given) is read by the base
    // model when there is one.
    RiskPrediction predict(std::string_view text, std::string_view lang = {}) const;
    // What a message the classifier rates as concern is about: a second model, trained on the
    // urgent and concern messages by category alone. The outcome model pools concern over the
    // categories, and its likeliest urgent label named the wrong kind of risk for a concern.
    std::string category(std::string_view text) const;

    // The text as the model sees it (folded, punctuation removed): training and prediction use
    // the same words.
    static std::string normalise(std::string_view text);
    // normalise's last step: runs of one character cut to three, a repeated word sequence once.
    static std::string without_repeats(std::string_view normalised);

  private:
    RiskModel();
    static std::unique_ptr<fasttext::FastText> train_fasttext(const std::vector<RiskExample>& examples,
                                                              const RiskModelOptions& options,
                                                              bool by_category = false);
    std::unique_ptr<fasttext::FastText> ft_;    // every language (or the only model)
    std::unique_ptr<fasttext::FastText> base_;  // the base languages; null: one model
    std::unique_ptr<fasttext::FastText> category_;  // risk messages of every language by category
    std::vector<std::string> base_languages_;
};

}  // namespace advieslijn::routing
