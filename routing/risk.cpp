#include "routing/risk.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <mutex>
#include <set>
#include <sstream>

#include "common/config.hpp"
#include "common/install_paths.hpp"
#include "routing/risk_model.hpp"
#include "routing/text.hpp"

namespace advieslijn::routing {
namespace {

using json = nlohmann::json;

// How far a topic word looks for its context when its signal sets no exclude_reach (docs/routing.md).
constexpr int topic_exclude_reach = 8;

struct Loader {
    std::string file;
    const json* terms = nullptr;

    [[noreturn]] void fail(const std::string& field, const std::string& why) const {
        throw ConfigError(file + ": " + field + ": " + why);
    }

    const json& need(const json& obj, const std::string& key, const std::string& field) const {
        if (!obj.is_object() || !obj.contains(key)) fail(field + "." + key, "is required");
        return obj.at(key);
    }

    std::vector<std::string> strings(const json& v, const std::string& field) const {
        if (!v.is_array()) fail(field, "must be an array of strings");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string() || v[i].get<std::string>().empty())
                fail(field + "[" + std::to_string(i) + "]", "must be a non-empty string");
            out.push_back(v[i].get<std::string>());
        }
        return out;
    }

    // An optional list of single words (fillers, joined_not), folded; a phrase is an error.
    std::set<std::string, std::less<>> single_words(const json& doc, const std::string& key) const {
        std::set<std::string, std::less<>> out;
        if (!doc.contains(key)) return out;
        for (const auto& w : strings(doc[key], key)) {
            std::string f = fold_text(w);
            if (f.empty() || f.find(' ') != std::string::npos) fail(key, "'" + w + "': one word each");
            out.insert(std::move(f));
        }
        return out;
    }

    // "a|b*|@name" -> alternatives; words are folded like the text they are matched against.
    RiskDetector::Group group(std::string_view spec, const std::string& field,
                              int depth = 0) const {
        RiskDetector::Group g;
        std::size_t start = 0;
        while (start <= spec.size()) {
            auto bar = spec.find('|', start);
            if (bar == std::string_view::npos) bar = spec.size();
            const auto alt = trim(spec.substr(start, bar - start));
            start = bar + 1;
            if (alt.empty()) fail(field, "empty alternative in '" + std::string(spec) + "'");
            if (alt[0] == '@') {
                const std::string name(alt.substr(1));
                if (depth > 3 || !terms || !terms->contains(name))
                    fail(field, "unknown term list '@" + name + "'");
                for (const auto& w : strings(terms->at(name), "terms." + name)) {
                    auto sub = group(w, "terms." + name, depth + 1);
                    g.insert(g.end(), sub.begin(), sub.end());
                }
                continue;
            }
            RiskDetector::Term t;
            std::string_view word = alt;
            if (word.back() == '*') {
                t.prefix = true;
                word.remove_suffix(1);
            }
            t.word = fold_text(word);
            if (t.word.empty() || t.word.find(' ') != std::string::npos)
                fail(field, "'" + std::string(alt) + "' must be one word");
            g.push_back(std::move(t));
        }
        return g;
    }

    // The words of an optional list; `field` names it in errors (default: the key).
    RiskDetector::Group word_list(const json& obj, const std::string& key, const std::string& field = {}) const {
        RiskDetector::Group g;
        if (!obj.contains(key)) return g;
        const std::string name = field.empty() ? key : field;
        for (const auto& w : strings(obj.at(key), name)) {
            auto sub = group(w, name);
            g.insert(g.end(), sub.begin(), sub.end());
        }
        return g;
    }
};

bool term_matches(const RiskDetector::Term& t, const std::string& word) {
    if (t.prefix) return word.compare(0, t.word.size(), t.word) == 0;
    return word == t.word;
}

bool group_matches(const RiskDetector::Group& g, const std::string& word) {
    return std::any_of(g.begin(), g.end(), [&](const auto& t) { return term_matches(t, word); });
}

int category_rank(std::string_view category) {
    int i = 0;
    for (const auto& c : risk_categories) {
        if (category == c.name) return i;
        ++i;
    }
    return i;
}

using WordIndex = std::map<std::string, std::vector<int>, std::less<>>;

void index_terms(RiskDetector::Language& lang) {
    auto& ix = lang.terms;
    for (auto* list : {&lang.signals, &lang.calm_cues, &lang.now_cues, &lang.lingering_cues}) {
        for (auto& s : *list) {
            for (auto& p : s.patterns) {
                p.id = ix.patterns++;
                for (std::uint32_t g = 0; g < p.groups.size(); ++g) {
                    for (const auto& t : p.groups[g]) {
                        (t.prefix ? ix.prefix : ix.exact)[t.word].push_back({p.id, g});
                        if (t.prefix) ix.longest_prefix = std::max(ix.longest_prefix, t.word.size());
                    }
                }
            }
        }
    }
}

// For each pattern, a bit per group that has a word in the text.
std::vector<std::uint32_t> groups_present(const RiskDetector::TermIndex& ix,
                                          const WordIndex& words) {
    std::vector<std::uint32_t> hits(ix.patterns, 0);
    auto mark = [&](const RiskDetector::TermMap& map, std::string_view word) {
        if (const auto it = map.find(word); it != map.end())
            for (const auto& r : it->second) hits[r.pattern] |= 1u << r.group;
    };
    for (const auto& entry : words) {
        const std::string_view word = entry.first;
        mark(ix.exact, word);
        for (std::size_t n = 1; n <= std::min(word.size(), ix.longest_prefix); ++n)
            mark(ix.prefix, word.substr(0, n));
    }
    return hits;
}

// Every distinct word with its positions: terms are looked up once per text instead of
// compared against every token, which keeps long hostile messages cheap.
// Speech transcriptions split compounds ("zelf moord", "stief vader"): each pair of different
// neighbours in one clause is also indexed as one word, at the first one's position.
std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The word without the clitics written onto it ("وبالسكين" -> "بالسكين", "السكين", "سكين"):
// up to three prefixes, each leaving at least two letters.
void add_clitic_forms(const std::vector<std::string>& prefixes, const std::string& word, int depth,
                      std::vector<std::string>& out) {
    if (depth == 3) return;
    for (const auto& p : prefixes) {
        if (word.size() <= p.size() || word.compare(0, p.size(), p) != 0) continue;
        std::string rest = word.substr(p.size());
        if (code_points(rest) < 2) continue;
        if (std::find(out.begin(), out.end(), rest) != out.end()) continue;
        out.push_back(rest);
        add_clitic_forms(prefixes, rest, depth + 1, out);  // a copy: `out` may grow
    }
}

WordIndex index_words(const std::vector<Token>& tokens, const RiskDetector::Language& lang) {
    WordIndex index;
    std::vector<std::string> forms;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        index[tokens[i].text].push_back(static_cast<int>(i));
        if (!lang.clitic_prefixes.empty()) {
            forms.clear();
            add_clitic_forms(lang.clitic_prefixes, tokens[i].text, 0, forms);
            for (const auto& f : forms) index[f].push_back(static_cast<int>(i));
        }
        // Not a word said twice: a stammer of speech ("he he put his hands round my neck") is
        // no "hehe", a laugh that kept the classifier out until 2026-12-05; nor a word said
        // again with more to it ("and he he's been crying": "hehes" was a laugh too, until
        // later that day). Nor a word and a short one that would make a form of it ("seksueel
        // misbruik en dat hun lichaam van hen is" read "misbruiken", an act: held-out batch 51).
        if (i + 1 < tokens.size() && tokens[i + 1].clause == tokens[i].clause &&
            !tokens[i + 1].text.starts_with(tokens[i].text) && !lang.joined_not.count(tokens[i + 1].text))
            index[tokens[i].text + tokens[i + 1].text].push_back(static_cast<int>(i));
    }
    for (auto& [word, positions] : index) {
        std::sort(positions.begin(), positions.end());
        positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    }
    return index;
}

// A word typed with a letter held down ("dooooood", "heeeelp", "meeee", "neeee"): runs of one
// ASCII letter longer than two cut to `keep` letters.
std::string cut_runs(std::string_view word, std::size_t keep) {
    std::string out;
    std::size_t run = 0;
    for (std::size_t i = 0; i < word.size(); ++i) {
        run = i > 0 && word[i] == word[i - 1] ? run + 1 : 1;
        if (run <= keep || !std::isalpha(static_cast<unsigned char>(word[i]))) out += word[i];
    }
    return out;
}

// The word an elongated one stands for: the doubled form ("dooooood" -> "dood", "neeee" ->
// "nee") unless only the single form is a word the lists know ("heeeelp" -> "help", "meeee"
// -> "me"). A tester's finding: "ik wil dooooood" matched nothing. Words without a run of
// three are left alone, so the lists' own spellings never change.
void unelongate(std::string& word, const RiskDetector::Language& lang) {
    bool elongated = false;
    for (std::size_t i = 2; i < word.size() && !elongated; ++i)
        elongated = word[i] == word[i - 1] && word[i] == word[i - 2] &&
                    std::isalpha(static_cast<unsigned char>(word[i]));
    if (!elongated) return;  // nearly every word: no copy
    const auto known = [&](const std::string& w) {
        return lang.terms.exact.count(w) > 0 || lang.spelling.count(w) > 0 || lang.fillers.count(w) > 0;
    };
    std::string two = cut_runs(word, 2);
    if (!known(two))
        if (std::string one = cut_runs(word, 1); known(one)) two = std::move(one);
    word = std::move(two);
}

// Chat spelling replaced by the words the patterns use, one token becoming one or more;
// elongated words first brought back to their plain form; speech fillers dropped.
std::vector<Token> respell(std::vector<Token> tokens, const RiskDetector::Language& lang) {
    std::vector<Token> out;
    out.reserve(tokens.size());
    for (auto& t : tokens) {
        unelongate(t.text, lang);
        if (lang.fillers.count(t.text)) continue;
        const auto it = lang.spelling.find(t.text);
        if (it == lang.spelling.end()) {
            out.push_back(std::move(t));
            continue;
        }
        for (const auto& w : it->second) out.push_back(Token{w, t.clause, t.sentence});
    }
    return out;
}

// Sorted positions of each group's words, so windows are only tried where something matched.
std::vector<std::vector<int>> group_positions(const RiskDetector::Pattern& p,
                                              const WordIndex& index) {
    std::vector<std::vector<int>> pos(p.groups.size());
    for (std::size_t g = 0; g < p.groups.size(); ++g) {
        for (const auto& term : p.groups[g]) {
            if (!term.prefix) {
                if (const auto it = index.find(term.word); it != index.end())
                    pos[g].insert(pos[g].end(), it->second.begin(), it->second.end());
                continue;
            }
            for (auto it = index.lower_bound(term.word);
                 it != index.end() && it->first.compare(0, term.word.size(), term.word) == 0; ++it)
                pos[g].insert(pos[g].end(), it->second.begin(), it->second.end());
        }
        std::sort(pos[g].begin(), pos[g].end());
        pos[g].erase(std::unique(pos[g].begin(), pos[g].end()), pos[g].end());
    }
    return pos;
}

// A subject between the end of a match and a later negator, or the negator itself a subject
// ("niemand", "nobody"): the negator is in a clause of its own, unmarked by punctuation.
bool new_clause_before(const RiskDetector::Language& lang, const std::vector<Token>& tokens, int last,
                       int negator) {
    for (int q = last + 1; q <= negator; ++q)
        if (group_matches(lang.new_clause, tokens[q].text)) return true;
    return false;
}

// A personal subject between an earlier negator and the match (the match's own first word
// included) that opens a main clause, not a subordinate one: "ik weet het niet meer ik wil
// dood", "ik kan niet meer ik wil er een eind aan maken", typed or spoken without
// punctuation. The negator belongs to the clause before; "het is niet zo dat ik dood wil" is
// still negated.
bool new_clause_after(const RiskDetector::Language& lang, const std::vector<Token>& tokens, int negator,
                      int first) {
    for (int q = negator + 1; q <= first; ++q)
        if (group_matches(lang.clause_openers, tokens[q].text) && !group_matches(lang.subordinators, tokens[q - 1].text))
            return true;
    return false;
}

// A conditional word ("als", "if") at begin or after it and before the negator, in the
// negator's clause: the negation may belong to a condition. Clauses are runs of tokens, so
// the ones before the negator in its clause are a contiguous range.
bool conditional_before(const RiskDetector::Language& lang, const std::vector<Token>& tokens,
                        int begin, int negator) {
    for (int q = std::max(0, begin); q < negator; ++q)
        if (tokens[q].clause == tokens[negator].clause && group_matches(lang.conditionals, tokens[q].text))
            return true;
    return false;
}

// Whether the negator at q is part of one of the language's wishes ("wil niet dat"): the
// words of the wish stand right before and after it, in order.
bool in_wish(const RiskDetector::Language& lang, const std::vector<Token>& tokens, int q) {
    const int n = static_cast<int>(tokens.size());
    for (const auto& w : lang.wishes) {
        const int start = q - static_cast<int>(w.negator);
        if (start < 0 || start + static_cast<int>(w.groups.size()) > n) continue;
        bool all = true;
        for (std::size_t i = 0; i < w.groups.size() && all; ++i)
            if (i != w.negator) all = group_matches(w.groups[i], tokens[start + static_cast<int>(i)].text);
        if (all) return true;
    }
    return false;
}

// Whether the negator at q denies one of the language's joke words right after it ("geen
// grapje", "not a joke", "not joking"): at most one word between, in the negator's clause.
bool denies_a_joke(const RiskDetector::Language& lang, const std::vector<Token>& tokens, int q) {
    const int n = static_cast<int>(tokens.size());
    for (int k = q + 1; k <= std::min(n - 1, q + 2); ++k) {
        if (tokens[k].clause != tokens[q].clause) return false;
        if (group_matches(lang.negated_excludes, tokens[k].text)) return true;
    }
    return false;
}

// Whether the negator at q negates only the word after it (negation_cancel_after: "niet
// alleen", "not sure", "zonder jas"), looking past articles and possessives
// (negation_cancel_skip: "without a coat", "zonder zijn schoenen").
bool negates_only_what_follows(const RiskDetector::Language& lang, const std::vector<Token>& tokens, int q) {
    const int n = static_cast<int>(tokens.size());
    int k = q + 1;
    while (k < n && k <= q + 2 && group_matches(lang.cancel_skip, tokens[k].text)) ++k;
    return k < n && group_matches(lang.cancel_after, tokens[k].text);
}

// `first` and `last`: the match's first and last token (find_match's span of `used`).
bool negated(const RiskDetector::Language& lang, const std::vector<Token>& tokens,
             const std::vector<int>& used, int first, int last) {
    const int n = static_cast<int>(tokens.size());
    // A match whose own words hold a negation ("he's not breathing") is not cancelled by one
    // more: in speech it is a repetition ("he's not um he's not breathing").
    for (int q : used)
        if (group_matches(lang.negators, tokens[q].text)) return false;
    const int from = std::max(0, first - lang.negation_before);
    const int to = std::min(n - 1, last + lang.negation_after);
    for (int q = from; q <= to; ++q) {
        if (std::find(used.begin(), used.end(), q) != used.end()) continue;
        if (!group_matches(lang.negators, tokens[q].text)) continue;
        // A negation in another clause ("ik weet het niet, hij slaat me") does not apply.
        if (q < first && tokens[q].clause != tokens[first].clause) continue;
        if (q > last && tokens[q].clause != tokens[last].clause) continue;
        // Inside the match, a negation belongs to its own clause: it negates the match only
        // when a matched word next to it is in that clause. "gevallen op zijn hoofd, hij huilde
        // niet meteen en nu spuugt hij" negates the crying, not the vomiting after "en";
        // "gevallen maar niet op zijn hoofd" still negates the head, and so does the word
        // before: "mijn man slaat de kinderen nooit, maar hij schreeuwt" is not a match of
        // "slaat kinderen" with the "hij" of the next clause.
        if (q > first && q < last) {
            int next = last, prev = first;
            for (int u : used) {
                if (u > q && u < next) next = u;
                if (u < q && u > prev) prev = u;
            }
            if (tokens[q].clause != tokens[next].clause && tokens[q].clause != tokens[prev].clause) continue;
            // A negation inside a condition that opens after a matched word belongs to the
            // condition, as one after the match does: "roept 'ik wil dood' als hij zijn zin
            // niet krijgt ... verder is hij vrolijk" is not a negated passing.
            if (conditional_before(lang, tokens, prev + 1, q)) continue;
        }
        if (negates_only_what_follows(lang, tokens, q)) continue;
        if (q > 0 && group_matches(lang.cancel_before, tokens[q - 1].text)) continue;
        if (in_wish(lang, tokens, q)) continue;
        // A negated joke after the match denies the joke, not the act: "screaming for help,
        // not a joke", "hij slaat haar, geen grapje".
        if (q > last && denies_a_joke(lang, tokens, q)) continue;
        // A negation after the match inside a condition belongs to the condition, not to the
        // act: "ik doe haar iets aan als ze niet stopt", "he'll kill me if I don't come home".
        // The condition may start inside the match, which then runs into it: "mn broer slaat mn
        // moeder als ze hem geen geld geeft" (the match ends on "hem", the condition began at
        // "als").
        if (q > last && conditional_before(lang, tokens, first + 1, q)) continue;
        if (q > last && new_clause_before(lang, tokens, last, q)) continue;
        if (q < first && new_clause_after(lang, tokens, q, first)) continue;
        // A negation in a condition that the match runs on past, into the clause of what will
        // happen: "if i dont video call him naked again hes going to send the last one" is a
        // threat, its "dont" the condition's.
        if (q < first && conditional_before(lang, tokens, 0, q) && new_clause_after(lang, tokens, q, last))
            continue;
        return true;
    }
    return false;
}

// Whether the exclude word at q is itself negated: a negator before it in its clause, no
// matched word between them, the same reach and exceptions as a negated match. "ze klonk niet
// alsof ze een grapje maakte", "het was geen grapje", "she wasn't joking" say the opposite of
// the joke the exclude stands for; "niet alleen een grapje" is not a negation. Asked only for
// the language's negation_undoes_exclude words.
bool exclude_negated(const RiskDetector::Language& lang, const std::vector<Token>& tokens,
                     const std::vector<int>& used, int q) {
    for (int k = q - 1; k >= std::max(0, q - lang.negation_before); --k) {
        if (tokens[k].clause != tokens[q].clause) return false;
        if (std::find(used.begin(), used.end(), k) != used.end()) return false;
        if (!group_matches(lang.negators, tokens[k].text)) continue;
        if (negates_only_what_follows(lang, tokens, k)) return false;
        if (k > 0 && group_matches(lang.cancel_before, tokens[k - 1].text)) return false;
        return !new_clause_after(lang, tokens, k, q);
    }
    return false;
}

bool excluded(const RiskDetector::Language& lang, const RiskDetector::Signal& s,
              const std::vector<Token>& tokens, const std::vector<int>& used, int first, int last) {
    if (s.exclude.empty()) return false;
    const int n = static_cast<int>(tokens.size());
    for (int q = std::max(0, first - s.exclude_reach); q <= std::min(n - 1, last + s.exclude_reach); ++q)
        if (group_matches(s.exclude, tokens[q].text) &&
            !(group_matches(lang.negated_excludes, tokens[q].text) && exclude_negated(lang, tokens, used, q)))
            return true;
    return false;
}

// The first window where every group has a word of its own and the match is neither
// negated nor excluded; empty when there is none.
// `negated_seen` is set when a window matched but was negated.
std::vector<int> find_match(const RiskDetector::Language& lang, const RiskDetector::Signal& s,
                            const RiskDetector::Pattern& p, const std::vector<Token>& tokens,
                            const WordIndex& index, bool& negated_seen) {
    const auto pos = group_positions(p, index);
    for (const auto& list : pos)
        if (list.empty()) return {};
    std::set<int> starts;
    for (const auto& list : pos) starts.insert(list.begin(), list.end());
    for (int s0 : starts) {
        std::vector<int> used;
        int prev = s0 - 1;
        bool ok = true;
        for (const auto& list : pos) {
            int chosen = -1;
            // Positions are sorted: start at the window, stop at its end.
            for (auto it = std::lower_bound(list.begin(), list.end(), s0); it != list.end(); ++it) {
                const int q = *it;
                if (q >= s0 + s.window) break;
                if (p.ordered && q <= prev) continue;
                if (std::find(used.begin(), used.end(), q) != used.end()) continue;
                chosen = q;
                break;
            }
            if (chosen < 0) {
                ok = false;
                break;
            }
            used.push_back(chosen);
            prev = chosen;
        }
        if (!ok) continue;
        const auto [lo, hi] = std::minmax_element(used.begin(), used.end());
        const int first = *lo;
        const int last = *hi;
        if (s.one_sentence && tokens[first].sentence != tokens[last].sentence) continue;
        if (excluded(lang, s, tokens, used, first, last)) continue;
        if (s.negatable && negated(lang, tokens, used, first, last)) {
            negated_seen = true;
            continue;
        }
        return used;
    }
    return {};
}

enum class SignalKind { risk, context };

// One entry of "signals" (kind risk) or of "calm_context.cues" / "calm_context.now" (kind
// context: no category, no topic flag). Ids are unique within `ids`.
RiskDetector::Signal read_signal(const Loader& L, const json& js, const std::string& field,
                                 SignalKind kind, std::set<std::string>& ids) {
    RiskDetector::Signal s;
    if (!js.is_object()) L.fail(field, "must be an object");
    const auto& id = L.need(js, "id", field);
    if (!id.is_string() || !ids.insert(id.get<std::string>()).second)
        L.fail(field + ".id", "must be a unique string");
    s.id = id.get<std::string>();
    if (kind == SignalKind::risk) {
        const auto& cat = L.need(js, "category", field);
        if (!cat.is_string() || category_rank(cat.get<std::string>()) ==
                                    static_cast<int>(std::size(risk_categories)))
            L.fail(field + ".category", "must be one of the risk categories");
        s.category = cat.get<std::string>();
    }
    // The fields of each kind beyond the common ones, and its flags.
    std::set<std::string> known{"id", "window", "patterns", "exclude", "exclude_reach", "note"};
    auto flag = [&](const std::string& name, bool& out) {
        known.insert(name);
        if (!js.contains(name)) return;
        if (!js[name].is_boolean()) L.fail(field + "." + name, "must be true or false");
        out = js[name].get<bool>();
    };
    // "negatable": false for words a negator near them does not undo ("stemmen die zeggen
    // dat de baby niet van mij is" is still voices).
    flag("negatable", s.negatable);
    flag("one_sentence", s.one_sentence);
    if (kind == SignalKind::risk) {
        known.insert("category");
        flag("topic", s.topic);
        flag("concern", s.concern);
        flag("unseen", s.unseen);
        if (s.topic && s.concern) L.fail(field + ".concern", "a topic word is no concern of its own");
        if (s.topic && s.unseen) L.fail(field + ".unseen", "a topic word names no danger to see");
    } else {
        flag("acts", s.acts);
        flag("classifier_only", s.classifier_only);
        flag("seems", s.seems);
        flag("clears", s.clears);
        if (s.clears && (!s.acts || s.seems))
            L.fail(field + ".clears", "only a cue that lowers acts and says they are over can clear one");
        if (s.classifier_only && s.acts)
            L.fail(field + ".acts", "a classifier_only cue lowers no phrase, so no act either");
        if (s.seems && !s.acts) L.fail(field + ".seems", "only a cue that lowers acts can say how someone seems");
        flag("recurring", s.recurring);
        flag("time", s.time);
        known.insert("lowers_only");
        if (js.contains("lowers_only")) {
            const auto& only = js["lowers_only"];
            const std::string why = "must be a non-empty array of signal ids";
            if (!only.is_array() || only.empty()) L.fail(field + ".lowers_only", why);
            for (const auto& id : only) {
                if (!id.is_string()) L.fail(field + ".lowers_only", why);
                s.lowers_only.push_back(id.get<std::string>());
            }
        }
    }
    const auto window = js.value("window", json(6));
    if (!window.is_number_integer() || window.get<int>() < 1 || window.get<int>() > 30)
        L.fail(field + ".window", "must be 1..30");
    s.window = window.get<int>();
    for (const auto& key : js.items())
        if (!known.count(key.key())) L.fail(field + "." + key.key(), "unknown field");
    const auto& patterns = L.need(js, "patterns", field);
    if (!patterns.is_array() || patterns.empty())
        L.fail(field + ".patterns", "must be a non-empty array");
    for (std::size_t k = 0; k < patterns.size(); ++k) {
        const std::string pf = field + ".patterns[" + std::to_string(k) + "]";
        RiskDetector::Pattern p;
        if (patterns[k].is_string()) {
            // A string is an ordered phrase: its words in this order, gaps allowed.
            p.ordered = true;
            std::istringstream words(patterns[k].get<std::string>());
            std::string w;
            while (words >> w) p.groups.push_back(L.group(w, pf));
        } else {
            for (const auto& w : L.strings(patterns[k], pf)) p.groups.push_back(L.group(w, pf));
        }
        if (p.groups.empty()) L.fail(pf, "is empty");
        if (static_cast<int>(p.groups.size()) > s.window)
            L.fail(pf, "has more words than the window allows");
        s.patterns.push_back(std::move(p));
    }
    if (js.contains("exclude")) s.exclude = L.word_list(js, "exclude");
    if (js.contains("exclude_reach")) {
        const auto& reach = js["exclude_reach"];
        if (!reach.is_number_integer() || reach.get<int>() < 0 || reach.get<int>() > 30)
            L.fail(field + ".exclude_reach", "must be 0..30");
        if (!js.contains("exclude")) L.fail(field + ".exclude_reach", "has no exclude to reach for");
        s.exclude_reach = reach.get<int>();
    } else if (s.topic) {
        // A topic word's context (a lesson, a book, the news) is told in longer sentences
        // than an act's excludes: "in groep 7 lezen we een boek waarin de vader ... zelfmoord".
        s.exclude_reach = topic_exclude_reach;
    }
    return s;
}

// "calm_context": {"cues": [signal without category], "now": [signal without category],
// "lingering": [signal without category] (optional), "contrast": [word], "note"}: what says a
// message is calm (RiskDetector::Language::calm_cues).
void read_calm_context(const Loader& L, const json& doc, RiskDetector::Language& lang) {
    const std::string field = "calm_context";
    if (!doc.is_object()) L.fail(field, "must be an object");
    for (const auto& key : doc.items())
        if (key.key() != "cues" && key.key() != "now" && key.key() != "lingering" &&
            key.key() != "contrast" && key.key() != "note")
            L.fail(field + "." + key.key(), "unknown field");
    lang.contrast = L.word_list(doc, "contrast", field + ".contrast");
    std::set<std::string> ids;
    struct List {
        const char* name;
        std::vector<RiskDetector::Signal>* out;
        bool required;
    };
    for (const auto& [name, out, required] : {List{"cues", &lang.calm_cues, true},
                                              List{"now", &lang.now_cues, true},
                                              List{"lingering", &lang.lingering_cues, false}}) {
        const std::string f = field + "." + name;
        if (!required && !doc.contains(name)) continue;
        const auto& list = L.need(doc, name, field);
        if (!list.is_array() || (required && list.empty()))
            L.fail(f, required ? "must be a non-empty array" : "must be an array");
        for (std::size_t i = 0; i < list.size(); ++i)
            out->push_back(read_signal(L, list[i], f + "[" + std::to_string(i) + "]",
                                       SignalKind::context, ids));
    }
    // A cue's lowers_only names risk signals of this language (read before the calm context).
    for (std::size_t i = 0; i < lang.calm_cues.size(); ++i)
        for (const auto& id : lang.calm_cues[i].lowers_only)
            if (std::none_of(lang.signals.begin(), lang.signals.end(),
                             [&](const RiskDetector::Signal& s) { return s.id == id; }))
                L.fail(field + ".cues[" + std::to_string(i) + "].lowers_only", "no risk signal '" + id + "'");
    for (const auto* list : {&lang.now_cues, &lang.lingering_cues})
        for (const auto& s : *list)
            if (!s.lowers_only.empty() || s.recurring)
                L.fail(field + "." + s.id, "lowers_only and recurring are for calm cues");
    for (const auto* list : {&lang.calm_cues, &lang.lingering_cues})
        for (const auto& s : *list)
            if (s.time) L.fail(field + "." + s.id + ".time", "only a now cue is one of time");
    // A recurring cue sets the now cues of time aside for the whole message: only one that
    // speaks to some signals only, so that no other act is told beside it.
    for (std::size_t i = 0; i < lang.calm_cues.size(); ++i)
        if (lang.calm_cues[i].recurring && lang.calm_cues[i].lowers_only.empty())
            L.fail(field + ".cues[" + std::to_string(i) + "].recurring", "a recurring cue needs lowers_only");
}

bool all_groups_present(const RiskDetector::Pattern& p, const std::vector<std::uint32_t>& present) {
    const std::uint32_t all_groups = (1u << p.groups.size()) - 1;  // at most 30 groups
    return present[p.id] == all_groups;
}

// The first window of the signal's first pattern that matches; empty when none does.
std::vector<int> match_signal(const RiskDetector::Language& lang, const RiskDetector::Signal& s,
                              const std::vector<Token>& tokens, const WordIndex& index,
                              const std::vector<std::uint32_t>& present, bool& negated_seen) {
    for (const auto& p : s.patterns) {
        if (!all_groups_present(p, present)) continue;
        auto used = find_match(lang, s, p, tokens, index, negated_seen);
        if (used.empty()) continue;
        std::sort(used.begin(), used.end());
        return used;
    }
    return {};
}

std::string words_at(const std::vector<Token>& tokens, const std::vector<int>& used) {
    std::string phrase;
    for (int q : used) phrase += (phrase.empty() ? "" : " ") + tokens[q].text;
    return phrase;
}

struct Calm {
    std::string words;     // of every calm cue found, "; " between cues
    bool phrases = false;  // one of them lowers a topic word (not only the classifier)
    bool acts = false;     // one of them lowers an act too
    bool over = false;     // one that lowers an act says it is over, not only how someone seems
    bool clears = false;   // one says the act is not the writer's now (Signal::clears)
    // A cue found is about what recurs (Signal::recurring; such a cue is for some signals only,
    // so it is found only when every match is one of them).
    bool recurring = false;
    bool scoped = false;    // one of them speaks to some signals only (Signal::lowers_only)
    int contrast = -1;     // the first contrast word after the first cue ("maar"); -1: none
    // A cue that lowers a topic word starts after that contrast: "er is niks aan de hand maar
    // hoe praat je met een kind over zelfmoord" asks its calm question after the "maar".
    bool topic_cue_after_contrast = false;
};

// The calm cues the message has ("niks aan de hand; gaat echt goed"); none when it has a "now"
// cue besides them. The now cues are looked for with the calm cues' own words taken out: "er
// is nu niks aan de hand" is calm, "hij slaat haar nu" is not.
Calm calm_context(const RiskDetector::Language& lang, const std::vector<Token>& tokens,
                  const WordIndex& index, const std::vector<std::uint32_t>& present,
                  const std::vector<RiskMatch>& matches) {
    Calm calm;
    std::vector<int> cue_words;
    std::vector<int> topic_cue_starts;  // where each cue that lowers a topic word starts
    int first_cue_end = static_cast<int>(tokens.size());
    bool negated_seen = false;  // a negated cue ("het gaat niet goed") is simply no cue
    // A cue for some signals only, when a phrase matched and every match is one of them.
    auto speaks_to_matches = [&](const RiskDetector::Signal& s) {
        if (s.lowers_only.empty()) return true;
        return !matches.empty() && std::all_of(matches.begin(), matches.end(), [&](const RiskMatch& m) {
            return std::find(s.lowers_only.begin(), s.lowers_only.end(), m.signal) != s.lowers_only.end();
        });
    };
    for (const auto& s : lang.calm_cues) {
        if (!speaks_to_matches(s)) continue;
        const auto used = match_signal(lang, s, tokens, index, present, negated_seen);
        if (used.empty()) continue;
        first_cue_end = std::min(first_cue_end, *std::max_element(used.begin(), used.end()));
        calm.words += (calm.words.empty() ? "" : "; ") + words_at(tokens, used);
        calm.phrases = calm.phrases || !s.classifier_only;
        calm.acts = calm.acts || s.acts;
        calm.over = calm.over || (s.acts && !s.seems);
        calm.clears = calm.clears || s.clears;
        calm.recurring = calm.recurring || s.recurring;
        calm.scoped = calm.scoped || !s.lowers_only.empty();
        cue_words.insert(cue_words.end(), used.begin(), used.end());
        if (!s.classifier_only) topic_cue_starts.push_back(*std::min_element(used.begin(), used.end()));
    }
    // Most messages have no cue: the copy below is made only for the few that do.
    if (calm.words.empty()) return {};
    std::vector<Token> rest = tokens;
    // A character no word has, so that no word or joined pair of words is made of it.
    for (int q : cue_words) rest[q].text = "\x01";
    const auto rest_index = index_words(rest, lang);
    const auto rest_present = groups_present(lang.terms, rest_index);
    // A now cue of time does not undo a cue about what recurs (Signal::recurring).
    auto any_in_rest = [&](const std::vector<RiskDetector::Signal>& signals) {
        return std::any_of(signals.begin(), signals.end(), [&](const RiskDetector::Signal& s) {
            if (s.time && calm.recurring) return false;
            return !match_signal(lang, s, rest, rest_index, rest_present, negated_seen).empty();
        });
    };
    if (any_in_rest(lang.now_cues)) return {};
    if (calm.clears && any_in_rest(lang.lingering_cues)) calm.clears = false;
    for (int q = first_cue_end + 1; q < static_cast<int>(tokens.size()) && calm.contrast < 0; ++q)
        if (group_matches(lang.contrast, tokens[q].text)) calm.contrast = q;
    for (int start : topic_cue_starts)
        if (calm.contrast >= 0 && start > calm.contrast) calm.topic_cue_after_contrast = true;
    return calm;
}

// "help_numbers": {"numbers": {key: {label, number, tel}}, "first": [key], "by_category":
// {category: [key]}, "last": [key]}: which numbers to offer for which situation.
void read_help_numbers(const Loader& L, const json& doc, RiskDetector::Language& lang) {
    const std::string field = "help_numbers";
    for (const auto& key : doc.items())
        if (key.key() != "numbers" && key.key() != "first" && key.key() != "by_category" &&
            key.key() != "last")
            L.fail(field + "." + key.key(), "unknown field");
    std::map<std::string, HelpNumber> numbers;
    for (const auto& [key, n] : L.need(doc, "numbers", field).items()) {
        const std::string f = field + ".numbers." + key;
        HelpNumber h;
        for (auto [name, out] : {std::pair{"label", &h.label}, std::pair{"number", &h.number},
                                 std::pair{"tel", &h.tel}}) {
            const auto& v = L.need(n, name, f);
            if (!v.is_string() || v.get<std::string>().empty()) L.fail(f + "." + name, "must be a non-empty string");
            *out = v.get<std::string>();
        }
        if (h.tel.find_first_not_of("+0123456789") != std::string::npos)
            L.fail(f + ".tel", "must hold only digits and +");
        numbers.emplace(key, std::move(h));
    }
    auto list = [&](const json& keys, const std::string& f) {
        std::vector<HelpNumber> out;
        for (const auto& k : L.strings(keys, f)) {
            const auto it = numbers.find(k);
            if (it == numbers.end()) L.fail(f, "'" + k + "' is not in help_numbers.numbers");
            out.push_back(it->second);
        }
        return out;
    };
    if (doc.contains("first")) lang.numbers_first = list(doc["first"], field + ".first");
    if (doc.contains("last")) lang.numbers_last = list(doc["last"], field + ".last");
    if (doc.contains("by_category"))
        for (const auto& [category, keys] : doc["by_category"].items()) {
            if (!find_risk_category(category))
                L.fail(field + ".by_category." + category, "unknown risk category");
            lang.numbers_by_category[category] = list(keys, field + ".by_category." + category);
        }
}

}  // namespace

void read_risk_model_settings(const std::filesystem::path& dir, RiskModelOptions& o,
                              RiskThresholds& t) {
    const auto file = dir / "risk_model.json";
    if (!std::filesystem::exists(file)) return;
    Loader L{file.string()};
    std::ifstream in(file);
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::exception& e) {
        L.fail("(file)", std::string("invalid JSON: ") + e.what());
    }
    auto number = [&](const json& obj, const char* key, const std::string& field, auto& out,
                      double lo, double hi) {
        if (!obj.contains(key)) return;
        const auto& v = obj.at(key);
        if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi)
            L.fail(field + "." + key, fmt::format("must be a number in {}..{}", lo, hi));
        out = v.get<std::remove_reference_t<decltype(out)>>();
    };
    if (doc.contains("thresholds")) {
        const auto& th = doc["thresholds"];
        number(th, "urgent", "thresholds", t.urgent, 0.0, 1.0);
        number(th, "concern", "thresholds", t.concern, 0.0, 1.0);
        number(th, "sure", "thresholds", t.sure, 0.0, 1.0);
        number(th, "crisis_choice", "thresholds", t.crisis_choice, 0.0, 1.0);
        number(th, "unsure_reply", "thresholds", t.unsure_reply, 0.0, 1.0);
    }
    if (doc.contains("training")) {
        const auto& tr = doc["training"];
        number(tr, "dim", "training", o.dim, 2, 300);
        number(tr, "epoch", "training", o.epoch, 1, 500);
        number(tr, "lr", "training", o.lr, 0.001, 5.0);
        number(tr, "word_ngrams", "training", o.word_ngrams, 1, 5);
        number(tr, "minn", "training", o.minn, 0, 10);
        number(tr, "maxn", "training", o.maxn, 0, 10);
        number(tr, "bucket", "training", o.bucket, 0, 10000000);
        number(tr, "seed", "training", o.seed, 0, 1 << 30);
        if (tr.contains("base_languages")) o.base_languages = L.strings(tr["base_languages"], "training.base_languages");
    }
    if (doc.contains("category_training")) {
        const auto& tr = doc["category_training"];
        number(tr, "dim", "category_training", o.category.dim, 2, 300);
        number(tr, "epoch", "category_training", o.category.epoch, 1, 500);
        number(tr, "lr", "category_training", o.category.lr, 0.001, 5.0);
        number(tr, "word_ngrams", "category_training", o.category.word_ngrams, 1, 5);
    }
}

namespace {

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(file.string() + ": cannot read");
    std::stringstream buf;
    buf << in.rdbuf();
    return std::move(buf).str();
}

// The classifier's training files in `dir` (risk_train*.tsv), in file name order.
std::vector<std::filesystem::path> training_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("risk_train", 0) == 0 && entry.path().extension() == ".tsv")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

std::vector<RiskExample> read_training_examples(const std::filesystem::path& dir) {
    std::vector<RiskExample> examples;
    for (const auto& f : training_files(dir)) {
        auto part = read_risk_examples(f);
        examples.insert(examples.end(), part.begin(), part.end());
    }
    return examples;
}

namespace {

// $ADVIESLIJN_CACHE_DIR, else $XDG_CACHE_HOME/advieslijn, else $HOME/.cache/advieslijn; empty
// when none is set.
std::filesystem::path model_cache_dir() {
    if (const char* d = std::getenv("ADVIESLIJN_CACHE_DIR"); d && *d) return d;
    if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::filesystem::path(d) / "advieslijn";
    if (const char* d = std::getenv("HOME"); d && *d) return std::filesystem::path(d) / ".cache" / "advieslijn";
    return {};
}

// A model's files: the model, and the base-language and category models beside it.
std::vector<std::filesystem::path> model_files(const std::filesystem::path& file) {
    return {file, file.string() + ".base", file.string() + ".category"};
}

// A load marks the model as in use (its files' time is now), so pruning never takes it.
void touch_model_files(const std::filesystem::path& file) {
    std::error_code ec;
    for (const auto& f : model_files(file))
        if (std::filesystem::exists(f, ec)) std::filesystem::last_write_time(f, std::filesystem::file_time_type::clock::now(), ec);
}

// Every change of the training data leaves the model of the data before in the cache, about
// 45 MB; an operator's cache directory (systemd's CacheDirectory=) would only grow. When a new
// model is saved, the models nobody has loaded or saved for model_cache_days go. Age, not
// count: processes with other data (a test's copy, a tenant's own files) share the directory,
// and the model one of them uses is touched at every load.
constexpr int model_cache_days = 30;

void prune_model_cache(const std::filesystem::path& dir, const std::filesystem::path& kept) {
    const auto cutoff = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24 * model_cache_days);
    const auto kept_files = model_files(kept);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("risk-model-", 0) != 0) continue;
        if (std::find(kept_files.begin(), kept_files.end(), entry.path()) != kept_files.end()) continue;
        std::error_code e;
        const auto when = entry.last_write_time(e);
        if (!e && when < cutoff) std::filesystem::remove(entry.path(), e);
    }
}

// A training file as load_model read it: read once, for the languages and the model's name.
struct TrainingFile {
    std::filesystem::path path;
    std::string bytes;
    std::string filename() const { return path.filename().string(); }
};

// The model depends only on the training files and the options, so the files' bytes and the
// options name it: loading the same data twice in one process (tests, a reload with unchanged
// files) trains once, and every later process that starts the line loads the copy in the
// user's cache directory instead of training again. The files are parsed only to train: a
// start with a cached model reads their bytes and the first column (the languages), which
// under the sanitizers is about a second less of every start than parsing 50,000 lines. A
// malformed file is still refused: it has no cached model, since training parses it first.
std::shared_ptr<const RiskModel> trained_model(const std::vector<TrainingFile>& files,
                                               const RiskModelOptions& o) {
    std::string key = fmt::format("{} {} {} {} {} {} {} {}", o.dim, o.epoch, o.lr,
                                  o.word_ngrams, o.minn, o.maxn, o.bucket, o.seed);
    for (const auto& l : o.base_languages) key += " base:" + l;
    key += fmt::format(" category:{} {} {} {}", o.category.dim, o.category.epoch, o.category.lr, o.category.word_ngrams);
    key += '\n';
    for (const auto& f : files) key += f.filename() + '\n' + f.bytes + '\n';
    static std::mutex mutex;
    static std::map<std::size_t, std::shared_ptr<const RiskModel>> cache;
    const std::size_t hash = std::hash<std::string>{}(key);
    std::lock_guard lock(mutex);
    auto& slot = cache[hash];
    const auto dir = model_cache_dir();
    const auto file = dir.empty() ? dir : dir / fmt::format("risk-model-{:016x}.bin", hash);
    if (!slot && !file.empty()) slot = RiskModel::load(file, o);
    if (slot) {
        if (!file.empty()) touch_model_files(file);
        return slot;
    }
    // Without a usable cache directory the model is trained each time.
    std::vector<RiskExample> examples;
    for (const auto& f : files) {
        auto part = read_risk_examples(f.path);
        examples.insert(examples.end(), part.begin(), part.end());
    }
    slot = RiskModel::train(examples, o);
    std::error_code ec;
    if (!file.empty() && (std::filesystem::create_directories(dir, ec), !ec) && slot->save(file))
        prune_model_cache(dir, file);
    return slot;
}

// The first column of every example line of a training file (its lines as read_risk_examples
// reads them).
void add_example_languages(std::string_view text, std::set<std::string, std::less<>>& languages) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        at = end + 1;
        if (line.empty() || line[0] == '#' || trim(line).empty()) continue;
        const auto lang = line.substr(0, line.find('\t'));
        if (!languages.count(lang)) languages.emplace(lang);
    }
}

void load_model(const std::filesystem::path& dir, std::shared_ptr<const RiskModel>& model,
                RiskThresholds& thresholds, std::set<std::string, std::less<>>& languages) {
    std::vector<TrainingFile> files;
    std::set<std::string, std::less<>> found;
    for (auto& path : training_files(dir)) {
        files.push_back({std::move(path), {}});
        files.back().bytes = read_file(files.back().path);
        add_example_languages(files.back().bytes, found);
    }
    if (found.empty()) return;
    RiskModelOptions options;
    read_risk_model_settings(dir, options, thresholds);
    model = trained_model(files, options);
    languages.merge(found);
}

}  // namespace

std::string_view to_string(RiskLevel level) {
    switch (level) {
        case RiskLevel::none: return "none";
        case RiskLevel::concern: return "concern";
        case RiskLevel::urgent: return "urgent";
    }
    return "none";
}

std::vector<std::string> RiskResult::categories() const {
    std::vector<std::string> out;
    for (const auto& m : matches)
        if (std::find(out.begin(), out.end(), m.category) == out.end()) out.push_back(m.category);
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return category_rank(a) < category_rank(b); });
    return out;
}

std::vector<std::string> RiskResult::flags() const {
    std::vector<std::string> out = categories();
    if (level == RiskLevel::concern)
        for (auto& c : out) c = "concern:" + c;
    if (level == RiskLevel::none) out.clear();
    return out;
}

std::vector<std::string> RiskResult::evidence() const {
    std::vector<std::string> out;
    for (const auto& m : matches) {
        std::string e = m.signal == "model"              ? "classifier: " + m.phrase
                        : m.signal.rfind("kb:", 0) == 0 ? "article: " + m.phrase
                                                         : m.phrase;
        if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(std::move(e));
    }
    if (!calm.empty() && level != RiskLevel::none) out.push_back("calm: " + calm);
    return out;
}

std::string RiskResult::chat_text() const {
    std::string out;
    for (const auto& g : guidance) out += (out.empty() ? "" : "\n\n") + g.chat;
    return out;
}

std::string RiskResult::spoken_text() const {
    std::string out;
    for (const auto& g : guidance) out += (out.empty() ? "" : " ") + g.spoken;
    return out;
}

std::filesystem::path RiskDetector::default_data_dir() {
    // An installed binary uses the installed copy: the source tree may be gone.
    if (const auto share = installed_data_dir()) return *share / "routing";
    return ADVIESLIJN_ROUTING_DATA_DIR;
}

RiskDetector RiskDetector::load(const std::filesystem::path& dir) {
    RiskDetector detector;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("risk_", 0) == 0 && entry.path().extension() == ".json" &&
            name != "risk_model.json")
            files.push_back(entry.path());
    }
    if (ec) throw ConfigError(dir.string() + ": cannot read directory: " + ec.message());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw ConfigError(dir.string() + ": no risk_<lang>.json files");

    for (const auto& path : files) {
        Loader L{path.string()};
        std::ifstream in(path);
        std::stringstream buf;
        buf << in.rdbuf();
        json doc;
        try {
            doc = json::parse(buf.str());
        } catch (const json::exception& e) {
            L.fail("(file)", std::string("invalid JSON: ") + e.what());
        }
        const auto& lang_code = L.need(doc, "lang", "");
        if (!lang_code.is_string()) L.fail("lang", "must be a string");
        const std::string code = lang_code.get<std::string>();
        if (path.filename().string() != "risk_" + code + ".json")
            L.fail("lang", "'" + code + "' does not match the file name");
        if (doc.contains("terms") && !doc["terms"].is_object())
            L.fail("terms", "must be an object");
        static const json empty_terms = json::object();
        L.terms = doc.contains("terms") ? &doc["terms"] : &empty_terms;

        Language lang;
        lang.negators = L.word_list(doc, "negators");
        lang.cancel_after = L.word_list(doc, "negation_cancel_after");
        lang.cancel_skip = L.word_list(doc, "negation_cancel_skip");
        lang.cancel_before = L.word_list(doc, "negation_cancel_before");
        lang.conditionals = L.word_list(doc, "negation_conditionals");
        lang.new_clause = L.word_list(doc, "negation_new_clause");
        lang.clause_openers = L.word_list(doc, "negation_clause_openers");
        lang.subordinators = L.word_list(doc, "negation_subordinators");
        if (doc.contains("negation_wishes")) {
            const auto specs = L.strings(doc["negation_wishes"], "negation_wishes");
            for (std::size_t i = 0; i < specs.size(); ++i) {
                const std::string field = "negation_wishes[" + std::to_string(i) + "]";
                Language::Wish w;
                int negators = 0;
                std::istringstream words(specs[i]);
                for (std::string word; words >> word;) {
                    if (word == "@negator") {
                        w.negator = w.groups.size();
                        ++negators;
                        w.groups.emplace_back();
                    } else {
                        w.groups.push_back(L.group(word, field));
                    }
                }
                if (negators != 1 || w.groups.size() < 2)
                    L.fail(field, "'" + specs[i] + "': needs '@negator' once and at least one word group beside it");
                lang.wishes.push_back(std::move(w));
            }
        }
        lang.function_words = L.word_list(doc, "function_words");
        // Twilio takes up to 500 hints of at most 100 characters, separated by commas.
        if (doc.contains("speech_hints"))
            for (const auto& w : L.strings(doc["speech_hints"], "speech_hints")) {
                if (w.size() > 100 || w.find(',') != std::string::npos)
                    L.fail("speech_hints", "'" + w + "': at most 100 characters and no comma");
                lang.speech_hints.push_back(w);
            }
        if (lang.speech_hints.size() > 200) L.fail("speech_hints", "at most 200 (the knowledge base's keywords need room)");
        lang.negated_excludes = L.word_list(doc, "negation_undoes_exclude");
        if (doc.contains("clause_words"))
            for (const auto& w : L.strings(doc["clause_words"], "clause_words"))
                lang.clause_words.push_back(fold_text(w));
        lang.fillers = L.single_words(doc, "fillers");
        if (doc.contains("spelling")) {
            const auto& sp = doc["spelling"];
            if (!sp.is_object()) L.fail("spelling", "must be an object of word: replacement");
            for (const auto& [from, to] : sp.items()) {
                if (!to.is_string() || to.get<std::string>().empty())
                    L.fail("spelling." + from, "must be a non-empty string");
                std::vector<std::string> words;
                std::istringstream in(fold_text(to.get<std::string>()));
                for (std::string w; in >> w;) words.push_back(w);
                const std::string key = fold_text(from);
                if (key.empty() || key.find(' ') != std::string::npos)
                    L.fail("spelling." + from, "must be one word");
                lang.spelling[key] = std::move(words);
            }
        }
        if (doc.contains("clitic_prefixes")) {
            for (const auto& w : L.strings(doc["clitic_prefixes"], "clitic_prefixes")) {
                const std::string f = fold_text(w);
                if (f.empty() || f.find(' ') != std::string::npos)
                    L.fail("clitic_prefixes", "'" + w + "' must be one word");
                lang.clitic_prefixes.push_back(f);
            }
            // Longest first: "وال" before "و".
            std::stable_sort(lang.clitic_prefixes.begin(), lang.clitic_prefixes.end(),
                             [](const auto& a, const auto& b) { return a.size() > b.size(); });
        }
        lang.joined_not = L.single_words(doc, "joined_not");
        if (doc.contains("negation_window")) {
            const auto& nw = doc["negation_window"];
            lang.negation_before = nw.value("before", lang.negation_before);
            lang.negation_after = nw.value("after", lang.negation_after);
        }

        const auto& guidance = L.need(doc, "guidance", "");
        for (const auto& c : risk_categories) {
            const std::string category = c.name;
            const std::string field = std::string("guidance.") + category;
            const auto& g = L.need(guidance, category, "guidance");
            EmergencyGuidance eg{category, "", ""};
            const auto& chat = L.need(g, "chat", field);
            const auto& spoken = L.need(g, "spoken", field);
            if (!chat.is_string() || !spoken.is_string())
                L.fail(field, "chat and spoken must be strings");
            eg.chat = chat.get<std::string>();
            eg.spoken = spoken.get<std::string>();
            lang.guidance.emplace(category, std::move(eg));
        }

        if (doc.contains("help_numbers")) read_help_numbers(L, doc["help_numbers"], lang);

        const auto& signals = L.need(doc, "signals", "");
        if (!signals.is_array() || signals.empty()) L.fail("signals", "must be a non-empty array");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < signals.size(); ++i)
            lang.signals.push_back(read_signal(L, signals[i], "signals[" + std::to_string(i) + "]",
                                               SignalKind::risk, ids));
        if (doc.contains("calm_context")) read_calm_context(L, doc["calm_context"], lang);
        index_terms(lang);
        detector.languages_[code] = std::move(lang);
    }
    load_model(dir, detector.model_, detector.thresholds_, detector.model_languages_);
    return detector;
}

RiskDetector RiskDetector::with_model(std::shared_ptr<const RiskModel> model) const {
    RiskDetector copy = *this;
    copy.model_ = std::move(model);
    return copy;
}

bool RiskDetector::has_language(std::string_view lang) const {
    return languages_.find(lang) != languages_.end();
}

const EmergencyGuidance* RiskDetector::guidance(std::string_view lang,
                                                std::string_view category) const {
    const auto it = languages_.find(lang);
    if (it == languages_.end()) return nullptr;
    const auto g = it->second.guidance.find(std::string(category));
    return g == it->second.guidance.end() ? nullptr : &g->second;
}

RiskResult RiskDetector::signal_from_article(std::string_view lang, std::string_view article_id,
                                             std::string_view category,
                                             std::string_view title) const {
    const EmergencyGuidance* g = guidance(lang, category);
    if (!g) g = guidance(lang, "acute_danger");
    RiskResult r;
    const std::string known = g ? g->category : std::string(category);
    r.level = RiskLevel::urgent;
    r.matches.push_back({"kb:" + std::string(article_id), known, std::string(title)});
    if (g) r.guidance.push_back(*g);
    return r;
}

std::vector<HelpNumber> RiskDetector::help_numbers(
    std::string_view lang_code, const std::vector<std::string>& categories) const {
    std::vector<HelpNumber> out;
    const auto it = languages_.find(lang_code);
    if (it == languages_.end()) return out;
    const Language& lang = it->second;
    auto add = [&](const std::vector<HelpNumber>& numbers) {
        for (const auto& n : numbers)
            if (std::none_of(out.begin(), out.end(), [&](const HelpNumber& o) { return o.tel == n.tel; }))
                out.push_back(n);
    };
    add(lang.numbers_first);
    for (const auto& c : categories)
        if (const auto by = lang.numbers_by_category.find(c); by != lang.numbers_by_category.end())
            add(by->second);
    add(lang.numbers_last);
    return out;
}

RiskLevel combine(bool phrase_match, double p_urgent, double p_concern, const RiskThresholds& t) {
    if (phrase_match) return RiskLevel::urgent;
    if (p_urgent >= t.urgent) return RiskLevel::urgent;
    if (p_urgent + p_concern >= t.concern) return RiskLevel::concern;
    return RiskLevel::none;
}

namespace {

// The category model's kind of risk, or the likeliest urgent label's when it names none (see
// detect(): the outcome model spreads its urgent mass over the categories it confuses).
std::string model_category(const RiskModel& model, const RiskPrediction& p, std::string_view text) {
    if (auto c = model.category(text); !c.empty()) return c;
    return p.category;
}

}  // namespace

RiskResult RiskDetector::detect(std::string_view lang_code, std::string_view text) const {
    RiskResult result = detect_phrases(lang_code, text);
    // A cue for some signals only lowered the phrases; the classifier reads the rest: what it
    // finds a risk is a concern (a specialist with priority), never the cue's clearing.
    // So too beside a cue that clears an act (over, past, someone else's story): the cue
    // speaks for the whole message, the act it clears may be only one of several. "Toen ik
    // klein was werd ik geslagen door mijn vader. Nu heb ik zelf een zoon en mijn vriend slaat
    // hem" was cleared by the childhood; a man who abused the writer as a child and now minds
    // her sister's children was too (docs/routing.md, "A cleared act and the classifier").
    if ((result.calm_scoped || result.cleared) && model_ && model_languages_.count(lang_code)) {
        const RiskPrediction p = model_->predict(text, lang_code);
        result.model_risk = p.urgent + p.concern;
        if (combine(false, p.urgent, p.concern, thresholds_) != RiskLevel::none) {
            result.level = RiskLevel::concern;
            result.cleared = false;
            result.matches.push_back(RiskMatch{"model", model_category(*model_, p, text),
                                               fmt::format("concern {:.2f}", p.urgent + p.concern)});
        }
        return result;
    }
    // A calm context was weighed by the phrase lists; the classifier reads the alarming words
    // of a calm question ("puur uit interesse", "voor ons beleidsplan") as alarm, so it is not
    // asked. Except beside a cue that says it is over, with no phrase: "het gaat nu goed met
    // me, mijn stiefvader komt 's nachts op mijn kamer" names an act no list has, and an act
    // under such a cue is a concern, as it is when a phrase names it.
    // Beside a cue that only says why someone asks, with no act named, the classifier is heard
    // when it is sure: "ik moest een spreekbeurt houden over grooming en het is precies wat een
    // man nu met mij doet" names no act any list has, and the school task kept it out.
    const bool settled = !result.calm.empty();
    const bool why_only = settled && result.calm_why && result.level == RiskLevel::none;
    if (settled && !why_only && (!result.matches.empty() || !result.calm_settles)) return result;
    // The classifier only reads the languages it was trained on: on Turkish or Arabic its
    // verdict would be noise, so there the phrase lists decide alone.
    if (!model_ || !has_language(lang_code) || !model_languages_.count(lang_code)) return result;
    if (result.any()) {
        // "Acute danger" (a threat to kill, "ik ben in gevaar") says how urgent, not from what:
        // the category model adds who is in danger, so the partner for it is named as well.
        const auto categories = result.categories();
        if (categories == std::vector<std::string>{"acute_danger"})
            if (auto c = model_->category(text); !c.empty() && c != "acute_danger") {
                result.matches.push_back(RiskMatch{"model", c, "category " + c});
                if (const auto* g = guidance(lang_code, c)) result.guidance.push_back(*g);
            }
        return result;
    }
    // No phrase, or only a concern phrase ("niemand zou me missen"): the classifier reads the
    // message, and what it finds urgent is urgent ("niemand zou me missen, vannacht doe ik het").
    const RiskPrediction p = model_->predict(text, lang_code);
    result.model_risk = p.urgent + p.concern;
    RiskLevel level = combine(false, p.urgent, p.concern, thresholds_);
    // "hij heeft haar niet geslagen": the phrase lists saw the words and their negation. The
    // classifier reads words, not their scope, so its verdict is lowered to concern: negation
    // lowers the outcome, and never turns a risk phrase into a bot answer.
    if (result.negated() && level == RiskLevel::urgent) level = RiskLevel::concern;
    if (level == RiskLevel::none) return result;
    // The category from the model trained on categories alone: the outcome model spreads its
    // urgent mass over the categories it confuses (a parent afraid of hurting her baby: child
    // abuse 0.19, online exploitation 0.17, ... parent harm 0.05), the category model does
    // not (parent harm 0.68). The urgent label's category stays as the fallback.
    std::string category = model_category(*model_, p, text);
    // Beside "het gaat nu goed", what the classifier reads as a concern is the settled subject
    // itself ("mijn zoon was somber, het gaat nu beter"), as a topic word is; what it reads as
    // urgent is an act, a concern. A medical danger is the one a cue does settle: "hij lacht
    // weer en drinkt goed" after a bump says how the child is, which is the danger itself.
    if (why_only)
        level = p.urgent >= thresholds_.sure ? RiskLevel::concern : RiskLevel::none;
    else if (settled)
        level = level == RiskLevel::urgent && category != "emergency_medical" ? RiskLevel::concern
                                                                              : RiskLevel::none;
    if (level == RiskLevel::none) return result;
    result.level = level;
    const double probability = level == RiskLevel::urgent ? p.urgent : p.urgent + p.concern;
    result.tentative = level == RiskLevel::urgent && p.urgent < thresholds_.sure;
    result.matches.push_back(
        RiskMatch{"model", category, fmt::format("{} {:.2f}", to_string(level), probability)});
    if (level == RiskLevel::urgent)
        if (const auto* g = guidance(lang_code, category)) result.guidance.push_back(*g);
    return result;
}

std::map<std::string, std::string> RiskDetector::speech_hints() const {
    std::map<std::string, std::string> out;
    for (const auto& [code, lang] : languages_)
        for (const auto& w : lang.speech_hints) out[code] += (out[code].empty() ? "" : ",") + w;
    return out;
}

RiskResult RiskDetector::detect_as_written(std::string_view lang, std::string_view text) const {
    RiskResult signals = detect(lang, text);
    if (signals.level != RiskLevel::urgent)
        if (const std::string other = written_in(text, lang); !other.empty())
            if (RiskResult r = detect(other, text); r.level > signals.level) signals = std::move(r);
    return signals;
}

std::string RiskDetector::written_in(std::string_view text, std::string_view lang_code) const {
    // The words once (clause marks do not matter for counting): this runs on every message.
    const auto tokens = tokenize(fold_text(text), {});
    auto count = [&](const Language& lang) {
        int n = 0;
        for (const auto& t : tokens)
            if (group_matches(lang.function_words, t.text)) ++n;
        return n;
    };
    // Only between languages that both list their common words: Polish "i" and "a" are
    // English function words too, so a language without a list is never second-guessed.
    const auto own = languages_.find(lang_code);
    if (own == languages_.end() || own->second.function_words.empty()) return {};
    const int own_count = count(own->second);
    std::string best;
    int best_count = std::max(1, own_count);
    for (const auto& [code, lang] : languages_) {
        if (code == lang_code || lang.function_words.empty()) continue;
        if (const int n = count(lang); n > best_count) {
            best = code;
            best_count = n;
        }
    }
    return best;
}

RiskResult RiskDetector::detect_phrases(std::string_view lang_code, std::string_view text) const {
    RiskResult result;
    const auto it = languages_.find(lang_code);
    if (it == languages_.end()) return result;
    const Language& lang = it->second;
    const auto tokens = respell(tokenize(fold_text(text), lang.clause_words), lang);
    const auto index = index_words(tokens, lang);
    const auto present = groups_present(lang.terms, index);
    std::set<std::string> categories;  // of the matches that make the message urgent
    bool act = false;  // a match of a signal that names an act or a danger, not a topic
    bool danger = false;  // a match of a signal that is not only a concern
    bool unseen = false;  // a match of a danger that does not show yet (Signal::unseen)
    int last_act = -1;    // where the last of them starts
    int last_topic = -1;  // where the last match of a topic word starts
    for (const auto& s : lang.signals) {
        // A denied concern phrase does not cap the classifier as a denied act does: "mum's been
        // drunk all day and my sister hasn't eaten" negated the drinking parent (a concern) and
        // so made the classifier's urgent reading a concern.
        bool negated = false;
        const auto used = match_signal(lang, s, tokens, index, present, negated);
        if (negated && !s.concern) result.denied.push_back(RiskMatch{s.id, s.category, {}});
        if (used.empty()) continue;
        result.matches.push_back(RiskMatch{s.id, s.category, words_at(tokens, used)});
        if (!s.concern) categories.insert(s.category);
        act = act || !s.topic;
        danger = danger || !s.concern;
        unseen = unseen || s.unseen;
        int& last = s.topic ? last_topic : last_act;
        last = std::max(last, used.front());
    }
    // Calm: a subject named in a calm question ("hoe praat ik met mijn zoon over zelfmoord? er
    // is niks aan de hand") is no risk; an act or a danger is lowered to a concern (a specialist,
    // never a bot answer) only by a cue that says it is over or not real ("het gaat nu echt
    // goed"), not by one that says why someone asks ("voor ons protocol"); a danger that does
    // not show yet only by one that says it is over ("goed afgelopen"), not by how the child
    // seems ("hij speelt gewoon" after a swallowed button battery).
    // A cue that only keeps the classifier out ("lol") counts when no phrase matched.
    // A contrast after the cue ("het gaat nu goed met me maar ik wil dood") makes what follows
    // the point: an act told after it is not lowered, nor a topic word unless a calm cue of its
    // own follows the contrast too ("ik moet een spreekbeurt houden maar ik denk zelf aan
    // zelfmoord" against "er is niks aan de hand maar hoe praat je met een kind over
    // zelfmoord"), and a message with no phrase is read by the classifier.
    const Calm calm = calm_context(lang, tokens, index, present, result.matches);
    const bool contrasted =
        calm.contrast >= 0 && (result.matches.empty() || last_act > calm.contrast ||
                               (last_topic > calm.contrast && !calm.topic_cue_after_contrast));
    if (!calm.words.empty() && !contrasted &&
        (result.matches.empty() || (calm.phrases && (!act || (unseen ? calm.over : calm.acts))))) {
        result.calm = calm.words;
        result.calm_settles = calm.acts;
        result.calm_why = calm.phrases && !calm.acts;
        result.cleared = act && calm.clears;
        result.calm_scoped = calm.scoped;
        if (!result.matches.empty())
            result.level = act && !result.cleared ? RiskLevel::concern : RiskLevel::none;
        return result;
    }
    if (result.matches.empty()) return result;
    if (!danger) {
        result.level = RiskLevel::concern;  // detect() lets the classifier read it too
        return result;
    }
    std::vector<std::string> ordered(categories.begin(), categories.end());
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return category_rank(a) < category_rank(b); });
    for (const auto& c : ordered) result.guidance.push_back(lang.guidance.at(c));
    result.level = RiskLevel::urgent;
    return result;
}

}  // namespace advieslijn::routing
