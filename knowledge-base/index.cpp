#include "knowledge-base/index.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

#include "knowledge-base/dutch.hpp"
#include "knowledge-base/text.hpp"

namespace kb::detail {
namespace {

// Fields in BM25F order. Title, question variants and keywords are written to be matched;
// the answer body is long and talks around the subject, so it counts for less.
enum field : std::size_t { f_title, f_questions, f_keywords, f_topic, f_answer, field_count };
constexpr std::array<float, field_count> field_weight = {3.0F, 2.0F, 3.0F, 1.5F, 1.0F};
// Length normalisation: questions and answers vary a lot in length; titles and keywords less.
constexpr std::array<float, field_count> field_b = {0.5F, 0.6F, 0.3F, 0.0F, 0.75F};
constexpr float k1 = 1.2F;

constexpr std::size_t min_typo_length = 5;     // "longer words": shorter ones collide too often
constexpr std::size_t min_two_typo_length = 9; // two typos only in long words ("zindelijkhijt")
constexpr std::size_t min_compound_length = 7;
constexpr std::size_t min_compound_part = 3;
constexpr std::size_t max_query_words = 32;
constexpr float variant_weight = 0.9F;   // Dutch verb form found by dropping -t / ge-
constexpr float compound_weight = 0.75F; // each part of a split compound
constexpr float typo_weight = 0.8F;
constexpr std::size_t max_typo_candidates = 3;
constexpr std::size_t min_joined_compound = 8;  // a compound a transcript wrote as two words
constexpr float unknown_number_share = 0.25F;  // "3" in "my child of 3" is seldom the point
// Calibration asks at most this many example questions per language: tens of milliseconds on
// 10,000 articles, and enough to place the thresholds.
constexpr std::size_t max_calibration_questions = 400;

std::uint32_t bucket_key(char initial, std::size_t length) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(initial)) << 8U) |
           static_cast<std::uint32_t>(length & 0xFFU);
}

bool is_number(std::string_view w) {
    return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> content_words(std::string_view lang, std::string_view text) {
    auto words = tokenize(text);
    std::erase_if(words, [&](const std::string& w) { return is_stop_word(lang, w); });
    return words;
}

}  // namespace

std::string LanguageIndex::term_of(std::string_view surface) const {
    return std::string(synonyms_.canonical(lang_, stem(lang_, surface)));
}

LanguageIndex::LanguageIndex(std::string lang, std::vector<const Article*> docs,
                             const Synonyms& synonyms)
    : lang_(std::move(lang)), synonyms_(synonyms), docs_(std::move(docs)) {
    // Pass 1: words per document and field, as ids into a vocabulary of folded words, so each
    // distinct word is stemmed once however often it occurs.
    string_map<std::uint32_t> surface_ids;
    std::vector<std::string> surfaces;
    using field_words = std::array<std::vector<std::uint32_t>, field_count>;
    std::vector<field_words> doc_words(docs_.size());
    auto add_word = [&](std::vector<std::uint32_t>& into, const std::string& w) {
        auto [it, inserted] = surface_ids.try_emplace(w, static_cast<std::uint32_t>(surfaces.size()));
        if (inserted) surfaces.push_back(w);
        into.push_back(it->second);
        return it->second;
    };
    // Dutch: a particle and a content word of one clause may be a separable verb ("slaapt ...
    // door"); which ones are is known once the whole vocabulary is (pass 1b).
    struct particle_pair {
        std::uint32_t doc;
        std::uint32_t field;
        int particle;
        std::uint32_t word;  // surface id
        bool adjacent;       // the word right after the particle
    };
    std::vector<particle_pair> pairs;
    std::vector<std::pair<int, std::size_t>> clause_particles;            // particle, position
    std::vector<std::pair<std::uint32_t, std::size_t>> clause_words;      // surface id, position
    auto add_text = [&](std::size_t doc, field f, std::string_view text) {
        auto& into = doc_words[doc][f];
        if (lang_ != "nl") {
            for (auto& w : content_words(lang_, text)) add_word(into, w);
            return;
        }
        for (auto& clause : dutch::clauses(text, max_text_bytes)) {
            clause_particles.clear();
            clause_words.clear();
            for (std::size_t i = 0; i < clause.size(); ++i) {
                const auto& w = clause[i];
                auto p = dutch::particle_index(w);
                if (p >= 0) clause_particles.emplace_back(p, i);
                if (is_stop_word(lang_, w)) continue;
                auto id = add_word(into, w);
                if (p < 0) clause_words.emplace_back(id, i);
            }
            for (auto [p, at] : clause_particles) {
                for (auto [id, wat] : clause_words) {
                    pairs.push_back({static_cast<std::uint32_t>(doc), static_cast<std::uint32_t>(f),
                                     p, id, wat == at + 1});
                }
            }
        }
    };
    // Where each example question's words are, for the leave-one-out calibration; the words
    // of titles and questions in order are their exact keys.
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> question_spans(docs_.size());
    std::vector<std::string> exact_keys;  // title, then questions, per doc in order
    auto key_of = [&](const std::vector<std::uint32_t>& words, std::size_t from) {
        std::string key;
        for (auto i = from; i < words.size(); ++i) {
            if (!key.empty()) key.push_back(' ');
            key.append(surfaces[words[i]]);
        }
        return key;
    };
    for (std::size_t d = 0; d < docs_.size(); ++d) {
        const Article& a = *docs_[d];
        add_text(d, f_title, a.title);
        exact_keys.push_back(key_of(doc_words[d][f_title], 0));
        for (const auto& q : a.questions) {
            auto from = doc_words[d][f_questions].size();
            add_text(d, f_questions, q);
            question_spans[d].emplace_back(from, doc_words[d][f_questions].size());
            exact_keys.push_back(key_of(doc_words[d][f_questions], from));
        }
        for (const auto& k : a.keywords) add_text(d, f_keywords, k);
        add_text(d, f_topic, a.topic);
        add_text(d, f_answer, a.answer);
        add_text(d, f_answer, a.spoken);
    }

    // Pass 1b: separable compound verbs of the vocabulary (doorslapen = door + slapen, under
    // the stems its forms show: slaap, slap), then the recombined verbs of the texts.
    if (lang_ == "nl") {
        for (std::size_t s = 0; s < surfaces.size(); ++s) {
            const auto& w = surfaces[s];
            for (int p = 0; p < dutch::particle_count(); ++p) {
                auto prefix = dutch::particle(p);
                if (w.size() < prefix.size() + 3 || !w.starts_with(prefix)) continue;
                for (auto& st : dutch::infinitive_stems(std::string_view(w).substr(prefix.size()))) {
                    separable_.try_emplace(std::string(prefix) + ' ' + st, static_cast<std::uint32_t>(s));
                }
            }
        }
        if (!separable_.empty()) {
            for (const auto& pair : pairs) {
                auto s = recombined(pair.particle, surfaces[pair.word], pair.adjacent);
                if (s != no_term && s != pair.word) doc_words[pair.doc][pair.field].push_back(s);
            }
        }
    }

    // Pass 2: vocabulary words to terms (stem, then synonym group).
    std::vector<std::string> surface_stem(surfaces.size());
    std::unordered_set<std::string> stems;
    for (std::size_t s = 0; s < surfaces.size(); ++s) {
        surface_stem[s] = term_of(surfaces[s]);
        stems.insert(surface_stem[s]);
    }
    if (lang_ == "nl") {
        // Snowball's Dutch stemmer keeps the verb ending -t (slaapt, huilt); join such a word
        // with its stem (slapen, huilen) when the set uses that stem elsewhere.
        for (std::size_t s = 0; s < surfaces.size(); ++s) {
            const auto& w = surfaces[s];
            if (w.size() < 5 || w.back() != 't' || w[w.size() - 2] == 't') continue;
            auto alt = term_of(std::string_view(w).substr(0, w.size() - 1));
            if (alt != surface_stem[s] && stems.count(alt) != 0) surface_stem[s] = alt;
        }
    }
    if (lang_ == "nl") {
        // Snowball leaves the vowel length: slaap / slapen, probleem / problemen, geef / geven
        // stem apart. Join the long-vowel form with the -en word when the set has both.
        string_map<std::string> redirect;
        for (std::size_t s = 0; s < surfaces.size(); ++s) {
            auto lv = dutch::long_vowel_stem(surfaces[s]);
            if (lv.empty()) continue;
            auto from = term_of(lv);
            if (from != surface_stem[s] && stems.count(from) != 0) redirect.try_emplace(from, surface_stem[s]);
        }
        for (auto& st : surface_stem) {
            if (auto it = redirect.find(st); it != redirect.end()) st = it->second;
        }
    }
    std::vector<std::uint32_t> surface_term(surfaces.size());
    for (std::size_t s = 0; s < surfaces.size(); ++s) {
        auto [it, inserted] = terms_.try_emplace(surface_stem[s], static_cast<std::uint32_t>(terms_by_id_.size()));
        if (inserted) terms_by_id_.push_back(surface_stem[s]);
        surface_term[s] = it->second;
        surface_terms_.emplace(surfaces[s], it->second);
    }

    std::vector<std::vector<std::vector<std::uint32_t>>> question_terms(docs_.size());
    for (std::size_t d = 0; d < docs_.size(); ++d) {
        const auto& words = doc_words[d][f_questions];
        for (auto [from, to] : question_spans[d]) {
            auto& terms = question_terms[d].emplace_back();
            for (auto i = from; i < to; ++i) terms.push_back(surface_term[words[i]]);
        }
    }

    // Pass 3: BM25F postings. Field lengths are normalised per field against its average.
    std::array<double, field_count> avg_len{};
    for (const auto& fw : doc_words) {
        for (std::size_t f = 0; f < field_count; ++f) avg_len[f] += static_cast<double>(fw[f].size());
    }
    for (auto& a : avg_len) a = docs_.empty() ? 1.0 : std::max(1.0, a / static_cast<double>(docs_.size()));

    postings_.resize(terms_by_id_.size());
    std::vector<float> tf(terms_by_id_.size(), 0.0F);
    std::vector<std::uint32_t> touched;
    std::vector<float> question_add(docs_.size(), 0.0F);  // what one question word adds to tf
    for (std::size_t d = 0; d < docs_.size(); ++d) {
        for (std::size_t f = 0; f < field_count; ++f) {
            const auto& words = doc_words[d][f];
            if (words.empty()) continue;
            float norm = 1.0F - field_b[f] +
                         field_b[f] * static_cast<float>(static_cast<double>(words.size()) / avg_len[f]);
            float add = field_weight[f] / norm;
            if (f == f_questions) question_add[d] = add;
            for (auto s : words) {
                auto t = surface_term[s];
                if (tf[t] == 0.0F) touched.push_back(t);
                tf[t] += add;
            }
        }
        for (auto t : touched) {
            postings_[t].push_back({static_cast<std::uint32_t>(d), tf[t] * (k1 + 1.0F) / (k1 + tf[t])});
            tf[t] = 0.0F;
        }
        touched.clear();
    }
    auto n = static_cast<float>(docs_.size());
    idf_.resize(postings_.size());
    for (std::size_t t = 0; t < postings_.size(); ++t) {
        auto df = static_cast<float>(postings_[t].size());
        idf_[t] = std::log(1.0F + (n - df + 0.5F) / (df + 0.5F));
    }
    unknown_idf_ = std::log(1.0F + (n + 0.5F) / 0.5F);

    surfaces_ = std::move(surfaces);
    surface_term_ = std::move(surface_term);
    for (std::size_t s = 0; s < surfaces_.size(); ++s) {
        const auto& w = surfaces_[s];
        if (w.size() + 2 >= min_two_typo_length) {
            by_initial_length_[bucket_key(w.front(), w.size())].push_back(static_cast<std::uint32_t>(s));
        }
        if (w.size() < min_typo_length) continue;
        for (std::size_t i = 0; i < w.size(); ++i) {
            std::string del = w.substr(0, i) + w.substr(i + 1);
            auto& list = deletions_[del];
            if (list.empty() || list.back() != s) list.push_back(static_cast<std::uint32_t>(s));
        }
    }

    std::size_t k = 0;
    for (std::size_t d = 0; d < docs_.size(); ++d) {
        for (std::size_t n = 0; n <= docs_[d]->questions.size(); ++n, ++k) {
            if (exact_keys[k].empty()) continue;
            auto [it, inserted] = exact_.try_emplace(std::move(exact_keys[k]), static_cast<std::uint32_t>(d));
            if (!inserted && it->second != d) it->second = no_doc;  // two articles: not exact
        }
    }
    calibrate(question_terms, question_add);
}

void LanguageIndex::calibrate(const std::vector<std::vector<std::vector<std::uint32_t>>>& question_terms,
                              const std::vector<float>& question_add) {
    // Every example question, or an even spread of them in a large set (the build-time cost).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> asked;  // doc, question
    for (std::uint32_t d = 0; d < question_terms.size(); ++d) {
        for (std::uint32_t i = 0; i < question_terms[d].size(); ++i) {
            if (!question_terms[d][i].empty()) asked.emplace_back(d, i);
        }
    }
    const std::size_t step = std::max<std::size_t>(1, (asked.size() + max_calibration_questions - 1) /
                                                          max_calibration_questions);
    std::vector<ScoredDoc> ranked;
    auto sample = [](const ScoredDoc& top, float second, bool right) {
        if (top.score <= 0.0F) return RankSample{};
        return RankSample{top.score, top.coverage, (top.score - second) / top.score, right};
    };
    for (std::size_t k = 0; k < asked.size(); k += step) {
        auto [d, i] = asked[k];
        auto query = prepare(docs_[d]->questions[i]);
        if (query.terms.empty()) continue;
        accumulate(query, ranked);
        // One pass: the question's own article, and the best two of the others.
        ScoredDoc own{d, 0.0F, 0.0F};
        ScoredDoc first{no_doc, 0.0F, 0.0F};
        float second = 0;
        for (const auto& s : ranked) {
            if (s.doc == d) {
                own = s;
            } else if (s.score > first.score || (s.score == first.score && s.doc < first.doc)) {
                second = first.score;
                first = s;
            } else {
                second = std::max(second, s.score);
            }
        }
        // Take the question out of its article: each of its words loses what it added to the
        // article's term frequency (the field's length is left as it was).
        const auto& words = question_terms[d][i];
        float mass = own.coverage * query.total_mass;
        for (const auto& q : query.terms) {
            auto count = std::count(words.begin(), words.end(), q.term);
            if (count == 0 || own.score <= 0.0F) continue;
            const auto& list = postings_[q.term];
            auto p = std::lower_bound(list.begin(), list.end(), d,
                                      [](const Posting& a, std::uint32_t doc) { return a.doc < doc; });
            if (p == list.end() || p->doc != d) continue;
            float w = q.weight * idf_[q.term];
            float tf = p->weight * k1 / (k1 + 1.0F - p->weight);
            float left = tf - static_cast<float>(count) * question_add[d];
            if (left <= 1e-4F) {
                own.score -= w * p->weight;
                mass -= w;
            } else {
                own.score += w * (left * (k1 + 1.0F) / (k1 + left) - p->weight);
            }
        }
        own.score = std::max(0.0F, own.score);
        own.coverage = query.total_mass > 0 ? std::max(0.0F, mass / query.total_mass) : 0.0F;

        bool own_first = own.score > first.score || (own.score == first.score && own.doc < first.doc);
        calibration_.held_out_question.push_back(
            own_first ? sample(own, first.score, true) : sample(first, std::max(second, own.score), false));
        calibration_.held_out_article.push_back(sample(first, second, false));
    }
}

std::uint32_t LanguageIndex::lookup(std::string_view word) const {
    if (auto it = surface_terms_.find(word); it != surface_terms_.end()) return it->second;
    if (auto it = terms_.find(term_of(word)); it != terms_.end()) return it->second;
    return no_term;
}

bool LanguageIndex::split_compound(std::string_view word, int depth,
                                   std::vector<std::uint32_t>& parts) const {
    // Prefer the most balanced split: "slaapproblemen" is slaap+problemen, not slaa+pproblemen.
    std::size_t best_at = 0;
    std::uint32_t best_head = no_term;
    std::uint32_t best_tail = no_term;
    std::vector<std::uint32_t> best_tail_parts;
    for (std::size_t at = min_compound_part; at + min_compound_part <= word.size(); ++at) {
        auto head = word.substr(0, at);
        auto tail = word.substr(at);
        auto h = lookup(head);
        // Linking sounds: kinderS-opvang, ziektE-verlof, boekEN-kast.
        if (h == no_term && head.size() > min_compound_part &&
            (head.back() == 's' || head.back() == 'e')) {
            h = lookup(head.substr(0, head.size() - 1));
        }
        if (h == no_term && head.size() > min_compound_part + 2 && head.ends_with("en")) {
            h = lookup(head.substr(0, head.size() - 2));
        }
        if (h == no_term || is_stop_word(lang_, head)) continue;
        auto t = lookup(tail);
        if (t == no_term && tail.size() >= min_typo_length + 2) {
            // zelfmoordgedachtes: a misspelt last part of a compound is still that part.
            auto fixed = correct_typo(tail, 1);
            if (!fixed.empty()) t = fixed.front();
        }
        std::vector<std::uint32_t> tail_parts;
        if (t == no_term && depth > 0 && tail.size() >= min_compound_length &&
            split_compound(tail, depth - 1, tail_parts)) {
            t = no_term - 1;  // marker: tail is itself a compound
        }
        if (t == no_term || (t != no_term - 1 && is_stop_word(lang_, tail))) continue;
        // Two whole vocabulary words beat three pieces (schermtijd+regels, not scherm+tijd+
        // regels); among equals the most balanced split wins.
        auto balance = std::min(head.size(), tail.size());
        bool fewer = best_tail == no_term - 1 && t != no_term - 1;
        bool more = best_tail != no_term - 1 && t == no_term - 1;
        if (best_head == no_term ||
            (!more && (fewer || balance > std::min(best_at, word.size() - best_at)))) {
            best_at = at;
            best_head = h;
            best_tail = t;
            best_tail_parts = std::move(tail_parts);
        }
    }
    if (best_head == no_term) return false;
    parts.push_back(best_head);
    if (best_tail == no_term - 1) {
        parts.insert(parts.end(), best_tail_parts.begin(), best_tail_parts.end());
    } else {
        parts.push_back(best_tail);
    }
    return true;
}

std::uint32_t LanguageIndex::recombined(int particle, std::string_view verb_form,
                                        bool adjacent) const {
    std::string key(dutch::particle(particle));
    key.push_back(' ');
    auto base = key.size();
    for (const auto& st : dutch::form_stems(verb_form, adjacent)) {
        key.resize(base);
        key.append(st);
        if (auto it = separable_.find(key); it != separable_.end()) return it->second;
    }
    return no_term;
}

std::vector<std::string> LanguageIndex::query_words(std::string_view text, std::string* key) const {
    auto add_to_key = [key](const std::string& w) {
        if (key == nullptr) return;
        if (!key->empty()) key->push_back(' ');
        key->append(w);
    };
    if (lang_ != "nl") {
        auto words = content_words(lang_, text);
        for (const auto& w : words) add_to_key(w);
        return words;
    }
    std::vector<std::string> out;
    std::vector<std::pair<int, std::size_t>> particles;  // particle, position
    for (auto& clause : dutch::clauses(text, max_text_bytes)) {
        particles.clear();
        for (std::size_t i = 0; i < clause.size(); ++i) {
            if (auto p = dutch::particle_index(clause[i]); p >= 0 && !separable_.empty())
                particles.emplace_back(p, i);
            if (i + 1 < clause.size()) {
                if (auto joined = split_compound_of(clause[i], clause[i + 1]); !joined.empty()) {
                    out.push_back(std::move(joined));
                    add_to_key(clause[i]);
                    add_to_key(clause[i + 1]);
                    ++i;
                    continue;
                }
            }
            if (is_stop_word(lang_, clause[i])) continue;
            out.push_back(clause[i]);
            add_to_key(clause[i]);
        }
        // The recombined verb joins the words it came from: "belt ... terug" also asks about
        // terugbellen, and the article that uses that word.
        for (auto [p, at] : particles) {
            for (std::size_t i = 0; i < clause.size(); ++i) {
                const auto& w = clause[i];
                if (dutch::particle_index(w) >= 0 || w.size() < 2) continue;
                if (auto s = recombined(p, w, i == at + 1); s != no_term) out.push_back(surfaces_[s]);
            }
        }
    }
    return out;
}

std::string LanguageIndex::split_compound_of(std::string_view first, std::string_view second) const {
    // Speech recognition and hurried typing write Dutch compounds as two words ("krenten
    // baard", "energie drank", "consultatie bureau"). Two content words of one clause whose
    // concatenation the articles write are read as that word. Stop words never take part
    // ("op voeding" is no opvoeding, "met een" no meteen), nor a pronominal "daar"/"hier"/
    // "waar" ("daar mee" is a function word, not a subject), and a short result is too likely
    // a coincidence.
    if (first.size() < min_compound_part || second.size() < min_compound_part) return {};
    if (first.size() + second.size() < min_joined_compound) return {};
    if (first == "daar" || first == "hier" || first == "waar") return {};
    if (is_stop_word(lang_, first) || is_stop_word(lang_, second)) return {};
    std::string joined;
    joined.reserve(first.size() + second.size());
    joined.append(first).append(second);
    if (!surface_terms_.contains(joined)) return {};
    return joined;
}

std::vector<std::uint32_t> LanguageIndex::correct_typo(std::string_view word, int max_distance) const {
    if (word.size() < min_typo_length || is_number(word)) return {};
    std::vector<std::uint32_t> candidates;  // terms
    auto consider = [&](std::uint32_t t) {
        if (std::find(candidates.begin(), candidates.end(), t) == candidates.end()) candidates.push_back(t);
    };
    // Words sharing a deletion can be two edits apart (abXc / aYbc), so check the distance.
    auto consider_words = [&](const std::vector<std::uint32_t>& words) {
        for (auto s : words) {
            if (edit_distance_capped(word, surfaces_[s]) <= 1) consider(surface_term_[s]);
        }
    };
    // A deletion of the query word may be a vocabulary word (extra letter typed) ...
    std::string del;
    for (std::size_t i = 0; i < word.size(); ++i) {
        del.assign(word.substr(0, i));
        del.append(word.substr(i + 1));
        if (auto it = surface_terms_.find(del); it != surface_terms_.end()) consider(it->second);
        // ... or share a deletion with one (a letter swapped or replaced),
        if (auto it = deletions_.find(del); it != deletions_.end()) consider_words(it->second);
    }
    // ... or the query word is a vocabulary word with a letter missing.
    if (auto it = deletions_.find(word); it != deletions_.end()) consider_words(it->second);
    // Long words may carry two typos ("zindelijkhijt"); only when one typo finds nothing.
    // Words of the same first letter and about the same length are few, so they are checked
    // directly; a typo in the first letter (or in both the second and the last) is not found.
    if (candidates.empty() && max_distance >= 2 && word.size() >= min_two_typo_length) {
        for (auto len = word.size() - 2; len <= word.size() + 2; ++len) {
            auto it = by_initial_length_.find(bucket_key(word.front(), len));
            if (it == by_initial_length_.end()) continue;
            for (auto s : it->second) {
                // Cheap filter before the table: two typos seldom hit both the second and
                // the last letter.
                const auto& w = surfaces_[s];
                if (w[1] != word[1] && w.back() != word.back()) continue;
                if (edit_distance_within(word, w, 2) <= 2) consider(surface_term_[s]);
            }
        }
    }
    // Several candidates ("blowd": blowt or bloed?) all stay; the other words of the query
    // decide. Keep the ones most articles use when there are many.
    std::sort(candidates.begin(), candidates.end(), [this](std::uint32_t a, std::uint32_t b) {
        if (postings_[a].size() != postings_[b].size()) return postings_[a].size() > postings_[b].size();
        return terms_by_id_[a] < terms_by_id_[b];
    });
    if (candidates.size() > max_typo_candidates) candidates.resize(max_typo_candidates);
    return candidates;
}

void LanguageIndex::resolve(std::string_view word, std::uint32_t word_no,
                            std::vector<QueryTerm>& out) const {
    // An age or count ("mijn dochter van vijftien") matches, but must not outweigh the subject.
    float scale = dutch::is_small_number(word) ? unknown_number_share : 1.0F;
    auto add = [&](std::uint32_t t, float weight) { out.push_back({t, weight * scale, word_no, false}); };
    if (auto t = lookup(word); t != no_term) return add(t, 1.0F);
    if (lang_ == "nl") {
        // Verb forms the Dutch stemmer leaves alone ("slaapt" -> slaap, "gepest" -> pest), and
        // the d/t mix-up that is the commonest Dutch spelling error ("hij word", "blowd").
        if (word.size() >= 4 && (word.back() == 't' || word.back() == 'd')) {
            if (auto t = lookup(word.substr(0, word.size() - 1)); t != no_term) return add(t, variant_weight);
            std::string swapped(word);
            swapped.back() = word.back() == 't' ? 'd' : 't';
            if (auto t = lookup(swapped); t != no_term) return add(t, variant_weight);
        }
        if (word.size() >= 6 && word.starts_with("ge")) {
            auto rest = word.substr(2);
            auto t = lookup(rest);
            if (t == no_term && (rest.back() == 't' || rest.back() == 'd')) {
                t = lookup(rest.substr(0, rest.size() - 1));
            }
            if (t != no_term) return add(t, variant_weight);
        }
        std::vector<std::uint32_t> parts;
        if (word.size() >= min_compound_length && split_compound(word, 1, parts)) {
            for (auto p : parts) add(p, compound_weight);
            return;
        }
    }
    auto fixes = correct_typo(word, 2);
    for (auto t : fixes) out.push_back({t, typo_weight * scale, word_no, fixes.size() > 1});
}

LanguageIndex::PreparedQuery LanguageIndex::prepare(std::string_view text, std::string* exact_key) const {
    // Resolve each distinct word; words that match nothing still count in the query's mass,
    // so "my car broke down, baby" does not look like a confident baby question.
    PreparedQuery query;
    auto& terms = query.terms;
    float unknown_mass = 0;
    std::vector<std::string> seen;
    for (auto& w : query_words(text, exact_key)) {
        if (std::find(seen.begin(), seen.end(), w) != seen.end()) continue;
        if (seen.size() == max_query_words) break;
        seen.push_back(w);
        auto before = terms.size();
        resolve(w, static_cast<std::uint32_t>(seen.size() - 1), terms);
        if (terms.size() == before) {
            bool number = is_number(w) || dutch::is_small_number(w);
            unknown_mass += unknown_idf_ * (number ? unknown_number_share : 1.0F);
        }
    }
    // A term reached twice (synonyms, compound parts) counts once, at its best weight.
    std::sort(terms.begin(), terms.end(), [](const QueryTerm& a, const QueryTerm& b) {
        return a.term != b.term ? a.term < b.term : a.weight > b.weight;
    });
    terms.erase(std::unique(terms.begin(), terms.end(),
                            [](const QueryTerm& a, const QueryTerm& b) { return a.term == b.term; }),
                terms.end());

    // Alternative readings of one word add the largest of their masses, not the sum.
    query.total_mass = unknown_mass;
    std::vector<float> alternative_mass(seen.size(), 0.0F);
    for (const auto& q : terms) {
        float m = q.weight * idf_[q.term];
        if (q.alternative) alternative_mass[q.word] = std::max(alternative_mass[q.word], m);
        else query.total_mass += m;
    }
    for (auto m : alternative_mass) query.total_mass += m;
    return query;
}

void LanguageIndex::accumulate(const PreparedQuery& query, std::vector<ScoredDoc>& out) const {
    // Scratch accumulators reused per thread: a query touches few of 10,000 articles, and
    // clearing only those keeps a search far below a microsecond per matched posting.
    thread_local std::vector<float> score;
    thread_local std::vector<float> mass;
    thread_local std::vector<std::uint32_t> touched;
    if (score.size() < docs_.size()) {
        score.resize(docs_.size(), 0.0F);
        mass.resize(docs_.size(), 0.0F);
    }
    touched.clear();
    for (const auto& q : query.terms) {
        float w = q.weight * idf_[q.term];
        for (const auto& p : postings_[q.term]) {
            if (score[p.doc] == 0.0F) touched.push_back(p.doc);
            score[p.doc] += w * p.weight;
            mass[p.doc] += w;
        }
    }
    out.clear();
    out.reserve(touched.size());
    const float total = query.total_mass;
    for (auto d : touched) {
        out.push_back({d, score[d], total > 0 ? std::min(1.0F, mass[d] / total) : 0.0F});
        score[d] = 0.0F;
        mass[d] = 0.0F;
    }
}

std::vector<ScoredDoc> LanguageIndex::search(std::string_view text, std::size_t limit) const {
    std::vector<ScoredDoc> results;
    if (docs_.empty() || limit == 0) return results;
    std::string key;
    auto query = prepare(text, &key);
    if (query.terms.empty()) return results;
    accumulate(query, results);

    // The editor wrote this very question: that article, whatever the scores say.
    if (auto it = exact_.find(key); it != exact_.end() && it->second != no_doc) {
        for (auto& r : results) r.exact = r.doc == it->second;
    }
    auto better = [this](const ScoredDoc& a, const ScoredDoc& b) {
        if (a.exact != b.exact) return a.exact;
        if (a.score != b.score) return a.score > b.score;
        return docs_[a.doc]->id < docs_[b.doc]->id;  // stable order for equal scores
    };
    auto keep = std::min(limit, results.size());
    std::partial_sort(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(keep),
                      results.end(), better);
    results.resize(keep);
    return results;
}

}  // namespace kb::detail
