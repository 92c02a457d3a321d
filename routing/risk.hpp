#pragma once
// Risk signals: phrases that point to acute danger or abuse, matched before anything else.
// The phrase lists are data (routing/data/risk_<lang>.json) so that specialists can extend
// them without a code change; routing/eval/risk_eval.json measures every change.
#include <filesystem>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/risk_categories.hpp"

namespace advieslijn::routing {

// The categories, in the order their guidance is given when several match (life first), are
// advieslijn::risk_categories (common/risk_categories.hpp).

// urgent: crisis guidance and an urgent task; concern: distress that is not clearly acute, no
// bot answer but a specialist with high priority; none: the knowledge base may answer.
enum class RiskLevel { none, concern, urgent };
std::string_view to_string(RiskLevel level);

struct RiskMatch {
    std::string signal;    // id of the signal in the data file
    std::string category;  // one of risk_categories
    std::string phrase;    // the matched words, folded, for supervisors and tests
};

struct EmergencyGuidance {
    std::string category;
    std::string chat;    // shown in chat and SMS
    std::string spoken;  // read out on the phone; numbers written out for TTS
};

// A number to call, shown as a tap-to-call link in chat ("Veilig Thuis", "0800-2000").
struct HelpNumber {
    std::string label;
    std::string number;  // as people read it
    std::string tel;     // for a tel: link
};

struct RiskResult {
    RiskLevel level = RiskLevel::none;
    std::vector<RiskMatch> matches;           // one per matched signal (or the model's verdict)
    std::vector<EmergencyGuidance> guidance;  // urgent: one per category, most urgent first
    // The phrases that matched but were negated ("hij slaat haar nooit"), without their words:
    // they lower the classifier's urgent reading to a concern (detect()), and `risk check`
    // shows them so an editor sees why a phrase did not count.
    std::vector<RiskMatch> denied;
    // The words that made the message read as calm ("niks aan de hand", "gaat echt goed", "voor
    // mijn beleidsplan"), with nothing that says danger now; empty when there were none. A calm
    // context lowers a risk phrase to a concern (or clears it: `cleared`), and a topic word or
    // the classifier to none.
    std::string calm;
    // One of those cues says it is over or nothing happened ("het gaat nu goed"), so an act told
    // beside it is still a concern (or cleared: `cleared`); the other cues only say why someone
    // asks.
    bool calm_settles = false;
    // The cues only say why someone asks ("voor mijn spreekbeurt", "welke vragen stel ik"): not
    // that it is over, and not only a joke. A classifier sure of danger is still heard (detect()).
    bool calm_why = false;
    // An act was named, and a calm cue says it is over or not the writer's now ("ik ben als
    // kind geslagen, daar heb ik therapie voor gehad", "in het toneelstuk wordt ze geslagen"):
    // no alarm (level none), but never a bot answer over it either: decide() hands it to a
    // specialist as an ordinary callback.
    bool cleared = false;
    // The calm cues found speak to some risk signals only (a child's outburst, for "ik wil
    // dood"): what they say of those, they cannot say of an act no phrase list named ("roept
    // dat hij dood wil als hij boos is en dan slaat papa hem"), so the classifier still reads
    // the message and what it finds is a concern (detect()).
    bool calm_scoped = false;
    // Flagged by the classifier alone, below RiskThresholds::sure: a confident answer from an
    // everyday article lowers it to a concern (route(), weigh_against_answer).
    bool tentative = false;
    // The classifier's urgent + concern probability for the message; -1 when it did not run
    // (a phrase match, no model, or a language without phrase lists).
    double model_risk = -1;

    bool any() const { return level == RiskLevel::urgent; }  // urgent
    bool negated() const { return !denied.empty(); }
    bool concern() const { return level == RiskLevel::concern; }
    // The categories of the matches, each once, most urgent first.
    std::vector<std::string> categories() const;
    // What a task records: the categories when urgent, "concern:<category>" for a concern
    // (the callback becomes high priority, not urgent); empty for none.
    std::vector<std::string> flags() const;
    // What triggered it, for the specialist: the matched words ("wil dood"), "classifier:
    // urgent 0.87", or "article: <title>" for a crisis article; each once.
    std::vector<std::string> evidence() const;
    std::string chat_text() const;    // guidance texts joined by blank lines
    std::string spoken_text() const;  // guidance texts joined by spaces
};

class RiskModel;
struct RiskModelOptions;
struct RiskExample;

// When the classifier's probabilities make a message urgent or a concern (risk_model.json).
struct RiskThresholds {
    double urgent = 0.5;   // probability mass on the urgent categories
    double concern = 0.5;  // urgent + concern mass, below the urgent threshold
    // A message only the classifier flags, with less urgent mass than this, is lowered to a
    // concern when a confident knowledge-base answer from an everyday article meets it: the
    // question is close to an article's own calm example questions ("mijn baby slaapt 's
    // nachts niet door" had 0.28 on "'s nachts" and "niet"), so no crisis guidance, but never
    // a bot answer either. Phrase-list matches are never lowered.
    double sure = 0.5;
    // A crisis article among the choices (not as the one answer) makes a message urgent only
    // when the classifier gives it at least this much urgent + concern probability; below it,
    // with no phrase match, the message gets a callback offer: no choices, no crisis text
    // (route()). 0 keeps the net as it was: every crisis article shown is a risk signal.
    double crisis_choice = 0;
    // A bot reply (an everyday article as the answer, or choices) for a message no layer flags
    // but the classifier gives at least this much urgent + concern probability becomes a
    // callback offer: no alarm, no crisis text, but no bot reply to a message the classifier is
    // unsure of either (route(), reason "kb_unsure_risk"). 0 (the default) turns it off.
    double unsure_reply = 0;
};

// The outcome of both layers: a phrase-list match is urgent whatever the classifier says (it
// was tried as a "calm" veto and lowered "mijn man slaat de kinderen" with p(none) = 1.00);
// otherwise the classifier's probabilities decide.
RiskLevel combine(bool phrase_match, double p_urgent, double p_concern, const RiskThresholds& t);

// risk_model.json: {"thresholds": {"urgent", "concern", "sure"}, "training": {dim, epoch, lr,
// word_ngrams, minn, maxn, bucket, seed}}, in the risk data directory `dir`; the file and every
// field are optional (what is absent keeps its value). Throws ConfigError.
void read_risk_model_settings(const std::filesystem::path& dir, RiskModelOptions& training,
                              RiskThresholds& thresholds);
// Every risk_train*.tsv in `dir`, in file name order. Throws ConfigError naming file and line.
std::vector<RiskExample> read_training_examples(const std::filesystem::path& dir);

class RiskDetector {
  public:
    // Loads every risk_<lang>.json in `dir`, and trains the classifier on every
    // risk_train*.tsv there (none: phrase lists only) with risk_model.json's settings.
    // Throws ConfigError naming file and field (or line).
    static RiskDetector load(const std::filesystem::path& dir);
    // <source>/routing/data, fixed at build time.
    static std::filesystem::path default_data_dir();

    // Matches `text` against the phrase list of `lang` (the conversation's language; other
    // lists are not used, because common words of one language are risk words in another:
    // Dutch "want … die" would read as English "want … die"). Unknown language: no signals.
    // Without a phrase match the classifier decides between urgent, concern and none.
    RiskResult detect(std::string_view lang, std::string_view text) const;
    // The phrase lists alone (for evaluation of the layers).
    RiskResult detect_phrases(std::string_view lang, std::string_view text) const;
    // The language `text` is plainly written in when that is not `lang` (the conversation's):
    // the list whose `function_words` ("ik", "het", "niet"; "i", "the", "not") it uses at
    // least twice and more often than `lang`'s. Empty when it reads as `lang` or as nothing
    // clear, and when `lang` lists no function words (Polish "i" and "a" are English ones). Someone may write English in a Dutch chat (or pick English in the widget
    // mid-conversation): route() then reads the message with that language's lists as well.
    std::string written_in(std::string_view text, std::string_view lang) const;
    // detect() in `lang`, and, short of urgent, in the language the text is plainly written
    // in when that is another one (written_in): the stronger outcome. What every channel's
    // triage uses, the callback form's included.
    RiskResult detect_as_written(std::string_view lang, std::string_view text) const;
    // Words a caller in danger may say, per language (`speech_hints` in risk_<lang>.json),
    // joined with commas for the speech recogniser's hints: a word it expects is more often
    // heard right, and a risk word heard wrong is a risk signal missed on the phone.
    std::map<std::string, std::string> speech_hints() const;
    bool has_model() const { return model_ != nullptr; }
    // The classifier, or nullptr (tests compare its two models' categories).
    const RiskModel* model() const { return model_.get(); }
    // Whether the classifier reads this language (its training files have examples in it);
    // other languages have the phrase lists only.
    bool model_reads(std::string_view lang) const { return model_ && model_languages_.count(lang) > 0; }
    const RiskThresholds& thresholds() const { return thresholds_; }
    // The same phrase lists and thresholds with another classifier (cross-validation scores
    // each fold with a model trained on the others).
    RiskDetector with_model(std::shared_ptr<const RiskModel> model) const;

    bool has_language(std::string_view lang) const;
    // A risk signal that did not come from the phrase lists: the knowledge base found the
    // crisis article `article_id` (risk `category`) for the message. Its guidance is the
    // category's, or acute_danger's for a category this language has no guidance for.
    RiskResult signal_from_article(std::string_view lang, std::string_view article_id,
                                   std::string_view category, std::string_view title) const;
    // The guidance for one category, e.g. to repeat it; nullptr when absent.
    const EmergencyGuidance* guidance(std::string_view lang, std::string_view category) const;
    // The numbers to call for these categories, from the language's data: the ones every
    // situation needs first (112), the categories' own, then the ones always offered last
    // (De Kindertelefoon); each once.
    std::vector<HelpNumber> help_numbers(std::string_view lang,
                                         const std::vector<std::string>& categories) const;

    struct Term {
        std::string word;
        bool prefix = false;  // "zelfmoord*" also matches "zelfmoordgedachten"
    };
    using Group = std::vector<Term>;  // alternatives
    struct Pattern {
        std::vector<Group> groups;
        bool ordered = false;
        std::uint32_t id = 0;  // position among the language's patterns (TermIndex)
    };
    struct Signal {
        std::string id;
        std::string category;
        int window = 6;  // all groups within this many consecutive tokens
        std::vector<Pattern> patterns;
        Group exclude;  // a word near the match that makes it harmless ("huiswerk")
        // How many tokens before and after the match an exclude word is looked for. A laugh
        // after a figure of speech can come at the end of a longer sentence ("my mum will
        // literally kill me if i fail this chemistry test lol").
        int exclude_reach = 5;  // topic_exclude_reach for a topic word that sets none
        // All of a match's words in one sentence (no . ! ? or line break between them): for
        // signals whose matches across a full stop joined two stories ("gilde alsof hij
        // vermoord werd. nu wil hij ...": no threat). Most urgent signals need the reach: the
        // act in one sentence, the time or the plan in the next.
        bool one_sentence = false;
        // The signal names a subject ("zelfmoord", "kindermishandeling"), not an act or a
        // danger: in a calm context it is no risk at all (an act is lowered to a concern).
        bool topic = false;
        // The signal says distress, not danger now ("niemand zou me missen"): alone it is a
        // concern (a specialist with high priority, no crisis text), and the classifier still
        // reads the message and can make it urgent.
        bool concern = false;
        // A calm cue that says the danger is over or not real ("het gaat nu echt goed", "er is
        // niks aan de hand") lowers an act to a concern; one that says why someone asks ("voor
        // ons protocol") lowers only a topic and the classifier.
        bool acts = false;
        // A calm cue marked acts that tells how someone seems now ("hij speelt gewoon", "ze
        // voelt zich prima"), not that it is over: it does not lower an unseen danger.
        bool seems = false;
        // A calm cue marked acts that says the act is not the writer's now at all: over and
        // dealt with ("therapie gehad", "jaren geleden"), or in a play, a book or the news. An
        // act beside it raises no alarm (RiskResult::cleared): no priority, but no bot answer.
        bool clears = false;
        // A danger that does not show yet ("knoopcelbatterij ingeslikt", "een hele strip
        // paracetamol genomen"): a child who plays normally can have a battery burning through
        // her gullet, so only a cue that says it is over lowers it, not one of how she seems.
        bool unseen = false;
        // A calm cue that only keeps the classifier from reading the message, and lowers no
        // phrase: a joke ("lol", a laughing face) is no reason to doubt "hij slaat me", but
        // the classifier reads a joking message's alarming words ("ik ga dood van schaamte
        // 😂") as alarm.
        bool classifier_only = false;
        // A "now" cue of time ("vannacht") holds whatever negation is near ("nergens om te
        // slapen vannacht"); risk signals and calm cues are always negatable.
        bool negatable = true;
        // A calm cue that speaks to some risk signals only (their ids): it counts when every
        // phrase match is one of them. A child's tantrum ("roept 'ik wil dood' als hij zijn
        // zin niet krijgt, vijf minuten later speelt hij weer vrolijk") says nothing about
        // "hij slaat me als hij boos is", nor about what the classifier alone reads. Empty:
        // every signal.
        std::vector<std::string> lowers_only;
        // A calm cue about what recurs by its nature (a young child's outbursts): a "now" cue
        // of time ("weer", "steeds", "keeps", "elke dag", one marked `time`) does not undo it;
        // one of fear or of meaning it ("ik maak me zorgen", "hij meent het") still does.
        bool recurring = false;
        bool time = false;  // a "now" cue of time (see recurring)
    };
    // Every term of every pattern, by word: which (pattern, group) it belongs to. detect()
    // looks the message's words up here and tries only patterns with a word in each group,
    // instead of looking every term of every pattern up in the message.
    struct TermRef {
        std::uint32_t pattern;
        std::uint32_t group;
    };
    struct WordHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    using TermMap =
        std::unordered_map<std::string, std::vector<TermRef>, WordHash, std::equal_to<>>;
    struct TermIndex {
        TermMap exact;
        TermMap prefix;
        std::size_t longest_prefix = 0;
        std::uint32_t patterns = 0;
    };
    struct Language {
        Group negators;
        Group cancel_after;   // "niet alleen", "not sure": not a negation
        // Passed over on the way to a cancel_after word: "without a coat", "zonder zijn jas".
        Group cancel_skip;
        Group cancel_before;  // "weet niet of …": uncertainty, not a negation
        Group conditionals;   // "… iets aan als ze niet stopt": the negation is the condition's
        // Subjects that open a new clause after a match when nothing marks the boundary (typed
        // without punctuation, or a transcript): "ik wil dood ik kan niet meer", "hij slaat me
        // niemand weet het". A negator at or after one belongs to that clause.
        Group new_clause;
        // Personal subjects that open a main clause before a match when nothing marks the
        // boundary ("ik weet het niet meer ik wil dood"): a negator before one belongs to the
        // clause before. Not after a subordinator ("dat", "of", "that": "het is niet zo dat ik
        // dood wil" is still negated). Empty: the rule is off for the language.
        Group clause_openers;
        Group subordinators;
        // Exclude words that a negator before them undoes (negation_undoes_exclude): a joke
        // excludes a threat, "geen grapje", "she wasn't joking" do not. Only these: most
        // excludes name a whole reading ("I don't want to hurt her" is excluded by "want"),
        // and a laugh ("if i dont clean my room lol") is never negated.
        Group negated_excludes;
        // A negator inside a wish about what follows ("ik wil niet dat hij me weer slaat",
        // "I don't want him to hurt her"): the act is feared, not denied, so the negator
        // cancels nothing. Each is a run of word groups around the negator (negation_wishes).
        struct Wish {
            std::vector<Group> groups;
            std::size_t negator = 0;  // the index in `groups` that stands for the negator
        };
        std::vector<Wish> wishes;
        Group function_words;  // the common words that tell the language (written_in)
        std::vector<std::string> clause_words;
        std::vector<std::string> speech_hints;  // as written in the data, not folded
        // Chat and teen spelling to the words the patterns use ("nie" -> "niet", "mn" -> "mijn",
        // "kms" -> "kill myself"), folded.
        std::map<std::string, std::vector<std::string>, std::less<>> spelling;
        // The fillers of speech ("eh", "uhm"; "um", "erm"), folded: dropped before matching, as
        // a transcription puts them inside a phrase ("er eh een eind aan maken").
        std::set<std::string, std::less<>> fillers;
        // Clitics written onto a word (Arabic و ف ب ل ك ال: "وبيضربني", "بالسكين"): a word
        // that starts with one is also looked up without it (up to three, longest first, at
        // least two letters left), so the lists need not spell out every prefixed form.
        std::vector<std::string> clitic_prefixes;
        // Words never read as the second half of a word split in two (speech writes "zelf
        // moord", "stief vader"): the ones that would make a form of the first word instead,
        // "misbruik en" no "misbruiken", "misbruik te" no "misbruikte" (joined_not, folded).
        std::set<std::string, std::less<>> joined_not;
        int negation_before = 4;
        int negation_after = 3;
        std::vector<Signal> signals;
        // Context (calm_context in the data): a message with a calm cue ("er is niks aan de
        // hand", "puur uit interesse", "het gaat nu echt goed", a question for a lesson or a
        // protocol) and no "now" cue outside it ("vanavond", "nog steeds", "help") is calm.
        std::vector<Signal> calm_cues;
        std::vector<Signal> now_cues;
        // What says an old act still weighs now ("ik slaap al weken niet van angst", "I get
        // panic attacks when he visits"): it keeps a cue that clears an act (Signal::clears) from clearing
        // it, so the act stays a concern (a past event with lingering fear).
        std::vector<Signal> lingering_cues;
        // "maar", "but" after a calm cue: what follows is the point ("het gaat nu goed met me
        // maar ik wil dood"). A phrase after it is not lowered by the cue, and a message with
        // no phrase has the classifier read it.
        Group contrast;
        std::map<std::string, EmergencyGuidance> guidance;
        std::vector<HelpNumber> numbers_first, numbers_last;
        std::map<std::string, std::vector<HelpNumber>, std::less<>> numbers_by_category;
        TermIndex terms;
    };

  private:
    std::map<std::string, Language, std::less<>> languages_;
    std::shared_ptr<const RiskModel> model_;
    std::set<std::string, std::less<>> model_languages_;  // in its training files
    RiskThresholds thresholds_;
};

}  // namespace advieslijn::routing
